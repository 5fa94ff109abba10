import { expect, test, type Page } from '@playwright/test'
import { expectAccessible, noJsPage, waitForHydration } from './helpers.ts'

// The library's filters are a plain GET form: the same journey with JavaScript off and on.

async function filterByHearing(page: Page) {
	await page.goto('/kk/materials')
	await expectAccessible(page)
	const main = page.getByRole('main')
	const total = Number((await main.getByRole('status').innerText()).match(/\d+/)?.[0])
	expect(total).toBeGreaterThanOrEqual(4)
	await expect(main.getByRole('link', { name: 'Сүзгілерді тазарту' })).toHaveCount(0)

	await page.getByLabel('Ерекше қажеттілік', { exact: true }).selectOption({ label: 'Есту қабілеті бұзылған' })
	await page.getByLabel('Сынып', { exact: true }).selectOption({ label: '1–4-сыныптар' })
	await page.getByRole('button', { name: 'Көрсету' }).click()
	await expect(page).toHaveURL(/need=hearing/)
	await expect(page).toHaveURL(/grade=1-4/)
	// The choice is still there after the page comes back, and every result says why it matched.
	await expect(page.getByLabel('Ерекше қажеттілік', { exact: true })).toHaveValue('hearing')
	await expect(page.getByLabel('Сынып', { exact: true })).toHaveValue('1-4')
	const cards = main.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3 }) })
	const count = await cards.count()
	expect(count).toBeGreaterThanOrEqual(1)
	expect(count).toBeLessThan(total)
	await expect(main.getByRole('status')).toHaveText(`${count} материал табылды`)
	for (const card of await cards.all()) {
		await expect(card).toContainText('Есту қабілеті бұзылған')
		await expect(card).toContainText(/Оқу уақыты\s*\d+ минут/)
	}
	await expectAccessible(page)

	// A Kazakh word form finds its stem, together with the filters.
	await page.getByRole('searchbox', { name: 'Іздеу' }).fill('оқушыларға')
	await page.getByRole('button', { name: 'Көрсету' }).click()
	await expect(page).toHaveURL(/q=/)
	await expect(page.getByRole('searchbox', { name: 'Іздеу' })).toHaveValue('оқушыларға')
	await expect(cards.first()).toBeVisible()

	// Nothing found says so; reset brings everything back with empty fields.
	await page.getByRole('searchbox', { name: 'Іздеу' }).fill('фотосинтез')
	await page.getByRole('button', { name: 'Көрсету' }).click()
	await expect(main.getByRole('status')).toHaveText('0 материал табылды')
	await expect(main.getByText('Ештеңе табылмады.', { exact: false })).toBeVisible()
	await expectAccessible(page)
	await main.getByRole('link', { name: 'Сүзгілерді тазарту' }).click()
	await expect(page).toHaveURL(/\/kk\/materials$/)
	await expect(main.getByRole('status')).toHaveText(`${total} материал табылды`)
	await expect(page.getByLabel('Ерекше қажеттілік', { exact: true })).toHaveValue('')
	await expect(page.getByRole('searchbox', { name: 'Іздеу' })).toHaveValue('')
}

test('the library filters by need and grade band and searches a Kazakh word form, with JavaScript off', async ({ browser }) => {
	const page = await noJsPage(browser)
	await filterByHearing(page)
})

test('the same filters work with JavaScript on, from the keyboard', async ({ page }) => {
	await page.goto('/kk/materials')
	await waitForHydration(page)
	await filterByHearing(page)
	// Keyboard: the search box, then the filters in order, then the button, by Tab alone.
	await page.getByRole('searchbox', { name: 'Іздеу' }).focus()
	for (const label of ['Материал түрі', 'Тақырып', 'Пән', 'Сынып', 'Ерекше қажеттілік', 'Тіл']) {
		await page.keyboard.press('Tab')
		await expect(page.getByLabel(label, { exact: true })).toBeFocused()
	}
	await page.keyboard.press('Tab')
	await expect(page.getByRole('button', { name: 'Көрсету' })).toBeFocused()
})

test('Russian counts use Russian plurals, and a material page shows its metadata', async ({ page }) => {
	await page.goto('/ru/materials?subject=kazakh-literature')
	await expect(page.getByRole('main').getByRole('status')).toHaveText(/^Найден(о)? \d+ материал(а|ов)?$/)
	await page.getByRole('link', { name: /План урока: один текст/ }).click()
	const facts = page.getByRole('main').locator('dl.facts')
	await expect(facts).toContainText('Казахская литература, Русская литература')
	await expect(facts).toContainText('3 класс')
	await expect(facts).toContainText('Нарушения слуха, Дислексия')
	await expect(facts).toContainText(/Время чтения\s*\d+ минут/)
	await expectAccessible(page)
})

test('a template material offers its printable PDF in each language, with format and size', async ({ page, request }) => {
	await page.goto('/ru/materials?type=template')
	const first = page.getByRole('main').getByRole('heading', { level: 3 }).getByRole('link').first()
	await first.click()
	await expect(page.getByRole('main').locator('dl.facts')).toContainText('Шаблон (бланк для заполнения)')
	const files = page.getByRole('region', { name: 'Приложенные файлы' })
	// The reader's language first.
	const links = files.getByRole('link')
	await expect(links).toHaveText(['Бланк для печати (русский)', 'Бланк для печати (казахский)'])
	await expect(files).toContainText(/PDF, \d+ KB/)
	await expectAccessible(page)
	for (const href of await links.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))) {
		const response = await request.get(href)
		expect(response.headers()['content-type']).toBe('application/pdf')
		expect((await response.body()).subarray(0, 5).toString()).toBe('%PDF-')
	}
	const [download] = await Promise.all([page.waitForEvent('download'), links.first().click()])
	expect(download.suggestedFilename()).toMatch(/-ru\.pdf$/)
})
