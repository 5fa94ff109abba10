import { eq } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { getDb } from '#app/db/client.server.ts'
import { lessons } from '#app/db/schema/index.ts'
import { listCatalogue } from '#app/modules/learning/catalogue.server.ts'
import { remaining } from '#app/modules/learning/completion.ts'
import { courseProgress } from '#app/modules/learning/lesson-page.server.ts'
import { getPublishedStructure } from '#app/modules/learning/structure.server.ts'
import { makeRequest, routeArgs, run, signedIn } from '#tests/factories.ts'
import * as courseRoute from '#app/routes/studio.course.tsx'
import * as diffRoute from '#app/routes/studio.course-diff.tsx'
import * as lessonRoute from '#app/routes/studio.course-lesson.tsx'
import * as newRoute from '#app/routes/studio.course-new.tsx'
import * as quizRoute from '#app/routes/studio.course-quiz.tsx'

const meta = { topic: 'gender', hours: '12', passThreshold: '70', titleKk: 'Гендерлік сезімтал сабақ', titleRu: 'Гендерно-чувствительный урок', summaryKk: 'Қысқаша', summaryRu: 'Кратко' }

const create = (cookie: string, form: Record<string, string>) => run(() => newRoute.action(routeArgs(makeRequest('/ru/studio/courses/new', { cookie, form }), { lang: 'ru' })))
const course = (cookie: string, slug: string, form: Record<string, string>) => run(() => courseRoute.action(routeArgs(makeRequest(`/ru/studio/courses/${slug}`, { cookie, form }), { lang: 'ru', slug })))
const page = (cookie: string, slug: string) => courseRoute.loader(routeArgs(makeRequest(`/ru/studio/courses/${slug}`, { cookie }), { lang: 'ru', slug }))
function quiz(cookie: string, slug: string, kind: string, lesson: string | undefined, form: Record<string, string>) {
	const path = `/ru/studio/courses/${slug}/quizzes/${kind}${lesson ? `/${lesson}` : ''}`
	return run(() => quizRoute.action(routeArgs(makeRequest(path, { cookie, form }), { lang: 'ru', slug, kind, lesson })))
}
const question = { intent: 'save', type: 'single', textKk: 'Қай жауап дұрыс?', textRu: 'Какой ответ верный?', option1Kk: 'Иә', option1Ru: 'Да', option1Correct: 'on', option2Kk: 'Жоқ', option2Ru: 'Нет' }

test('an author creates a course; bad input comes back localized with what was typed; a taken slug is refused', async () => {
	const author = await signedIn({ role: 'author' })
	const bad = { ...meta, slug: 'Плохое имя', hours: '0', titleRu: '' }
	expect(await create(author.cookie, bad)).toMatchObject({ init: { status: 400 }, data: { values: bad, errors: { slug: ['errors.slug'], hours: ['errors.hours'], titleRu: ['errors.required'] } } })
	expect(await create(author.cookie, { ...meta, slug: 'gender-lesson' })).toMatchObject({ status: 302 })
	expect(await create(author.cookie, { ...meta, slug: 'gender-lesson' })).toMatchObject({ init: { status: 400 }, data: { errors: { slug: ['errors.courseSlugTaken'] } } })
	const d = await page(author.cookie, 'gender-lesson')
	expect(d).toMatchObject({ current: { number: 1, status: 'draft' }, values: { hours: '12', passThreshold: '70' }, can: { edit: true, submit: true }, lessons: [] })
	// Nothing to review without a lesson; a teacher cannot create courses.
	expect(await course(author.cookie, 'gender-lesson', { intent: 'submit' })).toMatchObject({ init: { status: 400 }, data: { errors: { form: ['errors.noLessons'] } } })
	const teacher = await signedIn()
	expect(await create(teacher.cookie, { ...meta, slug: 'teacher-course' })).toMatchObject({ status: 403 })
})

