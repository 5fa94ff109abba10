import { and, desc, eq, inArray, sql } from 'drizzle-orm'
import { getDb, preparedQuery, type Queryable, type Tx } from '#app/db/client.server.ts'
import { enrolments, lessonProgress, quizAttempts, revisionLessons, taskSubmissions, type QuizAnswers } from '#app/db/schema/index.ts'
import { recordAssignmentStarts } from '#app/modules/assignments/assignments.server.ts'
import { issueCertificate } from '#app/modules/certificates/certificates.server.ts'
import { remaining } from './completion.ts'
import { answersBelongTo, grade } from './grading.ts'
import type { CourseStructure } from './structure.server.ts'

const enrolmentQuery = preparedQuery((db) =>
	db
		.select()
		.from(enrolments)
		.where(and(eq(enrolments.userId, sql.placeholder('userId')), eq(enrolments.courseId, sql.placeholder('courseId'))))
		.prepare('ortaq_enrolment'),
)

export async function getEnrolment({ userId, courseId }: { userId: number; courseId: number }, db?: Queryable) {
	if (!db) {
		const [row] = await enrolmentQuery(await getDb()).execute({ userId, courseId })
		return row ?? null
	}
	const [row] = await db
		.select()
		.from(enrolments)
		.where(and(eq(enrolments.userId, userId), eq(enrolments.courseId, courseId)))
	return row ?? null
}

/**
 * Runs a change in the caller's transaction when given one (the offline sync applies each event in
 * its own transaction together with its record, ADR 014), else in a transaction of its own.
 */
async function inTransaction<T>(tx: Tx | undefined, fn: (tx: Tx) => Promise<T>): Promise<T> {
	if (tx) return fn(tx)
	return (await getDb()).transaction(fn)
}

/**
 * Creates the enrolment if there is none; a new one also marks the teacher as started on the
 * assignments of the course that target her school (ADR 015). The lesson path pays one insert
 * that finds a row already there.
 */
async function startEnrolment(tx: Tx, { userId, courseId, locale }: { userId: number; courseId: number; locale: 'kk' | 'ru' }) {
	const created = await tx.insert(enrolments).values({ userId, courseId, locale }).onConflictDoNothing().returning({ id: enrolments.id })
	if (created.length > 0) await recordAssignmentStarts(tx, { userId, courseId })
}

/** Enrols once; enrolling again keeps the original row and its progress. */
export async function enrol({ userId, course, locale, tx }: { userId: number; course: CourseStructure; locale: 'kk' | 'ru'; tx?: Tx }) {
	await inTransaction(tx, async (tx) => {
		await startEnrolment(tx, { userId, courseId: course.courseId, locale })
		// Lessons done before (for example in an earlier enrolment) still count.
		await recountLessons(tx, { userId, course })
	})
	return getEnrolment({ userId, courseId: course.courseId }, tx)
}

/** Lessons this user has done in the course (any revision: lessons keep their identity). */
const doneLessonsQuery = preparedQuery((db) =>
	db
		.select({ lessonId: lessonProgress.lessonId })
		.from(lessonProgress)
		.innerJoin(revisionLessons, eq(revisionLessons.lessonId, lessonProgress.lessonId))
		.where(and(eq(lessonProgress.userId, sql.placeholder('userId')), eq(revisionLessons.revisionId, sql.placeholder('revisionId'))))
		.prepare('ortaq_done_lessons'),
)

export async function doneLessonIds({ userId, course }: { userId: number; course: CourseStructure }, db?: Queryable) {
	const ids = course.lessons.map((l) => l.id)
	if (!ids.length) return new Set<number>()
	if (!db) {
		const rows = await doneLessonsQuery(await getDb()).execute({ userId, revisionId: course.revisionId })
		return new Set(rows.map((r) => r.lessonId))
	}
	const rows = await db
		.select({ lessonId: lessonProgress.lessonId })
		.from(lessonProgress)
		.where(and(eq(lessonProgress.userId, userId), inArray(lessonProgress.lessonId, ids)))
	return new Set(rows.map((r) => r.lessonId))
}

