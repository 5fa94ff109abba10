import { and, eq } from 'drizzle-orm'
import { beforeAll, expect, test } from 'vitest'
import { getDb } from '#app/db/client.server.ts'
import { certificates, enrolments, lessonProgress, quizAttempts } from '#app/db/schema/index.ts'
import { completeLesson, submitQuiz } from '#app/modules/learning/progress.server.ts'
import type { CourseStructure } from '#app/modules/learning/structure.server.ts'
import { createUser, publishFixtureCourse } from '#tests/factories.ts'

// DESIGN.md: a certificate is issued exactly once per learner and course, even under concurrent requests.
// Fifty at once is what a double-clicking teacher on a flaky link, retried by the browser and a proxy, can send.
const AT_ONCE = 50
let course: CourseStructure

beforeAll(async () => {
	course = (await publishFixtureCourse()).course
})

function finalQuiz() {
	const quiz = course.quizzes.find((q) => q.kind === 'final')
	if (!quiz) throw new Error('no final')
	return quiz
}

const passingAnswers = { f1: ['a'], f2: ['a', 'b'] }

async function recordsOf(userId: number) {
	const db = await getDb()
	const [certs, progress, attempts, enrolment] = await Promise.all([
		db.select().from(certificates).where(and(eq(certificates.userId, userId), eq(certificates.courseId, course.courseId))),
		db.select().from(lessonProgress).where(eq(lessonProgress.userId, userId)),
		db.select().from(quizAttempts).where(eq(quizAttempts.userId, userId)),
		db.select().from(enrolments).where(and(eq(enrolments.userId, userId), eq(enrolments.courseId, course.courseId))),
	])
	return { certs, progress, attempts, enrolment }
}

test(`${AT_ONCE} passing final assessments sent at once, all lessons done: one completion, one certificate, one serial`, async () => {
	const user = await createUser({ fullName: 'Айгерім Қайратқызы' })
	for (const lesson of course.lessons) await completeLesson({ userId: user.id, course, lessonId: lesson.id, locale: 'kk' })
	const results = await Promise.allSettled(
		Array.from({ length: AT_ONCE }, () => submitQuiz({ userId: user.id, course, locale: 'kk', submission: { quizId: finalQuiz().id, nonce: crypto.randomUUID(), answers: passingAnswers } })),
	)
	expect(results.filter((r) => r.status === 'rejected')).toEqual([])
	const answers = results.flatMap((r) => (r.status === 'fulfilled' && 'ok' in r.value ? [r.value] : []))
	// One of them completes the course; the others arrive after it and are practice (ADR 010): graded, not kept.
	expect(answers.filter((a) => a.completed)).toHaveLength(1)
	expect(answers.filter((a) => a.practice)).toHaveLength(AT_ONCE - 1)
	const { certs, attempts, enrolment } = await recordsOf(user.id)
	expect(certs).toHaveLength(1)
	expect(enrolment).toHaveLength(1)
	expect(enrolment[0]?.completedAt).toBeInstanceOf(Date)
	expect(attempts).toHaveLength(1)
	expect(certs[0]?.score).toBe(enrolment[0]?.finalScore)
	const db = await getDb()
	expect(await db.select({ serial: certificates.serial }).from(certificates).where(eq(certificates.serial, certs[0]?.serial ?? ''))).toHaveLength(1)
})

test(`the same final assessment form posted ${AT_ONCE} times at once is one attempt and one certificate`, async () => {
	const user = await createUser()
	for (const lesson of course.lessons) await completeLesson({ userId: user.id, course, lessonId: lesson.id, locale: 'ru' })
	const nonce = crypto.randomUUID()
	const results = await Promise.allSettled(
		Array.from({ length: AT_ONCE }, () => submitQuiz({ userId: user.id, course, locale: 'ru', submission: { quizId: finalQuiz().id, nonce, answers: passingAnswers } })),
	)
	expect(results.filter((r) => r.status === 'rejected')).toEqual([])
	const answers = results.flatMap((r) => (r.status === 'fulfilled' && 'ok' in r.value ? [r.value] : []))
	expect(answers.filter((a) => !a.repeated)).toHaveLength(1)
	// A repeat of the form that completed the course is that attempt again, not practice.
	expect(answers.filter((a) => a.repeated)).toHaveLength(AT_ONCE - 1)
	const { certs, attempts } = await recordsOf(user.id)
	expect(attempts).toHaveLength(1)
	expect(certs).toHaveLength(1)
})

test(`"mark as done" on the last lesson ${AT_ONCE} times at once: one progress row, one completion, one certificate`, async () => {
	const user = await createUser()
	const [first, ...rest] = course.lessons
	const last = rest.at(-1)
	if (!first || !last) throw new Error('the fixture course needs two lessons')
	for (const lesson of course.lessons.slice(0, -1)) await completeLesson({ userId: user.id, course, lessonId: lesson.id, locale: 'kk' })
	await submitQuiz({ userId: user.id, course, locale: 'kk', submission: { quizId: finalQuiz().id, nonce: crypto.randomUUID(), answers: passingAnswers } })
	expect((await recordsOf(user.id)).certs).toHaveLength(0)
	const results = await Promise.allSettled(Array.from({ length: AT_ONCE }, () => completeLesson({ userId: user.id, course, lessonId: last.id, locale: 'kk' })))
	expect(results.filter((r) => r.status === 'rejected')).toEqual([])
	expect(results.filter((r) => r.status === 'fulfilled' && 'completed' in r.value && r.value.completed)).toHaveLength(1)
	const { certs, progress } = await recordsOf(user.id)
	expect(certs).toHaveLength(1)
	expect(progress.filter((p) => p.lessonId === last.id)).toHaveLength(1)
	expect(progress).toHaveLength(course.lessons.length)
})