test('lessons are added, reordered and removed in a draft; a removed lesson keeps its identity when it comes back', async () => {
	const author = await signedIn({ role: 'author' })
	const slug = 'order-course'
	await create(author.cookie, { ...meta, slug })
	for (const lesson of [{ s: 'one', title: 'Первый' }, { s: 'two', title: 'Второй' }, { s: 'three', title: 'Третий' }]) {
		expect(await course(author.cookie, slug, { intent: 'addLesson', lessonSlug: lesson.s, lessonTitleKk: '', lessonTitleRu: lesson.title })).toMatchObject({ status: 302 })
	}
	expect(await course(author.cookie, slug, { intent: 'addLesson', lessonSlug: 'one', lessonTitleKk: 'Бір', lessonTitleRu: '' })).toMatchObject({ init: { status: 400 }, data: { errors: { lessonSlug: ['errors.lessonSlugTaken'] } } })
	expect(await course(author.cookie, slug, { intent: 'addLesson', lessonSlug: 'four', lessonTitleKk: '', lessonTitleRu: '' })).toMatchObject({
		init: { status: 400 },
		data: { values: { lessonSlug: 'four' }, errors: { lessonTitleKk: ['errors.lessonTitle'] } },
	})
	const titles = async () => (await page(author.cookie, slug)).lessons.map((l) => l.title)
	expect(await titles()).toEqual(['Первый', 'Второй', 'Третий'])
	expect(await course(author.cookie, slug, { intent: 'moveUp', lessonSlug: 'three' })).toMatchObject({ status: 302 })
	expect(await titles()).toEqual(['Первый', 'Третий', 'Второй'])
	await course(author.cookie, slug, { intent: 'moveDown', lessonSlug: 'one' })
	expect(await titles()).toEqual(['Третий', 'Первый', 'Второй'])
	// At the top, "up" changes nothing.
	await course(author.cookie, slug, { intent: 'moveUp', lessonSlug: 'three' })
	expect(await titles()).toEqual(['Третий', 'Первый', 'Второй'])

	const db = await getDb()
	const [before] = await db.select().from(lessons).where(eq(lessons.slug, 'one'))
	expect(await course(author.cookie, slug, { intent: 'removeLesson', lessonSlug: 'one' })).toMatchObject({ status: 302 })
	expect(await titles()).toEqual(['Третий', 'Второй'])
	await course(author.cookie, slug, { intent: 'addLesson', lessonSlug: 'one', lessonTitleKk: '', lessonTitleRu: 'Снова первый' })
	const [after] = await db.select().from(lessons).where(eq(lessons.slug, 'one'))
	expect(after?.id).toBe(before?.id)
	expect(await titles()).toEqual(['Третий', 'Второй', 'Снова первый'])

	// The new lesson's text is edited like any other.
	const text = '---\ntitle: Третий урок\n---\n\n## Цель\n\nТекст урока.\n'
	const saved = await run(() => lessonRoute.action(routeArgs(makeRequest(`/ru/studio/courses/${slug}/lessons/three`, { cookie: author.cookie, form: { sourceKk: '', sourceRu: text } }), { lang: 'ru', slug, lesson: 'three' })))
	expect(saved).toMatchObject({ status: 302 })
	// Another author may not reorder someone else's draft.
	const other = await signedIn({ role: 'author' })
	expect(await course(other.cookie, slug, { intent: 'moveDown', lessonSlug: 'three' })).toMatchObject({ init: { status: 400 }, data: { errors: { form: ['workflow.not_allowed'] } } })
})

