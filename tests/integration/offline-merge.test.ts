// The merge rules of offline learning (ADR 014) on a five-lesson course: work done on two devices
// of one teacher, a course completed online before the phone reconnects, a course withdrawn
// meanwhile, and two syncs of the same queue at once.
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { asc, eq } from 'drizzle-orm'
import { beforeAll, expect, test } from 'vitest'
import { getDb } from '#app/db/client.server.ts'
import { certificates, courseRevisions, enrolments, lessonProgress, offlineEvents, quizAttempts } from '#app/db/schema/index.ts'
import { syncContent } from '#app/modules/content/sync.server.ts'
import { completeLesson, enrol, submitQuiz } from '#app/modules/learning/progress.server.ts'
import { getPublishedStructure, type CourseStructure } from '#app/modules/learning/structure.server.ts'
import { routeArgs, signedIn } from '#tests/factories.ts'
import * as syncRoute from '#app/routes/offline.sync.ts'

const SLUG = 'five-lessons'
const lessonSlugs = ['01-one', '02-two', '03-three', '04-four', '05-five']

beforeAll(async () => {
	// The fixture course with five required lessons, each a copy of its first lesson (with its quiz).
	const root = await fs.mkdtemp(path.join(os.tmpdir(), 'ortaq-content-'))
	const dir = path.join(root, SLUG)
	await fs.cp(path.resolve('tests/fixtures/courses/mini-course'), dir, { recursive: true })
	await fs.rm(path.join(dir, 'lessons'), { recursive: true })
	for (const slug of lessonSlugs) await fs.cp(path.resolve('tests/fixtures/courses/mini-course/lessons/01-first'), path.join(dir, 'lessons', slug), { recursive: true })
	const course = JSON.parse(await fs.readFile(path.join(dir, 'course.json'), 'utf8'))
	course.slug = SLUG
	course.lessons = lessonSlugs.map((slug) => ({ slug, required: true }))
	await fs.writeFile(path.join(dir, 'course.json'), JSON.stringify(course))
	const results = await syncContent({ root })
	expect(results.find((r) => r.slug === SLUG)).toMatchObject({ status: 'published' })
})

async function fiveLessons(): Promise<CourseStructure> {
	const c = await getPublishedStructure(SLUG)
	if (!c) throw new Error(`${SLUG} not published`)
	return c
}

const when = '2026-12-01T09:00:00+05:00'
const uuid = () => crypto.randomUUID()
const lessonDone = (lessonSlug: string) => ({ id: uuid(), kind: 'lessonDone', courseSlug: SLUG, lessonSlug, doneAt: when })
const passingFinal = () => ({ id: uuid(), kind: 'quizAttempt', courseSlug: SLUG, quizKind: 'final', answers: { f1: ['a'], f2: ['a', 'b'] }, answeredAt: when })

type SyncAnswer = {
	events: { id: string | null; status: string; reason?: string; message?: string; result?: Record<string, unknown> }[]
	courses: { courseSlug: string; lessonsDone: string[]; lessonsLeft: string[]; completed: boolean; finalScore: number | null; certificate: string | null }[]
}

async function sync(cookie: string, events: unknown[]): Promise<SyncAnswer> {
	const request = new Request('http://localhost:3000/kk/offline/sync', { method: 'POST', body: JSON.stringify({ events }), headers: { 'Content-Type': 'application/json', Cookie: cookie } })
	const response = await syncRoute.action(routeArgs(request, { lang: 'kk' }))
	expect(response.status).toBe(200)
	return response.json()
}