/** Lessons done of the current revision's required ones, as SQL, so a new revision is reflected. */
function requiredDoneCount({ userId, course }: { userId: number; course: CourseStructure }) {
	return sql<number>`(select count(*)::int from ${lessonProgress} join ${revisionLessons} on ${revisionLessons.lessonId} = ${lessonProgress.lessonId} and ${revisionLessons.revisionId} = ${course.revisionId} and ${revisionLessons.required} where ${lessonProgress.userId} = ${userId})`
}

async function recountLessons(tx: Tx, { userId, course }: { userId: number; course: CourseStructure }) {
	await tx
		.update(enrolments)
		.set({ lessonsDone: requiredDoneCount({ userId, course }) })
		.where(and(eq(enrolments.userId, userId), eq(enrolments.courseId, course.courseId)))
}

async function finalPassed(tx: Queryable, { userId, course }: { userId: number; course: CourseStructure }) {
	const final = course.quizzes.find((q) => q.kind === 'final')
	if (!final) return true
	const [row] = await tx
		.select({ id: quizAttempts.id })
		.from(quizAttempts)
		.where(and(eq(quizAttempts.userId, userId), eq(quizAttempts.quizId, final.id), eq(quizAttempts.passed, 'yes')))
		.limit(1)
	return Boolean(row)
}

/** The status of the learner's practical task in the course, null when she has sent nothing (ADR 018). */
export async function taskStatusOf(db: Queryable, { userId, courseId }: { userId: number; courseId: number }) {
	const [row] = await db
		.select({ status: taskSubmissions.status })
		.from(taskSubmissions)
		.where(and(eq(taskSubmissions.userId, userId), eq(taskSubmissions.courseId, courseId)))
	return row?.status ?? null
}

/** The enrolment's row as the completion check needs it, read under the row lock the caller holds. */
type LockedEnrolment = { id: number; completedAt: Date | null; lessonsDone: number }

/**
 * Marks the course completed when nothing is left, once, and runs the completion hooks. A caller
 * that already holds the enrolment's row lock passes the row it read (it cannot have changed since),
 * and whether the final is known to be passed; the final's attempts are read only when the lessons
 * are all done, so a lesson posted with lessons still left costs no query here. Called by the lesson,
 * quiz and (ADR 018) task-acceptance transactions.
 */
export async function completeIfDone(tx: Tx, { userId, course, locked, passedFinal }: { userId: number; course: CourseStructure; locked?: LockedEnrolment; passedFinal?: boolean }) {
	let enrolment = locked
	if (!enrolment) {
		;[enrolment] = await tx
			.select({ id: enrolments.id, completedAt: enrolments.completedAt, lessonsDone: enrolments.lessonsDone })
			.from(enrolments)
			.where(and(eq(enrolments.userId, userId), eq(enrolments.courseId, course.courseId)))
			.for('update')
	}
	if (!enrolment || enrolment.completedAt) return false
	const requiredLessons = course.lessons.filter((l) => l.required).length
	const hasFinal = course.quizzes.some((q) => q.kind === 'final')
	if (requiredLessons - enrolment.lessonsDone > 0) return false
	const left = remaining({
		requiredLessons,
		requiredDone: enrolment.lessonsDone,
		hasFinal,
		finalPassed: passedFinal ?? (await finalPassed(tx, { userId, course })),
		task: course.task ? { required: course.task.requiredForCertificate, status: await taskStatusOf(tx, { userId, courseId: course.courseId }) } : undefined,
	})
	if (!left.complete) return false
	await tx.update(enrolments).set({ completedAt: new Date() }).where(eq(enrolments.id, enrolment.id))
	await issueCertificate(tx, { userId, courseId: course.courseId, revisionId: course.revisionId })
	return true
}

/**
 * Remembers the lesson as the last one, recounts the lessons done and locks the enrolment, in
 * one statement; null when there is no enrolment yet.
 */
