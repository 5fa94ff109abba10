import { expect, test } from '@playwright/test'
import { waitForHydration } from './helpers.ts'

test('on a slow connection, what a teacher typed and chose before the scripts arrived is kept', async ({ page }) => {
	// Scripts arrive two seconds after the page: the teacher starts on the plain HTML form.
	await page.route(/\/assets\/.*\.js$/, async (route) => {
		await new Promise((resolve) => setTimeout(resolve, 2000))
		await route.continue()
	})
	await page.goto('/kk/register', { waitUntil: 'commit' })
	await page.getByLabel('Толық аты-жөні').fill('Гүлмира Асанова')
	await page.getByLabel('Облыс немесе республикалық маңызы бар қала').selectOption({ label: 'Алматы облысы' })
	await page.getByLabel('Әйел').check()
	await waitForHydration(page)
	await expect(page.getByLabel('Толық аты-жөні')).toHaveValue('Гүлмира Асанова')
	await expect(page.getByLabel('Облыс немесе республикалық маңызы бар қала')).toHaveValue(/^\d+$/)
	await expect(page.getByLabel('Әйел')).toBeChecked()
	// The region choice then drives the next list, as if it had been made with scripts on.
	await expect(page.getByLabel('Аудан немесе қала')).toBeEnabled()
	await page.getByLabel('Аудан немесе қала').selectOption({ label: 'Қарасай ауданы' })
	await expect(page.getByLabel('Мектеп')).toBeEnabled()
})
