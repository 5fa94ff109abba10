// The lesson page's markup as strings: the same functions serve the React route (client-side
// navigation, answers to posted forms) and the server's direct lesson path (ADR 009), so both
// render one page. Everything interpolated is escaped by `html`; only the lesson's own HTML,
// rendered from checked MDX, goes in raw.
import { remainingText } from '#app/components/remaining.tsx'
import { html, raw, type Html } from '#app/modules/http/html.ts'
import type { Locale } from '#app/modules/i18n/locales.ts'
import type { Remaining } from './completion.ts'

type T = (key: string, options?: Record<string, unknown>) => string

export type LessonLink = { slug: string; title: string }

/** What a learner's lesson page shows (the route loader's data). */
export type LessonView = {
	course: { slug: string; title: string }
	lesson: { id: number; slug: string; title: string; minutes: number | null; done: boolean }
	shownLocale: Locale
	fallback: boolean
	html: string
	position: number
	count: number
	outline: { slug: string; title: string; done: boolean; current: boolean }[]
	prev: LessonLink | null
	next: LessonLink | null
	left: Remaining
	/** The title of the lesson just marked as done, for the confirmation after the redirect (never on the direct path). */
	markedDone?: string | null
}

/** The document title of a lesson page. */
export function lessonPageTitle(view: Pick<LessonView, 'lesson' | 'course'>) {
	return `${view.lesson.title} — ${view.course.title} — Ortaq`
}

function courseBase(lang: Locale, view: LessonView) {
	return `/${lang}/courses/${view.course.slug}`
}

/** Breadcrumbs, the lesson itself and the course outline with the learner's progress. */
export function lessonTopHtml(view: LessonView, t: T, lang: Locale): Html {
	return html`${raw(lessonArticleParts(view, t, lang).join(''))}${lessonAsideHtml(view, t, lang)}</div>`
}

/**
 * The top up to the outline, the same for every learner on a page, in three strings: the markup
 * before the lesson's HTML (breadcrumbs, heading), the lesson's HTML itself (the cached string,
 * untouched) and the markup after it. It opens the grid that the caller closes after
 * lessonAsideHtml. The direct lesson path hands the strings to spliced-gzip as they are.
 */
export function lessonArticleParts(view: LessonView, t: T, lang: Locale): [string, string, string] {
	const base = courseBase(lang, view)
	const minutes = view.lesson.minutes ? ` · ${t('lesson.minutes', { count: view.lesson.minutes })}` : ''
	const before = html`<nav aria-label="${t('lesson.breadcrumbs')}" class="breadcrumbs"><a href="/${lang}/courses">${t('catalogue.title')}</a> › <a href="${base}">${view.course.title}</a></nav>${
		view.markedDone ? html`<p class="notice notice--success" role="status">${t('lesson.markedDone', { title: view.markedDone })}</p>` : null
	}<div class="lesson-grid"><article class="lesson" lang="${view.shownLocale}"><p class="lesson__meta">${t('lesson.position', { position: view.position, count: view.count })}${minutes}</p><h1>${view.lesson.title}</h1>${
		view.fallback ? html`<p class="notice notice--info" lang="${lang}">${t('lesson.fallback')}</p>` : null
	}<div class="mdx">`
	return [before.value, view.html, '</div></article>']
}

/** The course outline with the learner's progress and what is left. */
export function lessonAsideHtml(view: LessonView, t: T, lang: Locale): Html {
	const base = courseBase(lang, view)
	return html`<aside class="lesson-aside" aria-labelledby="outline-title"><h2 id="outline-title">${t('lesson.outline')}</h2><ol class="outline">${view.outline.map(
		(l) =>
			html`<li${l.done ? raw(' class="outline__done"') : null}><a href="${base}/lessons/${l.slug}"${l.current ? raw(' aria-current="page"') : null}>${l.title}</a>${
				l.done ? html`<span class="visually-hidden"> (${t('lesson.done')})</span><span aria-hidden="true"> ✓</span>` : null
			}</li>`,
	)}</ol><p>${remainingText(view.left, t)}</p></aside>`
}

/** "Mark as done" (a plain form) and the way to the previous and next lesson. */
export function lessonBottomHtml(view: LessonView, t: T, lang: Locale): Html {
	const base = courseBase(lang, view)
	const action = `${base}/lessons/${view.lesson.slug}`
	return html`<section class="lesson-complete" aria-labelledby="complete-title"><h2 id="complete-title" class="visually-hidden">${t('lesson.markDone')}</h2>${
		view.lesson.done
			? html`<p class="badge badge--ok">${t('lesson.isDone')}</p>`
			: html`<form method="post" action="${action}"><input type="hidden" name="intent" value="complete"><button type="submit" class="button">${t('lesson.markDone')}</button></form>`
	}</section><nav aria-label="${t('lesson.pager')}" class="pager">${
		view.prev ? html`<a rel="prev" href="${base}/lessons/${view.prev.slug}">← ${view.prev.title}</a>` : raw('<span></span>')
	}${view.next ? html`<a rel="next" href="${base}/lessons/${view.next.slug}">${view.next.title} →</a>` : html`<a href="${base}">${t('lesson.backToCourse')}</a>`}</nav>`
}
