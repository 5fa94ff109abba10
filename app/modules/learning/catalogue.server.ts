import { and, desc, eq, isNull } from 'drizzle-orm'
import { getDb } from '#app/db/client.server.ts'
import { certificates, courseRevisions, courses, enrolments, lessons } from '#app/db/schema/index.ts'
import type { Locale } from '#app/modules/i18n/locales.ts'
import { getRevisionStructure, type CourseStructure } from './structure.server.ts'

export type HoursBucket = 'upTo24' | '25to48' | 'over48'

export function languagesOf(course: CourseStructure): Locale[] {
	return (['kk', 'ru'] as const).filter((l) => course.lessons.every((lesson) => lesson.versions[l]))
}

function inBucket(hours: number, bucket: HoursBucket | undefined) {
	if (!bucket) return true
	if (bucket === 'upTo24') return hours <= 24
	if (bucket === '25to48') return hours > 24 && hours <= 48
	return hours > 48
}

/** Published courses matching the filters; text search looks at titles and summaries in both languages. */
export async function listCatalogue({ topic, language, hours, q }: { topic?: string; language?: Locale; hours?: HoursBucket; q?: string }) {
	const db = await getDb()
	const rows = await db
		.select({ id: courseRevisions.id })
		.from(courseRevisions)
		.where(eq(courseRevisions.status, 'published'))
		.orderBy(desc(courseRevisions.publishedAt))
	const all = (await Promise.all(rows.map((r) => getRevisionStructure(r.id)))).filter((c): c is CourseStructure => c !== null)
	const needle = q?.trim().toLocaleLowerCase('ru')
	return all
		.filter((c) => !topic || c.topic === topic)
		.filter((c) => !language || languagesOf(c).includes(language))
		.filter((c) => inBucket(c.hours, hours))
		.filter(
			(c) =>
				!needle ||
				[c.titleKk, c.titleRu, c.summaryKk, c.summaryRu].some((text) => text.toLocaleLowerCase('ru').includes(needle)),
		)
		.sort((a, b) => a.titleRu.localeCompare(b.titleRu, 'ru'))
}

/** The learner's courses with progress, most recent activity first. */
export async function listMyLearning({ userId }: { userId: number }) {
	const db = await getDb()
	const rows = await db
		.select({
			courseId: enrolments.courseId,
			slug: courses.slug,
			lessonsDone: enrolments.lessonsDone,
			completedAt: enrolments.completedAt,
			lastActivityAt: enrolments.lastActivityAt,
			lastLessonSlug: lessons.slug,
			finalScore: enrolments.finalScore,
			diagnosticScore: enrolments.diagnosticScore,
			revisionId: courseRevisions.id,
			certificateCode: certificates.code,
		})
		.from(enrolments)
		.innerJoin(courses, eq(courses.id, enrolments.courseId))
		.innerJoin(courseRevisions, and(eq(courseRevisions.courseId, courses.id), eq(courseRevisions.status, 'published')))
		.leftJoin(lessons, eq(lessons.id, enrolments.lastLessonId))
		.leftJoin(certificates, and(eq(certificates.userId, enrolments.userId), eq(certificates.courseId, enrolments.courseId), isNull(certificates.revokedAt)))
		.where(eq(enrolments.userId, userId))
		.orderBy(desc(enrolments.lastActivityAt))
	const out = []
	for (const row of rows) {
		const structure = await getRevisionStructure(row.revisionId)
		if (structure) out.push({ ...row, structure })
	}
	return out
}
