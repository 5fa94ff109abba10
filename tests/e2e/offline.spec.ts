// Offline learning in real Chromium (issue 13, ADR 014): a course saved on the course page is
// read, marked done and answered with the network off; the work reaches the server once when the
// network returns; two devices merge; logout on a shared computer leaves nothing behind.
import fs from 'node:fs'
import path from 'node:path'
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test'
import { expectAccessible, logIn, waitForHydration } from './helpers.ts'

const slug = 'inclusive-foundations'
const dir = path.resolve('content/courses', slug)
type QuizFile = { questions: { id: string; type: string; text: { ru: string; kk: string }; options: { id: string; text: { ru: string; kk: string }; correct?: boolean }[] }[] }
const readQuiz = (file: string): QuizFile => JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'))
const course: { title: { ru: string }; lessons: { slug: string }[] } = JSON.parse(fs.readFileSync(path.join(dir, 'course.json'), 'utf8'))
const courseUrl = `/ru/courses/${slug}`
const lessonUrl = (s: string) => `${courseUrl}/lessons/${s}`
const OFFLINE_NOTICE = 'Вы без сети: ваша работа будет отправлена, когда связь восстановится.'

async function answer(page: Page, quiz: QuizFile) {
	for (const q of quiz.questions) {
		const group = page.getByRole('group', { name: q.text.ru, exact: false })
		for (const o of q.options) {
			const control = group.getByLabel(o.text.ru, { exact: false }).first()
			if (o.correct) await control.check()
			else if (q.type === 'multiple') await control.uncheck()
		}
	}
}

let registered = 0
/** A new teacher, so that each test starts from nothing. */
async function registerTeacher(page: Page, name: string) {
	const email = `offline-${Date.now()}-${registered++}@mektep.kz`
	await page.goto('/ru/register')
	await waitForHydration(page)
	await page.getByLabel('Фамилия, имя, отчество').fill(name)
	await page.getByLabel('Электронная почта').fill(email)
	await page.getByLabel('Пароль', { exact: true }).fill('learner-pass-1')
	await page.getByLabel('Повторите пароль').fill('learner-pass-1')
	await page.getByLabel('Область или город республиканского значения').selectOption({ label: 'Алматинская область' })
	await page.getByLabel('Район или город').selectOption({ label: 'Карасайский район' })
	await expect(page.getByLabel('Школа')).toBeEnabled()
	await page.getByLabel('Школа').selectOption({ index: 1 })
	await page.getByRole('button', { name: 'Создать учётную запись' }).click()
	await expect(page).toHaveURL(/\/ru\/courses$/)
	return email
}

async function enrolAndSave(page: Page) {
	await page.goto(courseUrl)
	await page.getByRole('button', { name: 'Записаться на курс' }).click()
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Входная диагностика')
	await page.goto(courseUrl)
	await waitForHydration(page)
	await expect(page.getByText(/Займёт на устройстве около \d/)).toBeVisible()
	await page.getByTestId('offline-save').click()
	await expect(page.getByTestId('offline-status')).toHaveAttribute('data-state', 'saved', { timeout: 30_000 })
	await expect(page.getByTestId('offline-status')).toContainText('Сохранено для работы без сети')
}

/**
 * The network off for the pages and for the service worker: setOffline, and every request of the
 * context refused as a dropped connection (Chromium may let a worker's own fetches through setOffline).
 */
async function goOffline(context: BrowserContext) {
	await context.setOffline(true)
	await context.route('**/*', (route) => route.abort('internetdisconnected'))
}

async function goOnline(context: BrowserContext) {
	await context.unroute('**/*')
	await context.setOffline(false)
}

async function markDoneOffline(page: Page, lesson: string) {
	await page.goto(lessonUrl(lesson))
	await expect(page.getByRole('status').filter({ hasText: OFFLINE_NOTICE })).toBeVisible()
	await page.getByRole('button', { name: 'Отметить урок как пройденный' }).click()
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Урок отмечен как пройденный')
}

/** After the sync: the course page online says it is complete (or what is left). */
async function waitForSync(page: Page) {
	await page.goto('/ru/my')
	await waitForHydration(page)
	await expect(async () => {
		await page.reload()
		await waitForHydration(page)
		await expect(page.getByTestId('offline-saved')).toBeVisible()
		await expect(page.getByText(/Ждёт отправки|Ждут отправки/)).toHaveCount(0, { timeout: 1000 })
	}).toPass({ timeout: 30_000 })
}

async function certificatesFor(page: Page) {
	await page.goto('/ru/my/certificates')
	return page.getByRole('heading', { level: 2, name: course.title.ru }).count()
}

async function newTeacherPage(browser: Browser) {
	const context = await browser.newContext({ serviceWorkers: 'allow' })
	return { context, page: await context.newPage() }
}

test('a saved course is read, marked done and answered offline; online again, the server has it once, with one certificate', async ({ browser }) => {
	test.setTimeout(240_000)
	const { context, page } = await newTeacherPage(browser)
	await registerTeacher(page, 'Айгүл Серікова')
	await enrolAndSave(page)
	await expectAccessible(page)

	await goOffline(context)
	await page.reload()
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(course.title.ru)
	await expect(page.getByRole('status').filter({ hasText: OFFLINE_NOTICE })).toBeVisible()
	// The saved copy is served without scripts: the save button (scripts only) is not there.
	await expect(page.getByTestId('offline-save')).toHaveCount(0)
	await expectAccessible(page)

	for (const [index, lesson] of course.lessons.entries()) {
		await page.goto(lessonUrl(lesson.slug))
		await expect(page.getByRole('article').getByRole('heading', { level: 2 }).first()).toBeVisible()
		if (index === 0) await expectAccessible(page)
		await answer(page, readQuiz(`lessons/${lesson.slug}/quiz.json`))
		await page.getByRole('button', { name: 'Проверить ответы' }).click()
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ответы сохранены')
		// No grading on the device: the result comes after sync.
		await expect(page.getByText('Результат появится после синхронизации', { exact: false })).toBeVisible()
		await expect(page.getByText('Верных ответов')).toHaveCount(0)
		if (index === 0) await expectAccessible(page)
		await markDoneOffline(page, lesson.slug)
		if (index === 0) await expectAccessible(page)
	}
	await page.goto(`${courseUrl}/assessment/final`)
	await answer(page, readQuiz('final.json'))
	await page.getByRole('button', { name: 'Отправить ответы' }).click()
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ответы сохранены')

	// Ortaq's own address and a page that was never saved answer offline pages, not a browser error.
	await page.goto('/')
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Курсы, сохранённые для работы без сети')
	await expect(page.getByText('Ждут отправки 11 записей.')).toBeVisible()
	await expect(page.getByRole('link', { name: course.title.ru })).toBeVisible()
	await expectAccessible(page)
	await page.goto('/ru/materials')
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Эта страница не сохранена для работы без сети')
	await expectAccessible(page)

	await goOnline(context)
	await waitForSync(page)
	await expectAccessible(page)
	await page.goto(courseUrl)
	await expect(page.getByText('Курс завершён', { exact: false }).first()).toBeVisible()
	for (const lesson of course.lessons) await expect(page.getByRole('listitem').filter({ hasText: 'пройден' }).first()).toBeVisible()
	expect(await certificatesFor(page)).toBe(1)
	await context.close()
})
