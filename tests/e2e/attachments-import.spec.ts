import fs from 'node:fs/promises'
import path from 'node:path'
import { expect, test, type Browser } from '@playwright/test'
import { buildZip } from '../zip-builder.ts'
import { demo, expectAccessible, logIn, noJsPage } from './helpers.ts'

// Windows program bytes under a PDF's name.
const exe = Buffer.concat([Buffer.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff]), Buffer.alloc(200)])

async function reviewerWithoutJs(browser: Browser) {
	const page = await noJsPage(browser)
	await logIn(page, demo.reviewer, undefined, 'kk')
	return page
}

/** A content folder course as a zip in the export's layout, under another slug. */
async function courseZip(from: string, slug: string) {
	const dir = path.resolve('content/courses', from)
	const names = (await fs.readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
	const entries = await Promise.all(
		names.map(async (name) => {
			let text = await fs.readFile(path.join(dir, name), 'utf8')
			// Another slug and title, so other specs still find the original course alone.
			if (name === 'course.json') text = JSON.stringify({ ...JSON.parse(text), slug, title: { kk: 'ZIP арқылы келген курс', ru: 'Курс, пришедший в ZIP' } })
			return { name: `${slug}/${name}`, data: text }
		}),
	)
	return Buffer.from(buildZip(entries))
}

test('hostile attachments are refused at the file field without JavaScript, in Kazakh', async ({ browser }) => {
	test.setTimeout(120_000)
	const page = await reviewerWithoutJs(browser)
	await page.goto('/kk/studio/materials/classroom-accessibility-checklist')
	await page.getByRole('button', { name: 'Жаңа нұсқа бастау' }).click()
	const field = page.getByLabel('Жүктелетін файл')
	await field.setInputFiles({ name: 'жоспар.pdf', mimeType: 'application/pdf', buffer: exe })
	await page.getByRole('button', { name: 'Файлды жүктеу' }).click()
	await expect(page.getByRole('alert')).toContainText('Файлдың мазмұны оның кеңейтіміне немесе көрсетілген түріне сәйкес емес')
	await expect(page.getByLabel('Жүктелетін файл')).toHaveAttribute('aria-invalid', 'true')
	await expectAccessible(page)

	// 25 MB: refused by its declared length, answered with the page (413), not a reset or a 500.
	await page.getByLabel('Жүктелетін файл').setInputFiles({ name: 'үлкен.pdf', mimeType: 'application/pdf', buffer: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(25 * 1024 * 1024)]) })
	const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Файлды жүктеу' }).click()])
	expect(response.status()).toBe(413)
	await expect(page.getByRole('alert')).toHaveText('Файл тым үлкен: 20 МБ-тан аспауы керек.')
	await expect(page.getByText('Тіркелген файл жоқ.')).toBeVisible()
})

test('a course zip is imported in the studio without JavaScript; a hostile one is refused with its entry', async ({ browser }) => {
	test.setTimeout(120_000)
	const page = await reviewerWithoutJs(browser)
	await page.goto('/kk/studio/courses')
	await expectAccessible(page)
	const field = page.getByLabel('Курстың ZIP-архиві')
	const hostile = Buffer.from(buildZip([{ name: 'zip-course/course.json', data: '{}' }, { name: '../../etc/passwd', data: 'root:x:0:0' }]))
	await field.setInputFiles({ name: 'курс.zip', mimeType: 'application/zip', buffer: hostile })
	await page.getByRole('button', { name: 'ZIP-архивті жүктеу' }).click()
	await expect(page.getByRole('alert')).toContainText('курс қалтасынан тыс шығаратын')
	await expect(page.getByRole('alert')).toContainText('../../etc/passwd')
	await expectAccessible(page)

	await page.getByLabel('Курстың ZIP-архиві').setInputFiles({ name: 'курс.zip', mimeType: 'application/zip', buffer: await courseZip('inclusive-foundations', 'zip-e2e-course') })
	await page.getByRole('button', { name: 'ZIP-архивті жүктеу' }).click()
	await expect(page.getByRole('status')).toHaveText('Жаңа нұсқа жарияланды: 1.')
	await expect(page.getByRole('table', { name: 'Жарияланған курстар' }).locator('a[href="/kk/courses/zip-e2e-course"]')).toBeVisible()
	await expectAccessible(page)
})