test('quizzes are edited in the browser with the quiz-file rules, errors per field, input kept', async () => {
	const author = await signedIn({ role: 'author' })
	const slug = 'quiz-course'
	await create(author.cookie, { ...meta, slug })
	await course(author.cookie, slug, { intent: 'addLesson', lessonSlug: 'intro', lessonTitleKk: 'Кіріспе', lessonTitleRu: 'Введение' })

	const twoCorrect = { ...question, option2Correct: 'on' }
	expect(await quiz(author.cookie, slug, 'lesson', 'intro', twoCorrect)).toMatchObject({ init: { status: 400 }, data: { values: twoCorrect, errors: { options: ['errors.oneCorrect'] } } })
	const missing = { ...question, textRu: ' ', option2Ru: '', option1Correct: '' }
	expect(await quiz(author.cookie, slug, 'lesson', 'intro', missing)).toMatchObject({
		init: { status: 400 },
		data: { errors: { textRu: ['errors.required'], option2Ru: ['errors.required'], options: ['errors.noCorrect'] } },
	})
	expect(await quiz(author.cookie, slug, 'lesson', 'intro', { ...question, option2Kk: '', option2Ru: '' })).toMatchObject({ data: { errors: { options: ['errors.fewOptions'] } } })
	expect(await quiz(author.cookie, slug, 'lesson', 'intro', { ...question, key: 'bad key!' })).toMatchObject({ data: { errors: { key: ['errors.questionKey'] } } })

	expect(await quiz(author.cookie, slug, 'lesson', 'intro', question)).toMatchObject({ status: 302 })
	expect(await quiz(author.cookie, slug, 'lesson', 'intro', { ...question, key: 'q1' })).toMatchObject({ data: { errors: { key: ['errors.questionKeyTaken'] } } })
	const multiple = { ...question, type: 'multiple', textRu: 'Что верно?', option2Correct: 'on', option3Kk: 'Мүмкін', option3Ru: 'Возможно', explanationKk: 'Түсініктеме', explanationRu: 'Пояснение' }
	expect(await quiz(author.cookie, slug, 'lesson', 'intro', multiple)).toMatchObject({ status: 302 })
	// Edit the first: its key stays, its text changes.
	expect(await quiz(author.cookie, slug, 'lesson', 'intro', { ...question, originalKey: 'q1', textRu: 'Какой ответ верный теперь?' })).toMatchObject({ status: 302 })
	const view = await quizRoute.loader(routeArgs(makeRequest(`/ru/studio/courses/${slug}/quizzes/lesson/intro?question=q2`, { cookie: author.cookie }), { lang: 'ru', slug, kind: 'lesson', lesson: 'intro' }))
	expect(view.questions.map((q) => [q.key, q.text, q.type, q.correct])).toEqual([
		['q1', 'Какой ответ верный теперь?', 'single', 1],
		['q2', 'Что верно?', 'multiple', 2],
	])
	expect(view.values).toMatchObject({ originalKey: 'q2', option3Ru: 'Возможно', option2Correct: 'on', explanationRu: 'Пояснение' })

	// Diagnostic and final live beside the lessons; deleting the last question removes the quiz.
	expect(await quiz(author.cookie, slug, 'final', undefined, { ...question, key: 'f1' })).toMatchObject({ status: 302 })
	expect(await quiz(author.cookie, slug, 'diagnostic', undefined, { ...question, key: 'd1' })).toMatchObject({ status: 302 })
	expect((await page(author.cookie, slug)).quizzes).toEqual({ diagnostic: 1, final: 1 })
	expect(await quiz(author.cookie, slug, 'diagnostic', undefined, { intent: 'delete', key: 'd1' })).toMatchObject({ status: 302 })
	expect((await page(author.cookie, slug)).quizzes).toEqual({ diagnostic: 0, final: 1 })
	expect((await page(author.cookie, slug)).lessons[0]?.questions).toBe(2)
	// Unknown quiz kinds and lessons are 404, and so is someone else's draft.
	expect(await run(() => quizRoute.loader(routeArgs(makeRequest(`/ru/studio/courses/${slug}/quizzes/exam`, { cookie: author.cookie }), { lang: 'ru', slug, kind: 'exam', lesson: undefined })))).toMatchObject({ status: 404 })
	const other = await signedIn({ role: 'author' })
	expect(await run(() => quizRoute.loader(routeArgs(makeRequest(`/ru/studio/courses/${slug}/quizzes/final`, { cookie: other.cookie }), { lang: 'ru', slug, kind: 'final', lesson: undefined })))).toMatchObject({ status: 404 })
})

