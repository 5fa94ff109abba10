import fs from 'node:fs'
import path from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { expectAccessible, logIn, noJsPage, waitForHydration } from './helpers.ts'

const slug = 'inclusive-foundations'
const dir = path.resolve('content/courses', slug)

type QuizFile = { questions: { id: string; type: string; text: { ru: string; kk: string }; options: { id: string; text: { ru: string; kk: string }; correct?: boolean }[] }[] }
const readQuiz = (file: string): QuizFile => JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'))
const course = JSON.parse(fs.readFileSync(path.join(dir, 'course.json'), 'utf8'))

async function answer(page: Page, quiz: QuizFile, { correctly }: { correctly: boolean }) {
	for (const q of quiz.questions) {
		const group = page.getByRole('group', { name: q.text.ru, exact: false })
		const chosen = new Set(correctly ? q.options.filter((o) => o.correct).map((o) => o.id) : [(q.options.find((o) => !o.correct) ?? q.options[0])?.id])
		// The form keeps the previous attempt's choices: set every option, not only the chosen ones.
		for (const o of q.options) {
			const control = group.getByLabel(o.text.ru, { exact: false }).first()
			if (chosen.has(o.id)) await control.check()
			else if (q.type === 'multiple') await control.uncheck()
		}
	}
}

async function registerTeacher(page: Page, name: string) {
	await page.goto('/ru/register')
	await waitForHydration(page)
	await page.getByLabel('Фамилия, имя, отчество').fill(name)
	await page.getByLabel('Электронная почта').fill(`learner-${Date.now()}@mektep.kz`)
	await page.getByLabel('Пароль', { exact: true }).fill('learner-pass-1')
	await page.getByLabel('Повторите пароль').fill('learner-pass-1')
	await page.getByLabel('Область или город республиканского значения').selectOption({ label: 'Алматинская область' })
	await page.getByLabel('Район или город').selectOption({ label: 'Карасайский район' })
	await expect(page.getByLabel('Школа')).toBeEnabled()
	await page.getByLabel('Школа').selectOption({ index: 1 })
	await page.getByLabel('Женский').check()
	await page.getByRole('button', { name: 'Создать учётную запись' }).click()
	await expect(page).toHaveURL(/\/ru\/courses$/)
}

test('a teacher completes a course: diagnostic, every lesson, a failed and a passed final, and sees what is left at each step', async ({ page }) => {
	test.setTimeout(180_000)
	await registerTeacher(page, 'Жанар Тлеубаева')
	await expectAccessible(page)
	await page.getByLabel('Поиск').fill('инклюзив')
	await page.getByRole('button', { name: 'Показать' }).click()
	await page.getByRole('link', { name: course.title.ru }).click()
	await expectAccessible(page)
	await expect(page.getByText(`пройти все ${course.lessons.length} обязательных уроков`, { exact: false })).toBeVisible()
	await page.getByRole('button', { name: 'Записаться на курс' }).click()

	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Входная диагностика')
	await expectAccessible(page)
	await answer(page, readQuiz('diagnostic.json'), { correctly: false })
	await page.getByRole('button', { name: 'Отправить ответы' }).click()
	await expect(page.getByRole('status')).toContainText('Верных ответов')
	await expectAccessible(page)
	await page.getByRole('link', { name: 'Перейти к урокам' }).click()
	await expect(page.getByText(`Осталось ${course.lessons.length} уроков и итоговая аттестация.`)).toBeVisible()

	await page.getByRole('link', { name: 'Продолжить обучение' }).click()
	for (const [index, lesson] of course.lessons.entries()) {
		await expect(page).toHaveURL(new RegExp(`/lessons/${lesson.slug}(\\?done=[\\w-]+)?$`))
		if (index === 0) {
			await expectAccessible(page)
			const quiz = readQuiz(`lessons/${lesson.slug}/quiz.json`)
			await answer(page, quiz, { correctly: true })
			await page.getByRole('button', { name: 'Проверить ответы' }).click()
			await expect(page.getByRole('status')).toContainText(`Верных ответов: ${quiz.questions.length} из ${quiz.questions.length}`)
			await expectAccessible(page)
		}
		await page.getByRole('button', { name: 'Отметить урок как пройденный' }).click()
	}
	await expect(page).toHaveURL(new RegExp(`/courses/${slug}\\?done=[\\w-]+$`))
	await expect(page.getByText('Осталась только итоговая аттестация.')).toBeVisible()

	await page.getByRole('link', { name: 'Итоговая аттестация' }).first().click()
	const final = readQuiz('final.json')
	await answer(page, final, { correctly: false })
	await page.getByRole('button', { name: 'Отправить ответы' }).click()
	await expect(page.getByRole('status').first()).toContainText(`не менее ${course.passThreshold}%`)
	await answer(page, final, { correctly: true })
	await page.getByRole('button', { name: 'Отправить ещё раз' }).click()
	await expect(page.getByText('Курс завершён! Ваш сертификат готов.')).toBeVisible()
	await expectAccessible(page)
	await page.goto('/ru/my')
	await expectAccessible(page)
	await expect(page.getByText('Курс завершён. Поздравляем!')).toBeVisible()

	// The certificate: listed, downloadable, and verifiable by anyone, until an admin revokes it.
	await page.getByRole('navigation', { name: 'Главное меню' }).getByRole('link', { name: 'Мои сертификаты' }).click()
	await expect(page.getByRole('heading', { level: 2, name: course.title.ru })).toBeVisible()
	await expectAccessible(page)
	const downloading = page.waitForEvent('download')
	await page.getByRole('link', { name: `Скачать PDF: ${course.title.ru}` }).click()
	const pdf = await downloading
	expect(pdf.suggestedFilename()).toMatch(/^ORT-\d{4}-\d{6}\.pdf$/)
	await page.getByRole('link', { name: `Страница проверки: ${course.title.ru}` }).click()
	await expect(page).toHaveURL(/\/ru\/verify\/[2-9A-Z-]{14}$/)
	const verifyUrl = page.url()
	await expect(page.getByRole('status')).toContainText('Действителен')
	await expect(page.getByRole('main').getByText('Жанар Тлеубаева')).toBeVisible()
	await expect(page.getByText('Подпись проверена')).toBeVisible()
	await expectAccessible(page)
	const code = verifyUrl.split('/').at(-1) ?? ''

	await page.getByRole('button', { name: 'Выйти' }).click()
	await logIn(page, 'admin@demo.ortaq.kz')
	await page.goto('/ru/admin/certificates')
	await page.getByLabel('Номер, код или ФИО').fill(code)
	await page.getByRole('button', { name: 'Найти' }).click()
	await expectAccessible(page)
	await page.getByLabel('Причина отзыва').fill('Курс пройден не владельцем учётной записи')
	await page.getByRole('button', { name: /^Отозвать/ }).click()
	await expect(page.getByRole('status')).toContainText('отозван')
	await page.getByRole('button', { name: 'Выйти' }).click()
	await page.goto(`/verify/${code.toLowerCase()}`)
	await expect(page.getByRole('status')).toContainText('Причина: Курс пройден не владельцем учётной записи')
	await expectAccessible(page)
})

