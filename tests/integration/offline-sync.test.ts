import fs from 'node:fs/promises'
import path from 'node:path'
import { and, asc, eq, inArray } from 'drizzle-orm'
import fc from 'fast-check'
import { beforeAll, expect, test } from 'vitest'
import { getDb } from '#app/db/client.server.ts'
import { certificates, courses, enrolments, lessonProgress, offlineEvents, quizAttempts, sessions } from '#app/db/schema/index.ts'
import { createSession, SESSION_COOKIE } from '#app/modules/auth/session.server.ts'
import { syncContent } from '#app/modules/content/sync.server.ts'
import { plainBody } from '#app/modules/http/spliced-gzip.server.ts'
import { lessonDocument } from '#app/modules/learning/lesson-document.server.tsx'
import { completeLesson, enrol, submitQuiz } from '#app/modules/learning/progress.server.ts'
import { getPublishedStructure, type CourseStructure } from '#app/modules/learning/structure.server.ts'
import { makeRequest, publishFixtureCourse, routeArgs, run, signedIn } from '#tests/factories.ts'
import * as logoutRoute from '#app/routes/auth.logout.ts'
import * as courseRoute from '#app/routes/offline.course.ts'
import * as syncRoute from '#app/routes/offline.sync.ts'
import * as manifestRoute from '#app/routes/offline.webmanifest.ts'

let root: string

beforeAll(async () => {
	;({ root } = await publishFixtureCourse())
})

async function course(): Promise<CourseStructure> {
	const c = await getPublishedStructure('mini-course')
	if (!c) throw new Error('mini-course not published')
	return c
}

const when = '2026-12-01T09:00:00+05:00'
const uuid = () => crypto.randomUUID()

/** The events of a whole course done offline: enrol, diagnostic, both lessons and the lesson quiz, a passing final. */
function wholeCourse() {
	return [
		{ id: uuid(), kind: 'enrol', courseSlug: 'mini-course', locale: 'kk' },
		{ id: uuid(), kind: 'quizAttempt', courseSlug: 'mini-course', quizKind: 'diagnostic', answers: { d1: ['b'], d2: ['a'] }, answeredAt: when },
		{ id: uuid(), kind: 'lessonDone', courseSlug: 'mini-course', lessonSlug: '01-first', doneAt: when },
		{ id: uuid(), kind: 'quizAttempt', courseSlug: 'mini-course', quizKind: 'lesson', lessonSlug: '01-first', answers: { q1: ['a'] }, answeredAt: when },
		{ id: uuid(), kind: 'lessonDone', courseSlug: 'mini-course', lessonSlug: '02-second', doneAt: when },
		{ id: uuid(), kind: 'quizAttempt', courseSlug: 'mini-course', quizKind: 'final', answers: { f1: ['a'], f2: ['a', 'b'] }, answeredAt: when },
	]
}

type SyncAnswer = {
	events: { id: string | null; status: string; reason?: string; message?: string; result?: Record<string, unknown> }[]
	courses: { courseSlug: string; revisionId: number; lessonsDone: string[]; lessonsLeft: string[]; left: { lessons: number; final: boolean; complete: boolean }; completed: boolean; finalScore: number | null; certificate: string | null }[]
}

function syncRequest(cookie: string | undefined, body: string, headers: Record<string, string> = { 'Content-Type': 'application/json' }, lang = 'kk') {
	return new Request(`http://localhost:3000/${lang}/offline/sync`, { method: 'POST', body, headers: { ...headers, ...(cookie ? { Cookie: cookie } : {}) } })
}

async function post(cookie: string | undefined, body: unknown, headers?: Record<string, string>) {
	const request = syncRequest(cookie, typeof body === 'string' ? body : JSON.stringify(body), headers)
	const response = await syncRoute.action(routeArgs(request, { lang: 'kk' }))
	return { status: response.status, headers: response.headers, body: await response.json() }
}

async function sync(cookie: string, events: unknown[]): Promise<SyncAnswer> {
	const answer = await post(cookie, { events })
	expect(answer.status).toBe(200)
	return answer.body
}

