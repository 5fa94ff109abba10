import { expect, test, type Browser } from '@playwright/test'
import { demo, expectAccessible, logIn, noJsPage } from './helpers.ts'

const slug = `studio-course-${Date.now()}`
const title = `Гендерно-чувствительный класс ${Date.now()}`

async function signedInPage(browser: Browser, email: string) {
	const context = await browser.newContext()
	const page = await context.newPage()
	await logIn(page, email)
	return page
}

test('an author creates a course with a lesson and a final quiz, a reviewer publishes it, and it appears in the catalogue', async ({ browser }) => {
	test.setTimeout(180_000)
	const author = await signedInPage(browser, demo.author)
	await author.goto('/ru/studio/courses')
	await author.getByRole('link', { name: 'Новый курс' }).click()
	await expectAccessible(author)
	await author.getByLabel('Имя курса в адресе').fill('Плохое имя')
	await author.getByLabel('Тема').selectOption({ label: 'Гендерно-чувствительная педагогика' })
	await author.getByLabel('Название курса (казахский)').fill('Гендерлік сезімтал сынып')
	await author.getByLabel('Название курса (русский)').fill(title)
	await author.getByLabel('Краткое описание (казахский)').fill('Сыныптағы гендерлік стереотиптер туралы.')
	await author.getByLabel('Краткое описание (русский)').fill('О гендерных стереотипах в классе.')
	await author.getByLabel('Академические часы').fill('12')
	await author.getByRole('button', { name: 'Создать черновик курса' }).click()
	// The slug is refused in Russian and nothing typed is lost.
	await expect(author.getByText('Используйте строчные латинские буквы, цифры и дефис (2–80 символов).')).toBeVisible()
	await expect(author.getByLabel('Название курса (русский)')).toHaveValue(title)
	await expectAccessible(author)
	await author.getByLabel('Имя курса в адресе').fill(slug)
	await author.getByRole('button', { name: 'Создать черновик курса' }).click()
	await expect(author.getByRole('status')).toHaveText('Черновик курса создан. Добавьте уроки и тесты.')
	await expectAccessible(author)

	// A lesson, added and (without JavaScript) listed; then the final quiz.
	await author.getByLabel('Имя урока в адресе').fill('01-stereotypes')
	await author.getByLabel('Название урока (казахский)').fill('Стереотиптер')
	await author.getByLabel('Название урока (русский)').fill('Стереотипы')
	await author.getByRole('button', { name: 'Добавить урок' }).click()
	await expect(author.getByRole('status')).toHaveText('Урок добавлен в конец курса.')
	await expect(author.getByRole('region', { name: 'Уроки' }).getByRole('link', { name: 'Стереотипы', exact: true })).toBeVisible()
	await expect(author.getByRole('button', { name: 'Убрать из курса: Стереотипы' })).toBeVisible()
	await expectAccessible(author)
	await author.getByRole('link', { name: 'Итоговая аттестация' }).click()
	await expect(author.getByRole('heading', { level: 1 })).toHaveText('Итоговая аттестация')
	await expectAccessible(author)
	await author.getByLabel('Текст вопроса (казахский)').fill('Стереотип дегеніміз не?')
	await author.getByLabel('Текст вопроса (русский)').fill('Что такое стереотип?')
	await author.getByLabel('Вариант 1 (казахский)', { exact: true }).fill('Жалпыланған түсінік')
	await author.getByLabel('Вариант 1 (русский)', { exact: true }).fill('Обобщённое представление')
	await author.getByLabel('Вариант 2 (казахский)', { exact: true }).fill('Ғылыми факт')
	await author.getByLabel('Вариант 2 (русский)', { exact: true }).fill('Научный факт')
	await author.getByRole('button', { name: 'Сохранить вопрос' }).click()
	// No correct option marked: refused, the texts stay.
	await expect(author.getByText('Отметьте хотя бы один правильный ответ.')).toBeVisible()
	await expect(author.getByLabel('Вариант 2 (русский)', { exact: true })).toHaveValue('Научный факт')
	await expectAccessible(author)
	await author.getByLabel('Вариант 1 — правильный ответ').check()
	await author.getByRole('button', { name: 'Сохранить вопрос' }).click()
	await expect(author.getByRole('status')).toHaveText('Вопрос сохранён.')
	await expect(author.getByRole('table', { name: 'Вопросы теста по порядку' })).toContainText('Что такое стереотип?')
	await expectAccessible(author)

	await author.getByRole('navigation', { name: 'Вы здесь' }).getByRole('link', { name: title }).click()
	await author.getByRole('button', { name: 'Отправить на рецензию' }).click()
	await expect(author.getByRole('status')).toHaveText('Курс отправлен на рецензию.')

	const reviewer = await signedInPage(browser, demo.reviewer)
	await reviewer.goto('/ru/studio/courses')
	await reviewer.getByRole('table', { name: 'Курсы в работе: черновики и курсы на рецензии' }).getByRole('link', { name: title }).click()
	await reviewer.getByRole('button', { name: 'Одобрить и опубликовать' }).click()
	await expect(reviewer.getByRole('status')).toHaveText('Курс одобрен и опубликован.')
	// A next revision starts as a copy: the diff page says nothing changed.
	await reviewer.getByRole('button', { name: 'Начать новую редакцию' }).click()
	await reviewer.getByRole('link', { name: 'Сравнить редакции 1 и 2' }).click()
	await expect(reviewer.getByRole('status')).toHaveText('Между этими редакциями нет изменений.')
	await expectAccessible(reviewer)

	// The reviewer's draft gets a new slug and more hours: the diff lists both, before and after in words.
	const renamed = `${slug}-new`
	await reviewer.goto(`/ru/studio/courses/${slug}`)
	await reviewer.getByLabel('Имя курса в адресе').fill(renamed)
	await reviewer.getByLabel('Академические часы').fill('14')
	await reviewer.getByRole('button', { name: 'Сохранить и просмотреть' }).click()
	await expect(reviewer.getByRole('status')).toHaveText('Черновик курса сохранён.')
	await expect(reviewer.getByText(`после публикации: ${renamed}`)).toBeVisible()
	await reviewer.getByRole('link', { name: 'Сравнить редакции 1 и 2' }).click()
	const details = reviewer.getByRole('table', { name: 'Изменённые сведения: прежнее и новое значение' })
	await expect(details.getByRole('row', { name: /Академические часы/ })).toHaveText(/Академические часы\s*12\s*14/)
	await expect(details.getByRole('row', { name: /Имя курса в адресе/ })).toContainText(renamed)
	await expectAccessible(reviewer)

	// Published by another reviewer, the course answers at its new slug; every old URL redirects permanently.
	await reviewer.goto(`/ru/studio/courses/${slug}`)
	await reviewer.getByRole('button', { name: 'Отправить на рецензию' }).click()
	await expect(reviewer.getByRole('status')).toHaveText('Курс отправлен на рецензию.')
	const admin = await signedInPage(browser, demo.admin)
	await admin.goto(`/ru/studio/courses/${slug}`)
	await admin.getByRole('button', { name: 'Одобрить и опубликовать' }).click()
	await expect(admin.getByRole('status')).toHaveText('Курс одобрен и опубликован.')
	await expect(admin).toHaveURL(new RegExp(`/ru/studio/courses/${renamed}\\?done=approved$`))
	const teacher = await signedInPage(browser, demo.teacher)
	// The direct lesson path (ADR 009) answers the old lesson URL itself.
	const old = await teacher.request.get(`/ru/courses/${slug}/lessons/01-stereotypes`, { maxRedirects: 0 })
	expect([old.status(), old.headers().location]).toEqual([301, `/ru/courses/${renamed}/lessons/01-stereotypes`])
	await teacher.goto(`/ru/courses/${slug}`)
	await expect(teacher).toHaveURL(new RegExp(`/ru/courses/${renamed}$`))
	await expect(teacher.getByRole('heading', { level: 1 })).toHaveText(title)

	const visitor = await noJsPage(browser)
	await visitor.goto('/ru/courses')
	await expect(visitor.getByRole('link', { name: title })).toBeVisible()
})
