import { eq } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { getDb } from '#app/db/client.server.ts'
import { courseRevisions } from '#app/db/schema/index.ts'
import { getPublishedStructure } from '#app/modules/learning/structure.server.ts'
import * as courseRoute from '#app/routes/studio.course.tsx'
import * as diffRoute from '#app/routes/studio.course-diff.tsx'
import * as newRoute from '#app/routes/studio.course-new.tsx'
import * as taskRoute from '#app/routes/studio.course-task.tsx'
import * as teacherTaskRoute from '#app/routes/tasks.course.tsx'
import { makeRequest, routeArgs, run, signedIn } from '#tests/factories.ts'

const meta = { topic: 'inclusion', hours: '8', passThreshold: '60', titleKk: 'Тапсырмасы бар курс', titleRu: 'Курс с заданием', summaryKk: 'Қысқаша', summaryRu: 'Кратко' }

const create = (cookie: string, form: Record<string, string>) => run(() => newRoute.action(routeArgs(makeRequest('/ru/studio/courses/new', { cookie, form }), { lang: 'ru' })))
const course = (cookie: string, slug: string, form: Record<string, string>) => run(() => courseRoute.action(routeArgs(makeRequest(`/ru/studio/courses/${slug}`, { cookie, form }), { lang: 'ru', slug })))
const taskPage = (cookie: string, slug: string) => run(() => taskRoute.loader(routeArgs(makeRequest(`/ru/studio/courses/${slug}/task`, { cookie }), { lang: 'ru', slug })))
const saveTask = (cookie: string, slug: string, form: Record<string, string>) => run(() => taskRoute.action(routeArgs(makeRequest(`/ru/studio/courses/${slug}/task`, { cookie, form }), { lang: 'ru', slug })))

const criterion = (n: number, points = '5') => ({
	[`criterion${n}TitleKk`]: `${n}-критерий`,
	[`criterion${n}TitleRu`]: `Критерий ${n}`,
	[`criterion${n}DescriptionKk`]: 'Жоспарда мақсат бар.',
	[`criterion${n}DescriptionRu`]: 'В плане есть цель.',
	[`criterion${n}Points`]: points,
})
const good = {
	intent: 'save',
	titleKk: 'Сабақ жоспарын бейімдеу',
	titleRu: 'Адаптация плана урока',
	instructionsKk: 'Жоспарды алыңыз.\n\nОны бейімдеңіз.',
	instructionsRu: 'Возьмите план.\n\nАдаптируйте его.',
	submitText: 'on',
	...criterion(1, '4'),
	...criterion(2, '6'),
	passMark: '6',
	requiredForCertificate: 'on',
}

async function storedTask(slug: string) {
	const db = await getDb()
	const rows = await db.select({ task: courseRevisions.task, number: courseRevisions.number }).from(courseRevisions).where(eq(courseRevisions.slug, slug))
	return rows.sort((a, b) => b.number - a.number)[0]?.task ?? null
}

async function draftCourse(slug: string) {
	const author = await signedIn({ role: 'author' })
	expect(await create(author.cookie, { ...meta, slug })).toMatchObject({ status: 302 })
	expect(await course(author.cookie, slug, { intent: 'addLesson', lessonSlug: 'first', lessonTitleKk: 'Бірінші', lessonTitleRu: 'Первый' })).toMatchObject({ status: 302 })
	return author
}

test('an author writes a draft task; it reaches teachers only when a reviewer publishes the draft', async () => {
	const slug = 'task-from-studio'
	const author = await draftCourse(slug)
	const reviewer = await signedIn({ role: 'reviewer' })
	expect(await taskPage(author.cookie, slug)).toMatchObject({ hasTask: false, values: { submitText: 'on', submitFiles: 'on', requiredForCertificate: 'on' } })
	expect(await saveTask(author.cookie, slug, good)).toMatchObject({ status: 302 })
	const saved = await taskPage(author.cookie, slug)
	expect(saved).toMatchObject({ hasTask: true, values: { titleRu: 'Адаптация плана урока', criterion1Id: 'c1', criterion2Points: '6', passMark: '6', submitText: 'on', requiredForCertificate: 'on' } })
	expect((saved as { values: Record<string, string> }).values.submitFiles).toBeUndefined()
	// The studio course page links to the task with its title.
	expect(await run(() => courseRoute.loader(routeArgs(makeRequest(`/ru/studio/courses/${slug}`, { cookie: author.cookie }), { lang: 'ru', slug })))).toMatchObject({ task: { title: 'Адаптация плана урока', criteria: 2 } })

	await course(author.cookie, slug, { intent: 'submit' })
	expect(await course(reviewer.cookie, slug, { intent: 'review', decision: 'approve', comment: '' })).toMatchObject({ status: 302 })
	const v1 = await getPublishedStructure(slug)
	expect(v1?.task).toMatchObject({ title: { ru: 'Адаптация плана урока' }, submit: { text: true, files: false }, passMark: 6, requiredForCertificate: true, criteria: [{ id: 'c1', maxPoints: 4 }, { id: 'c2', maxPoints: 6 }] })

	// A new draft: the task is changed there (a criterion removed, one added); the published course keeps the old one.
	await course(author.cookie, slug, { intent: 'revise' })
	const edit = { ...good, criterion1Id: 'c1', criterion2Id: 'c2', criterion1Remove: 'on', ...criterion(3, '10'), titleRu: 'Новое задание', passMark: '12', submitFiles: 'on' }
	expect(await saveTask(author.cookie, slug, edit)).toMatchObject({ status: 302 })
	expect((await getPublishedStructure(slug))?.task?.title.ru).toBe('Адаптация плана урока')
	// The reviewer's diff of the two revisions names the task as changed, with both versions.
	const diff = await run(() => diffRoute.loader(routeArgs(makeRequest(`/ru/studio/courses/${slug}/diff?from=1&to=2&locale=ru`, { cookie: reviewer.cookie }), { lang: 'ru', slug })))
	expect(diff).toMatchObject({ changed: true, task: { changed: true, before: { title: { ru: 'Адаптация плана урока' } }, after: { title: { ru: 'Новое задание' }, passMark: 12 } } })
	await course(author.cookie, slug, { intent: 'submit' })
	await course(reviewer.cookie, slug, { intent: 'review', decision: 'approve', comment: '' })
	const v2 = await getPublishedStructure(slug)
	expect(v2?.number).toBe(2)
	expect(v2?.task).toMatchObject({ title: { ru: 'Новое задание' }, submit: { text: true, files: true }, passMark: 12, criteria: [{ id: 'c2', maxPoints: 6 }, { id: 'c3', maxPoints: 10 }] })
	const teacher = await signedIn()
	expect(await run(() => teacherTaskRoute.loader(routeArgs(makeRequest(`/ru/courses/${slug}/task`, { cookie: teacher.cookie }), { lang: 'ru', slug })))).toMatchObject({ task: { title: { ru: 'Новое задание' } } })

	// "No task" removes it from the next draft only.
	await course(author.cookie, slug, { intent: 'revise' })
	expect(await saveTask(author.cookie, slug, { intent: 'remove' })).toMatchObject({ status: 302 })
	expect(await taskPage(author.cookie, slug)).toMatchObject({ hasTask: false })
	expect((await getPublishedStructure(slug))?.task?.title.ru).toBe('Новое задание')
})

