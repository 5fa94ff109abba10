import fs from 'node:fs/promises'
import { expect, test } from '@playwright/test'
import { demo, expectAccessible, logIn } from './helpers.ts'

test('a methodologist reads Karasai figures by gender, drills down to a school and downloads its teacher list', async ({ page, browser }) => {
	// A Karasai teacher enrols in a course, so that the district has something to report.
	const teacherContext = await browser.newContext()
	const teacherPage = await teacherContext.newPage()
	await logIn(teacherPage, demo.teacher)
	await teacherPage.goto('/ru/courses/inclusive-foundations')
	const enrol = teacherPage.getByRole('button', { name: 'Записаться на курс' })
	if (await enrol.isVisible()) await enrol.click()
	await teacherContext.close()

	await logIn(page, demo.methodologist)
	await page.getByRole('navigation', { name: 'Главное меню' }).getByRole('link', { name: 'Отчёты' }).click()
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Отчёт: Карасайский район')

	const byGender = page.getByRole('table', { name: 'По полу' })
	const women = byGender.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Женщины' }) })
	// Columns after the row header: registered, enrolled, completed, rate, certificates, gain.
	expect(Number(await women.getByRole('cell').nth(0).innerText())).toBeGreaterThanOrEqual(2)
	expect(Number(await women.getByRole('cell').nth(1).innerText())).toBeGreaterThanOrEqual(1)
	await expect(byGender.getByRole('rowheader', { name: 'Мужчины' })).toBeVisible()
	await expect(byGender.getByRole('rowheader', { name: 'Не указан' })).toBeVisible()

	await expect(page.getByRole('img', { name: /Столбчатая диаграмма: завершения курсов по месяцам/ })).toBeVisible()
	const chartData = page.getByRole('table', { name: 'Данные диаграммы' })
	await expect(chartData.getByRole('columnheader', { name: 'Месяц' })).toBeVisible()
	await expect(chartData.getByRole('row')).toHaveCount(13)
	await expectAccessible(page)

	await page.getByRole('table', { name: 'По школам' }).getByRole('link', { name: 'Общеобразовательная школа № 1' }).click()
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Отчёт: Общеобразовательная школа № 1')
	const teachers = page.getByRole('table', { name: 'Учителя школы: курсы, прогресс, сертификаты' })
	const aigerim = teachers.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Айгерім Сейітқызы Нұрланова' }) })
	await expect(aigerim.filter({ hasText: 'Основы инклюзивного образования' })).toHaveCount(1)
	await expectAccessible(page)

	const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'CSV — Список учителей' }).click()])
	const text = await fs.readFile(await download.path(), 'utf8')
	const [header, ...rows] = text.replace(/^\uFEFF/, '').trim().split('\r\n')
	expect(header).toBe('ФИО,Пол,Школа,Район,Область,Записались,Завершили,Сертификаты')
	expect(rows.length).toBeGreaterThanOrEqual(5)
	for (const row of rows) expect(row).toContain(',Общеобразовательная школа № 1,Карасайский район,Алматинская область,')
	expect(text).toContain('Гүлнар Асқарқызы Бекова')
})
