// Sending the queue (ADR 014): in order, in batches the server takes, removing only what it
// answered applied or duplicate. Runs in the service worker, which is the one place that syncs.
import { applyAnswers, getMeta, queueItems, savedCourses, putSavedCourse, setMeta, type EventAnswer, type QueueItem } from './store.ts'

export const BATCH_EVENTS = 200
const BATCH_BYTES = 512 * 1024

/** Batches of the queue's unrefused items of one teacher, each within the server's limits. */
export function batchesOf(items: readonly QueueItem[], userId: number) {
	const batches: QueueItem[][] = []
	let current: QueueItem[] = []
	let size = 0
	for (const item of items) {
		if (item.refused || item.userId !== userId) continue
		const bytes = JSON.stringify(item.event).length
		if (current.length && (current.length >= BATCH_EVENTS || size + bytes > BATCH_BYTES)) {
			batches.push(current)
			current = []
			size = 0
		}
		current.push(item)
		size += bytes
	}
	if (current.length) batches.push(current)
	return batches
}

export type SyncOutcome =
	| { status: 'nothing' }
	| { status: 'sent'; removed: number; refused: number }
	| { status: 'signIn' }
	| { status: 'failed' }

type CourseState = { courseSlug: string; revisionId: number }

/** Sends the owner's queue; a 401 keeps it all and remembers that she must sign in. */
export async function sendQueue(): Promise<SyncOutcome> {
	const meta = await getMeta()
	if (meta.owner === null) return { status: 'nothing' }
	const batches = batchesOf(await queueItems(), meta.owner)
	if (!batches.length) return { status: 'nothing' }
	let removed = 0
	let refused = 0
	for (const batch of batches) {
		const locale = batch[0]?.locale ?? 'kk'
		let response: Response
		try {
			response = await fetch(`/${locale}/offline/sync`, {
				method: 'POST',
				credentials: 'same-origin',
				headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
				body: JSON.stringify({ events: batch.map((i) => i.event) }),
			})
		} catch {
			return removed || refused ? { status: 'sent', removed, refused } : { status: 'failed' }
		}
		if (response.status === 401) {
			await setMeta({ needsSignIn: true })
			return { status: 'signIn' }
		}
		if (!response.ok) return { status: 'failed' }
		let body: { events: EventAnswer[]; courses: CourseState[] }
		try {
			body = await response.json()
		} catch {
			// The answer was cut: what the server applied is answered "duplicate" next time.
			return { status: 'failed' }
		}
		const done = await applyAnswers(body.events)
		removed += done.removed
		refused += done.refused
		await markStale(body.courses)
	}
	await setMeta({ needsSignIn: false, lastSyncAt: new Date().toISOString() })
	return { status: 'sent', removed, refused }
}

/** A saved course whose revision the server has moved past is fetched again at the next chance. */
export async function markStale(states: readonly CourseState[]) {
	const saved = await savedCourses()
	for (const state of states) {
		const course = saved.find((c) => c.slug === state.courseSlug)
		if (course && course.revisionId !== state.revisionId && !course.stale) await putSavedCourse({ ...course, stale: true })
	}
}
