// The direct lesson path (ADR 009): a signed-in learner's GET of a lesson page is answered here,
// before React Router, as one string. The page is the same as the route renders — the lesson
// markup comes from lesson-markup.ts, the site header, footer and quiz from their React
// components, rendered once per language, role set and page and then kept — but a request costs
// the queries and a string concatenation instead of a React render of the whole document.
// Anything other than the plain case (signed out, unknown lesson, an error) returns null and
// React Router answers as usual.
import { renderToStaticMarkup } from 'react-dom/server'
import { I18nextProvider } from 'react-i18next'
import { createMemoryRouter, Outlet, RouterProvider } from 'react-router'
import { LessonQuiz } from '#app/components/lesson-quiz.tsx'
import { SiteFooter, SiteHeader } from '#app/components/site-chrome.tsx'
import errorTexts from '#app/locales/errors.json'
import { permissionsOf } from '#app/modules/auth/permissions.ts'
import { cookieFromHeader, SESSION_COOKIE, type SessionUser } from '#app/modules/auth/session.server.ts'
import { escapeHtml, html } from '#app/modules/http/html.ts'
import { dynamic, fixedWidth, type BodyPart } from '#app/modules/http/spliced-gzip.server.ts'
import { LOCALE_COOKIE, localeCookie } from '#app/modules/i18n/cookie.ts'
import { getI18n } from '#app/modules/i18n/i18n.ts'
import { isLocale, type Locale } from '#app/modules/i18n/locales.ts'
import { resourcesFor } from '#app/modules/i18n/resources.ts'
import { links } from '#app/root.tsx'
import { lessonArticleParts, lessonAsideHtml, lessonBottomHtml, lessonPageTitle } from './lesson-markup.ts'
import { renamedCourseUrl } from '#app/modules/content/course-slugs.server.ts'
import { lessonPageData, lessonSession, type LessonPageData } from './lesson-page.server.ts'

const SLUG = /^[a-z0-9][a-z0-9-]{0,99}$/
// Stand-ins React leaves untouched, replaced per request.
const NAME_SLOT = '{{ortaq:user-name}}'
const NONCE_SLOT = '{{ortaq:quiz-nonce}}'
// Pieces are kept per language × role set × page; bounded, and rebuilt after a clear.
const MAX_PIECES = 5_000
const pieces = new Map<string, readonly string[]>()

type RootUser = { id: number; fullName: string; permissions: string[] }

function i18nFor(locale: Locale) {
	const resources = resourcesFor(locale)
	if (!resources) throw new Error(`UI texts for ${locale} are missing`)
	return getI18n(locale, resources)
}

/** Static markup of a component inside the app's router and i18n context, at a given page. */
function renderAt(node: React.ReactNode, { locale, pathname, user }: { locale: Locale; pathname: string; user: RootUser }) {
	const router = createMemoryRouter([{ id: 'root', path: '/', loader: () => null, element: <Outlet />, children: [{ path: '*', element: node }] }], {
		initialEntries: [pathname],
		hydrationData: { loaderData: { root: { locale, user } } },
	})
	try {
		return renderToStaticMarkup(
			<I18nextProvider i18n={i18nFor(locale)}>
				<RouterProvider router={router} />
			</I18nextProvider>,
		)
	} finally {
		router.dispose()
	}
}

/**
 * Markup kept under a key, split around a stand-in once: the same string objects come back on
 * every request, and spliced-gzip looks them up by the hash V8 keeps on each.
 */
function piece(key: string, build: () => string, slot?: string): readonly string[] {
	let found = pieces.get(key)
	if (found === undefined) {
		if (pieces.size >= MAX_PIECES) pieces.clear()
		const markup = build()
		found = slot ? markup.split(slot) : [markup]
		pieces.set(key, found)
	}
	return found
}

type T = (key: string, options?: Record<string, unknown>) => string
const translators = new Map<Locale, T>()

/**
 * The learning texts of a language, each (key, options) translated once: a lesson page asks for
 * the same few dozen strings on every request, and i18next's lookup and plural rules cost more
 * than building the rest of the page.
 */
function learningT(locale: Locale): T {
	let t = translators.get(locale)
	if (!t) {
		const fixed = i18nFor(locale).getFixedT(locale, 'learning')
		const memo = new Map<string, string>()
		t = (key, options) => {
			let id = key
			if (options) for (const name in options) id += `\u0000${name}=${String(options[name])}`
			let text = memo.get(id)
			if (text === undefined) {
				text = fixed(key, options)
				if (memo.size < MAX_PIECES) memo.set(id, text)
			}
			return text
		}
		translators.set(locale, t)
	}
	return t
}

