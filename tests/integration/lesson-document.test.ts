// The direct lesson path (ADR 009): the page a signed-in learner gets without React Router's
// render must be the page the route renders, and must leave every other case to the router.
import zlib from 'node:zlib'
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { getDb } from '#app/db/client.server.ts'
import { sessions } from '#app/db/schema/index.ts'
import { gzipBody, plainBody } from '#app/modules/http/spliced-gzip.server.ts'
import { lessonDocument, type LessonDocument } from '#app/modules/learning/lesson-document.server.tsx'
import { completeLesson, enrol } from '#app/modules/learning/progress.server.ts'
import { getPublishedStructure } from '#app/modules/learning/structure.server.ts'
import { publishFixtureCourse, signedIn } from '#tests/factories.ts'

beforeAll(async () => {
	await publishFixtureCourse()
})

async function course() {
	const c = await getPublishedStructure('mini-course')
	if (!c) throw new Error('mini-course not published')
	return c
}

const at = { lang: 'ru', slug: 'mini-course', lesson: '01-first' }

/**
 * The page as a browser reads it: the gzipped body (spliced from kept segments) unpacked, which
 * must be the plain body byte for byte.
 */
function bodyOf(page: LessonDocument | null) {
	if (!page) return ''
	const unpacked = zlib.gunzipSync(gzipBody(page.parts))
	expect(unpacked.equals(plainBody(page.parts))).toBe(true)
	return unpacked.toString('utf8')
}

describe('direct lesson page', () => {
	test('a signed-in learner gets the whole page: header with their name, lesson, outline, quiz, "mark as done"', async () => {
		const { cookie, user } = await signedIn({ fullName: 'Айгерім Нұрланова' })
		const page = await lessonDocument({ ...at, cookie })
		expect(page).not.toBeNull()
		const body = bodyOf(page)
		expect(body).toMatch(/^<!DOCTYPE html><html lang="ru" dir="ltr">/)
		expect(body).toContain('<title>')
		expect(body).toContain(`>${user.fullName}</a>`)
		expect(body).toContain('href="/kk/courses/mini-course/lessons/01-first"') // language switch keeps the page
		expect(body).toMatch(/<a aria-current="page" class="active" href="\/ru\/courses"/) // "Courses" is the current section
		expect(body).toContain('class="outline"')
		expect(body).toContain('name="intent" value="quiz"')
		expect(body).toMatch(/name="nonce" value="[0-9a-f-]{36}"/)
		expect(body).toContain('name="intent" value="complete"')
		expect(body).toContain('Урок 1 из 2')
		expect(page?.headers['Set-Cookie']).toMatch(/^ortaq_lang=ru;/)
	})

	test('every view gets its own quiz nonce, so a repeated post is recognised', async () => {
		const { cookie } = await signedIn()
		const nonce = (body: string) => /name="nonce" value="([0-9a-f-]{36})"/.exec(body)?.[1]
		const first = nonce(bodyOf(await lessonDocument({ ...at, cookie })))
		const second = nonce(bodyOf(await lessonDocument({ ...at, cookie })))
		expect(first).toBeTruthy()
		expect(second).toBeTruthy()
		expect(first).not.toBe(second)
	})

	test('progress shows: a done lesson is marked in the outline and the form gives way to "done"', async () => {
		const { cookie, user } = await signedIn()
		const c = await course()
		await enrol({ userId: user.id, course: c, locale: 'ru' })
		const first = c.lessons[0]
		if (!first) throw new Error('no lesson')
		await completeLesson({ userId: user.id, course: c, lessonId: first.id, locale: 'ru' })
		const body = bodyOf(await lessonDocument({ ...at, cookie }))
		expect(body).toContain('class="outline__done"')
		expect(body).toContain('Урок пройден')
		expect(body).not.toContain('name="intent" value="complete"')
		expect(body).toContain('Остался 1 урок и итоговая аттестация.')
	})

	test('a name with markup is shown as text, and one learner’s name never reaches another’s page', async () => {
		const a = await signedIn({ fullName: '<img src=x onerror=alert(1)> Әсел' })
		const b = await signedIn({ fullName: 'Бауыржан Серікұлы' })
		const pageA = bodyOf(await lessonDocument({ ...at, cookie: a.cookie }))
		const pageB = bodyOf(await lessonDocument({ ...at, cookie: b.cookie }))
		expect(pageA).toContain('&lt;img src=x onerror=alert(1)&gt; Әсел')
		expect(pageA).not.toContain('<img src=x')
		expect(pageB).toContain('Бауыржан Серікұлы')
		expect(pageB).not.toContain('Әсел')
	})

	test('leaves every other case to the router: signed out, bad session, unknown lesson or course, bad language', async () => {
		const { cookie } = await signedIn()
		expect(await lessonDocument({ ...at, cookie: undefined })).toBeNull()
		expect(await lessonDocument({ ...at, cookie: 'ortaq_session=abc.def' })).toBeNull()
		expect(await lessonDocument({ ...at, cookie: 'ortaq_session=%E0%A4%A' })).toBeNull()
		expect(await lessonDocument({ ...at, lesson: 'nope', cookie })).toBeNull()
		expect(await lessonDocument({ ...at, slug: 'no-such-course', cookie })).toBeNull()
		expect(await lessonDocument({ ...at, lang: 'en', cookie })).toBeNull()
		expect(await lessonDocument({ ...at, lesson: '01-first.data', cookie })).toBeNull()
	})

	test('checks the session it reads with the lesson as every page does: the secret, expiry, extension', async () => {
		const db = await getDb()
		const { token, cookie } = await signedIn()
		const [id = '', secret = ''] = token.split('.')
		const wrong = `ortaq_session=${id}.${secret.slice(0, -1)}${secret.endsWith('a') ? 'b' : 'a'}`
		expect(await lessonDocument({ ...at, cookie: wrong })).toBeNull()

		// Past half its 30 days: the page is served and the session extended.
		await db.update(sessions).set({ expiresAt: new Date(Date.now() + 2 * 86_400_000) }).where(eq(sessions.id, id))
		expect(await lessonDocument({ ...at, cookie })).not.toBeNull()
		const [extended] = await db.select().from(sessions).where(eq(sessions.id, id))
		expect(extended?.expiresAt.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000)

		// Expired: no page, and the session is gone.
		await db.update(sessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(sessions.id, id))
		expect(await lessonDocument({ ...at, cookie })).toBeNull()
		expect(await db.select().from(sessions).where(eq(sessions.id, id))).toEqual([])
	})
})