test('a studio course is published by another person, appears in the catalogue, and the next revision keeps lesson ids and shows a diff', async () => {
	const author = await signedIn({ role: 'author' })
	const reviewer = await signedIn({ role: 'reviewer' })
	const slug = 'published-from-studio'
	await create(author.cookie, { ...meta, slug, titleRu: 'Курс из студии' })
	await course(author.cookie, slug, { intent: 'addLesson', lessonSlug: 'first', lessonTitleKk: 'Бірінші', lessonTitleRu: 'Первый' })
	await course(author.cookie, slug, { intent: 'addLesson', lessonSlug: 'second', lessonTitleKk: 'Екінші', lessonTitleRu: 'Второй' })
	await quiz(author.cookie, slug, 'final', undefined, question)
	expect(await course(author.cookie, slug, { intent: 'submit' })).toMatchObject({ status: 302 })
	expect(await course(author.cookie, slug, { intent: 'review', decision: 'approve' })).toMatchObject({ status: 403 })
	expect(await course(reviewer.cookie, slug, { intent: 'review', decision: 'approve', comment: '' })).toMatchObject({ status: 302 })
	const v1 = await getPublishedStructure(slug)
	expect(v1?.lessons.map((l) => l.versions.ru?.title)).toEqual(['Первый', 'Второй'])
	expect(v1?.quizzes.find((q) => q.kind === 'final')).toBeTruthy()
	expect((await listCatalogue({})).map((c) => c.titleRu)).toContain('Курс из студии')

	await course(author.cookie, slug, { intent: 'revise' })
	await course(author.cookie, slug, { intent: 'moveUp', lessonSlug: 'second' })
	const text = '---\ntitle: Первый\n---\n\n## Цель\n\nНовая строка.\n'
	await run(() => lessonRoute.action(routeArgs(makeRequest(`/ru/studio/courses/${slug}/lessons/first`, { cookie: author.cookie, form: { sourceKk: '---\ntitle: "Бірінші"\n---\n', sourceRu: text } }), { lang: 'ru', slug, lesson: 'first' })))
	await course(author.cookie, slug, { intent: 'submit' })
	await course(reviewer.cookie, slug, { intent: 'review', decision: 'approve', comment: '' })
	const v2 = await getPublishedStructure(slug)
	expect(v2?.number).toBe(2)
	expect(v2?.lessons.map((l) => l.slug)).toEqual(['second', 'first'])
	expect(v2?.lessons.map((l) => l.id).sort()).toEqual(v1?.lessons.map((l) => l.id).sort())

	const diff = await diffRoute.loader(routeArgs(makeRequest(`/ru/studio/courses/${slug}/diff?from=1&to=2&locale=ru`, { cookie: author.cookie }), { lang: 'ru', slug }))
	expect(diff.lessons.map((l) => [l.slug, l.change])).toEqual([['second', 'same'], ['first', 'changed']])
	expect(diff.lessons[1]?.parts.filter((p) => p.kind === 'added').map((p) => p.text).join('')).toContain('Новая строка.')
	const kk = await diffRoute.loader(routeArgs(makeRequest(`/ru/studio/courses/${slug}/diff?from=1&to=2&locale=kk`, { cookie: author.cookie }), { lang: 'ru', slug }))
	expect(kk.changed).toBe(false)
	const teacher = await signedIn()
	expect(await run(() => diffRoute.loader(routeArgs(makeRequest(`/ru/studio/courses/${slug}/diff?from=1&to=2`, { cookie: teacher.cookie }), { lang: 'ru', slug })))).toMatchObject({ status: 403 })
})

