import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { getDb } from '#app/db/client.server.ts'
import { auditEvents, lessonVersions, materialRevisions, materials } from '#app/db/schema/index.ts'
import { syncContent } from '#app/modules/content/sync.server.ts'
import { getPublishedStructure } from '#app/modules/learning/structure.server.ts'
import { exportCourseFiles, importCourseFolder } from '#app/modules/studio/courses.server.ts'
import { makeRequest, publishFixtureCourse, routeArgs, run, signedIn } from '#tests/factories.ts'
import * as libraryRoute from '#app/routes/materials.library.tsx'
import * as publicRoute from '#app/routes/materials.material.tsx'
import * as courseRoute from '#app/routes/studio.course.tsx'
import * as lessonRoute from '#app/routes/studio.course-lesson.tsx'
import * as diffRoute from '#app/routes/studio.material-diff.tsx'
import * as newRoute from '#app/routes/studio.material-new.tsx'
import * as materialRoute from '#app/routes/studio.material.tsx'
import * as translationsRoute from '#app/routes/studio.translations.tsx'

const good = (title: string, body = 'Сыныпта әр баланың қатысуына жағдай жасаймыз.') => `---\ntitle: "${title}"\n---\n\n## Мақсаты\n\n${body}\n`

function create(cookie: string, form: Record<string, string>) {
	return run(() => newRoute.action(routeArgs(makeRequest('/kk/studio/materials/new', { cookie, form }), { lang: 'kk' })))
}

function act(cookie: string, slug: string, form: Record<string, string>) {
	return run(() => materialRoute.action(routeArgs(makeRequest(`/kk/studio/materials/${slug}`, { cookie, form }), { lang: 'kk', slug })))
}

async function statusOf(slug: string) {
	const db = await getDb()
	const [row] = await db
		.select({ status: materialRevisions.status, number: materialRevisions.number })
		.from(materialRevisions)
		.innerJoin(materials, eq(materials.id, materialRevisions.materialId))
		.where(eq(materials.slug, slug))
		.orderBy(materialRevisions.number)
	return row
}

async function inLibrary(q: string) {
	const page = await libraryRoute.loader(routeArgs(makeRequest(`/kk/materials?q=${encodeURIComponent(q)}`), { lang: 'kk' }))
	return page.items.map((i) => i.slug)
}

test('bad MDX is refused on save with a localized problem on its line, and the author keeps the text', async () => {
	const author = await signedIn({ role: 'author' })
	const source = `${good('Бұзық жоба')}\nМәтін {process.exit(1)}\n\n<script>alert(1)</script>\n`
	const result = await create(author.cookie, { slug: 'broken-draft', type: 'guide', topic: 'inclusion', sourceKk: source, sourceRu: '' })
	expect(result).toMatchObject({ init: { status: 400 }, data: { values: { sourceKk: source }, errors: { form: ['errors.mdx'] } } })
	const problems = 'data' in result ? result.data.problems.kk : undefined
	expect(problems?.map((p) => [p.line, p.code])).toContainEqual([9, 'expression'])
	expect(problems?.map((p) => [p.line, p.code])).toContainEqual([11, 'unknown-component'])
	expect(await statusOf('broken-draft')).toBeUndefined()
})

test('a teacher cannot open the studio, and another author cannot see someone else’s draft', async () => {
	const teacher = await signedIn()
	const denied = await run(() => newRoute.loader(routeArgs(makeRequest('/kk/studio/materials/new', { cookie: teacher.cookie }), { lang: 'kk' })))
	expect(denied).toMatchObject({ status: 403 })
	const author = await signedIn({ role: 'author' })
	await create(author.cookie, { slug: 'private-draft', type: 'checklist', topic: 'inclusion', sourceKk: good('Жеке жоба'), sourceRu: '' })
	const other = await signedIn({ role: 'author' })
	const page = await run(() => materialRoute.loader(routeArgs(makeRequest('/kk/studio/materials/private-draft', { cookie: other.cookie }), { lang: 'kk', slug: 'private-draft' })))
	expect(page).toMatchObject({ status: 404 })
	expect(await act(other.cookie, 'private-draft', { intent: 'submit' })).toMatchObject({ init: { status: 400 }, data: { errors: { form: ['workflow.not_allowed'] } } })
})

