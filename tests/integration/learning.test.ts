import fs from 'node:fs/promises'
import path from 'node:path'
import { and, eq } from 'drizzle-orm'
import { beforeAll, expect, test } from 'vitest'
import { getDb } from '#app/db/client.server.ts'
import { certificates, courseRevisions, enrolments, lessonProgress, quizAttempts } from '#app/db/schema/index.ts'
import { syncContent } from '#app/modules/content/sync.server.ts'
import { courseProgress } from '#app/modules/learning/lesson-page.server.ts'
import { completeLesson, enrol, submitQuiz } from '#app/modules/learning/progress.server.ts'
import { getPublishedStructure, type CourseStructure } from '#app/modules/learning/structure.server.ts'
import { fixedT } from '#app/modules/i18n/i18n.ts'
import { getResources } from '#app/modules/i18n/resources.server.ts'
import { lessonTopHtml } from '#app/modules/learning/lesson-markup.ts'
import { createUser, makeRequest, publishFixtureCourse, routeArgs, run, signedIn } from '#tests/factories.ts'
import * as assessmentRoute from '#app/routes/learning.assessment.tsx'
import * as courseRoute from '#app/routes/learning.course.tsx'
import * as lessonRoute from '#app/routes/learning.lesson.tsx'
import * as verifyRoute from '#app/routes/certificates.verify.tsx'

let root: string

async function course(): Promise<CourseStructure> {
	const c = await getPublishedStructure('mini-course')
	if (!c) throw new Error('mini-course not published')
	return c
}

/** Fails the test with the error that came back, and narrows the result to its success branch. */
function assertOk<T extends object>(result: T): asserts result is Exclude<T, { error: string }> {
	if ('error' in result && typeof result.error === 'string') throw new Error(`unexpected ${result.error}`)
}

function quizOf(c: CourseStructure, kind: 'lesson' | 'diagnostic' | 'final') {
	const q = c.quizzes.find((x) => x.kind === kind)
	if (!q) throw new Error(`no ${kind} quiz`)
	return q
}

beforeAll(async () => {
	const published = await publishFixtureCourse()
	root = published.root
	expect(published.results).toEqual([{ slug: 'mini-course', status: 'published', revision: 1, problems: [] }])
})

test('syncing unchanged content publishes nothing new and compiles nothing', async () => {
	const again = await syncContent({ root })
	expect(again[0]?.status).toBe('unchanged')
})

test('a broken lesson is reported with file and line, and the other courses still load', async () => {
	const broken = path.join(root, 'broken-course')
	await fs.cp(path.join(root, 'mini-course'), broken, { recursive: true })
	const meta = JSON.parse(await fs.readFile(path.join(broken, 'course.json'), 'utf8'))
	await fs.writeFile(path.join(broken, 'course.json'), JSON.stringify({ ...meta, slug: 'broken-course' }))
	await fs.writeFile(path.join(broken, 'lessons/01-first/kk.mdx'), '---\ntitle: Бұзық\n---\n\nМәтін\n\n{process.exit(1)}\n')
	const results = await syncContent({ root })
	const failed = results.find((r) => r.slug === 'broken-course')
	expect(failed?.status).toBe('failed')
	expect(failed?.problems[0]?.file).toBe('lessons/01-first/kk.mdx')
	expect(failed?.problems[0]?.line).toBe(7)
	expect(results.find((r) => r.slug === 'mini-course')?.status).toBe('unchanged')
	expect(await getPublishedStructure('broken-course')).toBeNull()
	await fs.rm(broken, { recursive: true })
})

test('marking a lesson done twice records it once', async () => {
	const user = await createUser()
	const c = await course()
	const lesson = c.lessons[0]
	if (!lesson) throw new Error('no lesson')
	await Promise.all([
		completeLesson({ userId: user.id, course: c, lessonId: lesson.id, locale: 'kk' }),
		completeLesson({ userId: user.id, course: c, lessonId: lesson.id, locale: 'kk' }),
	])
	const db = await getDb()
	expect(await db.select().from(lessonProgress).where(eq(lessonProgress.userId, user.id))).toHaveLength(1)
	const [e] = await db.select().from(enrolments).where(eq(enrolments.userId, user.id))
	expect(e?.lessonsDone).toBe(1)
})

