import { expect, test } from '@playwright/test'
import { demo, expectAccessible, logIn, noJsPage } from './helpers.ts'

/** A calendar day in Almaty (UTC+5), `days` from today, as YYYY-MM-DD. */
function almatyDay(days: number) {
	return new Date(Date.now() + 5 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10)
}

test('a methodologist assigns a course to Karasai with JavaScript off; the Karasai teacher sees it with the days left', async ({ browser }) => {
	const page = await noJsPage(browser)
	await logIn(page, demo.methodologist)
	await page.goto('/ru/assignments/new')
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Новое назначение')
	await expectAccessible(page)

	// Sent without a course and with a day in the past: errors by field, the input kept.
	await page.getByLabel('Срок').fill(almatyDay(-1))
	await page.getByLabel('Примечание (необязательно)').fill('Пройдите до каникул')
	await page.getByRole('button', { name: 'Назначить' }).click()
	const summary = page.getByRole('alert')
	await expect(summary).toContainText('Выберите опубликованный курс.')
	await expect(summary).toContainText('Срок не может быть раньше сегодняшнего дня.')
	await expect(page.getByLabel('Примечание (необязательно)')).toHaveValue('Пройдите до каникул')
	await expectAccessible(page)

	await page.getByLabel('Курс').selectOption({ label: 'Основы инклюзивного образования' })
	await page.getByRole('group', { name: 'Целевая группа' }).getByLabel('Карасайский район — все школы').check()
	await page.getByLabel('Срок').fill(almatyDay(10))
	await page.getByRole('button', { name: 'Назначить' }).click()
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Назначение: Основы инклюзивного образования')
	await expect(page.getByText('Осталось 10 дней').first()).toBeVisible()
	const bySchool = page.getByRole('table', { name: 'По школам' })
	await expect(bySchool.getByRole('columnheader', { name: 'Просрочено' })).toBeVisible()
	await expect(page.getByRole('table', { name: 'По полу' }).getByRole('rowheader', { name: 'Женщины' })).toBeVisible()
	await expectAccessible(page)

	// Drill-down to a school's teachers.
	await bySchool.getByRole('link', { name: 'Общеобразовательная школа № 1' }).click()
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Общеобразовательная школа № 1: учителя')
	await expectAccessible(page)

	// The district dashboard lists the open assignment.
	await page.goto('/ru/reports')
	await expect(page.getByRole('region', { name: 'Открытые назначения' }).first().getByRole('link', { name: 'Основы инклюзивного образования' }).first()).toBeVisible()
	await page.goto('/ru/assignments')
	await expectAccessible(page)
	await page.context().close()

	const teacher = await noJsPage(browser)
	await logIn(teacher, demo.teacher)
	await teacher.goto('/ru/my')
	const assigned = teacher.getByRole('region', { name: 'Назначенные мне курсы' })
	await expect(assigned.getByText(/Назначил: Карасайский район, срок — \d+ \S+ \d{4} г\./).first()).toBeVisible()
	await expect(assigned.getByText('Осталось 10 дней').first()).toBeVisible()
	await expectAccessible(teacher)
	await teacher.goto('/kk/my')
	await expect(teacher.getByText('10 күн қалды').first()).toBeVisible()
	await teacher.goto('/ru/courses/inclusive-foundations')
	await expect(teacher.getByText(/Назначил: Карасайский район/).first()).toBeVisible()
	await expect(teacher.getByText('Пройдите до каникул').first()).toBeVisible()
	await expectAccessible(teacher)
	await teacher.context().close()
})

test('a teacher records her position on the account page; an assignment for speech therapists reaches her, and leaves when she changes it', async ({ browser }) => {
	const teacher = await noJsPage(browser)
	await logIn(teacher, demo.teacher)
	await teacher.goto('/ru/account')
	await teacher.getByLabel('Должность (необязательно)').selectOption({ label: 'Логопед' })
	await teacher.getByRole('button', { name: 'Сохранить должность и предмет' }).click()
	await expect(teacher.getByRole('status')).toHaveText('Должность и предмет сохранены.')
	await expect(teacher.getByLabel('Должность (необязательно)')).toHaveValue('speechTherapist')
	await expectAccessible(teacher)

	const page = await noJsPage(browser)
	await logIn(page, demo.methodologist)
	await page.goto('/ru/assignments/new')
	const option = page.getByLabel('Курс').locator('option').nth(2)
	const course = (await option.textContent()) ?? ''
	await page.getByLabel('Курс').selectOption({ index: 2 })
	await page.getByLabel('По должности (необязательно)').selectOption({ label: 'Логопед' })
	await page.getByLabel('Срок').fill(almatyDay(20))
	await page.getByRole('button', { name: 'Назначить' }).click()
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Назначение: ${course}`)
	await expect(page.getByText('только: Логопед')).toBeVisible()
	await expectAccessible(page)
	await page.context().close()

	await teacher.goto('/ru/my')
	const assigned = teacher.getByRole('region', { name: 'Назначенные мне курсы' })
	await expect(assigned.getByText(course).first()).toBeVisible()
	await teacher.goto('/ru/account')
	await teacher.getByLabel('Должность (необязательно)').selectOption({ label: 'Учитель начальных классов' })
	await teacher.getByRole('button', { name: 'Сохранить должность и предмет' }).click()
	await expect(teacher.getByRole('status')).toHaveText('Должность и предмет сохранены.')
	await teacher.goto('/ru/my')
	await expect(teacher.getByRole('region', { name: 'Назначенные мне курсы' }).getByText(course)).toHaveCount(0)
	await teacher.context().close()
})