test('draft → review → returned with a comment → resubmitted → approved by another person; only then teachers see it', async () => {
	const author = await signedIn({ role: 'author' })
	const reviewer = await signedIn({ role: 'reviewer' })
	const slug = 'tactile-timetable'
	const created = await create(author.cookie, {
		slug,
		type: 'lesson_plan',
		topic: 'sen-support',
		summaryKk: 'Суретті кесте',
		sourceKk: good('Суретті күн тәртібі', 'Тактильді карточкалар сабақтың ретін көрсетеді.'),
		sourceRu: '',
	})
	expect(created).toMatchObject({ status: 302 })
	expect(await act(author.cookie, slug, { intent: 'submit' })).toMatchObject({ status: 302 })
	expect(await statusOf(slug)).toEqual({ status: 'in_review', number: 1 })
	expect(await inLibrary('тактильді')).toEqual([])

	// The author has no review permission; a reviewer must give a reason to return.
	expect(await act(author.cookie, slug, { intent: 'review', decision: 'approve' })).toMatchObject({ status: 403 })
	expect(await act(reviewer.cookie, slug, { intent: 'review', decision: 'return', comment: '  ' })).toMatchObject({
		init: { status: 400 },
		data: { errors: { comment: ['errors.commentRequired'] } },
	})
	expect(await act(reviewer.cookie, slug, { intent: 'review', decision: 'return', comment: 'Мақсатты нақтылаңыз.' })).toMatchObject({ status: 302 })
	expect(await statusOf(slug)).toEqual({ status: 'draft', number: 1 })

	const page = await materialRoute.loader(routeArgs(makeRequest(`/kk/studio/materials/${slug}`, { cookie: author.cookie }), { lang: 'kk', slug }))
	expect(page.comments[0]).toMatchObject({ decision: 'return', body: 'Мақсатты нақтылаңыз.' })
	expect(page.can.edit).toBe(true)

	const fixed = { intent: 'save', type: 'lesson_plan', topic: 'sen-support', summaryKk: 'Суретті кесте', sourceKk: good('Суретті күн тәртібі', 'Мақсаты: тактильді карточкалар арқылы оқушы сабақтың ретін алдын ала біледі.'), sourceRu: '' }
	expect(await act(author.cookie, slug, fixed)).toMatchObject({ status: 302 })
	expect(await act(author.cookie, slug, { intent: 'submit' })).toMatchObject({ status: 302 })
	// While in review nobody edits it.
	expect(await act(author.cookie, slug, fixed)).toMatchObject({ init: { status: 400 }, data: { errors: { form: ['workflow.wrong_status'] } } })
	expect(await act(reviewer.cookie, slug, { intent: 'review', decision: 'approve', comment: '' })).toMatchObject({ status: 302 })
	expect(await statusOf(slug)).toEqual({ status: 'published', number: 1 })
	expect(await inLibrary('тактильді')).toEqual([slug])

	const db = await getDb()
	const events = (await db.select().from(auditEvents).where(eq(auditEvents.targetType, 'material_revision'))).filter((e) => e.data?.slug === slug)
	expect(events.map((e) => e.action)).toEqual(['material.create', 'material.submit', 'material.return', 'material.save', 'material.submit', 'material.publish'])
	expect(events.at(-1)?.actorId).toBe(reviewer.user.id)
})

test('a reviewer never approves their own work', async () => {
	const reviewer = await signedIn({ role: 'reviewer' })
	const slug = 'own-work'
	await create(reviewer.cookie, { slug, type: 'guide', topic: 'gender', sourceKk: '', sourceRu: good('Своя работа', 'Текст.') })
	await act(reviewer.cookie, slug, { intent: 'submit' })
	expect(await act(reviewer.cookie, slug, { intent: 'review', decision: 'approve' })).toMatchObject({ data: { errors: { form: ['workflow.own_work'] } } })
	expect(await statusOf(slug)).toEqual({ status: 'in_review', number: 1 })
})