async function touchAndRecount(tx: Tx, { userId, course, lessonId }: { userId: number; course: CourseStructure; lessonId: number }) {
	const [row] = await tx
		.update(enrolments)
		.set({ lastLessonId: lessonId, lastActivityAt: new Date(), lessonsDone: requiredDoneCount({ userId, course }) })
		.where(and(eq(enrolments.userId, userId), eq(enrolments.courseId, course.courseId)))
		.returning({ id: enrolments.id, completedAt: enrolments.completedAt, lessonsDone: enrolments.lessonsDone })
	return row ?? null
}

/**
 * Records a lesson as done (once, however often it is posted), enrolling the learner if
 * needed, and completes the course when that was the last thing left. An enrolled learner's
 * post is three statements: the progress row, the enrolment's update (which also locks it for the
 * completion check) and, only when no lesson is left, the final's attempts.
 */
export async function completeLesson({ userId, course, lessonId, locale, tx }: { userId: number; course: CourseStructure; lessonId: number; locale: 'kk' | 'ru'; tx?: Tx }) {
	if (!course.lessons.some((l) => l.id === lessonId)) return { error: 'unknown_lesson' as const }
	return inTransaction(tx, async (tx) => {
		await tx.insert(lessonProgress).values({ userId, lessonId }).onConflictDoNothing()
		let locked = await touchAndRecount(tx, { userId, course, lessonId })
		if (!locked) {
			await startEnrolment(tx, { userId, courseId: course.courseId, locale })
			locked = await touchAndRecount(tx, { userId, course, lessonId })
		}
		const completed = locked ? await completeIfDone(tx, { userId, course, locked }) : false
		return { ok: true as const, completed }
	})
}

/** Remembers the lesson a learner opened, for "resume where you stopped". */
export async function touchLesson({ userId, courseId, lessonId }: { userId: number; courseId: number; lessonId: number }) {
	const db = await getDb()
	await db
		.update(enrolments)
		.set({ lastLessonId: lessonId, lastActivityAt: new Date() })
		.where(and(eq(enrolments.userId, userId), eq(enrolments.courseId, courseId)))
}

export type QuizSubmission = { quizId: number; nonce: string; answers: QuizAnswers }

/**
 * Grades and stores a quiz attempt. The form's one-time nonce makes a repeated post return the
 * first attempt instead of adding one; answers naming other questions are refused.
 *
 * The final assessment keeps the best score until the course is completed; that score is the
 * certificate's and the reports'. After completion an attempt is practice (ADR 010): graded and
 * shown, never stored, so nothing that shows the kept score can disagree with the certificate.
 */
