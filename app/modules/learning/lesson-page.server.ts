import { and, eq, sql } from 'drizzle-orm'
import { publicQuestions, type PublicQuestion } from '#app/components/quiz-form.tsx'
import { getDb, getLessonDb, preparedQuery } from '#app/db/client.server.ts'
import { courseRevisions, courses, enrolments, lessonProgress, revisionLessons, sessions, users, type TaskStatus } from '#app/db/schema/index.ts'
import { parseSessionToken, sessionSelect, sessionUserOf, type SessionUser } from '#app/modules/auth/session.server.ts'
import { getCompiledCode } from '#app/modules/content/mdx.server.ts'
import { renderMdxHtml } from '#app/modules/content/render.server.ts'
import { invariantResponse } from '#app/modules/http/responses.ts'
import { isLocale, pick, type Locale } from '#app/modules/i18n/locales.ts'
import { remaining } from './completion.ts'
import { newNonce } from './forms.ts'
import type { LessonView } from './lesson-markup.ts'
import { doneLessonIds, getEnrolment, taskStatusOf, touchLesson } from './progress.server.ts'
import { getPublishedStructure, getRevisionStructure, lessonTitle, type CourseStructure } from './structure.server.ts'

type Enrolment = typeof enrolments.$inferSelect

/** The lessons of the published revision the learner has done (placeholder userId or the joined user). */
const doneInRevision = (userId: unknown) =>
	sql<number[]>`array(select ${lessonProgress.lessonId} from ${lessonProgress} join ${revisionLessons} on ${revisionLessons.lessonId} = ${lessonProgress.lessonId}
		where ${revisionLessons.revisionId} = ${courseRevisions.id} and ${lessonProgress.userId} = ${userId})`

/**
 * What a lesson page asks of the database in one round trip: the course's published revision,
 * the learner's enrolment in it and the lessons of that revision they have done.
 */
const lessonStateQuery = preparedQuery((db) =>
	db
		.select({ revisionId: courseRevisions.id, enrolment: enrolments, done: doneInRevision(sql.placeholder('userId')) })
		.from(courseRevisions)
		.innerJoin(courses, eq(courses.id, courseRevisions.courseId))
		.leftJoin(enrolments, and(eq(enrolments.courseId, courseRevisions.courseId), eq(enrolments.userId, sql.placeholder('userId'))))
		.where(and(eq(courses.slug, sql.placeholder('slug')), eq(courseRevisions.status, 'published')))
		.limit(1)
		.prepare('ortaq_lesson_state'),
)

/**
 * The session lookup and the lesson state in one statement, for the direct lesson path (ADR 009):
 * one round trip and one statement for PostgreSQL per page instead of two. revisionId is null when
 * the course has no published revision.
 */
const lessonSessionQuery = preparedQuery((db) =>
	sessionSelect(db, { revisionId: courseRevisions.id, enrolment: enrolments, done: doneInRevision(users.id) })
		.leftJoin(courses, eq(courses.slug, sql.placeholder('slug')))
		.leftJoin(courseRevisions, and(eq(courseRevisions.courseId, courses.id), eq(courseRevisions.status, 'published')))
		.leftJoin(enrolments, and(eq(enrolments.courseId, courses.id), eq(enrolments.userId, users.id)))
		.where(eq(sessions.id, sql.placeholder('id')))
		.limit(1)
		.prepare('ortaq_lesson_session'),
)

export type LessonState = { revisionId: number; enrolment: Enrolment | null; done: number[] }

/**
 * The signed-in learner of a session token and their state in a course, read together; null when
 * the token is not a valid session. The session is checked (and extended) as validateSessionToken does.
 */
export async function lessonSession(token: string, slug: string): Promise<{ user: SessionUser; state: LessonState | null } | null> {
	const parsed = parseSessionToken(token)
	if (!parsed) return null
	const [row] = await lessonSessionQuery(await getLessonDb()).execute({ id: parsed.id, slug })
	const user = await sessionUserOf(row, parsed)
	if (!user || !row) return null
	return { user, state: row.revisionId == null ? null : { revisionId: row.revisionId, enrolment: row.enrolment, done: row.done } }
}

/** HTML of a compiled document; rendering reads the cache and never compiles. */
export async function documentHtml({ hash, locale }: { hash: string; locale: Locale }) {
	const code = await getCompiledCode(hash)
	if (!code) return null
	return renderMdxHtml({ hash, code, locale })
}

/** Progress of a learner through a course: done lessons, what is left, where to resume. */
export async function courseProgress({ userId, course }: { userId: number; course: CourseStructure }) {
	const [done, enrolment, taskStatus] = await Promise.all([
		doneLessonIds({ userId, course }),
		getEnrolment({ userId, courseId: course.courseId }),
		course.task ? getDb().then((db) => taskStatusOf(db, { userId, courseId: course.courseId })) : Promise.resolve(null),
	])
	return progressOf(course, done, enrolment, taskStatus)
}

