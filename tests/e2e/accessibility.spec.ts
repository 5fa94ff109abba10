import crypto from 'node:crypto'
import fs from 'node:fs'
import { expect, test, type Page } from '@playwright/test'
import { demo, expectAccessible, logIn } from './helpers.ts'

/**
 * A signed unsubscribe token as the server makes it (app/modules/reminders/token.server.ts, ADR 016),
 * from the signing key in the e2e server's data folder: the link of a reminder mail to user `userId`.
 */
function unsubscribeToken(userId: number) {
	const file = `data-e2e-${process.env.E2E_PORT ?? 3100}/keys/credential-signing-ed25519.pem`
	const secret = crypto.createPrivateKey(fs.readFileSync(file)).export({ format: 'der', type: 'pkcs8' })
	const key = Buffer.from(crypto.hkdfSync('sha256', secret, 'ortaq', 'ortaq unsubscribe link v1', 32))
	return `r${userId}.${crypto.createHmac('sha256', key).update(`reminders:${userId}`).digest().subarray(0, 16).toString('base64url')}`
}

// Every page a role can reach, in both languages, through axe (WCAG 2.2 A/AA rules), plus the
// keyboard basics. Journeys elsewhere check the pages in their states; this sweep makes sure no
// page is left out.

const locales = ['kk', 'ru'] as const

async function sweep(page: Page, paths: string[]) {
	for (const path of paths) {
		const response = await page.goto(path)
		expect(response?.status(), path).toBeLessThan(400)
		await expect(page.locator('html')).toHaveAttribute('lang', path.split('/')[1] ?? '')
		await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1)
		await expectAccessible(page)
	}
}

for (const locale of locales) {
	test(`public pages pass axe (${locale})`, async ({ page }) => {
		await page.goto(`/${locale}/materials`)
		const material = await page.getByRole('main').getByRole('link').filter({ hasNot: page.locator('nav') }).first().getAttribute('href')
		await sweep(page, [
			`/${locale}/`,
			`/${locale}/courses`,
			`/${locale}/courses/inclusive-foundations`,
			`/${locale}/materials`,
			`/${locale}/materials?q=инклюзив`,
			material ?? `/${locale}/materials`,
			`/${locale}/verify`,
			`/${locale}/login`,
			`/${locale}/register`,
			`/${locale}/forgot-password`,
		])
	})

	test(`teacher pages pass axe (${locale})`, async ({ page }) => {
		await logIn(page, demo.teacher, undefined, locale)
		await sweep(page, [
			`/${locale}/my`,
			`/${locale}/my/certificates`,
			`/${locale}/account`,
			`/${locale}/courses/differentiated-support`,
			`/${locale}/courses/differentiated-support/lessons/01-observing-the-child`,
			`/${locale}/courses/differentiated-support/assessment/diagnostic`,
			`/${locale}/notifications`,
			`/${locale}/courses/differentiated-support/task`,
		])
	})

	test(`author, methodologist and admin pages pass axe (${locale})`, async ({ page }) => {
		// Twelve pages with axe on each, three sign-ins: more than the default minute on a loaded machine.
		test.setTimeout(180_000)
		await logIn(page, demo.author, undefined, locale)
		await sweep(page, [`/${locale}/studio`, `/${locale}/studio/materials/new`, `/${locale}/studio/translations`, `/${locale}/studio/courses`])
		await page.context().clearCookies()
		await logIn(page, demo.methodologist, undefined, locale)
		await sweep(page, [`/${locale}/reports`, `/${locale}/certificates/scope`, `/${locale}/assignments`, `/${locale}/assignments/new`, `/${locale}/notifications`, `/${locale}/tasks`, `/${locale}/tasks?status=all`])
		await page.context().clearCookies()
		await logIn(page, demo.admin, undefined, locale)
		await sweep(page, [`/${locale}/admin/users`, `/${locale}/admin/certificates`, `/${locale}/reports`, `/${locale}/assignments/new`])
		await page.goto(`/${locale}/admin/users`)
		await page.locator('main a[href*="/admin/users/"]').first().click()
		await expect(page).toHaveURL(/\/admin\/users\/\d+$/)
		await expectAccessible(page)
	})
}

for (const locale of locales) {
	test(`the studio task page of a course draft passes axe, empty, with field errors and filled (${locale})`, async ({ page }) => {
		test.setTimeout(120_000)
		await logIn(page, demo.author, undefined, locale)
		const slug = `a11y-task-${locale}-${Date.now()}`
		const created = await page.request.post(`/${locale}/studio/courses/new`, {
			form: { slug, topic: 'inclusion', hours: '4', passThreshold: '70', titleKk: 'Тапсырмасы бар курс', titleRu: 'Курс с заданием', summaryKk: 'Қысқаша', summaryRu: 'Кратко' },
			maxRedirects: 0,
		})
		expect(created.status()).toBe(302)
		await page.goto(`/${locale}/studio/courses/${slug}`)
		await page.locator(`a[href$="/studio/courses/${slug}/task"]`).click()
		await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1)
		await expectAccessible(page)
		// Saved empty: every field error is announced next to its field.
		await page.locator('button[name="intent"][value="save"]').click()
		await expect(page.getByRole('alert').first()).toBeVisible()
		await expectAccessible(page)
		await page.locator('#f-titleKk').fill('Жоспарды бейімдеу')
		await page.locator('#f-titleRu').fill('Адаптация плана')
		await page.locator('#f-instructionsKk').fill('Жоспарды бейімдеңіз.')
		await page.locator('#f-instructionsRu').fill('Адаптируйте план.')
		await page.locator('#f-criterion1TitleKk').fill('Мақсат')
		await page.locator('#f-criterion1TitleRu').fill('Цель')
		await page.locator('#f-criterion1DescriptionKk').fill('Мақсат бар.')
		await page.locator('#f-criterion1DescriptionRu').fill('Цель есть.')
		await page.locator('#f-criterion1Points').fill('5')
		await page.locator('#f-passMark').fill('3')
		await page.locator('button[name="intent"][value="save"]').click()
		await expect(page.getByRole('status')).toBeVisible()
		await expectAccessible(page)
	})
}

for (const locale of locales) {
	test(`the unsubscribe page passes axe: asking, done, and a tampered link (${locale})`, async ({ page }) => {
		// The first demo account; no login: the signed link is enough.
		await sweep(page, [`/${locale}/unsubscribe?token=${unsubscribeToken(1)}`])
		await page.getByRole('button').filter({ hasText: locale === 'kk' ? 'Бас тарту' : 'Отписаться' }).click()
		await expect(page.getByRole('status')).toBeVisible()
		await expectAccessible(page)
		const response = await page.goto(`/${locale}/unsubscribe?token=${unsubscribeToken(1).slice(0, -2)}xx`)
		expect(response?.status()).toBe(400)
		await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1)
		await expect(page.getByRole('alert')).toBeVisible()
		await expectAccessible(page)
		// Turned on again from the account page (the teacher's own settings form).
		await logIn(page, demo.teacher, undefined, locale)
		await page.goto(`/${locale}/account`)
		await expect(page.getByRole('checkbox').first()).toBeVisible()
		await expectAccessible(page)
	})
}

test('the first Tab reaches "skip to content", which moves focus to the main content', async ({ page }) => {
	await page.goto('/ru/courses')
	await page.keyboard.press('Tab')
	const skip = page.getByRole('link', { name: 'Перейти к основному содержанию' })
	await expect(skip).toBeFocused()
	await expect(skip).toBeVisible()
	await page.keyboard.press('Enter')
	await expect(page.locator('main')).toBeFocused()
})
