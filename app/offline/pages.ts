// Pages the service worker answers itself when the network is gone (ADR 014): plain HTML with the
// site's stylesheets, a role=status notice, one h1, in the page's language.
import { offline as kkOffline } from '#app/locales/kk/learning.json'
import { offline as ruOffline } from '#app/locales/ru/learning.json'
import type { SavedCourse } from './store.ts'

type Locale = 'kk' | 'ru'
const texts = { kk: kkOffline, ru: ruOffline }

export function localeOf(pathname: string): Locale {
	return pathname.split('/')[1] === 'ru' ? 'ru' : 'kk'
}

export function escapeHtml(value: string) {
	return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

function fill(text: string, values: Record<string, string | number> = {}) {
	return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => escapeHtml(String(values[name] ?? '')))
}

type PagesText = (typeof kkOffline)['pages']

export function pageText(locale: Locale, key: keyof PagesText, values?: Record<string, string | number>) {
	return fill(texts[locale].pages[key], values)
}

export function noticeText(locale: Locale) {
	return escapeHtml(texts[locale].notice)
}

/** "N records waiting to be sent", with the language's plural rules (kk one/other, ru one/few/many/other). */
export function pendingText(locale: Locale, count: number) {
	const rule = new Intl.PluralRules(locale === 'ru' ? 'ru' : 'en').select(count)
	const t = texts[locale]
	const text = locale === 'ru' ? ({ one: ruOffline.pending_one, few: ruOffline.pending_few, many: ruOffline.pending_many }[rule as 'one' | 'few' | 'many'] ?? ruOffline.pending_other) : rule === 'one' ? t.pending_one : t.pending_other
	return fill(text, { count })
}

/** The notice every page served without the network carries. */
export function offlineNotice(locale: Locale) {
	return `<p class="notice notice--info" role="status" data-offline-notice>${noticeText(locale)}</p>`
}

/**
 * A saved page as the browser had it online, served without the network: scripts are dropped (its
 * links and forms then work as with JavaScript off, which every page supports, and the worker
 * answers them) and the offline notice opens the main content.
 */
export function asOfflinePage(html: string, locale: Locale) {
	return html
		.replace(/<script\b[\s\S]*?<\/script>/gi, '')
		.replace(/<link rel="modulepreload"[^>]*>/gi, '')
		.replace(/(<main\b[^>]*>)/, `$1${offlineNotice(locale)}`)
}

export function document({ locale, title, body, styles }: { locale: Locale; title: string; body: string; styles: readonly string[] }) {
	const css = styles.map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}">`).join('')
	return `<!DOCTYPE html><html lang="${locale}" dir="ltr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title} — Ortaq</title>${css}<link rel="icon" href="/favicon.svg" type="image/svg+xml"></head><body><header class="site-header"><div class="site-header__inner"><a class="brand" href="/${locale}/offline"><span aria-hidden="true" class="brand__mark">◐</span> Ortaq</a></div></header><main id="main" tabindex="-1"><div class="page narrow">${offlineNotice(locale)}${body}</div></main></body></html>`
}

export function savedCoursesBody(locale: Locale, courses: readonly SavedCourse[], pending: number) {
	const list = courses
		.filter((c) => c.locale === locale)
		.map(
			(c) =>
				`<li class="card"><h2 class="card__title"><a href="${escapeHtml(c.courseUrl)}">${escapeHtml(c.title)}</a></h2><h3>${pageText(locale, 'lessons')}</h3><ol class="outline">${c.lessons
					.map((l) => `<li><a href="${escapeHtml(l.url)}">${escapeHtml(l.title)}</a></li>`)
					.join('')}</ol>${c.assessments.length ? `<p>${c.assessments.map((a) => `<a href="${escapeHtml(a.url)}">${pageText(locale, a.kind)}</a>`).join(' · ')}</p>` : ''}</li>`,
		)
	const others = courses.filter((c) => c.locale !== locale)
	const other = others.length ? `<p><a href="/${locale === 'kk' ? 'ru' : 'kk'}/offline" hreflang="${locale === 'kk' ? 'ru' : 'kk'}">${locale === 'kk' ? 'Русский' : 'Қазақша'}</a></p>` : ''
	return `<h1>${pageText(locale, 'homeTitle')}</h1>${pending ? `<p>${pendingText(locale, pending)}</p>` : ''}${list.length ? `<ul class="cards">${list.join('')}</ul>` : `<p>${pageText(locale, 'homeEmpty')}</p>`}${other}`
}

export function notSavedBody(locale: Locale) {
	return `<h1>${pageText(locale, 'notSavedTitle')}</h1><p>${pageText(locale, 'notSavedBody')}</p><p><a class="button" href="/${locale}/offline">${pageText(locale, 'toSaved')}</a></p>`
}

type Queued = { kind: 'lesson' | 'quiz' | 'notSent'; course?: SavedCourse; lessonSlug?: string }

/** What she sees after a form was kept on the device instead of sent. */
export function queuedBody(locale: Locale, { kind, course, lessonSlug }: Queued) {
	if (kind === 'notSent' || !course) return { title: pageText(locale, 'notSentTitle'), body: `<h1>${pageText(locale, 'notSentTitle')}</h1><p role="alert">${pageText(locale, 'notSent')}</p><p><a href="/${locale}/offline">${pageText(locale, 'toSaved')}</a></p>` }
	const index = course.lessons.findIndex((l) => l.slug === lessonSlug)
	const lesson = course.lessons[index]
	const next = index >= 0 ? course.lessons[index + 1] : undefined
	const links = [
		next ? `<a class="button" href="${escapeHtml(next.url)}">${pageText(locale, 'nextLesson', { title: next.title })}</a>` : '',
		kind === 'quiz' && lesson ? `<a class="button button--secondary" href="${escapeHtml(lesson.url)}">${pageText(locale, 'backToLesson')}</a>` : '',
		`<a class="button button--secondary" href="${escapeHtml(course.courseUrl)}">${pageText(locale, 'backToCourse')}</a>`,
	].filter(Boolean)
	const title = kind === 'lesson' ? pageText(locale, 'lessonQueuedTitle') : pageText(locale, 'quizQueuedTitle')
	const text = kind === 'lesson' ? pageText(locale, 'lessonQueued', { title: lesson?.title ?? '' }) : pageText(locale, 'quizQueued')
	return { title, body: `<h1>${title}</h1><p class="notice notice--success">${text}</p><p class="course-actions">${links.join(' ')}</p>` }
}