test('a new revision keeps the published one unchanged until approved; history shows the diff; translation status flags what lags', async () => {
	const author = await signedIn({ role: 'author' })
	const reviewer = await signedIn({ role: 'reviewer' })
	const slug = 'revised-material'
	const v1kk = good('Бірінші нұсқа', 'Ескі жол.')
	const v1ru = `---\ntitle: "Первая редакция"\n---\n\n## Цель\n\nСтарая строка.\n`
	await create(author.cookie, { slug, type: 'checklist', topic: 'inclusion', sourceKk: v1kk, sourceRu: v1ru })
	await act(author.cookie, slug, { intent: 'submit' })
	await act(reviewer.cookie, slug, { intent: 'review', decision: 'approve' })
	expect(await act(author.cookie, slug, { intent: 'revise' })).toMatchObject({ status: 302 })
	const v2ru = v1ru.replace('Старая строка.', 'Новая строка.')
	await act(author.cookie, slug, { intent: 'save', type: 'checklist', topic: 'inclusion', sourceKk: v1kk, sourceRu: v2ru })

	const published = await publicRoute.loader(routeArgs(makeRequest(`/ru/materials/${slug}`), { lang: 'ru', slug }))
	expect(published.html).toContain('Старая строка.')

	const diff = await diffRoute.loader(routeArgs(makeRequest(`/ru/studio/materials/${slug}/diff?from=1&to=2&locale=ru`, { cookie: author.cookie }), { lang: 'ru', slug }))
	expect(diff.parts.filter((p) => p.kind === 'removed').map((p) => p.text)).toEqual(['Старая строка.\n'])
	expect(diff.parts.filter((p) => p.kind === 'added').map((p) => p.text)).toEqual(['Новая строка.\n'])

	const status = await translationsRoute.loader(routeArgs(makeRequest('/ru/studio/translations', { cookie: author.cookie }), { lang: 'ru' }))
	expect(status.rows.find((r) => r.slug === slug)).toMatchObject({ has: { kk: true, ru: true }, outdated: { kk: true, ru: false } })
	expect(status.lackingKazakh.map((r) => r.slug)).toContain('own-work')

	await act(author.cookie, slug, { intent: 'submit' })
	await act(reviewer.cookie, slug, { intent: 'review', decision: 'approve' })
	const after = await publicRoute.loader(routeArgs(makeRequest(`/ru/materials/${slug}`), { lang: 'ru', slug }))
	expect(after.html).toContain('Новая строка.')
	const db = await getDb()
	const revisions = await db
		.select({ number: materialRevisions.number, status: materialRevisions.status })
		.from(materialRevisions)
		.innerJoin(materials, eq(materials.id, materialRevisions.materialId))
		.where(eq(materials.slug, slug))
		.orderBy(materialRevisions.number)
	expect(revisions).toEqual([
		{ number: 1, status: 'archived' },
		{ number: 2, status: 'published' },
	])
})

test('metadata saved on a draft reaches the material page and the library filters only when the draft is approved', async () => {
	const author = await signedIn({ role: 'author' })
	const reviewer = await signedIn({ role: 'reviewer' })
	const slug = 'metadata-under-review'
	const source = good('Метадеректер тексеріледі', 'Мәтін өзгермейді.')
	await create(author.cookie, { slug, type: 'checklist', topic: 'inclusion', subjects: 'mathematics', grades: '3', needs: 'vision', sourceKk: source, sourceRu: '' })
	await act(author.cookie, slug, { intent: 'submit' })
	await act(reviewer.cookie, slug, { intent: 'review', decision: 'approve' })
	const reader = () => publicRoute.loader(routeArgs(makeRequest(`/kk/materials/${slug}`), { lang: 'kk', slug }))
	const listed = async (query: string) => (await libraryRoute.loader(routeArgs(makeRequest(`/kk/materials?${query}`), { lang: 'kk' }))).items.some((i) => i.slug === slug)
	const published = { type: 'checklist', topic: 'inclusion', subjects: ['mathematics'], grades: [3], needs: ['vision'] }
	expect(await reader()).toMatchObject(published)

	expect(await act(author.cookie, slug, { intent: 'revise' })).toMatchObject({ status: 302 })
	const edited = { intent: 'save', type: 'guide', topic: 'gender', subjects: 'history', grades: '7', needs: 'hearing', sourceKk: source, sourceRu: '' }
	expect(await act(author.cookie, slug, edited)).toMatchObject({ status: 302 })
	// The author sees the draft's metadata in the studio; readers and the library filters still see the published one.
	const studioPage = await materialRoute.loader(routeArgs(makeRequest(`/kk/studio/materials/${slug}`, { cookie: author.cookie }), { lang: 'kk', slug }))
	expect(studioPage.values).toMatchObject({ type: 'guide', topic: 'gender', subjects: ['history'], grades: ['7'], needs: ['hearing'] })
	expect(await reader()).toMatchObject(published)
	expect(await listed('type=checklist&need=vision')).toBe(true)
	expect(await listed('type=guide')).toBe(false)
	expect(await listed('need=hearing')).toBe(false)
	await act(author.cookie, slug, { intent: 'submit' })
	expect(await reader()).toMatchObject(published)

	await act(reviewer.cookie, slug, { intent: 'review', decision: 'approve' })
	expect(await reader()).toMatchObject({ type: 'guide', topic: 'gender', subjects: ['history'], grades: [7], needs: ['hearing'] })
	expect(await listed('type=guide&need=hearing&grade=7')).toBe(true)
	expect(await listed('type=checklist')).toBe(false)
})

