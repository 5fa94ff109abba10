// Saving a course for offline use and removing it (ADR 014): the package from the server, then
// every page and file it names, into Cache Storage with her cookie. Runs in a page or the worker.
import { COURSE_CACHE, evictionPlan, getSavedCourse, putSavedCourse, removeSavedCourseRecord, SAVED_LIMIT_BYTES, savedCourses, type SavedCourse } from './store.ts'

type Locale = 'kk' | 'ru'

/** The part of `GET /:lang/offline/courses/:slug` a device uses. */
export type CoursePackage = {
	courseSlug: string
	revisionId: number
	locale: Locale
	title: string
	courseUrl: string
	lessons: { slug: string; title: string; url: string; bytes: number }[]
	diagnostic: { url: string } | null
	final: { url: string } | null
	assets: { url: string; bytes: number | null }[]
	totalBytes: number
}

export function packageUrl(lang: Locale, slug: string) {
	return `/${lang}/offline/courses/${slug}`
}

export class SaveError extends Error {
	constructor(readonly status: number) {
		super(`saving failed: ${status}`)
	}
}

export async function fetchPackage(lang: Locale, slug: string): Promise<CoursePackage> {
	const response = await fetch(packageUrl(lang, slug), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
	if (!response.ok) throw new SaveError(response.status)
	return response.json()
}

// Images and downloads a lesson links, on this site: paths with a file extension, not pages.
const LINKED = /\b(?:src|href)="(\/[^"?#]+\.(?:png|jpe?g|gif|webp|svg|avif|pdf|docx|pptx|xlsx|mp3|mp4|webm|ogg|txt|csv))"/gi

/** Same-site files (images, downloads) a page's HTML refers to. */
export function linkedFiles(html: string) {
	const found = new Set<string>()
	for (const match of html.matchAll(LINKED)) if (match[1]) found.add(match[1].replace(/&amp;/g, '&'))
	return [...found]
}

/** A response worth keeping for her: a 200 that is not the login page after a redirect. */
export function keepable(response: Response) {
	return response.status === 200 && !response.redirected && response.type !== 'opaqueredirect'
}

/**
 * Saves a course: its pages (lessons, course page, diagnostic, final), what the lessons link,
 * the stylesheets and the package. `onProgress` gets bytes so far and the expected total.
 */
export async function saveCourse({ lang, slug, userId, onProgress }: { lang: Locale; slug: string; userId: number; onProgress?: (done: number, total: number) => void }) {
	const pack = await fetchPackage(lang, slug)
	const cache = await caches.open(COURSE_CACHE)
	const pages = [pack.courseUrl, ...pack.lessons.map((l) => l.url), ...(pack.diagnostic ? [pack.diagnostic.url] : []), ...(pack.final ? [pack.final.url] : [])]
	const urls = new Set<string>()
	let total = pack.totalBytes
	let done = 0
	const files = new Set<string>()
	const keep = async (url: string, { page }: { page: boolean }) => {
		const response = await fetch(url, { credentials: 'same-origin' })
		if (!keepable(response)) throw new SaveError(response.status)
		const body = await response.clone().arrayBuffer()
		done += body.byteLength
		// Files the package could not count (images, downloads) grow the total as they come.
		if (done > total) total = done
		onProgress?.(done, total)
		if (page) for (const file of linkedFiles(new TextDecoder().decode(body))) files.add(file)
		await cache.put(url, response)
		urls.add(url)
	}
	onProgress?.(0, total)
	for (const url of pages) await keep(url, { page: true })
	for (const asset of pack.assets) if (!urls.has(asset.url)) await keep(asset.url, { page: false })
	for (const file of files) if (!urls.has(file)) await keep(file, { page: false })
	const packUrl = packageUrl(lang, slug)
	await cache.put(packUrl, Response.json(pack, { headers: { 'Cache-Control': 'private, no-cache' } }))
	urls.add(packUrl)
	const now = new Date().toISOString()
	const before = await getSavedCourse(slug)
	const record: SavedCourse = {
		slug,
		userId,
		locale: lang,
		title: pack.title,
		revisionId: pack.revisionId,
		courseUrl: pack.courseUrl,
		packageUrl: packUrl,
		lessons: pack.lessons.map((l) => ({ slug: l.slug, title: l.title, url: l.url })),
		assessments: [...(pack.diagnostic ? [{ kind: 'diagnostic' as const, url: pack.diagnostic.url }] : []), ...(pack.final ? [{ kind: 'final' as const, url: pack.final.url }] : [])],
		urls: [...urls],
		bytes: done,
		savedAt: now,
		lastOpenedAt: now,
	}
	// URLs the previous revision had and this one does not are dropped.
	if (before) for (const url of before.urls) if (!urls.has(url) && !(await usedElsewhere(url, slug))) await cache.delete(url)
	await putSavedCourse(record)
	for (const old of evictionPlan(await savedCourses(), { limit: SAVED_LIMIT_BYTES, keep: slug })) await removeCourse(old)
	onProgress?.(total, total)
	return record
}

async function usedElsewhere(url: string, slug: string) {
	return (await savedCourses()).some((c) => c.slug !== slug && c.urls.includes(url))
}

/** Removes a saved course: its record and the cached URLs no other saved course uses (the stylesheets are shared). */
export async function removeCourse(slug: string) {
	const course = await getSavedCourse(slug)
	if (!course) return
	const cache = await caches.open(COURSE_CACHE)
	for (const url of course.urls) if (!(await usedElsewhere(url, slug))) await cache.delete(url)
	await removeSavedCourseRecord(slug)
}