test('bad task input comes back with localized field errors and what was typed, and nothing is saved', async () => {
	const slug = 'task-bad-input'
	const author = await draftCourse(slug)
	const cases: [Record<string, string>, Record<string, string[]>][] = [
		[{ ...good, criterion1Points: '0' }, { criterion1Points: ['errors.taskPoints'] }],
		[{ ...good, criterion1Points: '-3' }, { criterion1Points: ['errors.taskPoints'] }],
		[{ ...good, criterion2Points: '99999999999999999999' }, { criterion2Points: ['errors.taskPoints'] }],
		[{ ...good, criterion2Points: 'пять' }, { criterion2Points: ['errors.taskPoints'] }],
		[{ ...good, titleKk: '  ' }, { titleKk: ['errors.required'] }],
		[{ ...good, criterion2TitleKk: '' }, { criterion2TitleKk: ['errors.required'] }],
		[{ ...good, passMark: '11' }, { passMark: ['errors.taskPassMarkTotal'] }],
		[{ ...good, passMark: '0' }, { passMark: ['errors.taskPassMark'] }],
		[{ ...good, submitText: '' }, { submit: ['errors.taskSubmit'] }],
		[{ ...good, titleRu: 'а\u0000б' }, { titleRu: ['errors.invalidCharacters'] }],
		[{ ...Object.fromEntries(Object.entries(good).filter(([k]) => !k.startsWith('criterion'))), passMark: '1' }, { criteria: ['errors.taskCriteriaNone'] }],
		[{ ...good, ...Object.assign({}, ...Array.from({ length: 13 }, (_, i) => criterion(i + 1))) }, { criteria: ['errors.taskCriteriaMax'] }],
	]
	for (const [form, errors] of cases) {
		const res = await saveTask(author.cookie, slug, form)
		expect(res, JSON.stringify(errors)).toMatchObject({ init: { status: 400 }, data: { values: form, errors: { form: ['errors.task'], ...errors } } })
	}
	// Thirteen criteria typed: all thirteen rows come back to be trimmed.
	const thirteen = await saveTask(author.cookie, slug, { ...good, ...Object.assign({}, ...Array.from({ length: 13 }, (_, i) => criterion(i + 1))) })
	expect(thirteen).toMatchObject({ data: { rows: 13 } })
	expect(await storedTask(slug)).toBeNull()
	// "Add a criterion" shows one more empty row and saves nothing.
	const added = await saveTask(author.cookie, slug, { ...good, intent: 'addCriterion', rows: '4' })
	expect(added).toMatchObject({ init: { status: 200 }, data: { rows: 5, values: { titleRu: 'Адаптация плана урока' } } })
	expect(await storedTask(slug)).toBeNull()
	// An unknown intent is refused as a form error.
	expect(await saveTask(author.cookie, slug, { ...good, intent: 'publish' })).toMatchObject({ init: { status: 400 } })
	expect(await storedTask(slug)).toBeNull()
})

test("another author, a teacher and a course in review: the task page answers as the other studio pages do", async () => {
	const slug = 'task-access'
	const author = await draftCourse(slug)
	const other = await signedIn({ role: 'author' })
	const teacher = await signedIn()
	expect(await taskPage(other.cookie, slug)).toMatchObject({ status: 404 })
	expect(await saveTask(other.cookie, slug, good)).toMatchObject({ init: { status: 400 }, data: { errors: { form: ['workflow.not_allowed'] } } })
	expect(await taskPage(teacher.cookie, slug)).toMatchObject({ status: 403 })
	expect(await saveTask(teacher.cookie, slug, good)).toMatchObject({ status: 403 })
	expect(await taskPage(author.cookie, 'no-such-course')).toMatchObject({ status: 404 })
	expect(await storedTask(slug)).toBeNull()
	// Once submitted, the draft is no longer editable, not even by its author.
	await course(author.cookie, slug, { intent: 'submit' })
	expect(await saveTask(author.cookie, slug, good)).toMatchObject({ init: { status: 400 }, data: { errors: { form: ['workflow.wrong_status'] } } })
	expect(await storedTask(slug)).toBeNull()
})
