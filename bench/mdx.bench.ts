// Publish-time MDX compile of a real lesson (guard + lint + mdx-bundler/esbuild), and the
// render of a cached lesson to HTML (what a lesson request pays after the first view: a Map hit).
// Run: npx vitest bench --run bench/mdx.bench.ts (see bench/README.md)
import fs from 'node:fs'
import { bench, describe } from 'vitest'
import { compileMdx } from '#app/modules/content/mdx.server.ts'
import { renderMdxHtml } from '#app/modules/content/render.server.ts'

const source = fs.readFileSync('content/courses/differentiated-support/lessons/03-adapting-tasks/kk.mdx', 'utf8')
let n = 0
const first = await compileMdx(source)
if (!first.ok) throw new Error('lesson does not compile')

describe('mdx', () => {
	// A changed byte per run, so nothing is served from a cache.
	bench('compile one lesson (uncached source)', async () => {
		const result = await compileMdx(`${source}\n\nӨзгеріс ${n++}.\n`)
		if (!result.ok) throw new Error('compile failed')
	}, { time: 5000 })
	bench('first render of compiled code to HTML', () => {
		renderMdxHtml({ hash: `bench-${n++}`, code: first.code, locale: 'kk' })
	}, { time: 2000 })
	bench('cached render (every later request)', () => {
		renderMdxHtml({ hash: first.hash, code: first.code, locale: 'kk' })
	}, { time: 1000 })
})
