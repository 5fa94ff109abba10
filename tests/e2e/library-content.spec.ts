import fs from 'node:fs/promises'
import path from 'node:path'
import { expect, test } from '@playwright/test'
import { demo, expectAccessible, logIn, noJsPage } from './helpers.ts'

// A sample of the new courses' lessons and of the new materials, in both languages, as a teacher reads them:
// the page shows the lesson's own title, has one h1, and passes axe — with JavaScript off, as in a rural school.

const lessons = [
	['families-and-specialists', '01-the-support-team'],
	['families-and-specialists', '07-the-class-and-other-families'],
	['inclusive-assessment', '04-adapting-criteria-and-descriptors'],
	['gender-responsive-school', '06-reading-your-schools-data'],
] as const

const materials = ['lesson-plan-math-grade2-hearing', 'checklist-textbook-stereotype-audit', 'case-hearing-aul-school', 'template-iep-draft'] as const

async function titleOf(file: string) {
	const source = await fs.readFile(path.resolve(file), 'utf8')
	const title = /^title:\s*"?(.+?)"?\s*$/m.exec(source)?.[1]
	if (!title) throw new Error(`no title in ${file}`)
	return title
}

for (const locale of ['kk', 'ru'] as const) {
	test(`new course lessons read with JavaScript off and pass axe (${locale})`, async ({ browser }) => {
		test.setTimeout(180_000)
		const page = await noJsPage(browser)
		await logIn(page, demo.teacher, undefined, locale)
		for (const [course, lesson] of lessons) {
			await page.goto(`/${locale}/courses/${course}/lessons/${lesson}`)
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(await titleOf(`content/courses/${course}/lessons/${lesson}/${locale}.mdx`))
			await expect(page.getByRole('heading', { level: 2 }).first()).toBeVisible()
			await expectAccessible(page)
		}
		await page.context().close()
	})

	test(`new materials open from the library and pass axe (${locale})`, async ({ page }) => {
		test.setTimeout(180_000)
		for (const slug of materials) {
			await page.goto(`/${locale}/materials/${slug}`)
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(await titleOf(`content/materials/${slug}/${locale}.mdx`))
			await expectAccessible(page)
		}
		// The printable template is there in the reader's language.
		await page.goto(`/${locale}/materials/template-iep-draft`)
		const download = page.locator(`main a[href*="/materials/template-iep-draft/files/"][hreflang="${locale}"]`)
		await expect(download).toHaveCount(1)
		const response = await page.request.get((await download.getAttribute('href')) ?? '')
		expect(response.headers()['content-type']).toContain('application/pdf')
		expect((await response.body()).subarray(0, 5).toString()).toBe('%PDF-')
	})
}