test('the same quiz form posted twice is one attempt; tampered answers get no credit', async () => {
	const user = await createUser()
	const c = await course()
	const quiz = quizOf(c, 'lesson')
	const nonce = crypto.randomUUID()
	const first = await submitQuiz({ userId: user.id, course: c, locale: 'ru', submission: { quizId: quiz.id, nonce, answers: { q1: ['a'] } } })
	assertOk(first)
	const second = await submitQuiz({ userId: user.id, course: c, locale: 'ru', submission: { quizId: quiz.id, nonce, answers: { q1: ['b'] } } })
	assertOk(second)
	expect(first.score).toBe(100)
	expect(second.repeated).toBe(true)
	expect(second.score).toBe(100)
	const db = await getDb()
	expect(await db.select().from(quizAttempts).where(eq(quizAttempts.userId, user.id))).toHaveLength(1)
	const foreign = await submitQuiz({ userId: user.id, course: c, locale: 'ru', submission: { quizId: quiz.id, nonce: crypto.randomUUID(), answers: { f1: ['a'] } } })
	expect(foreign.error).toBe('foreign_answers')
	const unknown = await submitQuiz({ userId: user.id, course: c, locale: 'ru', submission: { quizId: 999_999, nonce: crypto.randomUUID(), answers: {} } })
	expect(unknown.error).toBe('unknown_quiz')
})

test('the course completes only after every required lesson and a passing final; the learner is told what is left', async () => {
	const user = await createUser()
	const c = await course()
	await enrol({ userId: user.id, course: c, locale: 'kk' })
	const final = quizOf(c, 'final')
	const failing = await submitQuiz({ userId: user.id, course: c, locale: 'kk', submission: { quizId: final.id, nonce: crypto.randomUUID(), answers: { f1: ['b'] } } })
	assertOk(failing)
	expect(failing.passed).toBe('no')
	let progress = await courseProgress({ userId: user.id, course: c })
	expect(progress.left).toEqual({ lessons: 2, final: true, task: null, complete: false })
	const passing = await submitQuiz({ userId: user.id, course: c, locale: 'kk', submission: { quizId: final.id, nonce: crypto.randomUUID(), answers: { f1: ['a'], f2: ['a', 'b'] } } })
	assertOk(passing)
	expect(passing.passed).toBe('yes')
	expect(passing.completed).toBe(false)
	progress = await courseProgress({ userId: user.id, course: c })
	expect(progress.left).toEqual({ lessons: 2, final: false, task: null, complete: false })
	const [l1, l2] = c.lessons
	if (!l1 || !l2) throw new Error('lessons missing')
	await completeLesson({ userId: user.id, course: c, lessonId: l1.id, locale: 'kk' })
	const last = await completeLesson({ userId: user.id, course: c, lessonId: l2.id, locale: 'kk' })
	assertOk(last)
	expect(last.completed).toBe(true)
	const db = await getDb()
	const [e] = await db.select().from(enrolments).where(and(eq(enrolments.userId, user.id), eq(enrolments.courseId, c.courseId)))
	expect(e?.completedAt).toBeInstanceOf(Date)
	expect(e?.finalScore).toBe(100)
})

test('progress survives a new revision of the course', async () => {
	const user = await createUser()
	const before = await course()
	const first = before.lessons[0]
	if (!first) throw new Error('no lesson')
	await completeLesson({ userId: user.id, course: before, lessonId: first.id, locale: 'ru' })
	await fs.appendFile(path.join(root, 'mini-course/lessons/01-first/ru.mdx'), '\nДобавлен абзац.\n')
	const results = await syncContent({ root })
	expect(results[0]).toMatchObject({ slug: 'mini-course', status: 'published', revision: 2 })
	const after = await course()
	expect(after.revisionId).not.toBe(before.revisionId)
	const progress = await courseProgress({ userId: user.id, course: after })
	expect(progress.done.has(first.id)).toBe(true)
	const db = await getDb()
	const revisions = await db.select({ status: courseRevisions.status }).from(courseRevisions).where(eq(courseRevisions.courseId, after.courseId))
	expect(revisions.map((r) => r.status).sort()).toEqual(['archived', 'published'])
})

test('a lesson missing in Kazakh is shown in Russian with a notice, never blank', async () => {
	const { cookie } = await signedIn()
	const result = await run(() =>
		lessonRoute.loader(routeArgs(makeRequest('/kk/courses/mini-course/lessons/02-second', { cookie }), { lang: 'kk', slug: 'mini-course', lesson: '02-second' })),
	)
	if (result instanceof Response) throw new Error(`unexpected ${result.status}`)
	expect(result.fallback).toBe(true)
	expect(result.shownLocale).toBe('ru')
	expect(result.html).toContain('Этот урок пока есть только на русском')
})

