// What a device keeps for offline learning (ADR 014), in IndexedDB through `idb`: the queue of
// events done offline, the courses saved for offline use, and a little state. Used by the pages
// (saving, the saved list) and by the service worker (queueing, sync, serving saved pages).
import { openDB, type DBSchema, type IDBPDatabase } from 'idb'

export const DB_NAME = 'ortaq-offline'
/** Cache Storage: pages, packages and files of saved courses. */
export const COURSE_CACHE = 'ortaq-courses-v1'
/** Past this, the least recently opened saved course is removed whole (ADR 014). */
export const SAVED_LIMIT_BYTES = 50 * 1024 * 1024

type Locale = 'kk' | 'ru'

/** An event exactly as `POST /:lang/offline/sync` takes it. */
export type ClientEvent =
	| { id: string; kind: 'enrol'; courseSlug: string; locale: Locale }
	| { id: string; kind: 'lessonDone'; courseSlug: string; lessonSlug: string; doneAt: string }
	| {
			id: string
			kind: 'quizAttempt'
			courseSlug: string
			quizKind: 'lesson' | 'diagnostic' | 'final'
			lessonSlug?: string
			answers: Record<string, string[]>
			answeredAt: string
	  }

export type QueueItem = {
	id: string
	/** Whose work it is: only sent while she is the signed-in owner of this device's offline data. */
	userId: number
	locale: Locale
	queuedAt: string
	event: ClientEvent
	/** Set when the server refused it: shown to her with the reason, not sent again by itself. */
	refused?: { reason: string; message: string }
}

export type SavedCourse = {
	slug: string
	userId: number
	locale: Locale
	title: string
	revisionId: number
	courseUrl: string
	packageUrl: string
	lessons: { slug: string; title: string; url: string }[]
	assessments: { kind: 'diagnostic' | 'final'; url: string }[]
	/** Every URL kept in COURSE_CACHE for this course. */
	urls: string[]
	bytes: number
	savedAt: string
	lastOpenedAt: string
	/** The server has a newer revision: fetched again at the next connection. */
	stale?: boolean
}

export type Meta = {
	/** The teacher whose courses and queue these are; null before anything was saved. */
	owner: number | null
	/** The session ended (a sync answered 401): the queue waits until she signs in. */
	needsSignIn: boolean
	lastSyncAt: string | null
	/** Someone signed in on this browser: nothing is sent until a page says who (the owner or another teacher). */
	suspended: boolean
}

interface OfflineSchema extends DBSchema {
	queue: { key: string; value: QueueItem; indexes: { byQueuedAt: string } }
	courses: { key: string; value: SavedCourse }
	meta: { key: string; value: Meta }
}

let opening: Promise<IDBPDatabase<OfflineSchema>> | null = null

export function offlineDb() {
	opening ??= openDB<OfflineSchema>(DB_NAME, 1, {
		upgrade(db) {
			const queue = db.createObjectStore('queue', { keyPath: 'id' })
			queue.createIndex('byQueuedAt', 'queuedAt')
			db.createObjectStore('courses', { keyPath: 'slug' })
			db.createObjectStore('meta')
		},
		// Another tab or the worker deletes the database (logout): let it, and reopen next time.
		blocking(_current, _next, event) {
			const target = event.target
			if (target instanceof IDBDatabase) target.close()
			opening = null
		},
		terminated() {
			opening = null
		},
	})
	return opening
}

/** Closes this context's connection (before the database is deleted). */
export async function closeOfflineDb() {
	const db = opening
	opening = null
	if (db) (await db).close()
}

const emptyMeta: Meta = { owner: null, needsSignIn: false, lastSyncAt: null, suspended: false }

export async function getMeta(): Promise<Meta> {
	return { ...emptyMeta, ...(await (await offlineDb()).get('meta', 'state')) }
}

export async function setMeta(change: Partial<Meta>) {
	const db = await offlineDb()
	const tx = db.transaction('meta', 'readwrite')
	const current = { ...emptyMeta, ...(await tx.store.get('state')) }
	await tx.store.put({ ...current, ...change }, 'state')
	await tx.done
}

export async function enqueue(item: QueueItem) {
	await (await offlineDb()).put('queue', item)
}

/** The queue in the order the work was done. */
export async function queueItems() {
	return (await offlineDb()).getAllFromIndex('queue', 'byQueuedAt')
}

export type EventAnswer = { id: string; status: 'applied' | 'duplicate' | 'refused'; reason?: string; message?: string }

/**
 * What a sync answer does to the queue: an event the server applied (or had applied before) is
 * removed, a refused one is kept and marked with the reason, one it did not answer stays as it was.
 */
export function planAnswers(items: readonly QueueItem[], answers: readonly EventAnswer[]) {
	const byId = new Map(answers.map((a) => [a.id.toLowerCase(), a]))
	const remove: string[] = []
	const refuse: QueueItem[] = []
	for (const item of items) {
		const answer = byId.get(item.id.toLowerCase())
		if (!answer) continue
		if (answer.status === 'applied' || answer.status === 'duplicate') remove.push(item.id)
		else refuse.push({ ...item, refused: { reason: answer.reason ?? 'invalid_event', message: answer.message ?? '' } })
	}
	return { remove, refuse }
}

export async function applyAnswers(answers: readonly EventAnswer[]) {
	const db = await offlineDb()
	const tx = db.transaction('queue', 'readwrite')
	const items = await tx.store.getAll()
	const { remove, refuse } = planAnswers(items, answers)
	for (const id of remove) await tx.store.delete(id)
	for (const item of refuse) await tx.store.put(item)
	await tx.done
	return { removed: remove.length, refused: refuse.length }
}

export async function removeQueued(id: string) {
	await (await offlineDb()).delete('queue', id)
}

export async function savedCourses() {
	return (await offlineDb()).getAll('courses')
}

export async function getSavedCourse(slug: string) {
	return (await offlineDb()).get('courses', slug)
}

/** The saved course a URL (path, no query) belongs to, if any. */
export async function savedCourseOf(pathname: string) {
	for (const course of await savedCourses()) if (course.urls.includes(pathname)) return course
	return undefined
}

export async function putSavedCourse(course: SavedCourse) {
	await (await offlineDb()).put('courses', course)
}

export async function removeSavedCourseRecord(slug: string) {
	await (await offlineDb()).delete('courses', slug)
}

/** Which saved courses to remove so the rest fit in `limit`: least recently opened first, never `keep`. */
export function evictionPlan(courses: readonly SavedCourse[], { limit, keep }: { limit: number; keep?: string }) {
	let total = courses.reduce((sum, c) => sum + c.bytes, 0)
	const out: string[] = []
	const oldestFirst = [...courses].filter((c) => c.slug !== keep).sort((a, b) => a.lastOpenedAt.localeCompare(b.lastOpenedAt))
	for (const c of oldestFirst) {
		if (total <= limit) break
		out.push(c.slug)
		total -= c.bytes
	}
	return out
}
