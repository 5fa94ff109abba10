import { expect, test } from '@playwright/test'

test('pages hydrate without errors in both languages, and later navigation happens in the browser', async ({ page }) => {
	const errors: string[] = []
	page.on('console', (message) => {
		if (message.type() === 'error') errors.push(message.text())
	})
	page.on('pageerror', (error) => errors.push(error.message))
	await page.goto('/ru/courses')
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Курсы')
	// The language switch is a plain link (it also sets the language cookie): a new document.
	await page.getByRole('link', { name: /Сменить язык/ }).click()
	await expect(page).toHaveURL(/\/kk\/courses$/)
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Курстар')
	await page.waitForLoadState('networkidle')
	// Hydrated with the Kazakh texts: the next page is rendered by the client router, in Kazakh.
	let documents = 0
	page.on('request', (request) => {
		if (request.resourceType() === 'document') documents++
	})
	await page.getByRole('navigation', { name: 'Негізгі мәзір' }).getByRole('link', { name: 'Әдістемелік материалдар' }).click()
	await expect(page).toHaveURL(/\/kk\/materials$/)
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Әдістемелік материалдар')
	expect(documents).toBe(0)
	expect(errors).toEqual([])
})
