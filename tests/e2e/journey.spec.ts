import fs from 'node:fs'
import path from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { demo, expectAccessible, logIn, noJsPage, waitForHydration } from './helpers.ts'

// A new teacher's journey in Kazakh (issue 16): the faults found on the way stay fixed.
const slug = 'inclusive-foundations'
const dir = path.resolve('content/courses', slug)
type QuizFile = { questions: { id: string; type: string; text: { ru: string; kk: string }; options: { id: string; text: { ru: string; kk: string }; correct?: boolean }[] }[] }
const readQuiz = (file: string): QuizFile => JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'))
const course = JSON.parse(fs.readFileSync(path.join(dir, 'course.json'), 'utf8'))
const lessonTitle = (lesson: string, lang: 'kk' | 'ru') =>
	(/^title:\s*(.+)$/m.exec(fs.readFileSync(path.join(dir, 'lessons', lesson, `${lang}.mdx`), 'utf8'))?.[1] ?? '').trim().replace(/^"(.*)"$/, '$1')

const longName = 'Гүлжаһан Мұхтарқызы Сейітжаппарова-Нұрмұхамбетова'
// Fixed: every run starts on a fresh database, and a worker restarted after a failure reads the same address.
const email = 'journey-teacher@mektep.kz'
const password = 'journey-pass-1'
const kkMonths = 'қаңтар|ақпан|наурыз|сәуір|мамыр|маусым|шілде|тамыз|қыркүйек|қазан|қараша|желтоқсан'

async function answer(page: Page, quiz: QuizFile, { correctly }: { correctly: boolean }) {
	for (const q of quiz.questions) {
		const group = page.getByRole('group', { name: q.text.kk, exact: false })
		const chosen = new Set(correctly ? q.options.filter((o) => o.correct).map((o) => o.id) : [(q.options.find((o) => !o.correct) ?? q.options[0])?.id])
		for (const o of q.options) {
			const control = group.getByLabel(o.text.kk, { exact: false }).first()
			if (chosen.has(o.id)) await control.check()
			else if (q.type === 'multiple') await control.uncheck()
		}
	}
}

async function register(page: Page) {
	await page.goto('/ru/register')
	await waitForHydration(page)
	await page.getByLabel('Фамилия, имя, отчество').fill(longName)
	await page.getByLabel('Электронная почта').fill(email)
	await page.getByLabel('Пароль', { exact: true }).fill(password)
	await page.getByLabel('Повторите пароль').fill(password)
	await page.getByLabel('Область или город республиканского значения').selectOption({ label: 'Алматинская область' })
	await page.getByLabel('Район или город').selectOption({ label: 'Карасайский район' })
	await expect(page.getByLabel('Школа')).toBeEnabled()
	await page.getByLabel('Школа').selectOption({ index: 1 })
	await page.getByLabel('Женский').check()
	await page.getByRole('button', { name: 'Создать учётную запись' }).click()
	await expect(page).toHaveURL(/\/ru\/courses$/)
}

