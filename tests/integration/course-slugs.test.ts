// A course's slug is changed in the studio and takes effect when that revision is published (ADR 013):
// old URLs redirect, learners keep their progress, the content folder under the old name is refused.
import fs from 'node:fs/promises'
import path from 'node:path'
import { count, eq } from 'drizzle-orm'
import { beforeAll, expect, test } from 'vitest'
import { getDb } from '#app/db/client.server.ts'
import { courses, enrolments } from '#app/db/schema/index.ts'
import { courseSlugTaken } from '#app/modules/content/course-slugs.server.ts'
import { syncContent } from '#app/modules/content/sync.server.ts'
import { lessonDocument } from '#app/modules/learning/lesson-document.server.tsx'
import { courseProgress } from '#app/modules/learning/lesson-page.server.ts'
import { completeLesson, enrol } from '#app/modules/learning/progress.server.ts'
import { getPublishedStructure } from '#app/modules/learning/structure.server.ts'
import { makeRequest, publishFixtureCourse, routeArgs, run, signedIn } from '#tests/factories.ts'
import * as assessmentRoute from '#app/routes/learning.assessment.tsx'
import * as learnerCourseRoute from '#app/routes/learning.course.tsx'
import * as learnerLessonRoute from '#app/routes/learning.lesson.tsx'
import * as courseRoute from '#app/routes/studio.course.tsx'
import * as quizRoute from '#app/routes/studio.course-quiz.tsx'
import * as newRoute from '#app/routes/studio.course-new.tsx'

let root = ''
beforeAll(async () => {
	root = (await publishFixtureCourse()).root
})

const studio = (cookie: string, slug: string, form: Record<string, string>) => run(() => courseRoute.action(routeArgs(makeRequest(`/ru/studio/courses/${slug}`, { cookie, form }), { lang: 'ru', slug })))
const studioPage = (cookie: string, slug: string, query = '') => run(() => courseRoute.loader(routeArgs(makeRequest(`/ru/studio/courses/${slug}${query}`, { cookie }), { lang: 'ru', slug })))
const location = (r: unknown) => (r instanceof Response ? [r.status, r.headers.get('Location')] : r)

