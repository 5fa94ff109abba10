import type { ReactNode } from 'react'

/** Labels the components need, already translated for the document's language. */
export type MdxLabels = {
	note: string
	tip: string
	warning: string
	transcript: string
	captions: string
	download: string
	figure: string
}

type WithChildren = { children?: ReactNode }

/**
 * The only components a lesson or material may use (see mdx-guard.ts for the attribute
 * rules). Each renders plain, accessible HTML that works without JavaScript.
 */
export function mdxComponents({ labels, locale }: { labels: MdxLabels; locale: 'kk' | 'ru' }) {
	function Callout({ type = 'note', title, children }: WithChildren & { type?: 'note' | 'tip' | 'warning'; title?: string }) {
		const kind = type === 'tip' || type === 'warning' ? type : 'note'
		return (
			<aside className={`callout callout-${kind}`} aria-label={title ?? labels[kind]}>
				<p className="callout-title">
					<span className="callout-kind">{labels[kind]}</span>
					{title ? <>: {title}</> : null}
				</p>
				{children}
			</aside>
		)
	}
	function Figure({ src, alt, caption }: { src: string; alt: string; caption?: string }) {
		return (
			<figure className="figure">
				<img src={src} alt={alt} loading="lazy" decoding="async" />
				{caption ? <figcaption>{caption}</figcaption> : null}
			</figure>
		)
	}
	function Video({ src, captions, transcript, title }: { src: string; captions?: string; transcript?: string; title?: string }) {
		return (
			<figure className="video">
				<video controls preload="none" src={src} aria-label={title ?? labels.figure}>
					{captions ? <track kind="captions" src={captions} srcLang={locale} label={labels.captions} default /> : null}
				</video>
				{transcript ? (
					<details>
						<summary>{labels.transcript}</summary>
						<p>{transcript}</p>
					</details>
				) : null}
			</figure>
		)
	}
	function Term({ definition, children }: WithChildren & { definition: string }) {
		return (
			<span className="term">
				<dfn>{children}</dfn> <span className="term-definition">({definition})</span>
			</span>
		)
	}
	function Steps({ children }: WithChildren) {
		return <div className="steps">{children}</div>
	}
	function Checklist({ children }: WithChildren) {
		return <div className="checklist">{children}</div>
	}
	function Download({ href, children }: WithChildren & { href: string }) {
		return (
			<a className="download" href={href} download>
				{children} <span className="download-label">({labels.download})</span>
			</a>
		)
	}
	return { Callout, Figure, Video, Term, Steps, Checklist, Download }
}