test('in Kazakh: the diagnostic is optional and says so, "mark as done" confirms, and after the pass a new attempt is practice while every place shows the kept score', async ({ page, browser }) => {
	test.setTimeout(180_000)
	await register(page)
	await page.goto(`/kk/courses/${slug}`)
	await page.getByRole('button', { name: 'Курсқа жазылу' }).click()
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Курс алдындағы диагностика')
	// Skipped: the course page says the diagnostic is optional and what skipping it means.
	await page.goto(`/kk/courses/${slug}`)
	await expect(page.getByText('Курс алдындағы диагностика міндетті емес')).toBeVisible()
	await expectAccessible(page)

	await page.getByRole('link', { name: 'Оқуды жалғастыру' }).click()
	for (const [index, lesson] of course.lessons.entries()) {
		await expect(page).toHaveURL(new RegExp(`/lessons/${lesson.slug}(\\?done=.*)?$`))
		await page.getByRole('button', { name: 'Сабақты өттім деп белгілеу' }).click()
		const status = page.getByRole('status')
		await expect(status).toHaveText(`«${lessonTitle(lesson.slug, 'kk')}» сабағы өтілді деп белгіленді.`)
		await expect(page).toHaveTitle(/^Сабақ өтілді — /)
		if (index === 0) await expectAccessible(page)
	}
	await expect(page).toHaveURL(new RegExp(`/kk/courses/${slug}\\?done=${course.lessons.at(-1).slug}$`))
	await expectAccessible(page)
	// What a screen reader reads of a done lesson in the outline: the minutes, then the badge, apart.
	const first = page.getByRole('main').getByRole('listitem').filter({ hasText: lessonTitle(course.lessons[0].slug, 'kk') })
	expect(await first.innerText()).toMatch(/\d+ минут\s+өтілді/)

	await page.getByRole('link', { name: 'Қорытынды бағалау' }).first().click()
	await expect(page.getByText('Әрекет саны шектелмейді, ең жақсы нәтиже сақталады')).toBeVisible()
	const final = readQuiz('final.json')
	await answer(page, final, { correctly: false })
	await page.getByRole('button', { name: 'Жауаптарды жіберу' }).click()
	await expect(page.getByRole('status')).toContainText(`Өту үшін кемінде ${course.passThreshold}% қажет`)
	await answer(page, final, { correctly: true })
	await page.getByRole('button', { name: 'Қайта жіберу' }).click()
	const done = page.getByRole('status').filter({ hasText: 'Курс аяқталды! Сертификатыңыз дайын.' })
	await expect(done).toBeVisible()
	await expect(done.getByRole('link', { name: 'Менің сертификаттарым' })).toHaveAttribute('href', '/kk/my/certificates')
	await expectAccessible(page)

	// Coming back: the kept score, and a practice attempt that changes and contradicts nothing.
	await page.goto(`/kk/courses/${slug}/assessment/final`)
	await waitForHydration(page)
	const kept = 'Курс аяқталды. Сертификатта және есептерде көрсетілетін нәтиже: 100%.'
	await expect(page.getByText(kept)).toBeVisible()
	await expect(page.getByText('Әрекет саны шектелмейді')).toHaveCount(0)
	await answer(page, final, { correctly: false })
	await page.getByRole('button', { name: 'Жаттығу ретінде тексеру' }).click()
	await expect(page.getByRole('status')).toContainText('Бұл — жаттығу: нәтиже сақталмады')
	await expect(page.getByText('Курс аяқталды! Сертификатыңыз дайын.')).toHaveCount(0)
	await expect(page.getByText('қайта тапсырыңыз', { exact: false })).toHaveCount(0)
	await expect(page.getByText(kept)).toBeVisible()
	await expectAccessible(page)
	await page.getByRole('link', { name: 'Менің сертификаттарым' }).click()
	await expect(page).toHaveURL(/\/kk\/my\/certificates$/)
	await page.getByRole('link', { name: `Тексеру беті: ${course.title.kk}` }).click()
	await expect(page.getByRole('main')).toContainText('100%')
	await page.goto(`/kk/courses/${slug}`)
	await expect(page.getByText('Қорытынды бағалаудың ең жақсы нәтижесі: 100% (2 әрекет)')).toBeVisible()

	// The same with JavaScript off: the form posts, the page answers as practice.
	const noJs = await noJsPage(browser)
	await logIn(noJs, email, password, 'kk')
	await noJs.goto(`/kk/courses/${slug}/assessment/final`)
	await answer(noJs, final, { correctly: false })
	await noJs.getByRole('button', { name: 'Жаттығу ретінде тексеру' }).click()
	await expect(noJs.getByRole('status')).toContainText('Бұл — жаттығу')
	await expect(noJs.getByText(kept)).toBeVisible()
	await expectAccessible(noJs)
	await noJs.context().close()
})

/**
 * The main content's text after a client-side navigation (no document is requested), and again
 * after a reload (a server render). The page must be hydrated before, so that links navigate client-side.
 */
async function bothWays(page: Page, navigate: () => Promise<void>) {
	const documents: string[] = []
	const onRequest = (request: { resourceType(): string; url(): string }) => {
		if (request.resourceType() === 'document') documents.push(request.url())
	}
	page.on('request', onRequest)
	await navigate()
	await page.waitForLoadState('networkidle')
	page.off('request', onRequest)
	expect(documents, 'a client-side navigation').toEqual([])
	const client = await page.getByRole('main').innerText()
	await page.reload()
	const server = await page.getByRole('main').innerText()
	// Pages that hydrate get ready for the next client-side navigation.
	if (await page.locator('script[type="module"]').count()) await waitForHydration(page)
	return { client, server }
}