test('with JavaScript off a lesson is readable and "mark as done" works; "My learning" resumes there', async ({ browser }) => {
	const page = await noJsPage(browser)
	await logIn(page, 'teacher@demo.ortaq.kz')
	const first = course.lessons[0].slug
	const second = course.lessons[1].slug
	await page.goto(`/kk/courses/${slug}/lessons/${first}`)
	await expect(page.getByRole('article').getByRole('heading', { level: 2 }).first()).toBeVisible()
	await expectAccessible(page)
	await page.getByRole('button', { name: 'Сабақты өттім деп белгілеу' }).click()
	// The next lesson confirms the one just done (a query string: the router renders it).
	await expect(page).toHaveURL(new RegExp(`/lessons/${second}\\?done=${first}$`))
	await expect(page.getByRole('status')).toContainText('сабағы өтілді деп белгіленді.')
	await expectAccessible(page)
	await page.goto('/kk/my')
	await expectAccessible(page)
	await page.getByRole('link', { name: 'Тоқтаған жерден жалғастыру' }).first().click()
	await expect(page).toHaveURL(new RegExp(`/lessons/${second}$`))
	await page.context().close()
})

test('a lesson page is the same page whether the direct lesson path or the router renders it', async ({ page }) => {
	// ADR 009: a plain GET is answered by the direct path, a URL with a query string by React Router.
	await logIn(page, 'teacher@demo.ortaq.kz')
	const url = `/ru/courses/${slug}/lessons/${course.lessons[1].slug}`
	const normalize = (markup: string) =>
		markup
			.replace(/<!--.*?-->/g, '')
			.replace(/ data-discover="true"/g, '')
			.replace(/name="nonce" value="[^"]+"/g, 'name="nonce" value=""')
			.replace(/\?via=router/g, '')
	const direct = await page.request.get(url)
	expect(direct.status()).toBe(200)
	// The same security headers; the direct page has no scripts, so its policy needs no nonce.
	const routed = (await page.request.get(`${url}?via=router`)).headers()
	for (const name of ['x-content-type-options', 'referrer-policy', 'x-frame-options', 'permissions-policy']) expect(direct.headers()[name]).toBe(routed[name])
	expect(direct.headers()['content-security-policy']).toBe(routed['content-security-policy']?.replace(/ 'nonce-[^']+'/, ''))
	await page.goto(url)
	const directTitle = await page.title()
	const directBody = normalize(await page.locator('body').innerHTML())
	await page.goto(`${url}?via=router`)
	expect(await page.title()).toBe(directTitle)
	expect(normalize(await page.locator('body').innerHTML())).toBe(directBody)
	expect(directBody).toContain('lesson-quiz')
	await expectAccessible(page)
})
