// Ortaq's service worker (ADR 014), bundled by scripts/build-sw.mjs into build/client/sw.js.
// Saved courses are served network first with the cache behind; forms sent from a saved course
// while the network is gone are kept in the IndexedDB queue; the queue is sent when the network
// answers again. Nothing is graded here: the server grades at sync.
import { precacheAndRoute } from 'workbox-precaching'
import { registerRoute, setCatchHandler } from 'workbox-routing'
import { CacheFirst, NetworkFirst } from 'workbox-strategies'
import { ExpirationPlugin } from 'workbox-expiration'
import { keepable, saveCourse } from './courses.ts'
import { asOfflinePage, document, localeOf, notSavedBody, queuedBody, savedCoursesBody } from './pages.ts'
import { closeOfflineDb, COURSE_CACHE, DB_NAME, enqueue, getMeta, getSavedCourse, putSavedCourse, queueItems, removeSavedCourseRecord, savedCourseOf, savedCourses, setMeta } from './store.ts'
import { sendQueue, type SyncOutcome } from './sync.ts'
import { eventFromForm, LESSON_OR_ASSESSMENT } from './form-events.ts'
import type { WorkerReply, WorkerRequest } from './messages.ts'

declare const self: ServiceWorkerGlobalScope
declare const __PRECACHE__: { url: string; revision: string | null }[]
declare const __STYLES__: string[]

const STATIC_CACHE = 'ortaq-static-v1'
const HOME = /^\/((kk|ru)\/?(my)?)?$/
const OWN_PAGES = /^\/(kk|ru)\/offline(\/queued)?$/

self.addEventListener('install', () => void self.skipWaiting())
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()))

// The site's stylesheets, icons and favicon (no page, no user data): what an offline page needs.
precacheAndRoute(__PRECACHE__)

// The hashed scripts of pages that hydrate: kept a while, so a slow link fetches each once.
registerRoute(
	({ request, url }) => request.method === 'GET' && url.origin === self.location.origin && url.pathname.startsWith('/assets/'),
	new CacheFirst({ cacheName: STATIC_CACHE, plugins: [new ExpirationPlugin({ maxEntries: 80, maxAgeSeconds: 30 * 24 * 3600, purgeOnQuotaError: true })] }),
)