test('a tampered quiz post to the lesson route gets 400, not 500', async () => {
	const { cookie } = await signedIn()
	const result = await run(() =>
		lessonRoute.action(routeArgs(makeRequest('/kk/courses/mini-course/lessons/01-first', { cookie, form: { intent: 'quiz', quizId: 'abc', nonce: 'x' } }), { lang: 'kk', slug: 'mini-course', lesson: '01-first' })),
	)
	const status = result instanceof Response ? result.status : 'init' in Object(result) ? Object(result).init?.status : 200
	expect(status).toBe(400)
})

test('an unknown lesson is a 404', async () => {
	const { cookie } = await signedIn()
	const result = await run(() =>
		lessonRoute.loader(routeArgs(makeRequest('/kk/courses/mini-course/lessons/nope', { cookie }), { lang: 'kk', slug: 'mini-course', lesson: 'nope' })),
	)
	expect(result instanceof Response && result.status).toBe(404)
})

/** The payload of an action that returned data() or a plain object. */
function payload(result: unknown) {
	if (result instanceof Response) throw new Error(`unexpected response ${result.status}`)
	return result && typeof result === 'object' && 'data' in result && 'init' in result ? result.data : result
}

test('the final assessment keeps the best score until the course is completed; after that an attempt is practice: stored nowhere, and the page, certificate and verification agree', async () => {
	const { user, cookie } = await signedIn()
	const c = await course()
	const final = quizOf(c, 'final')
	const params = { lang: 'kk', slug: 'mini-course', kind: 'final' }
	const path = '/kk/courses/mini-course/assessment/final'
	const post = (answers: Record<string, string[]>) =>
		run(() => assessmentRoute.action(routeArgs(makeRequest(path, { cookie, form: { quizId: String(final.id), nonce: crypto.randomUUID(), ...answers } }), params)))
	const page = async () => {
		const result = await run(() => assessmentRoute.loader(routeArgs(makeRequest(path, { cookie }), params)))
		if (result instanceof Response) throw new Error(`unexpected ${result.status}`)
		return result
	}
	const right = { 'q:f1': ['a'], 'q:f2': ['a', 'b'] }
	const wrong = { 'q:f1': ['b'], 'q:f2': ['c'] }

	// Passed with lessons still to do: a weaker attempt keeps the pass and says so.
	expect(payload(await post(right))).toMatchObject({ completed: false, practice: false, best: 100, feedback: { score: 100, passed: 'yes' } })
	expect(payload(await post(wrong))).toMatchObject({ completed: false, practice: false, best: 100, feedback: { score: 0, passed: 'no' } })
	expect((await page()).kept).toEqual({ score: 100, count: 2 })

	for (const lesson of c.lessons) await completeLesson({ userId: user.id, course: c, lessonId: lesson.id, locale: 'kk' })
	const completed = await page()
	expect(completed.completed).toBe(true)

	// After completion: graded and shown as practice, passing or failing nothing, stored nowhere.
	const practice = payload(await post(wrong))
	expect(practice).toMatchObject({ completed: false, practice: true, best: 100, feedback: { score: 0, passed: 'n/a' } })
	expect(payload(await post(right))).toMatchObject({ completed: false, practice: true, feedback: { score: 100, passed: 'n/a' } })
	expect((await page()).kept).toEqual({ score: 100, count: 2 })
	const db = await getDb()
	expect(await db.select().from(quizAttempts).where(and(eq(quizAttempts.userId, user.id), eq(quizAttempts.quizId, final.id)))).toHaveLength(2)
	const [e] = await db.select().from(enrolments).where(and(eq(enrolments.userId, user.id), eq(enrolments.courseId, c.courseId)))
	const [cert] = await db.select().from(certificates).where(eq(certificates.userId, user.id))
	expect([e?.finalScore, cert?.score]).toEqual([100, 100])
	const verified = await run(() => verifyRoute.loader(routeArgs(makeRequest(`/kk/verify/${cert?.code}`), { lang: 'kk', code: cert?.code ?? '' })))
	expect(verified).toMatchObject({ result: { certificate: { score: 100 } } })
	const coursePage = await run(() => courseRoute.loader(routeArgs(makeRequest('/kk/courses/mini-course', { cookie }), { lang: 'kk', slug: 'mini-course' })))
	expect(coursePage).toMatchObject({ completed: true, final: { best: 100, attempts: 2 } })
})