/** What a learner's work leaves in the database, row by row (ids of lessons and quizzes, no times). */
async function records(userId: number) {
	const db = await getDb()
	const enrolment = await db
		.select({ lessonsDone: enrolments.lessonsDone, finalScore: enrolments.finalScore, completed: enrolments.completedAt })
		.from(enrolments)
		.where(eq(enrolments.userId, userId))
	const lessons = await db.select({ lessonId: lessonProgress.lessonId }).from(lessonProgress).where(eq(lessonProgress.userId, userId)).orderBy(asc(lessonProgress.lessonId))
	const attempts = await db.select({ quizId: quizAttempts.quizId, score: quizAttempts.score, passed: quizAttempts.passed }).from(quizAttempts).where(eq(quizAttempts.userId, userId)).orderBy(asc(quizAttempts.id))
	const certs = await db.select({ code: certificates.code, score: certificates.score }).from(certificates).where(eq(certificates.userId, userId))
	const events = await db.select({ id: offlineEvents.clientId }).from(offlineEvents).where(eq(offlineEvents.userId, userId))
	return { enrolment: enrolment.map((e) => ({ ...e, completed: e.completed !== null })), lessons, attempts, certificates: certs, events: events.length }
}

test('lessons 1–3 done on the phone offline and 3–5 on the school computer online merge as a union: five lessons, no row twice', async () => {
	const { user, cookie } = await signedIn()
	const c = await fiveLessons()
	// The school computer: enrolled online, lessons 3, 4 and 5.
	await enrol({ userId: user.id, course: c, locale: 'kk' })
	for (const l of c.lessons.slice(2)) await completeLesson({ userId: user.id, course: c, lessonId: l.id, locale: 'kk' })
	// The phone saved the course earlier and queued its enrolment and lessons 1, 2 and 3.
	const phone = [{ id: uuid(), kind: 'enrol', courseSlug: SLUG, locale: 'kk' }, ...lessonSlugs.slice(0, 3).map(lessonDone)]
	const answer = await sync(cookie, phone)
	expect(answer.events.map((e) => e.status)).toEqual(['applied', 'applied', 'applied', 'applied'])
	expect(answer.courses[0]).toMatchObject({ courseSlug: SLUG, lessonsDone: lessonSlugs, lessonsLeft: [], completed: false, finalScore: null })
	const r = await records(user.id)
	expect(r.lessons).toEqual(c.lessons.map((l) => ({ lessonId: l.id })).sort((a, b) => a.lessonId - b.lessonId))
	expect(r.enrolment).toEqual([{ lessonsDone: 5, finalScore: null, completed: false }])
	expect(r.events).toBe(4)
	// The phone sends its queue again (it never got the answer): nothing changes.
	const again = await sync(cookie, phone)
	expect(again.events.map((e) => e.status)).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate'])
	expect(await records(user.id)).toEqual(r)
	// The final passed on the school computer completes the course: one certificate.
	const final = c.quizzes.find((q) => q.kind === 'final')
	if (!final) throw new Error('no final')
	expect(await submitQuiz({ userId: user.id, course: c, locale: 'kk', submission: { quizId: final.id, nonce: uuid(), answers: { f1: ['a'], f2: ['a', 'b'] } } })).toMatchObject({ passed: 'yes', completed: true })
	expect((await records(user.id)).certificates).toHaveLength(1)
})