// Files saved courses link (images, downloads) beyond the precache, served from the course cache.
const savedPages = new NetworkFirst({
	cacheName: COURSE_CACHE,
	networkTimeoutSeconds: 8,
	plugins: [
		{
			// A page with a query (?done=…) is a confirmation of one moment: not the page to keep.
			cacheKeyWillBeUsed: async ({ request }) => {
				const url = new URL(request.url)
				return `${url.origin}${url.pathname}`
			},
			cacheWillUpdate: async ({ request, response }) => (keepable(response) && !new URL(request.url).search ? response : null),
			// A server that is down behind a proxy answers 502/503: the saved copy is better.
			fetchDidSucceed: async ({ response }) => {
				if (response.status >= 500) throw new Error(`server answered ${response.status}`)
				afterNetwork()
				return response
			},
			cachedResponseWillBeUsed: async ({ request, cachedResponse }) => {
				if (!cachedResponse) return null
				if (!(cachedResponse.headers.get('Content-Type') ?? '').includes('text/html')) return cachedResponse
				const html = asOfflinePage(await cachedResponse.text(), localeOf(new URL(request.url).pathname))
				return new Response(html, { status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' } })
			},
		},
	],
})

function htmlResponse(html: string, status = 200) {
	return new Response(html, { status, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' } })
}

async function pendingCount() {
	const meta = await getMeta()
	return (await queueItems()).filter((i) => !i.refused && i.userId === meta.owner).length
}

async function savedListPage(pathname: string) {
	const courses = await savedCourses()
	// Ortaq's bare address names no language: the one she last studied in.
	const recent = [...courses].sort((a, b) => b.lastOpenedAt.localeCompare(a.lastOpenedAt))[0]
	const locale = pathname === '/' && recent ? recent.locale : localeOf(pathname)
	const body = savedCoursesBody(locale, courses, await pendingCount())
	return htmlResponse(document({ locale, title: '', body, styles: __STYLES__ }).replace('<title> — Ortaq', `<title>${body.match(/<h1>(.*?)<\/h1>/)?.[1] ?? ''} — Ortaq`))
}

async function ownPage(url: URL) {
	const locale = localeOf(url.pathname)
	if (!url.pathname.endsWith('/queued')) return savedListPage(url.pathname)
	const kind = url.searchParams.get('kind')
	const course = await getSavedCourse(url.searchParams.get('course') ?? '')
	const page = queuedBody(locale, { kind: kind === 'lesson' || kind === 'quiz' ? kind : 'notSent', course, lessonSlug: url.searchParams.get('lesson') ?? undefined })
	return htmlResponse(document({ locale, title: page.title, body: page.body, styles: __STYLES__ }))
}

async function offlineFallback(pathname: string) {
	if (HOME.test(pathname)) return savedListPage(pathname)
	const locale = localeOf(pathname)
	const body = notSavedBody(locale)
	return htmlResponse(document({ locale, title: body.match(/<h1>(.*?)<\/h1>/)?.[1] ?? '', body, styles: __STYLES__ }), 503)
}

// Pages: a saved course's pages network first, the saved copy without the network; other pages
// from the network, and without it a page saying so instead of the browser's error.
registerRoute(
	({ request, url }) => request.mode === 'navigate' && url.origin === self.location.origin,
	async ({ request, url, event }) => {
		if (OWN_PAGES.test(url.pathname)) return ownPage(url)
		const course = await savedCourseOf(url.pathname)
		if (course) {
			void putSavedCourse({ ...course, lastOpenedAt: new Date().toISOString() })
			try {
				return await savedPages.handle({ request, event })
			} catch {
				return offlineFallback(url.pathname)
			}
		}
		try {
			const response = await fetch(request)
			afterNetwork()
			return response
		} catch {
			return offlineFallback(url.pathname)
		}
	},
)

// A client navigation of a hydrated page (React Router's .data request) without the network: a
// full page load instead, which the route above answers from the saved copy or with its notice.
registerRoute(
	({ request, url }) => request.method === 'GET' && url.origin === self.location.origin && url.pathname.endsWith('.data'),
	async ({ request, url }) => {
		try {
			return await fetch(request)
		} catch {
			const target = url.pathname.replace(/\.data$/, '').replace(/^\/_root$/, '/')
			return reloadTo(target)
		}
	},
)

function reloadTo(target: string) {
	return new Response(null, { status: 204, headers: { 'X-Remix-Redirect': target, 'X-Remix-Status': '303', 'X-Remix-Reload-Document': 'true' } })
}

// A lesson's "mark as done" and the quizzes post to their own page. Sent as usual when the network
// is there; without it the work is kept in the queue and she reads that it will be sent.
registerRoute(
	({ request, url }) => request.method === 'POST' && url.origin === self.location.origin && LESSON_OR_ASSESSMENT.test(url.pathname),
	async ({ request, url }) => {
		const copy = request.clone()
		try {
			const response = await fetch(request)
			afterNetwork()
			return response
		} catch {
			// no network: kept below
		}
		const path = LESSON_OR_ASSESSMENT.exec(url.pathname)
		const lang = localeOf(url.pathname)
		const navigation = request.mode === 'navigate'
		const answer = (query: string) => (navigation ? Response.redirect(`/${lang}/offline/queued?${query}`, 303) : reloadTo(`/${lang}/offline/queued?${query}`))
		const course = path ? await getSavedCourse(path[2] ?? '') : undefined
		let form: FormData | null = null
		try {
			form = await copy.formData()
		} catch {
			form = null
		}
		const event = path && form ? eventFromForm(path, form, new Date()) : null
		if (!course || !event || !path) return answer('kind=notSent')
		await enqueue({ id: event.id, userId: course.userId, locale: lang, queuedAt: new Date().toISOString(), event })
		const query = new URLSearchParams({ kind: event.kind === 'lessonDone' ? 'lesson' : 'quiz', course: course.slug })
		if (path[3] === 'lessons' && path[4]) query.set('lesson', path[4])
		return answer(query.toString())
	},
	'POST',
)

// Logout passes through; once the server answered, this teacher's offline data goes (the server's
// Clear-Site-Data does the same; this also covers a browser that ignores it). Login pauses syncing
// until a page tells whose session it is.
registerRoute(
	({ request, url }) => request.method === 'POST' && url.origin === self.location.origin && /^\/(kk|ru)\/(logout|login)(\.data)?$/.test(url.pathname),
	async ({ request, url }) => {
		const logout = /\/logout(\.data)?$/.test(url.pathname)
		if (!logout) await setMeta({ suspended: true })
		const response = await fetch(request)
		if (logout && response.status < 400) await wipe()
		return response
	},
	'POST',
)

setCatchHandler(async () => Response.error())

/** Removes every saved course and the queue: the next teacher on this browser finds nothing. */
async function wipe() {
	await caches.delete(COURSE_CACHE)
	await closeOfflineDb()
	await new Promise<void>((resolve) => {
		const request = indexedDB.deleteDatabase(DB_NAME)
		request.onsuccess = request.onerror = request.onblocked = () => resolve()
	})
}

let syncing: Promise<SyncOutcome> | null = null

/** One sync at a time: a second call while one runs waits for it. Then stale saved courses are fetched again. */
function syncNow() {
	syncing ??= (async () => {
		try {
			const meta = await getMeta()
			if (meta.suspended) return { status: 'nothing' } as const
			const outcome = await sendQueue()
			if (outcome.status === 'sent' || outcome.status === 'nothing') await refreshStale()
			return outcome
		} catch {
			return { status: 'failed' } as const
		} finally {
			syncing = null
		}
	})()
	return syncing
}

async function refreshStale() {
	for (const course of await savedCourses()) {
		if (!course.stale) continue
		try {
			await saveCourse({ lang: course.locale, slug: course.slug, userId: course.userId })
		} catch {
			// Next connection.
		}
	}
}

let lastTry = 0
/** The network answered: send what waits (at most every few seconds). */
function afterNetwork() {
	const now = Date.now()
	if (now - lastTry < 3000) return
	lastTry = now
	void syncNow()
}

async function status(): Promise<WorkerReply> {
	const meta = await getMeta()
	const items = (await queueItems()).filter((i) => i.userId === meta.owner)
	return {
		type: 'status',
		pending: items.filter((i) => !i.refused).length,
		refused: items.filter((i) => i.refused).map((i) => ({ id: i.id, event: i.event, reason: i.refused?.reason ?? '', message: i.refused?.message ?? '' })),
		needsSignIn: meta.needsSignIn,
	}
}

/** A page with scripts says who is signed in: another teacher's saved courses are removed first. */
async function hello(userId: number | null) {
	if (userId === null) return
	const meta = await getMeta()
	if (meta.owner !== null && meta.owner !== userId) {
		await caches.delete(COURSE_CACHE)
		for (const course of await savedCourses()) await removeSavedCourseRecord(course.slug)
	}
	await setMeta({ owner: userId, suspended: false })
}

self.addEventListener('message', (event) => {
	const message: WorkerRequest = event.data
	const port = event.ports[0]
	const work = (async () => {
		if (message?.type === 'hello') {
			await hello(message.userId)
			if (navigator.onLine !== false) await syncNow()
		} else if (message?.type === 'sync') {
			await syncNow()
		}
		port?.postMessage(await status())
	})()
	event.waitUntil(work.catch(() => port?.postMessage({ type: 'error' })))
})
