import 'fake-indexeddb/auto'
import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { eventFromForm, LESSON_OR_ASSESSMENT } from './form-events.ts'
import { asOfflinePage, pendingText } from './pages.ts'
import { linkedFiles } from './courses.ts'
import { closeOfflineDb, DB_NAME, enqueue, evictionPlan, getMeta, planAnswers, putSavedCourse, queueItems, savedCourseOf, setMeta, type QueueItem, type SavedCourse } from './store.ts'
import { batchesOf, sendQueue } from './sync.ts'

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`

function item(n: number, over: Partial<QueueItem> = {}): QueueItem {
	return {
		id: uuid(n),
		userId: 7,
		locale: 'ru',
		queuedAt: new Date(Date.UTC(2026, 11, 1, 10, n)).toISOString(),
		event: { id: uuid(n), kind: 'lessonDone', courseSlug: 'inclusive-foundations', lessonSlug: `lesson-${n}`, doneAt: '2026-12-01T10:00:00.000Z' },
		...over,
	}
}

function saved(slug: string, over: Partial<SavedCourse> = {}): SavedCourse {
	return {
		slug,
		userId: 7,
		locale: 'ru',
		title: slug,
		revisionId: 1,
		courseUrl: `/ru/courses/${slug}`,
		packageUrl: `/ru/offline/courses/${slug}`,
		lessons: [],
		assessments: [],
		urls: [`/ru/courses/${slug}`, `/ru/courses/${slug}/lessons/a`],
		bytes: 100,
		savedAt: '2026-12-01T10:00:00.000Z',
		lastOpenedAt: '2026-12-01T10:00:00.000Z',
		...over,
	}
}

beforeEach(async () => {
	await closeOfflineDb()
	await new Promise<void>((resolve) => {
		const r = indexedDB.deleteDatabase(DB_NAME)
		r.onsuccess = r.onerror = () => resolve()
	})
})
afterEach(() => vi.unstubAllGlobals())

/** A server that applies each event once, as the sync endpoint does (ADR 014), optionally cutting the answer. */
function fakeServer({ cut = 0, status = 200 }: { cut?: number; status?: number } = {}) {
	const applied = new Set<string>()
	const bodies: { events: { id: string }[] }[] = []
	let cuts = cut
	const fetch = vi.fn(async (_url: string, init: RequestInit) => {
		if (status !== 200) return Response.json({ error: 'unauthorized' }, { status })
		const body = JSON.parse(String(init.body)) as { events: { id: string; courseSlug: string }[] }
		bodies.push(body)
		const events = body.events.map((e) => {
			if (e.courseSlug === 'withdrawn') return { id: e.id, status: 'refused', reason: 'course_withdrawn', message: 'Курс снят с публикации' }
			const seen = applied.has(e.id)
			applied.add(e.id)
			return { id: e.id, status: seen ? 'duplicate' : 'applied' }
		})
		if (cuts > 0) {
			cuts -= 1
			throw new TypeError('Failed to fetch')
		}
		return Response.json({ events, courses: [{ courseSlug: 'inclusive-foundations', revisionId: 2 }] })
	})
	vi.stubGlobal('fetch', fetch)
	return { applied, bodies, fetch }
}

test('the queue keeps work in the order it was done and survives a reopened database', async () => {
	await enqueue(item(3))
	await enqueue(item(1))
	await enqueue(item(2))
	await closeOfflineDb()
	expect((await queueItems()).map((i) => i.id)).toEqual([uuid(1), uuid(2), uuid(3)])
})

test('a sync removes what the server applied, and nothing is lost or sent twice when the answer is cut', async () => {
	await setMeta({ owner: 7 })
	for (const n of [1, 2, 3]) await enqueue(item(n))
	const server = fakeServer({ cut: 1 })
	expect(await sendQueue()).toEqual({ status: 'failed' })
	// The server applied all three, the device heard nothing: all three wait.
	expect(server.applied.size).toBe(3)
	expect(await queueItems()).toHaveLength(3)
	expect(await sendQueue()).toEqual({ status: 'sent', removed: 3, refused: 0 })
	expect(await queueItems()).toEqual([])
	// The retry carried the same client ids: the server answered duplicate, nothing applied twice.
	expect(server.bodies[1]?.events.map((e) => e.id)).toEqual([uuid(1), uuid(2), uuid(3)])
	expect(server.applied.size).toBe(3)
	expect(await sendQueue()).toEqual({ status: 'nothing' })
})

test('a refused event stays on the device with its reason and is not sent again by itself', async () => {
	await setMeta({ owner: 7 })
	await enqueue(item(1))
	await enqueue(item(2, { event: { id: uuid(2), kind: 'enrol', courseSlug: 'withdrawn', locale: 'ru' } }))
	const server = fakeServer()
	expect(await sendQueue()).toEqual({ status: 'sent', removed: 1, refused: 1 })
	const [left] = await queueItems()
	expect(left?.id).toBe(uuid(2))
	expect(left?.refused).toEqual({ reason: 'course_withdrawn', message: 'Курс снят с публикации' })
	expect(await sendQueue()).toEqual({ status: 'nothing' })
	expect(server.fetch).toHaveBeenCalledTimes(1)
})

test('a 401 keeps the whole queue and asks her to sign in', async () => {
	await setMeta({ owner: 7 })
	await enqueue(item(1))
	fakeServer({ status: 401 })
	expect(await sendQueue()).toEqual({ status: 'signIn' })
	expect(await queueItems()).toHaveLength(1)
	expect((await getMeta()).needsSignIn).toBe(true)
})

test("another teacher's queued work is never sent under this session", async () => {
	await setMeta({ owner: 8 })
	await enqueue(item(1))
	const server = fakeServer()
	expect(await sendQueue()).toEqual({ status: 'nothing' })
	expect(server.fetch).not.toHaveBeenCalled()
	expect(await queueItems()).toHaveLength(1)
})

test('a saved course whose revision the server moved past is marked to be fetched again', async () => {
	await setMeta({ owner: 7 })
	await putSavedCourse(saved('inclusive-foundations'))
	await enqueue(item(1))
	fakeServer()
	await sendQueue()
	expect((await savedCourseOf('/ru/courses/inclusive-foundations/lessons/a'))?.stale).toBe(true)
})

test('answers: applied and duplicate remove, refused marks, unanswered stays; ids compare without case', () => {
	const items = [item(1), item(2), item(3), item(4)]
	const plan = planAnswers(items, [
		{ id: uuid(1).toUpperCase(), status: 'applied' },
		{ id: uuid(2), status: 'duplicate' },
		{ id: uuid(3), status: 'refused', reason: 'unknown_lesson', message: 'Нет урока' },
	])
	expect(plan.remove).toEqual([uuid(1), uuid(2)])
	expect(plan.refuse.map((i) => [i.id, i.refused?.reason])).toEqual([[uuid(3), 'unknown_lesson']])
})

test('batches stay within the server limit, skip refused items and other teachers', () => {
	const items = Array.from({ length: 450 }, (_, n) => item(n))
	items[5] = item(5, { refused: { reason: 'x', message: '' } })
	items[6] = item(6, { userId: 8 })
	const batches = batchesOf(items, 7)
	expect(batches.map((b) => b.length)).toEqual([200, 200, 48])
})

test('eviction removes the least recently opened courses until the rest fit, never the one being saved', () => {
	const courses = [saved('a', { bytes: 30, lastOpenedAt: '2026-12-03' }), saved('b', { bytes: 30, lastOpenedAt: '2026-12-01' }), saved('c', { bytes: 30, lastOpenedAt: '2026-12-02' })]
	expect(evictionPlan(courses, { limit: 100 })).toEqual([])
	expect(evictionPlan(courses, { limit: 50 })).toEqual(['b', 'c'])
	expect(evictionPlan(courses, { limit: 50, keep: 'b' })).toEqual(['c', 'a'])
})

test('the forms of a lesson and an assessment become events; anything else is not queued', () => {
	const now = new Date('2026-12-03T09:00:00.000Z')
	const path = (p: string) => LESSON_OR_ASSESSMENT.exec(p) ?? (() => { throw new Error(p) })()
	const form = (entries: [string, string][]) => {
		const f = new FormData()
		for (const [k, v] of entries) f.append(k, v)
		return f
	}
	expect(eventFromForm(path('/ru/courses/c/lessons/l1'), form([['intent', 'complete']]), now, uuid(1))).toEqual({ id: uuid(1), kind: 'lessonDone', courseSlug: 'c', lessonSlug: 'l1', doneAt: now.toISOString() })
	expect(eventFromForm(path('/kk/courses/c/lessons/l1'), form([['intent', 'quiz'], ['quizId', '4'], ['nonce', 'x'], ['q:q1', 'a'], ['q:q2', 'b'], ['q:q2', 'c']]), now, uuid(2))).toEqual({
		id: uuid(2),
		kind: 'quizAttempt',
		courseSlug: 'c',
		quizKind: 'lesson',
		lessonSlug: 'l1',
		answers: { q1: ['a'], q2: ['b', 'c'] },
		answeredAt: now.toISOString(),
	})
	expect(eventFromForm(path('/ru/courses/c/assessment/final.data'), form([['intent', 'quiz'], ['q:q1', 'a']]), now, uuid(3))).toMatchObject({ kind: 'quizAttempt', quizKind: 'final', answers: { q1: ['a'] } })
	expect(eventFromForm(path('/ru/courses/c/assessment/other'), form([['intent', 'quiz']]), now)).toBeNull()
	expect(eventFromForm(path('/ru/courses/c/lessons/l1'), form([['intent', 'rename']]), now)).toBeNull()
	expect(LESSON_OR_ASSESSMENT.test('/ru/courses/c')).toBe(false)
})

test('a saved page served offline loses its scripts and gains the notice; files the lessons link are found', () => {
	const html = '<html><head><link rel="modulepreload" href="/assets/a.js"><script>window.x=1</script></head><body><main id="main" tabindex="-1"><h1>Курс</h1></main><script type="module" src="/assets/e.js"></script></body></html>'
	const page = asOfflinePage(html, 'ru')
	expect(page).not.toMatch(/<script|modulepreload/)
	expect(page).toContain('<main id="main" tabindex="-1"><p class="notice notice--info" role="status" data-offline-notice>Вы без сети: ваша работа будет отправлена, когда связь восстановится.</p><h1>Курс</h1>')
	expect(linkedFiles('<img src="/media/a.png"><a href="/ru/materials/x/files/plan.pdf">PDF</a><a href="/ru/courses/c">c</a><img src="https://x.kz/b.png">')).toEqual(['/media/a.png', '/ru/materials/x/files/plan.pdf'])
})

test('the waiting count reads with each language plural rules', () => {
	expect([1, 3, 11, 21].map((n) => pendingText('ru', n))).toEqual(['Ждёт отправки 1 запись.', 'Ждут отправки 3 записи.', 'Ждут отправки 11 записей.', 'Ждёт отправки 21 запись.'])
	expect(pendingText('kk', 1)).toBe('Жіберуді күтіп тұрған жазба: 1.')
	expect(pendingText('kk', 5)).toBe('Жіберуді күтіп тұрған жазбалар: 5.')
})