export async function submitQuiz({ userId, course, submission, locale, tx }: { userId: number; course: CourseStructure; submission: QuizSubmission; locale: 'kk' | 'ru'; tx?: Tx }) {
	const quiz = course.quizzes.find((q) => q.id === submission.quizId)
	if (!quiz) return { error: 'unknown_quiz' as const }
	if (!answersBelongTo(quiz.questions, submission.answers)) return { error: 'foreign_answers' as const }
	const result = grade(quiz.questions, submission.answers)
	const passed = quiz.kind === 'final' ? (result.score >= course.passThreshold ? 'yes' : 'no') : 'n/a'
	return inTransaction(tx, async (tx) => {
		let best: number | null = null
		let locked: LockedEnrolment | undefined
		if (quiz.kind === 'final') {
			// Locked, so a completion committing meanwhile cannot slip between this check and the kept score.
			const lock = () =>
				tx
					.select({ id: enrolments.id, completedAt: enrolments.completedAt, lessonsDone: enrolments.lessonsDone, finalScore: enrolments.finalScore })
					.from(enrolments)
					.where(and(eq(enrolments.userId, userId), eq(enrolments.courseId, course.courseId)))
					.for('update')
			let [enrolment] = await lock()
			if (!enrolment) {
				await startEnrolment(tx, { userId, courseId: course.courseId, locale })
				;[enrolment] = await lock()
			}
			best = enrolment?.finalScore ?? null
			if (enrolment?.completedAt) {
				// The same form posted again (a double click, a retry) is the attempt it already was, not practice.
				// Before completion the insert below finds such an attempt by its nonce.
				const [earlier] = await tx.select().from(quizAttempts).where(and(eq(quizAttempts.userId, userId), eq(quizAttempts.nonce, submission.nonce)))
				if (earlier) {
					if (earlier.quizId !== quiz.id) return { error: 'foreign_answers' as const }
					return { ok: true as const, practice: false, repeated: true, attemptId: earlier.id, completed: false, best, ...grade(quiz.questions, earlier.answers), passed: earlier.passed }
				}
				return { ok: true as const, practice: true, repeated: false, attemptId: null, completed: false, best, ...result, passed }
			}
		} else {
			await startEnrolment(tx, { userId, courseId: course.courseId, locale })
		}
		const inserted = await tx
			.insert(quizAttempts)
			.values({
				userId,
				quizId: quiz.id,
				nonce: submission.nonce,
				answers: submission.answers,
				correct: result.correct,
				total: result.total,
				score: result.score,
				passed,
			})
			.onConflictDoNothing({ target: [quizAttempts.userId, quizAttempts.nonce] })
			.returning({ id: quizAttempts.id })
		if (!inserted[0]) {
			const [first] = await tx
				.select()
				.from(quizAttempts)
				.where(and(eq(quizAttempts.userId, userId), eq(quizAttempts.nonce, submission.nonce)))
			if (!first || first.quizId !== quiz.id) return { error: 'foreign_answers' as const }
			return { ok: true as const, practice: false, repeated: true, attemptId: first.id, completed: false, best, ...grade(quiz.questions, first.answers), passed: first.passed }
		}
		if (quiz.kind === 'diagnostic') {
			// The first diagnostic is the baseline for knowledge gain.
			await tx
				.update(enrolments)
				.set({ diagnosticScore: sql`coalesce(${enrolments.diagnosticScore}, ${result.score})` })
				.where(and(eq(enrolments.userId, userId), eq(enrolments.courseId, course.courseId)))
		}
		if (quiz.kind === 'final') {
			const [kept] = await tx
				.update(enrolments)
				.set({ finalScore: sql`greatest(coalesce(${enrolments.finalScore}, 0), ${result.score})`, lastActivityAt: new Date() })
				.where(and(eq(enrolments.userId, userId), eq(enrolments.courseId, course.courseId)))
				.returning({ id: enrolments.id, completedAt: enrolments.completedAt, lessonsDone: enrolments.lessonsDone, finalScore: enrolments.finalScore })
			best = kept?.finalScore ?? null
			// Still under the lock taken above: the row is as this update left it.
			locked = kept
		}
		const completed = passed === 'yes' ? await completeIfDone(tx, { userId, course, locked, passedFinal: true }) : false
		return { ok: true as const, practice: false, repeated: false, attemptId: inserted[0].id, completed, best, ...result, passed }
	})
}

/** The latest attempt per quiz of the course for this learner. */
export async function latestAttempts({ userId, course }: { userId: number; course: CourseStructure }) {
	const ids = course.quizzes.map((q) => q.id)
	if (!ids.length) return new Map<number, { score: number; passed: string; createdAt: Date; count: number }>()
	const db = await getDb()
	const rows = await db
		.select({ quizId: quizAttempts.quizId, score: quizAttempts.score, passed: quizAttempts.passed, createdAt: quizAttempts.createdAt })
		.from(quizAttempts)
		.where(and(eq(quizAttempts.userId, userId), inArray(quizAttempts.quizId, ids)))
		.orderBy(desc(quizAttempts.createdAt), desc(quizAttempts.id))
	const out = new Map<number, { score: number; passed: string; createdAt: Date; count: number }>()
	for (const r of rows) {
		const seen = out.get(r.quizId)
		if (seen) seen.count += 1
		else out.set(r.quizId, { score: r.score, passed: r.passed, createdAt: r.createdAt, count: 1 })
	}
	return out
}