test('an author makes a lesson optional: once published, a learner’s remaining work and completion leave it out', async () => {
	const author = await signedIn({ role: 'author' })
	const reviewer = await signedIn({ role: 'reviewer' })
	const slug = 'optional-lesson-course'
	await create(author.cookie, { ...meta, slug })
	await course(author.cookie, slug, { intent: 'addLesson', lessonSlug: 'core', lessonTitleKk: 'Негізгі', lessonTitleRu: 'Основной' })
	await course(author.cookie, slug, { intent: 'addLesson', lessonSlug: 'extra', lessonTitleKk: 'Қосымша', lessonTitleRu: 'Дополнительный' })
	expect(await course(author.cookie, slug, { intent: 'makeOptional', lessonSlug: 'extra' })).toMatchObject({ status: 302, headers: expect.anything() })
	expect((await page(author.cookie, slug)).lessons.map((l) => [l.slug, l.required])).toEqual([
		['core', true],
		['extra', false],
	])
	// Only the draft's author (or a reviewer) may change it, and only a lesson of the course.
	const other = await signedIn({ role: 'author' })
	expect(await course(other.cookie, slug, { intent: 'makeRequired', lessonSlug: 'extra' })).toMatchObject({ init: { status: 400 }, data: { errors: { form: ['workflow.not_allowed'] } } })
	expect(await course(author.cookie, slug, { intent: 'makeRequired', lessonSlug: 'no-such-lesson' })).toMatchObject({ init: { status: 400 }, data: { errors: { form: ['workflow.not_allowed'] } } })

	await quiz(author.cookie, slug, 'final', undefined, question)
	await course(author.cookie, slug, { intent: 'submit' })
	await course(reviewer.cookie, slug, { intent: 'review', decision: 'approve', comment: '' })
	const published = await getPublishedStructure(slug)
	if (!published) throw new Error('not published')
	const learner = await signedIn()
	const progress = await courseProgress({ userId: learner.user.id, course: published })
	expect(progress.requiredCount).toBe(1)
	expect(progress.left).toEqual(remaining({ requiredLessons: 1, requiredDone: 0, hasFinal: true, finalPassed: false }))

	// Published, the revision is frozen: the switch waits for a new draft.
	expect(await course(author.cookie, slug, { intent: 'makeRequired', lessonSlug: 'extra' })).toMatchObject({ init: { status: 400 }, data: { errors: { form: ['workflow.wrong_status'] } } })
	await course(author.cookie, slug, { intent: 'revise' })
	expect(await course(author.cookie, slug, { intent: 'makeRequired', lessonSlug: 'extra' })).toMatchObject({ status: 302 })
	expect((await page(author.cookie, slug)).lessons.every((l) => l.required)).toBe(true)
	// The reviewer sees it in the diff, though no text changed.
	const diff = await diffRoute.loader(routeArgs(makeRequest(`/ru/studio/courses/${slug}/diff?from=1&to=2&locale=ru`, { cookie: reviewer.cookie }), { lang: 'ru', slug }))
	expect(diff.changed).toBe(true)
	expect(diff.lessons.map((l) => [l.slug, l.change, l.required])).toEqual([
		['core', 'same', null],
		['extra', 'same', 'nowRequired'],
	])
})