test('a published course exports to the folder format and the edited folder imports as its next revision, lessons keeping their identity', async () => {
	const { root: source, results, course: before } = await publishFixtureCourse()
	expect(results.map((r) => r.status)).toEqual(['published'])

	const files = await exportCourseFiles('mini-course')
	if (!files) throw new Error('no export')
	// Every MDX file comes back byte for byte, every JSON file with the same meaning.
	for (const [name, text] of Object.entries(files)) {
		const original = await fs.readFile(path.join(source, 'mini-course', name), 'utf8')
		if (name.endsWith('.mdx')) expect(text, name).toBe(original)
		else expect(JSON.parse(text), name).toMatchObject(JSON.parse(original))
	}
	expect(Object.keys(files).sort()).toEqual((await fs.readdir(path.join(source, 'mini-course'), { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => path.relative(path.join(source, 'mini-course'), path.join(e.parentPath, e.name))).sort())

	const target = await fs.mkdtemp(path.join(os.tmpdir(), 'ortaq-course-export-'))
	const lessonFile = Object.keys(files).find((f) => f.startsWith('lessons/') && f.endsWith('/ru.mdx'))
	if (!lessonFile) throw new Error('no lesson')
	for (const [name, text] of Object.entries(files)) {
		await fs.mkdir(path.dirname(path.join(target, 'mini-course', name)), { recursive: true })
		await fs.writeFile(path.join(target, 'mini-course', name), name === lessonFile ? `${text}\nДобавленный абзац после экспорта.\n` : text)
	}
	const reviewer = await signedIn({ role: 'reviewer' })
	const result = await importCourseFolder({ slug: 'mini-course', userId: reviewer.user.id, root: target })
	expect(result).toMatchObject({ status: 'published', revision: 2 })
	const after = await getPublishedStructure('mini-course')
	expect(after?.lessons.map((l) => l.id)).toEqual(before?.lessons.map((l) => l.id))
	const changed = after?.lessons.find((l) => lessonFile.includes(l.slug))
	const db = await getDb()
	const [version] = await db.select().from(lessonVersions).where(eq(lessonVersions.hash, changed?.versions.ru?.hash ?? ''))
	expect(version?.source).toContain('Добавленный абзац после экспорта.')
	expect(await importCourseFolder({ slug: 'no-such-course', userId: reviewer.user.id, root: target })).toMatchObject({ status: 'missing' })
})

test('a course is revised in the studio: lesson text checked on save, learners keep the published text until a second person approves', async () => {
	const { course: before } = await publishFixtureCourse()
	const lesson = before.lessons[0]
	if (!lesson) throw new Error('no lesson')
	const author = await signedIn({ role: 'author' })
	const reviewer = await signedIn({ role: 'reviewer' })
	const course = (cookie: string, form: Record<string, string>) =>
		run(() => courseRoute.action(routeArgs(makeRequest('/ru/studio/courses/mini-course', { cookie, form }), { lang: 'ru', slug: 'mini-course' })))
	const saveLesson = (cookie: string, form: Record<string, string>) =>
		run(() => lessonRoute.action(routeArgs(makeRequest(`/ru/studio/courses/mini-course/lessons/${lesson.slug}`, { cookie, form }), { lang: 'ru', slug: 'mini-course', lesson: lesson.slug })))

	expect(await course(author.cookie, { intent: 'revise' })).toMatchObject({ status: 302 })
	const bad = '---\ntitle: Урок\n---\n\n# Заголовок первого уровня\n\n<iframe src="https://example.com"></iframe>\n'
	const refused = await saveLesson(author.cookie, { sourceKk: '', sourceRu: bad })
	expect(refused).toMatchObject({ init: { status: 400 }, data: { values: { sourceRu: bad } } })
	const problems = 'data' in refused ? refused.data.problems.ru?.map((p) => [p.line, p.code]) : []
	expect(problems).toEqual([[5, 'heading-order'], [7, 'unknown-component']])

	const edited = '---\ntitle: Урок после правки\nminutes: 10\n---\n\n## Что изменилось\n\nНовый текст урока из студии.\n'
	expect(await saveLesson(author.cookie, { sourceKk: '', sourceRu: edited })).toMatchObject({ status: 302 })
	// Someone else's draft is not theirs to change.
	const other = await signedIn({ role: 'author' })
	expect(await saveLesson(other.cookie, { sourceKk: '', sourceRu: edited })).toMatchObject({ data: { errors: { form: ['workflow.not_allowed'] } } })
	expect(await course(author.cookie, { intent: 'save', titleKk: '', titleRu: 'Мини', summaryKk: 'а', summaryRu: 'б', hours: '0', passThreshold: '70', overviewKk: '', overviewRu: '' })).toMatchObject({
		init: { status: 400 },
		data: { errors: { titleKk: ['errors.required'], hours: ['errors.hours'] } },
	})

	expect((await getPublishedStructure('mini-course'))?.revisionId).toBe(before.revisionId)
	expect(await course(author.cookie, { intent: 'submit' })).toMatchObject({ status: 302 })
	expect(await course(reviewer.cookie, { intent: 'review', decision: 'approve', comment: 'Хорошо.' })).toMatchObject({ status: 302 })
	const after = await getPublishedStructure('mini-course')
	expect(after?.number).toBe(before.number + 1)
	expect(after?.lessons.map((l) => l.id)).toEqual(before.lessons.map((l) => l.id))
	expect(after?.lessons[0]?.versions.ru?.title).toBe('Урок после правки')
	expect(after?.lessons[0]?.versions.kk?.hash).toBeUndefined()
	expect(after?.quizzes.length).toBe(before.quizzes.length)
})

test('the folder sync leaves a course published from the studio alone until the folder itself changes (ADR 020)', async () => {
	const { root } = await publishFixtureCourse()
	const author = await signedIn({ role: 'author' })
	const reviewer = await signedIn({ role: 'reviewer' })
	const course = (cookie: string, form: Record<string, string>) =>
		run(() => courseRoute.action(routeArgs(makeRequest('/ru/studio/courses/mini-course', { cookie, form }), { lang: 'ru', slug: 'mini-course' })))
	const ruText = async () => {
		const published = await getPublishedStructure('mini-course')
		const db = await getDb()
		const [version] = await db.select({ source: lessonVersions.source }).from(lessonVersions).where(eq(lessonVersions.hash, published?.lessons[0]?.versions.ru?.hash ?? ''))
		return { number: published?.number, source: version?.source }
	}
	expect(await course(author.cookie, { intent: 'revise' })).toMatchObject({ status: 302 })
	const edited = '---\ntitle: Урок из студии\n---\n\n## Правка рецензента\n\nТекст, исправленный в студии.\n'
	const lesson = (await getPublishedStructure('mini-course'))?.lessons[0]?.slug ?? ''
	const saved = await run(() => lessonRoute.action(routeArgs(makeRequest(`/ru/studio/courses/mini-course/lessons/${lesson}`, { cookie: author.cookie, form: { sourceKk: '', sourceRu: edited } }), { lang: 'ru', slug: 'mini-course', lesson })))
	expect(saved).toMatchObject({ status: 302 })
	await course(author.cookie, { intent: 'submit' })
	expect(await course(reviewer.cookie, { intent: 'review', decision: 'approve', comment: '' })).toMatchObject({ status: 302 })
	const studio = await ruText()
	expect(studio.source).toBe(edited)

	// The startup sync with the folder as it was: the studio's edits stay, nothing is published.
	expect((await syncContent({ root })).find((r) => r.slug === 'mini-course')).toMatchObject({ status: 'unchanged' })
	expect(await ruText()).toEqual(studio)

	// The folder is edited after that: it is the newer word and publishes (the studio's revision stays in the history).
	await fs.appendFile(path.join(root, 'mini-course', 'lessons', lesson, 'ru.mdx'), '\nАбзац, дописанный в папке.\n')
	expect((await syncContent({ root })).find((r) => r.slug === 'mini-course')).toMatchObject({ status: 'published' })
	const folder = await ruText()
	expect(folder.number).toBe((studio.number ?? 0) + 1)
	expect(folder.source).toContain('Абзац, дописанный в папке.')
	expect((await syncContent({ root })).find((r) => r.slug === 'mini-course')).toMatchObject({ status: 'unchanged' })
})