test('a final passed offline after the course was completed online counts as practice: graded and shown, no attempt, no second certificate', async () => {
	const { user, cookie } = await signedIn()
	const c = await fiveLessons()
	const final = c.quizzes.find((q) => q.kind === 'final')
	if (!final) throw new Error('no final')
	// Online: every lesson and a final of 50, then one of 100 that completes the course.
	for (const l of c.lessons) await completeLesson({ userId: user.id, course: c, lessonId: l.id, locale: 'kk' })
	await submitQuiz({ userId: user.id, course: c, locale: 'kk', submission: { quizId: final.id, nonce: uuid(), answers: { f1: ['a'], f2: ['a'] } } })
	expect(await submitQuiz({ userId: user.id, course: c, locale: 'kk', submission: { quizId: final.id, nonce: uuid(), answers: { f1: ['a'], f2: ['a', 'b'] } } })).toMatchObject({ completed: true })
	const before = await records(user.id)
	expect(before.certificates).toEqual([{ code: expect.any(String), score: 100 }])
	// The phone, offline since before the completion: a lesson done again, a failed and a passed final.
	const failed = { ...passingFinal(), answers: { f1: ['b'], f2: ['c'] } }
	const passed = passingFinal()
	const answer = await sync(cookie, [lessonDone('02-two'), failed, passed])
	expect(answer.events.map((e) => e.status)).toEqual(['applied', 'applied', 'applied'])
	expect(answer.events[0]?.result).toMatchObject({ lessonSlug: '02-two', completed: false })
	expect(answer.events[1]?.result).toMatchObject({ practice: true, passed: 'n/a', score: 0, completed: false, best: 100 })
	expect(answer.events[2]?.result).toMatchObject({ practice: true, passed: 'n/a', score: 100, completed: false, best: 100, results: [{ key: 'f1', correct: true }, { key: 'f2', correct: true }] })
	expect(answer.courses[0]).toMatchObject({ completed: true, finalScore: 100, certificate: before.certificates[0]?.code })
	// Nothing stored but the three events' records: the kept score and the certificate are the online ones.
	expect(await records(user.id)).toEqual({ ...before, events: 3 })
})

test('a sync for a course withdrawn while the phone was offline is refused with the reason, and writes nothing', async () => {
	const { user, cookie } = await signedIn()
	const c = await fiveLessons()
	// The teacher enrolled and did a lesson online, saved the course, then went offline.
	await completeLesson({ userId: user.id, course: c, lessonId: c.lessons[0]?.id ?? 0, locale: 'kk' })
	const before = await records(user.id)
	const db = await getDb()
	// A reviewer withdraws the course: its published revision is archived, none is published.
	await db.update(courseRevisions).set({ status: 'archived' }).where(eq(courseRevisions.id, c.revisionId))
	try {
		const queued = [lessonDone('02-two'), { id: uuid(), kind: 'quizAttempt', courseSlug: SLUG, quizKind: 'lesson', lessonSlug: '02-two', answers: { q1: ['a'] }, answeredAt: when }, passingFinal()]
		const answer = await sync(cookie, queued)
		expect(answer.events.map((e) => [e.id, e.status, e.reason])).toEqual(queued.map((e) => [e.id, 'refused', 'course_withdrawn']))
		expect(answer.events[0]?.message).toBe('Курс жарияланымнан алынды: бұл жұмыс енді есепке алынбайды. Жауаптарыңыз құрылғыда сақталды.')
		// No state for a course she can no longer see; not a row written, not an event recorded, so the device keeps them.
		expect(answer.courses).toEqual([])
		expect(await records(user.id)).toEqual(before)
	} finally {
		// Published again for the other tests of this file.
		await db.update(courseRevisions).set({ status: 'published' }).where(eq(courseRevisions.id, c.revisionId))
	}
})

test('two syncs of the same queue at once (two tabs, a retry racing the first request) apply each event once', async () => {
	const { user, cookie } = await signedIn()
	const queue = [{ id: uuid(), kind: 'enrol', courseSlug: SLUG, locale: 'kk' }, ...lessonSlugs.map(lessonDone), passingFinal()]
	const [a, b] = await Promise.all([sync(cookie, queue), sync(cookie, queue)])
	// Each event is applied by exactly one of the two and answered as a duplicate with the same result by the other.
	for (const [i, event] of queue.entries()) {
		const pair = [a.events[i], b.events[i]]
		expect(pair.map((e) => e?.id)).toEqual([event.id, event.id])
		expect(pair.map((e) => e?.status).sort()).toEqual(['applied', 'duplicate'])
		expect(pair[0]?.result).toEqual(pair[1]?.result)
	}
	const r = await records(user.id)
	expect(r.lessons).toHaveLength(5)
	expect(r.attempts).toEqual([{ quizId: expect.any(Number), score: 100, passed: 'yes' }])
	expect(r.enrolment).toEqual([{ lessonsDone: 5, finalScore: 100, completed: true }])
	expect(r.certificates).toHaveLength(1)
	expect(r.events).toBe(queue.length)
})
