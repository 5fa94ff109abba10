import path from 'node:path'
import { and, asc, desc, eq, inArray } from 'drizzle-orm'
import { getDb } from '#app/db/client.server.ts'
import { courseRevisions, courses, lessons, lessonVersions, questions, quizzes, revisionLessons } from '#app/db/schema/index.ts'
import { recordAudit } from '#app/modules/auth/audit.server.ts'
import { topics, type CourseFile, type QuizFile } from '#app/modules/content/course-files.ts'
import { syncCourseFolder } from '#app/modules/content/sync.server.ts'

/** Courses with their published revision, for the studio. */
export async function listStudioCourses() {
	const db = await getDb()
	return db
		.select({
			slug: courses.slug,
			number: courseRevisions.number,
			titleKk: courseRevisions.titleKk,
			titleRu: courseRevisions.titleRu,
			source: courseRevisions.source,
			publishedAt: courseRevisions.publishedAt,
		})
		.from(courseRevisions)
		.innerJoin(courses, eq(courses.id, courseRevisions.courseId))
		.where(eq(courseRevisions.status, 'published'))
		.orderBy(asc(courses.slug))
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`

/**
 * The published revision of a course in the content/courses/<slug>/ folder format, as
 * relative path → file text. Syncing the folder back gives the same course, lessons keeping
 * their identity.
 */
export async function exportCourseFiles(slug: string): Promise<Record<string, string> | null> {
	const db = await getDb()
	const [revision] = await db
		.select()
		.from(courseRevisions)
		.innerJoin(courses, eq(courses.id, courseRevisions.courseId))
		.where(and(eq(courses.slug, slug), eq(courseRevisions.status, 'published')))
		.orderBy(desc(courseRevisions.number))
		.limit(1)
	if (!revision) return null
	const r = revision.course_revisions
	const lessonRows = await db
		.select({ id: lessons.id, slug: lessons.slug, required: revisionLessons.required })
		.from(revisionLessons)
		.innerJoin(lessons, eq(lessons.id, revisionLessons.lessonId))
		.where(eq(revisionLessons.revisionId, r.id))
		.orderBy(asc(revisionLessons.position))
	const versions = await db.select().from(lessonVersions).where(eq(lessonVersions.revisionId, r.id))
	const quizRows = await db.select().from(quizzes).where(eq(quizzes.revisionId, r.id))
	const questionRows = quizRows.length
		? await db.select().from(questions).where(inArray(questions.quizId, quizRows.map((q) => q.id))).orderBy(asc(questions.position))
		: []
	const quizFile = (quizId: number): QuizFile => ({
		questions: questionRows
			.filter((q) => q.quizId === quizId)
			.map((q) => ({
				id: q.key,
				type: q.type,
				text: { kk: q.textKk, ru: q.textRu },
				options: q.options.map((o) => ({ id: o.id, text: { kk: o.kk, ru: o.ru }, correct: o.correct })),
				...(q.explanationKk || q.explanationRu ? { explanation: { kk: q.explanationKk, ru: q.explanationRu } } : {}),
			})),
	})
	const meta: CourseFile = {
		slug,
		topic: topics.find((t) => t === revision.courses.topic) ?? 'inclusion',
		hours: r.hours,
		passThreshold: r.passThreshold,
		title: { kk: r.titleKk, ru: r.titleRu },
		summary: { kk: r.summaryKk, ru: r.summaryRu },
		lessons: lessonRows.map((l) => ({ slug: l.slug, required: l.required })),
		// The practical task travels with the course (ADR 018), so an exported folder imports with it.
		...(r.task ? { task: r.task } : {}),
	}
	const files: Record<string, string> = { 'course.json': json(meta) }
	if (r.overviewSourceKk) files['kk.mdx'] = r.overviewSourceKk
	if (r.overviewSourceRu) files['ru.mdx'] = r.overviewSourceRu
	for (const lesson of lessonRows) {
		for (const v of versions.filter((x) => x.lessonId === lesson.id)) files[`lessons/${lesson.slug}/${v.locale}.mdx`] = v.source
		const quiz = quizRows.find((q) => q.kind === 'lesson' && q.lessonId === lesson.id)
		if (quiz) files[`lessons/${lesson.slug}/quiz.json`] = json(quizFile(quiz.id))
	}
	for (const kind of ['diagnostic', 'final'] as const) {
		const quiz = quizRows.find((q) => q.kind === kind)
		if (quiz) files[`${kind}.json`] = json(quizFile(quiz.id))
	}
	return files
}

/** Imports content/courses/<slug>/ as a new published revision (unchanged files publish nothing). */
export async function importCourseFolder({ slug, userId, root = path.resolve('content/courses') }: { slug: string; userId: number; root?: string }) {
	let result: Awaited<ReturnType<typeof syncCourseFolder>>
	try {
		result = await syncCourseFolder(path.join(root, slug))
	} catch {
		return { slug, status: 'missing' as const, problems: [] }
	}
	await recordAudit({ actorId: userId, action: 'course.import', targetType: 'course', targetId: slug, data: { status: result.status, revision: result.revision ?? null } })
	return result
}