test('the course page shows the first diagnostic, the baseline of knowledge gain, and says the diagnostic is optional while it is not taken', async () => {
	const { user, cookie } = await signedIn()
	const c = await course()
	await enrol({ userId: user.id, course: c, locale: 'kk' })
	const load = async () => {
		const result = await run(() => courseRoute.loader(routeArgs(makeRequest('/kk/courses/mini-course', { cookie }), { lang: 'kk', slug: 'mini-course' })))
		if (result instanceof Response) throw new Error(`unexpected ${result.status}`)
		return result
	}
	expect((await load()).diagnostic).toEqual({ taken: false, score: null })
	const diagnostic = quizOf(c, 'diagnostic')
	await submitQuiz({ userId: user.id, course: c, locale: 'kk', submission: { quizId: diagnostic.id, nonce: crypto.randomUUID(), answers: { d1: ['b'] } } })
	await submitQuiz({ userId: user.id, course: c, locale: 'kk', submission: { quizId: diagnostic.id, nonce: crypto.randomUUID(), answers: { d1: ['a'], d2: ['a', 'b'] } } })
	expect((await load()).diagnostic).toEqual({ taken: true, score: 0 })
	const assessment = await run(() =>
		assessmentRoute.loader(routeArgs(makeRequest('/kk/courses/mini-course/assessment/diagnostic', { cookie }), { lang: 'kk', slug: 'mini-course', kind: 'diagnostic' })),
	)
	expect(assessment).toMatchObject({ kept: { score: 0, count: 2 } })
})

test('"mark as done" redirects to the next lesson naming the lesson done, and that page confirms it in a status message; the last one confirms on the course page', async () => {
	const { cookie } = await signedIn()
	const c = await course()
	const [first, second] = c.lessons
	if (!first || !second) throw new Error('lessons missing')
	const mark = (slug: string) =>
		run(() => lessonRoute.action(routeArgs(makeRequest(`/ru/courses/mini-course/lessons/${slug}`, { cookie, form: { intent: 'complete' } }), { lang: 'ru', slug: 'mini-course', lesson: slug })))
	const redirected = await mark(first.slug)
	if (!(redirected instanceof Response)) throw new Error('no redirect')
	expect(redirected.headers.get('Location')).toBe(`/ru/courses/mini-course/lessons/${second.slug}?done=${first.slug}`)
	const view = async (url: string) => {
		const result = await run(() => lessonRoute.loader(routeArgs(makeRequest(url, { cookie }), { lang: 'ru', slug: 'mini-course', lesson: second.slug })))
		if (result instanceof Response) throw new Error(`unexpected ${result.status}`)
		return result
	}
	const confirmed = await view(`/ru/courses/mini-course/lessons/${second.slug}?done=${first.slug}`)
	expect(confirmed.markedDone).toBe(first.versions.ru?.title)
	const markup = lessonTopHtml(confirmed, fixedT('ru', getResources('ru'), 'learning'), 'ru').value
	expect(markup).toContain(`<p class="notice notice--success" role="status">Урок «${first.versions.ru?.title}» отмечен как пройденный.</p>`)
	// Only a lesson that is done is confirmed, and a plain visit shows nothing.
	expect((await view(`/ru/courses/mini-course/lessons/${second.slug}?done=${second.slug}`)).markedDone).toBeNull()
	expect((await view(`/ru/courses/mini-course/lessons/${second.slug}?done=<script>`)).markedDone).toBeNull()
	const plain = await view(`/ru/courses/mini-course/lessons/${second.slug}`)
	expect(plain.markedDone).toBeNull()
	expect(lessonTopHtml(plain, fixedT('ru', getResources('ru'), 'learning'), 'ru').value).not.toContain('role="status"')

	const last = await mark(second.slug)
	if (!(last instanceof Response)) throw new Error('no redirect')
	expect(last.headers.get('Location')).toBe(`/ru/courses/mini-course?done=${second.slug}`)
	const coursePage = await run(() => courseRoute.loader(routeArgs(makeRequest(`/ru/courses/mini-course?done=${second.slug}`, { cookie }), { lang: 'ru', slug: 'mini-course' })))
	expect(coursePage).toMatchObject({ markedDone: second.versions.ru?.title })
})