/** Everything a learner's work leaves in the database, without ids, nonces and times. */
async function records(userId: number) {
	const db = await getDb()
	const enrolment = await db
		.select({ locale: enrolments.locale, lessonsDone: enrolments.lessonsDone, diagnosticScore: enrolments.diagnosticScore, finalScore: enrolments.finalScore, completedAt: enrolments.completedAt })
		.from(enrolments)
		.where(eq(enrolments.userId, userId))
	const lessons = await db.select({ lessonId: lessonProgress.lessonId }).from(lessonProgress).where(eq(lessonProgress.userId, userId)).orderBy(asc(lessonProgress.lessonId))
	const attempts = await db
		.select({ quizId: quizAttempts.quizId, answers: quizAttempts.answers, score: quizAttempts.score, passed: quizAttempts.passed })
		.from(quizAttempts)
		.where(eq(quizAttempts.userId, userId))
		.orderBy(asc(quizAttempts.id))
	const certs = await db.select({ score: certificates.score, hours: certificates.hours }).from(certificates).where(eq(certificates.userId, userId))
	return { enrolment: enrolment.map((e) => ({ ...e, completedAt: e.completedAt !== null })), lessons, attempts, certificates: certs }
}

test('a whole course done offline in one batch: progress, completion and exactly one certificate', async () => {
	const { user, cookie } = await signedIn()
	const events = wholeCourse()
	const answer = await sync(cookie, events)
	expect(answer.events.map((e) => e.status)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied', 'applied'])
	expect(answer.events.map((e) => e.id)).toEqual(events.map((e) => e.id))
	const final = answer.events[5]?.result
	expect(final).toMatchObject({ quizKind: 'final', score: 100, correct: 2, total: 2, passed: 'yes', practice: false, completed: true, best: 100, ignored: [] })
	// The diagnostic as the online page shows it after submission: right or wrong per question, the correct options, explanations.
	expect(answer.events[1]?.result).toMatchObject({ quizKind: 'diagnostic', score: 0, passed: 'n/a', results: [{ key: 'd1', correct: false, chosen: ['b'], correctOptions: ['a'] }, { key: 'd2', correct: false }] })
	expect(answer.events[3]?.result).toMatchObject({ quizKind: 'lesson', lessonSlug: '01-first', score: 100, results: [{ key: 'q1', correct: true, explanation: 'Себебі солай.' }] })
	const [state] = answer.courses
	expect(state).toMatchObject({ courseSlug: 'mini-course', lessonsDone: ['01-first', '02-second'], lessonsLeft: [], left: { lessons: 0, final: false, complete: true }, completed: true, finalScore: 100 })
	const db = await getDb()
	const certs = await db.select().from(certificates).where(eq(certificates.userId, user.id))
	expect(certs).toHaveLength(1)
	expect(state?.certificate).toBe(certs[0]?.code)
	expect(await records(user.id)).toMatchObject({ enrolment: [{ locale: 'kk', lessonsDone: 2, diagnosticScore: 0, finalScore: 100, completedAt: true }], lessons: [{}, {}] })
	expect((await records(user.id)).attempts).toHaveLength(3)

	// The same batch again (the answer was lost on the way): every event a duplicate with its first result, nothing new.
	const before = await records(user.id)
	const again = await sync(cookie, events)
	expect(again.events.map((e) => e.status)).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate', 'duplicate', 'duplicate'])
	expect(again.events.map((e) => e.result)).toEqual(answer.events.map((e) => e.result))
	expect(again.courses).toEqual(answer.courses)
	expect(await records(user.id)).toEqual(before)
	expect(await db.select().from(offlineEvents).where(eq(offlineEvents.userId, user.id))).toHaveLength(6)
})

test('a sync cut halfway and retried leaves exactly the records of one online session', async () => {
	const offline = await signedIn()
	const events = wholeCourse()
	const first = await sync(offline.cookie, events.slice(0, 3))
	expect(first.events.map((e) => e.status)).toEqual(['applied', 'applied', 'applied'])
	const retry = await sync(offline.cookie, events)
	expect(retry.events.map((e) => e.status)).toEqual(['duplicate', 'duplicate', 'duplicate', 'applied', 'applied', 'applied'])

	// The same work done online by another teacher, through the pages' functions.
	const online = await signedIn()
	const c = await course()
	const quiz = (kind: string) => c.quizzes.find((q) => q.kind === kind)?.id ?? 0
	const [l1, l2] = c.lessons
	if (!l1 || !l2) throw new Error('lessons missing')
	await enrol({ userId: online.user.id, course: c, locale: 'kk' })
	await submitQuiz({ userId: online.user.id, course: c, locale: 'kk', submission: { quizId: quiz('diagnostic'), nonce: uuid(), answers: { d1: ['b'], d2: ['a'] } } })
	await completeLesson({ userId: online.user.id, course: c, lessonId: l1.id, locale: 'kk' })
	await submitQuiz({ userId: online.user.id, course: c, locale: 'kk', submission: { quizId: quiz('lesson'), nonce: uuid(), answers: { q1: ['a'] } } })
	await completeLesson({ userId: online.user.id, course: c, lessonId: l2.id, locale: 'kk' })
	await submitQuiz({ userId: online.user.id, course: c, locale: 'kk', submission: { quizId: quiz('final'), nonce: uuid(), answers: { f1: ['a'], f2: ['a', 'b'] } } })
	expect(await records(offline.user.id)).toEqual(await records(online.user.id))
})

test('two devices merge: lessons done on either count, both final attempts are kept, the best score counts, one certificate', async () => {
	const { user, cookie } = await signedIn()
	const c = await course()
	const [, l2] = c.lessons
	const final = c.quizzes.find((q) => q.kind === 'final')
	if (!l2 || !final) throw new Error('course incomplete')
	// The school computer, online: lesson 2 and a failed final (50).
	await completeLesson({ userId: user.id, course: c, lessonId: l2.id, locale: 'kk' })
	const failed = await submitQuiz({ userId: user.id, course: c, locale: 'kk', submission: { quizId: final.id, nonce: uuid(), answers: { f1: ['a'], f2: ['a'] } } })
	expect(failed).toMatchObject({ score: 50, passed: 'no' })
	// The phone, offline earlier: lesson 1 and a passing final, sent when it reconnects.
	const phone = [
		{ id: uuid(), kind: 'lessonDone', courseSlug: 'mini-course', lessonSlug: '01-first', doneAt: when },
		{ id: uuid(), kind: 'quizAttempt', courseSlug: 'mini-course', quizKind: 'final', answers: { f1: ['a'], f2: ['b', 'a'] }, answeredAt: when },
	]
	const answer = await sync(cookie, phone)
	expect(answer.events.map((e) => e.status)).toEqual(['applied', 'applied'])
	expect(answer.events[1]?.result).toMatchObject({ score: 100, passed: 'yes', completed: true, best: 100 })
	expect(answer.courses[0]).toMatchObject({ lessonsDone: ['01-first', '02-second'], completed: true, finalScore: 100 })
	const r = await records(user.id)
	expect(r.lessons).toHaveLength(2)
	expect(r.attempts.map((a) => a.score)).toEqual([50, 100])
	expect(r.certificates).toEqual([{ score: 100, hours: c.hours }])

	// A later final from either device is practice (ADR 010): graded, never stored, no extra credit.
	const practice = await sync(cookie, [{ id: uuid(), kind: 'quizAttempt', courseSlug: 'mini-course', quizKind: 'final', answers: { f1: ['b'] }, answeredAt: when }])
	expect(practice.events[0]).toMatchObject({ status: 'applied', result: { practice: true, passed: 'n/a', score: 0, completed: false } })
	expect(await records(user.id)).toEqual(r)
})

test('a sync with the other device\'s replayed events and the same events in one batch twice applies each once', async () => {
	const { user, cookie } = await signedIn()
	const id = uuid()
	const event = { id, kind: 'quizAttempt', courseSlug: 'mini-course', quizKind: 'diagnostic', answers: { d1: ['a'] }, answeredAt: when }
	const answer = await sync(cookie, [event, event, { ...event, id: id.toUpperCase(), answers: { d1: ['b'] } }])
	expect(answer.events.map((e) => e.status)).toEqual(['applied', 'duplicate', 'duplicate'])
	expect(answer.events[2]?.result).toEqual(answer.events[0]?.result)
	expect((await records(user.id)).attempts).toHaveLength(1)
	// Another teacher may send the same id: ids are per user, so it is hers and applied.
	const other = await signedIn()
	expect((await sync(other.cookie, [event])).events[0]?.status).toBe('applied')
})

test('tampered and unknown events are refused with a reason and write nothing; the good ones in the batch still apply', async () => {
	const { user, cookie } = await signedIn()
	const db = await getDb()
	// A course that exists without a published revision: withdrawn.
	await db.insert(courses).values({ slug: 'withdrawn-course', topic: 'inclusion' })
	const good = { id: uuid(), kind: 'lessonDone', courseSlug: 'mini-course', lessonSlug: '01-first', doneAt: when }
	const events = [
		{ id: uuid(), kind: 'lessonDone', courseSlug: 'no-such-course', lessonSlug: '01-first', doneAt: when },
		{ id: uuid(), kind: 'enrol', courseSlug: 'withdrawn-course', locale: 'kk' },
		{ id: uuid(), kind: 'lessonDone', courseSlug: 'mini-course', lessonSlug: '09-missing', doneAt: when },
		// Lesson 2 has no quiz.
		{ id: uuid(), kind: 'quizAttempt', courseSlug: 'mini-course', quizKind: 'lesson', lessonSlug: '02-second', answers: {}, answeredAt: when },
		// The final's questions sent as the diagnostic, and an option the question never had.
		{ id: uuid(), kind: 'quizAttempt', courseSlug: 'mini-course', quizKind: 'diagnostic', answers: { f1: ['a'] }, answeredAt: when },
		{ id: uuid(), kind: 'quizAttempt', courseSlug: 'mini-course', quizKind: 'final', answers: { f1: ['z'] }, answeredAt: when },
		// Fields the protocol does not have, wrong types, a NUL, a huge string, a prototype key.
		{ id: uuid(), kind: 'quizAttempt', courseSlug: 'mini-course', quizKind: 'final', answers: { f1: ['a'], f2: ['a', 'b'] }, answeredAt: when, score: 100, userId: 1 },
		{ id: uuid(), kind: 'lessonDone', courseSlug: ['mini-course'], lessonSlug: '01-first', doneAt: when },
		{ id: uuid(), kind: 'lessonDone', courseSlug: 'mini-course', lessonSlug: '01-first\u0000', doneAt: when },
		{ id: uuid(), kind: 'enrol', courseSlug: 'mini-course', locale: 'x'.repeat(100_000) },
		{ id: uuid(), kind: 'quizAttempt', courseSlug: 'mini-course', quizKind: 'diagnostic', lessonSlug: '01-first', answers: { d1: ['a'] }, answeredAt: when },
		{ id: uuid(), kind: 'certificate', courseSlug: 'mini-course' },
		{ id: 'not-a-uuid', kind: 'enrol', courseSlug: 'mini-course', locale: 'kk' },
		null,
		42,
		good,
	]
	const raw = JSON.stringify({ events }).replace('"answers":{}', '"answers":{"__proto__":["a"]}')
	const answer = await post(cookie, raw)
	expect(answer.status).toBe(200)
	const body: SyncAnswer = answer.body
	expect(body.events.map((e) => e.reason ?? e.status)).toEqual([
		'unknown_course',
		'course_withdrawn',
		'unknown_lesson',
		'invalid_event',
		'foreign_answers',
		'foreign_answers',
		'invalid_event',
		'invalid_event',
		'invalid_event',
		'invalid_event',
		'invalid_event',
		'invalid_event',
		'invalid_event',
		'invalid_event',
		'invalid_event',
		'applied',
	])
	expect(body.events.slice(12).map((e) => e.id)).toEqual([null, null, null, good.id])
	expect(body.events[1]?.message).toBe('Курс жарияланымнан алынды: бұл жұмыс енді есепке алынбайды. Жауаптарыңыз құрылғыда сақталды.')
	const r = await records(user.id)
	expect(r.attempts).toEqual([])
	expect(r.lessons).toHaveLength(1)
	expect(r.enrolment).toMatchObject([{ lessonsDone: 1, finalScore: null, completedAt: false }])
	expect(await db.select({ id: offlineEvents.clientId }).from(offlineEvents).where(eq(offlineEvents.userId, user.id))).toEqual([{ id: good.id }])
	// The lesson quiz of a lesson without one, with a proper body: unknown quiz.
	const noQuiz = await sync(cookie, [{ id: uuid(), kind: 'quizAttempt', courseSlug: 'mini-course', quizKind: 'lesson', lessonSlug: '02-second', answers: {}, answeredAt: when }])
	expect(noQuiz.events[0]?.reason).toBe('unknown_quiz')
	const ru = await syncRoute.action(routeArgs(syncRequest(cookie, JSON.stringify({ events: [events[0]] }), { 'Content-Type': 'application/json' }, 'ru'), { lang: 'ru' }))
	expect((await ru.json()).events[0]).toMatchObject({ reason: 'unknown_course', message: 'Такого курса нет.' })
})

test('no session or an expired one is a 401 in JSON, never a redirect; a form body is 415; a bad body 400; too much 413', async () => {
	const events = wholeCourse()
	const anonymous = await post(undefined, { events })
	expect(anonymous.status).toBe(401)
	expect(anonymous.body).toMatchObject({ error: 'unauthorized' })
	expect(anonymous.body.message).toContain('қайта кіріңіз')
	const { user, cookie } = await signedIn()
	const db = await getDb()
	const token = await createSession({ userId: user.id })
	await db.update(sessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(sessions.id, token.split('.')[0] ?? ''))
	expect((await post(`${SESSION_COOKIE}=${token}`, { events })).status).toBe(401)

	const form = await syncRoute.action(routeArgs(makeRequest('/kk/offline/sync', { cookie, form: { events: 'x' } }), { lang: 'kk' }))
	expect(form.status).toBe(415)
	expect((await post(cookie, '{"events": [', { 'Content-Type': 'application/json' })).body).toMatchObject({ error: 'invalid_json' })
	for (const body of ['null', '[]', '{"events": {}}', '"events"', '{"__proto__": {"events": []}}']) {
		const answer = await post(cookie, body)
		expect(answer.status, body).toBe(400)
	}
	const many = Array.from({ length: 501 }, () => ({ id: uuid(), kind: 'enrol', courseSlug: 'mini-course', locale: 'kk' }))
	expect((await post(cookie, { events: many })).status).toBe(413)
	const huge = JSON.stringify({ events: [{ id: uuid(), kind: 'enrol', courseSlug: 'mini-course', locale: 'kk', pad: 'x'.repeat(1024 * 1024) }] })
	const big = await post(cookie, huge)
	expect(big.status).toBe(413)
	expect(big.body).toMatchObject({ error: 'payload_too_large' })
	expect((await post(cookie, huge, { 'Content-Type': 'application/json', 'Content-Length': String(huge.length) })).status).toBe(413)
	expect(await records(user.id)).toEqual({ enrolment: [], lessons: [], attempts: [], certificates: [] })
	expect(anonymous.headers.get('Cache-Control')).toBe('private, no-store')
})

test('the course package lists her pages, sizes and questions without answers or explanations; only for the enrolled', async () => {
	const { user, cookie } = await signedIn()
	const get = async (who: string | undefined, slug = 'mini-course', lang = 'kk') => {
		const response = await courseRoute.loader(routeArgs(makeRequest(`/${lang}/offline/courses/${slug}`, { cookie: who }), { lang, slug }))
		return { status: response.status, headers: response.headers, text: await response.text() }
	}
	expect((await get(undefined)).status).toBe(401)
	const notEnrolled = await get(cookie)
	expect(notEnrolled.status).toBe(403)
	expect(JSON.parse(notEnrolled.text)).toMatchObject({ error: 'not_enrolled' })
	expect((await get(cookie, 'no-such-course')).status).toBe(404)
	expect((await get(cookie, '__proto__')).status).toBe(404)
	await sync(cookie, [{ id: uuid(), kind: 'enrol', courseSlug: 'mini-course', locale: 'kk' }])
	const answer = await get(cookie)
	expect(answer.status).toBe(200)
	expect(answer.headers.get('Cache-Control')).toBe('private, no-cache')
	const pack = JSON.parse(answer.text)
	const c = await course()
	expect(pack).toMatchObject({ courseSlug: 'mini-course', revisionId: c.revisionId, locale: 'kk', syncUrl: '/kk/offline/sync', state: { enrolled: true, lessonsDone: [] } })
	expect(pack.lessons.map((l: { slug: string; locale: string; url: string }) => [l.slug, l.locale, l.url])).toEqual([
		['01-first', 'kk', '/kk/courses/mini-course/lessons/01-first'],
		// Lesson 2 has no Kazakh text: the Russian one, as online.
		['02-second', 'ru', '/kk/courses/mini-course/lessons/02-second'],
	])
	expect(pack.lessons[0].quiz.questions).toEqual([{ key: 'q1', type: 'single', text: 'Дұрыс жауап қайсы?', options: [{ id: 'a', text: 'Осы' }, { id: 'b', text: 'Анау' }] }])
	expect(pack.diagnostic.questions).toHaveLength(2)
	expect(pack.final.url).toBe('/kk/courses/mini-course/assessment/final')
	expect(answer.text).not.toMatch(/correct|explanation|Себебі солай/)
	// Measuring the pages touched nothing: "resume" still points where it did (nowhere yet).
	const db = await getDb()
	const [e] = await db.select({ last: enrolments.lastLessonId }).from(enrolments).where(eq(enrolments.userId, user.id))
	expect(e?.last).toBeNull()
	// A lesson's size is the page she would load.
	const page = await lessonDocument({ lang: 'kk', slug: 'mini-course', lesson: '01-first', cookie })
	if (!page) throw new Error('no direct page')
	expect(pack.lessons[0].bytes).toBe(plainBody(page.parts).length)
	const sum = pack.lessons.reduce((s: number, l: { bytes: number }) => s + l.bytes, 0)
	expect(pack.totalBytes).toBeGreaterThan(sum + answer.text.length - 100)
	// The stylesheets have URLs only in a build; the icon is there in every run.
	expect(pack.assets).toContainEqual({ url: '/favicon.svg', bytes: (await fs.stat('public/favicon.svg')).size })
})

test('the web app manifest is in the page language; logging out tells the browser to clear saved courses and queued answers', async () => {
	for (const lang of ['kk', 'ru'] as const) {
		const response = manifestRoute.loader(routeArgs(makeRequest(`/${lang}/manifest.webmanifest`), { lang }))
		expect(response.headers.get('Content-Type')).toBe('application/manifest+json; charset=utf-8')
		const manifest = await response.json()
		expect(manifest).toMatchObject({ lang, start_url: `/${lang}/my`, display: 'standalone' })
		expect(manifest.name).toBe(lang === 'kk' ? 'Ortaq — мұғалімдердің біліктілігін арттыру' : 'Ortaq — повышение квалификации учителей')
		for (const icon of manifest.icons) await fs.access(path.resolve('public', `.${icon.src}`))
	}
	const { cookie } = await signedIn()
	const out = await run(() => logoutRoute.action(routeArgs(makeRequest('/kk/logout', { cookie, form: {} }), { lang: 'kk' })))
	if (!(out instanceof Response)) throw new Error('logout answered without a response')
	expect(out.status).toBe(302)
	expect(out.headers.get('Clear-Site-Data')).toBe('"cache", "storage"')
})

test('a new revision is picked up: answers to a removed question are ignored and said so, progress keeps to the lesson identity', async () => {
	const { user, cookie } = await signedIn()
	const before = await course()
	const queued = [
		{ id: uuid(), kind: 'lessonDone', courseSlug: 'mini-course', lessonSlug: '01-first', doneAt: when },
		{ id: uuid(), kind: 'quizAttempt', courseSlug: 'mini-course', quizKind: 'final', answers: { f1: ['a'], f2: ['a', 'b'] }, answeredAt: when },
	]
	// While the phone was offline, the final lost question f2 and got f3.
	const finalFile = path.join(root, 'mini-course/final.json')
	const final = JSON.parse(await fs.readFile(finalFile, 'utf8'))
	final.questions[1].id = 'f3'
	await fs.writeFile(finalFile, JSON.stringify(final))
	const results = await syncContent({ root })
	expect(results.find((r) => r.slug === 'mini-course')).toMatchObject({ status: 'published', revision: 2 })
	const after = await course()
	expect(after.revisionId).not.toBe(before.revisionId)
	const answer = await sync(cookie, queued)
	expect(answer.events.map((e) => e.status)).toEqual(['applied', 'applied'])
	expect(answer.events[1]?.result).toMatchObject({ ignored: ['f2'], total: 2, correct: 1, score: 50, passed: 'no' })
	expect(answer.courses[0]).toMatchObject({ revisionId: after.revisionId, lessonsDone: ['01-first'] })
	const db = await getDb()
	const [attempt] = await db.select().from(quizAttempts).where(and(eq(quizAttempts.userId, user.id), inArray(quizAttempts.quizId, after.quizzes.map((q) => q.id))))
	expect(attempt?.answers).toEqual({ f1: ['a'] })
	// A key the final never had is still foreign.
	const foreign = await sync(cookie, [{ id: uuid(), kind: 'quizAttempt', courseSlug: 'mini-course', quizKind: 'final', answers: { d1: ['a'] }, answeredAt: when }])
	expect(foreign.events[0]?.reason).toBe('foreign_answers')
})

test('hostile JSON never gets a 500, and a refused event writes nothing', { timeout: 240_000 }, async () => {
	const { user, cookie } = await signedIn()
	await sync(cookie, [{ id: uuid(), kind: 'enrol', courseSlug: 'mini-course', locale: 'kk' }])
	const nasty = fc.constantFrom('\u0000', '\uD800', '__proto__', 'constructor', 'x'.repeat(5000), '', '01-first', 'mini-course', 'final', 'lesson', 'a', 'f1', 'q1', 'd1', 'kk')
	const anyValue = fc.oneof(nasty, fc.string({ maxLength: 20 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(nasty, { maxLength: 3 }), fc.dictionary(nasty, fc.array(nasty, { maxLength: 2 }), { maxKeys: 3 }))
	const fieldNames = fc.constantFrom('id', 'kind', 'courseSlug', 'lessonSlug', 'quizKind', 'answers', 'answeredAt', 'doneAt', 'locale', '__proto__', 'userId')
	const base = fc.constantFrom(...wholeCourse())
	const event = fc.oneof(
		fc.tuple(base, fc.dictionary(fieldNames, anyValue, { maxKeys: 3 })).map(([b, extra]) => ({ ...b, id: uuid(), ...extra })),
		fc.dictionary(fieldNames, anyValue, { maxKeys: 6 }),
		anyValue,
	)
	const db = await getDb()
	await fc.assert(
		fc.asyncProperty(fc.array(event, { maxLength: 6 }), async (events) => {
			const before = await records(user.id)
			const answer = await post(cookie, { events })
			expect(answer.status).toBe(200)
			const body: SyncAnswer = answer.body
			expect(body.events).toHaveLength(events.length)
			if (body.events.every((e) => e.status !== 'applied')) expect(await records(user.id)).toEqual(before)
			for (const e of body.events.filter((x) => x.status === 'refused')) {
				if (e.id) expect(await db.select().from(offlineEvents).where(and(eq(offlineEvents.userId, user.id), eq(offlineEvents.clientId, e.id)))).toEqual([])
			}
		}),
		{ numRuns: Number(process.env.FUZZ_RUNS ?? 40) },
	)
})