test('an author renames a published course: it takes effect when published, old URLs redirect permanently, progress stays', async () => {
	const author = await signedIn({ role: 'author' })
	const reviewer = await signedIn({ role: 'reviewer' })
	const learner = await signedIn()
	const before = await getPublishedStructure('mini-course')
	if (!before) throw new Error('mini-course not published')
	await enrol({ userId: learner.user.id, course: before, locale: 'ru' })
	const firstLesson = before.lessons[0]
	if (!firstLesson) throw new Error('no lesson')
	await completeLesson({ userId: learner.user.id, course: before, lessonId: firstLesson.id, locale: 'ru' })

	// Another course owns "other-course"; its slug is not free.
	await run(() =>
		newRoute.action(
			routeArgs(makeRequest('/ru/studio/courses/new', { cookie: author.cookie, form: { slug: 'other-course', topic: 'gender', hours: '4', passThreshold: '60', titleKk: 'Басқа', titleRu: 'Другой', summaryKk: 'Қысқа', summaryRu: 'Кратко' } }), { lang: 'ru' }),
		),
	)
	expect(await studio(author.cookie, 'mini-course', { intent: 'revise' })).toMatchObject({ status: 302 })
	const page = await studioPage(author.cookie, 'mini-course')
	if (page instanceof Response) throw new Error(`studio page ${page.status}`)
	expect(page.values.slug).toBe('mini-course')
	const form = { intent: 'save', ...page.values }

	const invalid = { ...form, slug: 'Новое имя' }
	expect(await studio(author.cookie, 'mini-course', invalid)).toMatchObject({ init: { status: 400 }, data: { values: invalid, errors: { slug: ['errors.slug'] } } })
	const taken = { ...form, slug: 'other-course', titleRu: 'Изменённое название' }
	expect(await studio(author.cookie, 'mini-course', taken)).toMatchObject({ init: { status: 400 }, data: { values: taken, errors: { slug: ['errors.courseSlugTaken'] } } })
	expect(await studio(author.cookie, 'mini-course', { ...form, slug: 'mini-renamed' })).toMatchObject({ status: 302 })

	// Saved on the draft only: learners still find the course under its slug, with no redirect.
	expect(await studioPage(author.cookie, 'mini-course')).toMatchObject({ slug: 'mini-course', pendingSlug: 'mini-renamed', values: { slug: 'mini-renamed' } })
	expect((await getPublishedStructure('mini-course'))?.courseId).toBe(before.courseId)
	// A draft's claim counts as taken, for a new course as well.
	expect(await courseSlugTaken({ slug: 'mini-renamed', courseId: null })).toBe(true)

	expect(await studio(author.cookie, 'mini-course', { intent: 'submit' })).toMatchObject({ status: 302 })
	expect(location(await studio(reviewer.cookie, 'mini-course', { intent: 'review', decision: 'approve', comment: '' }))).toEqual([302, '/ru/studio/courses/mini-renamed?done=approved'])

	const after = await getPublishedStructure('mini-renamed')
	expect(after?.courseId).toBe(before.courseId)
	expect(after?.slug).toBe('mini-renamed')
	expect(await getPublishedStructure('mini-course')).toBeNull()
	if (!after) throw new Error('not renamed')
	const progress = await courseProgress({ userId: learner.user.id, course: after })
	expect([...progress.done]).toEqual([firstLesson.id])
	const db = await getDb()
	expect(await db.select({ courseId: enrolments.courseId }).from(enrolments).where(eq(enrolments.userId, learner.user.id))).toEqual([{ courseId: before.courseId }])

	// Every URL with the old slug answers a permanent redirect to the same path with the new one.
	const lessonUrl = (slug: string) => `/ru/courses/${slug}/lessons/${firstLesson.slug}`
	const get = (url: string) => makeRequest(url, { cookie: learner.cookie })
	const old = { lang: 'ru', slug: 'mini-course' }
	expect(location(await run(() => learnerLessonRoute.loader(routeArgs(get(lessonUrl('mini-course')), { ...old, lesson: firstLesson.slug }))))).toEqual([301, lessonUrl('mini-renamed')])
	expect(location(await run(() => learnerCourseRoute.loader(routeArgs(get('/ru/courses/mini-course'), old))))).toEqual([301, '/ru/courses/mini-renamed'])
	expect(location(await run(() => assessmentRoute.loader(routeArgs(get('/ru/courses/mini-course/assessment/final'), { ...old, kind: 'final' }))))).toEqual([301, '/ru/courses/mini-renamed/assessment/final'])
	// A form posted to the old URL is sent on with its body (308), not lost.
	const post = await run(() => learnerLessonRoute.action(routeArgs(makeRequest(lessonUrl('mini-course'), { cookie: learner.cookie, form: { intent: 'complete' } }), { lang: 'ru', slug: 'mini-course', lesson: firstLesson.slug })))
	expect(location(post)).toEqual([308, lessonUrl('mini-renamed')])
	// The studio pages too, query string kept.
	expect(location(await studioPage(author.cookie, 'mini-course', '?done=saved'))).toEqual([301, '/ru/studio/courses/mini-renamed?done=saved'])
	expect(location(await studio(author.cookie, 'mini-course', { intent: 'revise' }))).toEqual([308, '/ru/studio/courses/mini-renamed'])
	const quizPage = await run(() => quizRoute.loader(routeArgs(makeRequest('/ru/studio/courses/mini-course/quizzes/final', { cookie: author.cookie }), { lang: 'ru', slug: 'mini-course', kind: 'final', lesson: undefined })))
	expect(location(quizPage)).toEqual([301, '/ru/studio/courses/mini-renamed/quizzes/final'])

	// The direct lesson path (ADR 009) redirects as well, and serves the page under the new slug.
	expect(await lessonDocument({ lang: 'ru', slug: 'mini-course', lesson: firstLesson.slug, cookie: learner.cookie })).toEqual({ status: 301, headers: { Location: lessonUrl('mini-renamed') }, parts: [] })
	const page2 = await lessonDocument({ lang: 'ru', slug: 'mini-renamed', lesson: firstLesson.slug, cookie: learner.cookie })
	expect(page2?.status).toBeUndefined()
	expect(page2?.parts.length).toBeGreaterThan(0)
	// An unknown slug is still the router's 404.
	expect(await lessonDocument({ lang: 'ru', slug: 'no-such-course', lesson: firstLesson.slug, cookie: learner.cookie })).toBeNull()

	// The old slug stays reserved for the course: no new course may take it.
	const reuse = await run(() =>
		newRoute.action(
			routeArgs(makeRequest('/ru/studio/courses/new', { cookie: author.cookie, form: { slug: 'mini-course', topic: 'gender', hours: '4', passThreshold: '60', titleKk: 'Ескі', titleRu: 'Старое', summaryKk: 'Қысқа', summaryRu: 'Кратко' } }), { lang: 'ru' }),
		),
	)
	expect(reuse).toMatchObject({ init: { status: 400 }, data: { errors: { slug: ['errors.courseSlugTaken'] } } })
	expect(await courseSlugTaken({ slug: 'mini-course', courseId: before.courseId })).toBe(false)

	// The content folder still named mini-course is refused, not made into a second course; renamed, it syncs into the same course.
	const coursesBefore = (await db.select({ n: count() }).from(courses))[0]?.n
	const stale = (await syncContent({ root })).find((r) => r.slug === 'mini-course')
	expect(stale).toMatchObject({ status: 'failed', problems: [{ file: 'course.json', message: expect.stringContaining('content/courses/mini-renamed/') }] })
	expect((await db.select({ n: count() }).from(courses))[0]?.n).toBe(coursesBefore)
	await fs.rename(path.join(root, 'mini-course'), path.join(root, 'mini-renamed'))
	const file = path.join(root, 'mini-renamed', 'course.json')
	await fs.writeFile(file, (await fs.readFile(file, 'utf8')).replace('"mini-course"', '"mini-renamed"'))
	expect((await syncContent({ root })).find((r) => r.slug === 'mini-renamed')).toMatchObject({ status: 'published' })
	expect((await getPublishedStructure('mini-renamed'))?.courseId).toBe(before.courseId)
	expect((await db.select({ n: count() }).from(courses))[0]?.n).toBe(coursesBefore)
})