/** The links every page has in its head: root.tsx's `links`, as React Router writes them. */
const headLinks = html`${links().map((l) => html`<link${Object.entries(l).map(([name, value]) => html` ${name}="${String(value)}"`)}>`)}`

/** A page (200), or a permanent redirect with no body (status 301 and a Location header). */
export type LessonDocument = { status?: 301; headers: Record<string, string>; parts: BodyPart[] }

/**
 * The whole lesson page for a signed-in learner, a permanent redirect when the course's slug is an
 * old one (ADR 013: looked up only when the slug names no published course), or null when React
 * Router should answer.
 */
export async function lessonDocument({
	lang,
	slug,
	lesson,
	cookie,
}: {
	lang: string
	slug: string
	lesson: string
	cookie: string | undefined
}): Promise<LessonDocument | null> {
	if (!isLocale(lang) || !SLUG.test(slug) || !SLUG.test(lesson)) return null
	const token = cookieFromHeader(cookie, SESSION_COOKIE)
	if (!token) return null
	const session = await lessonSession(token, slug)
	if (!session) return null
	const { user } = session
	if (session.state === null) {
		const location = await renamedCourseUrl(`/${lang}/courses/${slug}/lessons/${lesson}`)
		return location ? { status: 301, headers: { Location: location }, parts: [] } : null
	}
	let view
	try {
		view = await lessonPageData(user, { lang, slug, lesson }, session.state)
	} catch (error) {
		// A 404 and the like are thrown as responses: the router renders them.
		if (error instanceof Response) return null
		throw error
	}
	const parts = lessonDocumentParts({ lang, slug, lesson, user, view })
	const headers: Record<string, string> = { 'Content-Type': 'text/html; charset=utf-8' }
	// Remember the language of the last page visited, as every page does (entry.server.tsx).
	if (cookieFromHeader(cookie, LOCALE_COOKIE) !== lang) headers['Set-Cookie'] = localeCookie(lang)
	return { headers, parts }
}

/** The parts of a learner's lesson page; the offline course package also measures a page with it (ADR 014). */
export function lessonDocumentParts({ lang, slug, lesson, user, view }: { lang: Locale; slug: string; lesson: string; user: SessionUser; view: LessonPageData }): BodyPart[] {
	const pathname = `/${lang}/courses/${slug}/lessons/${lesson}`
	const permissions = [...permissionsOf(user.roles)].sort()
	const rootUser = { id: 0, fullName: NAME_SLOT, permissions }
	const at = { locale: lang, pathname, user: rootUser }
	const roleKey = `${lang}|${permissions.join(',')}|${pathname}`
	// The header and quiz are rendered with stand-ins for the name and the nonce, and split around them.
	const header = piece(`header|${roleKey}`, () => renderAt(<SiteHeader />, at), NAME_SLOT)
	const footer = piece(`footer|${lang}`, () => renderAt(<SiteFooter />, at))[0] ?? ''
	const quiz = view.quiz
	const quizHtml = quiz ? piece(`quiz|${quiz.id}|${roleKey}`, () => renderAt(<LessonQuiz quiz={{ ...quiz, nonce: NONCE_SLOT }} />, at), NONCE_SLOT) : ['']
	const t = learningT(lang)
	const title = lessonPageTitle(view)
	const name = dynamic(escapeHtml(user.fullName))
	const nonce = fixedWidth(quiz?.nonce ?? '')
	// What is the same for every learner on this page comes in long parts, passed as the kept
	// strings they are; the learner's name, progress and the quiz nonce sit between them
	// (spliced-gzip.server.ts).
	const article = lessonArticleParts(view, t, lang)
	const parts: BodyPart[] = []
	let segment: string[] = [
		html`<!DOCTYPE html><html lang="${lang}" dir="ltr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>${headLinks}</head><body><a class="skip-link" href="#main">${errorTexts[lang].skip}</a>`.value,
		header[0] ?? '',
	]
	for (const rest of header.slice(1)) {
		parts.push(segment, name)
		segment = [rest]
	}
	segment.push('<main id="main" tabindex="-1"><div class="page lesson-layout"><div class="contents">' + article[0], article[1], article[2])
	parts.push(segment)
	segment = [html`${lessonAsideHtml(view, t, lang)}</div></div>`.value, quizHtml[0] ?? '']
	for (const rest of quizHtml.slice(1)) {
		parts.push(segment, nonce)
		segment = [rest]
	}
	segment.push(html`<div class="contents">${lessonBottomHtml(view, t, lang)}</div></div></main>`.value, footer, '</body></html>')
	parts.push(segment)
	return parts
}

