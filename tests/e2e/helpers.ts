import fs from 'node:fs/promises'
import path from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import { expect, type Browser, type Page } from '@playwright/test'

export const DEMO_PASSWORD = 'ortaq-demo-2026'
export const demo = {
	teacher: 'teacher@demo.ortaq.kz',
	author: 'author@demo.ortaq.kz',
	reviewer: 'reviewer@demo.ortaq.kz',
	methodologist: 'methodologist@demo.ortaq.kz',
	admin: 'admin@demo.ortaq.kz',
}

const withoutJs = new WeakSet<Page>()

/** A page in a fresh context with JavaScript off, as on a slow rural connection with scripts blocked. */
export async function noJsPage(browser: Browser) {
	const context = await browser.newContext({ javaScriptEnabled: false })
	const page = await context.newPage()
	withoutJs.add(page)
	return page
}

/**
 * Fails the test when axe finds any WCAG 2.x A/AA violation on the current page. axe is a
 * script, so a page with JavaScript off is checked by replaying its exact HTML, at the same
 * address with the same styles, in a scripted page.
 */
export async function expectAccessible(page: Page) {
	let target = page
	if (withoutJs.has(page)) {
		const browser = page.context().browser()
		if (!browser) throw new Error('no browser')
		const html = await page.content()
		const url = page.url()
		const context = await browser.newContext()
		target = await context.newPage()
		await target.route(url, (route) => route.fulfill({ body: html, contentType: 'text/html; charset=utf-8' }))
		await target.goto(url)
	}
	const results = await new AxeBuilder({ page: target }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze()
	if (target !== page) await target.context().close()
	const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`)
	expect(summary, `axe violations on ${page.url()}`).toEqual([])
}

export async function logIn(page: Page, email: string, password = DEMO_PASSWORD, locale: 'kk' | 'ru' = 'ru') {
	await page.goto(`/${locale}/login`)
	const t = locale === 'ru' ? { email: 'Электронная почта', password: 'Пароль', submit: 'Войти' } : { email: 'Электрондық пошта', password: 'Құпиясөз', submit: 'Кіру' }
	await page.getByLabel(t.email).fill(email)
	await page.getByLabel(t.password, { exact: true }).fill(password)
	await page.getByRole('main').getByRole('button', { name: t.submit }).click()
	await expect(page).not.toHaveURL(/\/login/)
}

/** The newest message the app wrote to its outbox for this address. */
export async function lastMailTo(address: string) {
	const outbox = path.resolve(`data-e2e-${process.env.E2E_PORT ?? 3100}/outbox`)
	// A reset mail is written just after the answer (users.server.ts): look again for up to 5 s.
	for (let attempt = 0; attempt < 25; attempt++) {
		const files = (await fs.readdir(outbox).catch(() => [])).sort()
		for (const file of files.reverse()) {
			const text = await fs.readFile(path.join(outbox, file), 'utf8')
			if (text.includes(`To: ${address}`)) return text
		}
		await new Promise((resolve) => setTimeout(resolve, 200))
	}
	return null
}

/** Waits until React has hydrated the page, for behaviour that needs scripts. */
export async function waitForHydration(page: Page) {
	await page.locator('html[data-hydrated="true"]').waitFor({ state: 'attached' })
}
