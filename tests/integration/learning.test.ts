import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { and, eq } from 'drizzle-orm'
import { beforeAll, expect, test } from 'vitest'
import { getDb } from '#app/db/client.server.ts'
import { courseRevisions, enrolments, lessonProgress, quizAttempts } from '#app/db/schema/index.ts'
import { syncContent } from '#app/modules/content/sync.server.ts'
import { courseProgress } from '#app/modules/learning/lesson-page.server.ts'
import { completeLesson, enrol, submitQuiz } from '#app/modules/learning/progress.server.ts'
import { getPublishedStructure, type CourseStructure } from '#app/modules/learning/structure.server.ts'
import { createUser, makeRequest, routeArgs, run, signedIn } from '#tests/factories.ts'
import * as lessonRoute from '#app/routes/learning.lesson.tsx'

let root: string

async function copyFixture() {
	root = await fs.mkdtemp(path.join(os.tmpdir(), 'ortaq-content-'))
	await fs.cp(path.resolve('tests/fixtures/courses'), root, { recursive: true })
}

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
	await copyFixture()
	const results = await syncContent({ root })
	expect(results).toEqual([{ slug: 'mini-course', status: 'published', revision: 1, problems: [] }])
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
	expect(progress.left).toEqual({ lessons: 2, final: true, complete: false })
	const passing = await submitQuiz({ userId: user.id, course: c, locale: 'kk', submission: { quizId: final.id, nonce: crypto.randomUUID(), answers: { f1: ['a'], f2: ['a', 'b'] } } })
	assertOk(passing)
	expect(passing.passed).toBe('yes')
	expect(passing.completed).toBe(false)
	progress = await courseProgress({ userId: user.id, course: c })
	expect(progress.left).toEqual({ lessons: 2, final: false, complete: false })
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
