import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import { getDb, preparedQuery } from '#app/db/client.server.ts'
import {
	courseRevisions,
	courses,
	lessons,
	lessonVersions,
	questions,
	quizzes,
	revisionLessons,
	type PracticalTask,
	type QuizOption,
} from '#app/db/schema/index.ts'

export type LessonInfo = {
	id: number
	slug: string
	position: number
	required: boolean
	versions: Partial<Record<'kk' | 'ru', { title: string; minutes: number | null; hash: string }>>
}

export type QuizInfo = {
	id: number
	kind: 'lesson' | 'diagnostic' | 'final'
	lessonId: number | null
	questions: {
		key: string
		type: 'single' | 'multiple'
		textKk: string
		textRu: string
		explanationKk: string
		explanationRu: string
		options: QuizOption[]
	}[]
}

export type CourseStructure = {
	courseId: number
	revisionId: number
	number: number
	slug: string
	topic: string
	hours: number
	passThreshold: number
	titleKk: string
	titleRu: string
	summaryKk: string
	summaryRu: string
	overviewHashKk: string | null
	overviewHashRu: string | null
	publishedAt: Date | null
	/** The practical task of this revision (ADR 018), or null. */
	task: PracticalTask | null
	lessons: LessonInfo[]
	quizzes: QuizInfo[]
}

// Published revisions never change, so their structure can be kept by revision id in every
// process without coordination; only "which revision is current" is asked of the database.
const cache = new Map<number, CourseStructure>()
const CACHE_LIMIT = 200

/** The id of the published revision of a course, or null. */
const currentRevisionQuery = preparedQuery((db) =>
	db
		.select({ id: courseRevisions.id })
		.from(courseRevisions)
		.innerJoin(courses, eq(courses.id, courseRevisions.courseId))
		.where(and(eq(courses.slug, sql.placeholder('slug')), eq(courseRevisions.status, 'published')))
		.limit(1)
		.prepare('ortaq_current_revision'),
)

export async function currentRevisionId(slug: string) {
	const [row] = await currentRevisionQuery(await getDb()).execute({ slug })
	return row?.id ?? null
}

export async function getRevisionStructure(revisionId: number): Promise<CourseStructure | null> {
	const hit = cache.get(revisionId)
	if (hit) return hit
	const db = await getDb()
	const [rev] = await db
		.select({
			courseId: courses.id,
			slug: courses.slug,
			topic: courses.topic,
			number: courseRevisions.number,
			status: courseRevisions.status,
			hours: courseRevisions.hours,
			passThreshold: courseRevisions.passThreshold,
			titleKk: courseRevisions.titleKk,
			titleRu: courseRevisions.titleRu,
			summaryKk: courseRevisions.summaryKk,
			summaryRu: courseRevisions.summaryRu,
			overviewHashKk: courseRevisions.overviewHashKk,
			overviewHashRu: courseRevisions.overviewHashRu,
			publishedAt: courseRevisions.publishedAt,
			task: courseRevisions.task,
		})
		.from(courseRevisions)
		.innerJoin(courses, eq(courses.id, courseRevisions.courseId))
		.where(eq(courseRevisions.id, revisionId))
	if (!rev) return null
	const lessonRows = await db
		.select({ id: lessons.id, slug: lessons.slug, position: revisionLessons.position, required: revisionLessons.required })
		.from(revisionLessons)
		.innerJoin(lessons, eq(lessons.id, revisionLessons.lessonId))
		.where(eq(revisionLessons.revisionId, revisionId))
		.orderBy(asc(revisionLessons.position))
	const versionRows = await db
		.select({
			lessonId: lessonVersions.lessonId,
			locale: lessonVersions.locale,
			title: lessonVersions.title,
			minutes: lessonVersions.minutes,
			hash: lessonVersions.hash,
		})
		.from(lessonVersions)
		.where(eq(lessonVersions.revisionId, revisionId))
	const quizRows = await db.select().from(quizzes).where(eq(quizzes.revisionId, revisionId))
	const questionRows = quizRows.length
		? await db
				.select()
				.from(questions)
				.where(inArray(questions.quizId, quizRows.map((q) => q.id)))
				.orderBy(asc(questions.position))
		: []
	const structure: CourseStructure = {
		...rev,
		revisionId,
		lessons: lessonRows.map((l) => {
			const versions: LessonInfo['versions'] = {}
			for (const v of versionRows) if (v.lessonId === l.id) versions[v.locale] = { title: v.title, minutes: v.minutes, hash: v.hash }
			return { ...l, versions }
		}),
		quizzes: quizRows.map((q) => ({
			id: q.id,
			kind: q.kind,
			lessonId: q.lessonId,
			questions: questionRows
				.filter((x) => x.quizId === q.id)
				.map(({ key, type, textKk, textRu, explanationKk, explanationRu, options }) => ({
					key,
					type,
					textKk,
					textRu,
					explanationKk,
					explanationRu,
					options,
				})),
		})),
	}
	// Only immutable revisions are cached.
	if (rev.status === 'published' || rev.status === 'archived') {
		if (cache.size >= CACHE_LIMIT) {
			const oldest = cache.keys().next().value
			if (oldest !== undefined) cache.delete(oldest)
		}
		cache.set(revisionId, structure)
	}
	return structure
}

export async function getPublishedStructure(slug: string) {
	const id = await currentRevisionId(slug)
	return id ? getRevisionStructure(id) : null
}

/** The lesson title in the asked language, else in the other one. */
export function lessonTitle(lesson: LessonInfo, locale: 'kk' | 'ru') {
	return lesson.versions[locale]?.title ?? lesson.versions[locale === 'kk' ? 'ru' : 'kk']?.title ?? lesson.slug
}
