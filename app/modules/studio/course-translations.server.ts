import { asc, eq } from 'drizzle-orm'
import { getDb } from '#app/db/client.server.ts'
import { courseRevisions, courses, lessons, lessonVersions, revisionLessons } from '#app/db/schema/index.ts'
import type { Locale } from '#app/modules/i18n/locales.ts'

const locales = ['kk', 'ru'] as const

export type LessonTranslation = {
	slug: string
	titles: Partial<Record<Locale, string>>
	has: Record<Locale, boolean>
	outdated: Record<Locale, boolean>
}

/**
 * For every course's newest revision: which lessons exist in kk and ru, and which language
 * version lags behind, i.e. last changed in an earlier revision than the other language.
 */
export async function courseTranslationStatus() {
	const db = await getDb()
	const [versions, structure] = await Promise.all([
		db
			.select({ courseSlug: courses.slug, number: courseRevisions.number, lessonSlug: lessons.slug, locale: lessonVersions.locale, hash: lessonVersions.hash, title: lessonVersions.title })
			.from(lessonVersions)
			.innerJoin(courseRevisions, eq(courseRevisions.id, lessonVersions.revisionId))
			.innerJoin(courses, eq(courses.id, courseRevisions.courseId))
			.innerJoin(lessons, eq(lessons.id, lessonVersions.lessonId))
			.orderBy(asc(courses.slug), asc(courseRevisions.number)),
		db
			.select({ courseSlug: courses.slug, number: courseRevisions.number, titleKk: courseRevisions.titleKk, titleRu: courseRevisions.titleRu, lessonSlug: lessons.slug, position: revisionLessons.position })
			.from(revisionLessons)
			.innerJoin(courseRevisions, eq(courseRevisions.id, revisionLessons.revisionId))
			.innerJoin(courses, eq(courses.id, courseRevisions.courseId))
			.innerJoin(lessons, eq(lessons.id, revisionLessons.lessonId))
			.orderBy(asc(courses.slug), asc(courseRevisions.number), asc(revisionLessons.position)),
	])
	const newest = new Map<string, { number: number; titleKk: string; titleRu: string; lessons: string[] }>()
	for (const row of structure) {
		const current = newest.get(row.courseSlug)
		if (!current || current.number < row.number) {
			newest.set(row.courseSlug, { number: row.number, titleKk: row.titleKk, titleRu: row.titleRu, lessons: [row.lessonSlug] })
		} else if (current.number === row.number) current.lessons.push(row.lessonSlug)
	}
	// Per course, lesson and language: the last hash seen, the revision it changed in, and
	// the title in the newest revision.
	type Track = { hash?: string; changedAt: number; title?: string; inNewest: boolean }
	const tracks = new Map<string, Track>()
	for (const v of versions) {
		const key = `${v.courseSlug}/${v.lessonSlug}/${v.locale}`
		const track = tracks.get(key) ?? { changedAt: 0, inNewest: false }
		if (track.hash !== v.hash) {
			track.hash = v.hash
			track.changedAt = v.number
		}
		const isNewest = newest.get(v.courseSlug)?.number === v.number
		if (isNewest) {
			track.inNewest = true
			track.title = v.title
		}
		tracks.set(key, track)
	}
	return [...newest.entries()].map(([slug, course]) => ({
		slug,
		titleKk: course.titleKk,
		titleRu: course.titleRu,
		lessons: course.lessons.map((lessonSlug): LessonTranslation => {
			const at = (locale: Locale) => tracks.get(`${slug}/${lessonSlug}/${locale}`)
			const has = { kk: Boolean(at('kk')?.inNewest), ru: Boolean(at('ru')?.inNewest) }
			const changed = { kk: at('kk')?.changedAt ?? 0, ru: at('ru')?.changedAt ?? 0 }
			const titles: Partial<Record<Locale, string>> = {}
			for (const locale of locales) {
				const title = at(locale)?.title
				if (has[locale] && title) titles[locale] = title
			}
			return {
				slug: lessonSlug,
				titles,
				has,
				outdated: { kk: has.kk && has.ru && changed.kk < changed.ru, ru: has.kk && has.ru && changed.ru < changed.kk },
			}
		}),
	}))
}