/** taskStatus 'unknown': the lesson page does not read the task; a course not yet complete then says the task is pending. */
function progressOf(course: CourseStructure, done: Set<number>, enrolment: Enrolment | null, taskStatus: TaskStatus | null | 'unknown' = 'unknown') {
	const required = course.lessons.filter((l) => l.required)
	const requiredDone = required.filter((l) => done.has(l.id)).length
	const finalQuiz = course.quizzes.find((q) => q.kind === 'final')
	const finalPassed = enrolment?.finalScore != null && enrolment.finalScore >= course.passThreshold
	const task = course.task
		? { required: course.task.requiredForCertificate, status: enrolment?.completedAt ? ('accepted' as const) : taskStatus }
		: undefined
	const left = remaining({ requiredLessons: required.length, requiredDone, hasFinal: Boolean(finalQuiz), finalPassed, task })
	const resume =
		course.lessons.find((l) => l.id === enrolment?.lastLessonId && !done.has(l.id)) ??
		course.lessons.find((l) => !done.has(l.id)) ??
		null
	return { done, enrolment, left, resume, requiredCount: required.length, requiredDone, taskStatus }
}

type LessonParams = { lang?: string; slug?: string; lesson?: string }

/** The lesson a URL names in a published course; 404 for a missing course or lesson. */
function lessonIn(course: CourseStructure | null, slug: string | undefined) {
	invariantResponse(course, 'Not found', { status: 404 })
	const index = course.lessons.findIndex((l) => l.slug === slug)
	const lesson = course.lessons[index]
	invariantResponse(lesson, 'Not found', { status: 404 })
	return { course, lesson, index }
}

/** The published lesson a URL names, with its course; 404 for anything else. */
export async function findLesson(params: LessonParams) {
	const locale = params.lang
	invariantResponse(isLocale(locale), 'Not found', { status: 404 })
	return { locale, ...lessonIn(await getPublishedStructure(params.slug ?? ''), params.lesson) }
}

export type LessonPageData = LessonView & { quiz: { id: number; questions: PublicQuestion[]; nonce: string } | null }

/**
 * Everything a learner's lesson page shows, shared by the route loader and the direct lesson
 * path (ADR 009), which passes the state it read with the session. Opening a lesson of an
 * enrolled course remembers it for "resume".
 */
export async function lessonPageData(user: SessionUser, params: LessonParams, known?: LessonState | null): Promise<LessonPageData> {
	const locale = params.lang
	invariantResponse(isLocale(locale), 'Not found', { status: 404 })
	const state = known === undefined ? (await lessonStateQuery(await getDb()).execute({ slug: params.slug ?? '', userId: user.id }))[0] : known
	invariantResponse(state, 'Not found', { status: 404 })
	const { course, lesson, index } = lessonIn(await getRevisionStructure(state.revisionId), params.lesson)
	const other = locale === 'kk' ? 'ru' : 'kk'
	const shownLocale = lesson.versions[locale] ? locale : other
	const version = lesson.versions[shownLocale]
	invariantResponse(version, 'Not found', { status: 404 })
	const html = await documentHtml({ hash: version.hash, locale: shownLocale })
	invariantResponse(html !== null, 'Lesson not compiled', { status: 500 })
	const progress = progressOf(course, new Set(state.done), state.enrolment)
	if (progress.enrolment && progress.enrolment.lastLessonId !== lesson.id) {
		await touchLesson({ userId: user.id, courseId: course.courseId, lessonId: lesson.id })
	}
	const quiz = course.quizzes.find((q) => q.kind === 'lesson' && q.lessonId === lesson.id)
	const nav = (i: number) => {
		const l = course.lessons[i]
		return l ? { slug: l.slug, title: lessonTitle(l, locale) } : null
	}
	return {
		course: { slug: course.slug, title: pick(locale, course.titleKk, course.titleRu) },
		lesson: { id: lesson.id, slug: lesson.slug, title: version.title, minutes: version.minutes, done: progress.done.has(lesson.id) },
		shownLocale,
		fallback: shownLocale !== locale,
		html,
		position: index + 1,
		count: course.lessons.length,
		outline: course.lessons.map((l) => ({ slug: l.slug, title: lessonTitle(l, locale), done: progress.done.has(l.id), current: l.id === lesson.id })),
		prev: nav(index - 1),
		next: nav(index + 1),
		left: progress.left,
		quiz: quiz ? { id: quiz.id, questions: publicQuestions(quiz, locale), nonce: newNonce() } : null,
	}
}