test('dates, numbers and plurals read the same after a client-side navigation as in the server render, on every page that shows a date', async ({ page }) => {
	test.setTimeout(180_000)
	// Plural categories come from the browser's Intl.PluralRules: Chromium's must match Node's for kk and ru.
	const numbers = Array.from({ length: 230 }, (_, i) => i)
	const browserPlurals = await page.evaluate((ns) => ({ kk: ns.map((n) => new Intl.PluralRules('kk').select(n)), ru: ns.map((n) => new Intl.PluralRules('ru').select(n)) }), numbers)
	expect(browserPlurals).toEqual({ kk: numbers.map((n) => new Intl.PluralRules('kk').select(n)), ru: numbers.map((n) => new Intl.PluralRules('ru').select(n)) })

	await logIn(page, email, password, 'kk')
	await page.goto('/kk/my')
	await waitForHydration(page)
	const mine = await bothWays(page, () => page.getByRole('navigation', { name: 'Негізгі мәзір' }).getByRole('link', { name: 'Сертификаттарым' }).click())
	expect(mine.client).toMatch(new RegExp(`· \\d{4} ж\\. \\d{1,2} (${kkMonths})`))
	expect(mine.client).toBe(mine.server)
	const verify = await bothWays(page, () => page.getByRole('link', { name: `Тексеру беті: ${course.title.kk}` }).click())
	expect(verify.client).toMatch(new RegExp(`\\d{4} ж\\. \\d{1,2} (${kkMonths})`))
	expect(verify.client).toBe(verify.server)

	await page.goto('/kk/materials')
	await waitForHydration(page)
	const material = await bothWays(page, () => page.getByRole('main').getByRole('listitem').getByRole('link').first().click())
	expect(material.client).toMatch(new RegExp(`\\d{4} ж\\. \\d{1,2} (${kkMonths})`))
	expect(material.client).toBe(material.server)
	await page.getByRole('button', { name: 'Шығу' }).click()

	await logIn(page, demo.admin, undefined, 'kk')
	await page.goto('/kk/')
	await waitForHydration(page)
	const admin = await bothWays(page, () => page.getByRole('navigation', { name: 'Негізгі мәзір' }).getByRole('link', { name: 'Сертификаттар', exact: true }).click())
	expect(admin.client).toMatch(/· \d{2}\.\d{2}\.\d{4} ·/)
	expect(admin.client).toBe(admin.server)
	const toReports = () => page.getByRole('navigation', { name: 'Негізгі мәзір' }).getByRole('link', { name: 'Есептер' }).click()
	let reports = await bothWays(page, toReports)
	// The country summaries are rebuilt every 10 minutes; when a rebuild falls between the two renders their
	// "as of" stamps (and figures) differ, so the pair is taken again.
	const asOf = (text: string) => /\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}/.exec(text)?.[0]
	if (asOf(reports.client) !== asOf(reports.server)) reports = await bothWays(page, toReports)
	expect(reports.client).toMatch(/\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2} жағдайы бойынша/)
	expect(reports.client).toBe(reports.server)
	await page.getByRole('button', { name: 'Шығу' }).click()

	await logIn(page, demo.reviewer, undefined, 'kk')
	await page.goto('/kk/studio')
	await waitForHydration(page)
	const studio = await bothWays(page, () => page.locator('main a[href*="/studio/materials/"]:not([href$="/new"])').first().click())
	expect(studio.client).toMatch(/\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}/)
	expect(studio.client).toBe(studio.server)
})

test('the header fits one row at 1280 px with a long Kazakh name and reflows without overflow at 768 and 360 px', async ({ page }, testInfo) => {
	await logIn(page, email, password, 'kk')
	for (const width of [1280, 768, 360]) {
		await page.setViewportSize({ width, height: 800 })
		await page.goto('/kk/courses')
		await waitForHydration(page)
		const header = page.locator('.site-header')
		await header.screenshot({ path: testInfo.outputPath(`header-${width}.png`) })
		const layout = await page.evaluate(() => {
			const box = (el: Element | null) => el?.getBoundingClientRect() ?? null
			const inner = document.querySelector('.site-header__inner')
			const parts = ['.brand', '.site-nav', '.site-tools'].map((s) => box(document.querySelector(s)))
			const overflowing = [...(inner?.querySelectorAll('*') ?? [])].filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5).length
			return { scrollWidth: document.documentElement.scrollWidth, tops: parts.map((p) => p?.top ?? 0), bottoms: parts.map((p) => p?.bottom ?? 0), header: box(document.querySelector('.site-header'))?.height ?? 0, overflowing }
		})
		expect(layout.scrollWidth, `no horizontal scroll at ${width}px`).toBeLessThanOrEqual(width)
		expect(layout.overflowing, `nothing in the header past the right edge at ${width}px`).toBe(0)
		await expect(page.getByRole('link', { name: longName })).toBeVisible()
		await expect(page.getByRole('button', { name: 'Шығу' })).toBeInViewport()
		if (width === 1280) {
			// One row: brand, navigation and tools side by side, the header no taller than that row.
			const [brand, nav, tools] = layout.bottoms
			expect(Math.max(...layout.tops) - Math.min(...layout.tops)).toBeLessThan(12)
			expect(Math.max(brand ?? 0, nav ?? 0, tools ?? 0)).toBeLessThan(64)
			expect(layout.header).toBeLessThan(64)
		} else {
			// Rows do not overlap: the tools start below the navigation.
			expect(layout.tops[2] ?? 0).toBeGreaterThanOrEqual((layout.bottoms[1] ?? 0) - 1)
		}
	}
	await expectAccessible(page)
})

test('a report outside the methodologist’s district is a 404 that says it may be outside the district', async ({ page }) => {
	await logIn(page, demo.methodologist, undefined, 'kk')
	const response = await page.goto('/kk/reports/districts/999999')
	expect(response?.status()).toBe(404)
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Бет табылмады')
	await expect(page.getByText('Бұл есеп сіздің ауданыңыздан немесе облысыңыздан тыс, не мұндай бет жоқ.')).toBeVisible()
	await expectAccessible(page)
})
