// Where a lesson request's server time goes, piece by piece, on a fresh database
// (TEST_DB=postgres for PostgreSQL). Run: TEST_DB=postgres npx vitest bench --run bench/lesson-pieces.bench.ts
import { bench, describe } from 'vitest'
import { getDb } from '#app/db/client.server.ts'
import { validateSessionToken } from '#app/modules/auth/session.server.ts'
import { syncContent } from '#app/modules/content/sync.server.ts'
import { courseProgress, documentHtml } from '#app/modules/learning/lesson-page.server.ts'
import { enrol } from '#app/modules/learning/progress.server.ts'
import { getPublishedStructure } from '#app/modules/learning/structure.server.ts'
import * as lessonRoute from '#app/routes/learning.lesson.tsx'
import { makeRequest, signedIn } from '#tests/factories.ts'

await syncContent()
const slug = 'gender-responsive-pedagogy'
const course = await getPublishedStructure(slug)
if (!course) throw new Error('course missing')
const lesson = course.lessons[0]
if (!lesson) throw new Error('lesson missing')
const { user, token, cookie } = await signedIn()
await enrol({ userId: user.id, course, locale: 'ru' })
const db = await getDb()
const args = () => ({
	request: makeRequest(`/ru/courses/${slug}/lessons/${lesson.slug}`, { cookie }),
	params: { lang: 'ru', slug, lesson: lesson.slug },
	context: {},
	url: new URL('http://localhost/'),
	pattern: '',
})

describe('lesson request pieces', () => {
	bench('select 1 (round trip)', async () => {
		await db.execute('select 1')
	})
	bench('session lookup', async () => {
		await validateSessionToken(token)
	})
	bench('published structure (cached by revision)', async () => {
		await getPublishedStructure(slug)
	})
	bench('course progress', async () => {
		await courseProgress({ userId: user.id, course })
	})
	bench('lesson HTML (cached)', async () => {
		const version = lesson.versions.ru
		if (version) await documentHtml({ hash: version.hash, locale: 'ru' })
	})
	bench('whole lesson loader', async () => {
		await lessonRoute.loader(args())
	})
})