test('the course diff shows changed details and quizzes: questions added, removed and changed, options and which are correct', async () => {
	const author = await signedIn({ role: 'author' })
	const reviewer = await signedIn({ role: 'reviewer' })
	const slug = 'diff-details-course'
	await create(author.cookie, { ...meta, slug })
	await course(author.cookie, slug, { intent: 'addLesson', lessonSlug: 'intro', lessonTitleKk: 'Кіріспе', lessonTitleRu: 'Введение' })
	await quiz(author.cookie, slug, 'final', undefined, { ...question, key: 'f1', explanationKk: 'Себебі', explanationRu: 'Потому что' })
	await quiz(author.cookie, slug, 'lesson', 'intro', { ...question, key: 'l1' })
	await course(author.cookie, slug, { intent: 'submit' })
	await course(reviewer.cookie, slug, { intent: 'review', decision: 'approve', comment: '' })

	await course(author.cookie, slug, { intent: 'revise' })
	const values = (await page(author.cookie, slug)).values
	const overview = '---\ntitle: О курсе\n---\n\nНовый обзор.\n'
	expect(await course(author.cookie, slug, { intent: 'save', ...values, titleRu: 'Новое название', hours: '16', overviewRu: overview })).toMatchObject({ status: 302 })
	// The final's question: new text, a second correct option, a third option, another explanation.
	const changed = { ...question, originalKey: 'f1', key: 'f1', type: 'multiple', textRu: 'Что из этого верно?', option2Correct: 'on', option3Kk: 'Үшінші', option3Ru: 'Третий', explanationKk: 'Себебі', explanationRu: 'Иначе' }
	expect(await quiz(author.cookie, slug, 'final', undefined, changed)).toMatchObject({ status: 302 })
	expect(await quiz(author.cookie, slug, 'final', undefined, { ...question, key: 'f2', textRu: 'Второй вопрос' })).toMatchObject({ status: 302 })
	expect(await quiz(author.cookie, slug, 'lesson', 'intro', { intent: 'delete', key: 'l1' })).toMatchObject({ status: 302 })
	expect(await quiz(author.cookie, slug, 'diagnostic', undefined, { ...question, key: 'd1' })).toMatchObject({ status: 302 })

	const diff = await diffRoute.loader(routeArgs(makeRequest(`/ru/studio/courses/${slug}/diff?from=1&to=2&locale=ru`, { cookie: reviewer.cookie }), { lang: 'ru', slug }))
	expect(diff.changed).toBe(true)
	expect(diff.lessonsChanged).toBe(false)
	expect(diff.details).toEqual([
		{ field: 'titleRu', before: meta.titleRu, after: 'Новое название' },
		{ field: 'hours', before: '12', after: '16' },
	])
	expect(diff.overview.changed).toBe(true)
	expect(diff.overview.parts.filter((p) => p.kind === 'added').map((p) => p.text).join('')).toContain('Новый обзор.')
	expect(diff.quizzes.map((q) => [q.kind, q.lessonSlug, q.change, q.questions.map((x) => [x.key, x.change])])).toEqual([
		['diagnostic', null, 'added', [['d1', 'added']]],
		['final', null, 'changed', [['f1', 'changed'], ['f2', 'added']]],
		['lesson', 'intro', 'removed', [['l1', 'removed']]],
	])
	const f1 = diff.quizzes[1]?.questions[0]
	expect(f1).toMatchObject({ text: 'Что из этого верно?', textBefore: question.textRu, type: 'multiple', typeBefore: 'single', explanation: 'Иначе', explanationBefore: 'Потому что' })
	expect(f1?.options).toEqual([
		{ id: 'a', change: 'same', text: 'Да', before: null, correct: true, wasCorrect: true },
		{ id: 'b', change: 'same', text: 'Нет', before: null, correct: true, wasCorrect: false },
		{ id: 'c', change: 'added', text: 'Третий', before: null, correct: false, wasCorrect: null },
	])
	// In Kazakh the question's text did not change, its options did.
	const kk = await diffRoute.loader(routeArgs(makeRequest(`/ru/studio/courses/${slug}/diff?from=1&to=2&locale=kk`, { cookie: reviewer.cookie }), { lang: 'ru', slug }))
	expect(kk.quizzes[1]?.questions[0]).toMatchObject({ textBefore: null, text: question.textKk, explanationBefore: null })
	expect(kk.overview.changed).toBe(false)
	// The same revision against itself: nothing.
	const none = await diffRoute.loader(routeArgs(makeRequest(`/ru/studio/courses/${slug}/diff?from=2&to=2&locale=ru`, { cookie: reviewer.cookie }), { lang: 'ru', slug }))
	expect([none.changed, none.details, none.quizzes]).toEqual([false, [], []])
})
