import { expect, test, type Page } from '@playwright/test'
import { demo, expectAccessible, logIn, noJsPage, waitForHydration } from './helpers.ts'

/** A calendar day in Almaty (UTC+5), `days` from today, as YYYY-MM-DD. */
function almatyDay(days: number) {
	return new Date(Date.now() + 5 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10)
}

const monthsRu = ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря']

/** The day `days` from today as a Russian page writes it: «15 декабря 2026 г.». */
function ruDay(days: number) {
	const [y, m, d] = almatyDay(days).split('-').map(Number)
	return `${d} ${monthsRu[(m ?? 1) - 1]} ${y} г.`
}

const bell = (page: Page, name: RegExp) => page.getByRole('banner').getByRole('link', { name })

/** The header's unread count: the number its badge shows, 0 without a badge. */
async function unread(page: Page) {
	const badge = page.getByRole('banner').locator('.notifications-link .count-badge')
	return (await badge.count()) === 0 ? 0 : Number(await badge.textContent())
}

async function assign(page: Page, course: string, days: number) {
	await page.goto('/ru/assignments/new')
	await page.getByLabel('Курс').selectOption({ label: course })
	await page.getByRole('group', { name: 'Целевая группа' }).getByLabel('Карасайский район — все школы').check()
	await page.getByLabel('Срок').fill(almatyDay(days))
	await page.getByRole('button', { name: 'Назначить' }).click()
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Назначение: ${course}`)
}

test('a course assigned to her district shows in the teacher\'s bell and list; she marks it read (JavaScript off, then on)', async ({ browser }) => {
	test.setTimeout(120_000)
	const methodologist = await noJsPage(browser)
	await logIn(methodologist, demo.methodologist)
	await assign(methodologist, 'Дифференцированная поддержка детей с особыми образовательными потребностями', 12)
	await assign(methodologist, 'Гендерно-чувствительная педагогика', 20)
	await methodologist.context().close()

	// JavaScript off: the count is in the server-rendered header, the forms are plain forms.
	const page = await noJsPage(browser)
	await logIn(page, demo.teacher)
	await page.goto('/ru/courses')
	const before = await unread(page)
	expect(before).toBeGreaterThanOrEqual(2)
	await expect(bell(page, new RegExp(`^Уведомления: ${before} нов`))).toBeVisible()
	await bell(page, /^Уведомления/).click()
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Уведомления')
	const list = page.getByRole('list', { name: 'Список уведомлений' })
	const item = list.getByRole('listitem').filter({ hasText: `Вам назначен курс «Дифференцированная поддержка детей с особыми образовательными потребностями» (Карасайский район), срок — ${ruDay(12)}` })
	await expect(item).toHaveCount(1)
	await expect(item.getByText('Новое')).toBeVisible()
	await expectAccessible(page)

	await item.getByRole('button', { name: 'Отметить как прочитанное' }).click()
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Уведомления')
	expect(await unread(page)).toBe(before - 1)
	await expect(item.getByText('Новое')).toHaveCount(0)
	await expect(item.getByRole('button', { name: 'Отметить как прочитанное' })).toHaveCount(0)
	// Its link leads to the course.
	await expect(item.getByRole('link')).toHaveAttribute('href', '/ru/courses/differentiated-support')

	// The lesson page's header has the link without a count (ADR 017).
	await page.goto('/ru/courses/differentiated-support/lessons/01-observing-the-child')
	await expect(bell(page, /^Уведомления$/)).toBeVisible()
	await page.context().close()

	// JavaScript on, in Kazakh: the accessible name uses the Kazakh plural; "mark all as read" empties the count.
	const live = await (await browser.newContext()).newPage()
	await logIn(live, demo.teacher, undefined, 'kk')
	await live.goto('/kk/notifications')
	await waitForHydration(live)
	const left = await unread(live)
	expect(left).toBe(before - 1)
	await expect(bell(live, new RegExp(`^Хабарламалар: ${left} жаңа хабарлама$`))).toBeVisible()
	await expect(live.getByText(`Оқылмаған: ${left}.`)).toBeVisible()
	await expectAccessible(live)
	await live.getByRole('button', { name: 'Барлығын оқылды деп белгілеу' }).click()
	await expect(live.getByRole('status')).toHaveText('Барлық хабарлама оқылды деп белгіленді.')
	await expect(bell(live, /^Хабарламалар$/)).toBeVisible()
	expect(await unread(live)).toBe(0)
	await expect(live.getByRole('list', { name: 'Хабарламалар тізімі' }).getByText('Жаңа', { exact: true })).toHaveCount(0)
	await expectAccessible(live)
	await live.context().close()
})
