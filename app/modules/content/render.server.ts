import { getMDXComponent } from 'mdx-bundler/client'
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { mdxComponents, type MdxLabels } from '#app/components/mdx.tsx'
import { getResources } from '#app/modules/i18n/resources.server.ts'
import type { Locale } from '#app/modules/i18n/locales.ts'

function labelsFor(locale: Locale): MdxLabels {
	const resources = getResources(locale).mdx
	const text = (key: keyof MdxLabels) => {
		const value = resources?.[key]
		return typeof value === 'string' ? value : key
	}
	return {
		note: text('note'),
		tip: text('tip'),
		warning: text('warning'),
		transcript: text('transcript'),
		captions: text('captions'),
		download: text('download'),
		figure: text('figure'),
	}
}

const html = new Map<string, string>()
const limit = 1000

/**
 * Static HTML of a compiled document. Lessons carry no client code, so the page ships
 * no JavaScript for them; the result is cached by content hash and language.
 */
export function renderMdxHtml({ hash, code, locale }: { hash: string; code: string; locale: Locale }) {
	const key = `${hash}:${locale}`
	const cached = html.get(key)
	if (cached !== undefined) {
		html.delete(key)
		html.set(key, cached)
		return cached
	}
	const Component = getMDXComponent(code)
	const rendered = renderToStaticMarkup(createElement(Component, { components: mdxComponents({ labels: labelsFor(locale), locale }) }))
	html.set(key, rendered)
	if (html.size > limit) {
		const oldest = html.keys().next().value
		if (oldest !== undefined) html.delete(oldest)
	}
	return rendered
}
