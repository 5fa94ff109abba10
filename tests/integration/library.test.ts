import { execFile } from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { eq } from 'drizzle-orm'
import { beforeAll, expect, test } from 'vitest'
import { getDb } from '#app/db/client.server.ts'
import { materials } from '#app/db/schema/index.ts'
import { gradesOf } from '#app/modules/materials/metadata.ts'
import { syncMaterialFolder, syncMaterials } from '#app/modules/materials/sync.server.ts'
import * as fileRoute from '#app/routes/materials.file.ts'
import * as libraryRoute from '#app/routes/materials.library.tsx'
import * as materialRoute from '#app/routes/materials.material.tsx'
import * as newRoute from '#app/routes/studio.material-new.tsx'
import * as studioRoute from '#app/routes/studio.material.tsx'
import { makeRequest, routeArgs, run, signedIn } from '#tests/factories.ts'
import { darkPixelsOf } from '#tests/pdf-pixels.ts'

const exec = promisify(execFile)
const fixtures = path.resolve('tests/fixtures/materials')
const template = 'fixture-observation-template'

async function library(lang: 'kk' | 'ru', query: Record<string, string> = {}) {
	const search = new URLSearchParams(query).toString()
	const result = await libraryRoute.loader(routeArgs(makeRequest(`/${lang}/materials${search ? `?${search}` : ''}`), { lang }))
	return result.items
}

async function materialPage(lang: 'kk' | 'ru', slug: string) {
	return materialRoute.loader(routeArgs(makeRequest(`/${lang}/materials/${slug}`), { lang, slug }))
}

let all: Awaited<ReturnType<typeof library>> = []

beforeAll(async () => {
	// On PostgreSQL the data folder is not per test file; attachments go to a fresh one.
	if (process.env.DATABASE_URL) process.env.DATA_DIR = await fs.mkdtemp(path.join(os.tmpdir(), 'ortaq-library-'))
	const real = await syncMaterials()
	expect(real.length).toBeGreaterThanOrEqual(4)
	expect(real.filter((r) => r.status !== 'published')).toEqual([])
	const fixture = await syncMaterials({ root: fixtures })
	expect(fixture.map((r) => r.status)).toEqual(['published'])
	all = await library('ru')
})

test('every real material carries its metadata into the library', async () => {
	expect(all.length).toBeGreaterThanOrEqual(5)
	const plan = all.find((m) => m.slug === 'lesson-plan-differentiated-reading')
	expect(plan).toMatchObject({ type: 'lesson_plan', subjects: ['kazakh-literature', 'russian-literature'], grades: [3], needs: ['hearing', 'dyslexia'] })
	expect(all.every((m) => m.readingMinutes >= 1)).toBe(true)
})

test('each filter returns only materials that have what was asked for, and together they narrow', async () => {
	for (const need of ['hearing', 'autism', 'vision', 'speech']) {
		const found = await library('ru', { need })
		expect(found.every((m) => m.needs.includes(need))).toBe(true)
		expect(found.length).toBe(all.filter((m) => m.needs.includes(need)).length)
	}
	expect((await library('kk', { need: 'hearing' })).map((m) => m.slug)).toEqual(expect.arrayContaining(['lesson-plan-differentiated-reading', template]))
	for (const grade of ['3', '1-4', '5-9', '10-11', '0']) {
		const wanted = gradesOf(grade)
		const found = await library('ru', { grade })
		expect(found.every((m) => m.grades.some((g) => wanted.includes(g)))).toBe(true)
		expect(found.length).toBe(all.filter((m) => m.grades.some((g) => wanted.includes(g))).length)
	}
	const maths = await library('ru', { subject: 'mathematics' })
	expect(maths.length).toBeGreaterThan(0)
	expect(maths.every((m) => m.subjects.includes('mathematics'))).toBe(true)
	const templates = await library('ru', { type: 'template' })
	expect(templates.map((m) => m.slug)).toContain(template)
	expect(templates.every((m) => m.type === 'template')).toBe(true)
	const both = await library('ru', { need: 'hearing', grade: '1-4', subject: 'mathematics', language: 'kk' })
	expect(both.map((m) => m.slug)).toContain(template)
	expect(both.every((m) => m.needs.includes('hearing') && m.subjects.includes('mathematics') && m.languages.includes('kk'))).toBe(true)
	// An unknown value is no filter, never an error.
	expect((await library('ru', { need: 'telepathy', grade: '12', subject: '<b>' })).length).toBe(all.length)
})

test('a Kazakh search finds word forms from a stem, and a suffixed form finds its stem', async () => {
	// The fixture's Kazakh text has «Балалардың» and no other form of «бала».
	expect((await library('kk', { q: 'бала' })).map((m) => m.slug)).toContain(template)
	expect((await library('kk', { q: 'балаларға' })).map((m) => m.slug)).toContain(template)
	// «мұғалімге» is in the gender guide: «мұғалімдерге» is cut to «мұғалім».
	expect((await library('kk', { q: 'мұғалімдерге' })).map((m) => m.slug)).toContain('gender-responsive-classroom')
	expect((await library('kk', { q: 'мұғалім', language: 'kk' })).every((m) => m.languages.includes('kk'))).toBe(true)
	// Russian keeps its stemmer: «тьюторы» finds «тьютора», «тьютором».
	expect((await library('ru', { q: 'тьюторы' })).map((m) => m.slug)).toContain('case-autism-rural-school')
	// Search and filters combine.
	expect((await library('ru', { q: 'бала', type: 'case_study' })).every((m) => m.type === 'case_study')).toBe(true)
	expect(await library('ru', { q: 'фотосинтез' })).toEqual([])
})

test('hostile queries return the page, never an error', async () => {
	const hostile = [
		`'`,
		`\\`,
		`&|!():*<>'\\`,
		`бала & | ! мұғалім`,
		`a:* <-> b`,
		`!!!(((`,
		`'); drop table materials; --`,
		'%00\u0000\u202e',
		'½ ² _ 〇',
		'а'.repeat(5000),
		Array.from({ length: 300 }, (_, i) => `сөз${i}`).join(' '),
		'<script>alert(1)</script>',
	]
	for (const q of hostile) {
		const result = await run(() => libraryRoute.loader(routeArgs(makeRequest(`/kk/materials?q=${encodeURIComponent(q)}`), { lang: 'kk' })))
		expect(result).not.toBeInstanceOf(Response)
		expect(Array.isArray(!(result instanceof Response) && result.items)).toBe(true)
	}
	const broken = await run(() => libraryRoute.loader(routeArgs(makeRequest('/kk/materials?q=%E0%A4%A&grade=%ZZ'), { lang: 'kk' })))
	expect(broken).not.toBeInstanceOf(Response)
})

test('the material page shows its metadata and the template PDF in each language with its size and format', async () => {
	const page = await materialPage('kk', template)
	expect(page).toMatchObject({ type: 'template', subjects: ['mathematics'], grades: [2, 3, 4], needs: ['hearing', 'speech'] })
	expect(page.readingMinutes).toBeGreaterThanOrEqual(1)
	expect(page.attachments.map((a) => [a.locale, a.mime])).toEqual([
		['kk', 'application/pdf'],
		['ru', 'application/pdf'],
	])
	expect((await materialPage('ru', template)).attachments[0]?.locale).toBe('ru')

	const kk = page.attachments[0]
	const response = await fileRoute.loader(routeArgs(makeRequest(`/kk/materials/${template}/files/${kk?.id}`), { lang: 'kk', slug: template, attachmentId: String(kk?.id) }))
	expect(response.headers.get('Content-Type')).toBe('application/pdf')
	const bytes = new Uint8Array(await response.arrayBuffer())
	expect(bytes.byteLength).toBe(kk?.size)

	const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ortaq-template-pdf-'))
	const file = path.join(dir, 'kk.pdf')
	await fs.writeFile(file, bytes)
	const { stdout: info } = await exec('pdfinfo', [file])
	expect(info).toMatch(/Page size:\s+595\.28 x 841\.89/)
	// 34 table rows do not fit on one page: the table breaks and goes on.
	expect(info).toMatch(/Pages:\s+2/)
	const { stdout: text } = await exec('pdftotext', ['-layout', file, '-'])
	expect(text).toContain('Оқушыны бақылау парағы: Ә Ғ Қ Ң Ө Ұ Ү Һ І')
	expect(text.match(/Тапсырма немесе/g)?.length).toBe(2)
	// A missing glyph renders as nothing: count dark pixels in the title band, where the Kazakh letters are.
	const darkIn = await darkPixelsOf(file, { resolution: 60, threshold: 160 })
	// The title runs across the top; its right half is «Ә Ғ Қ Ң Ө Ұ Ү Һ І».
	expect(darkIn(0.45, 0.04, 0.95, 0.09)).toBeGreaterThan(150)
	expect(darkIn(0.08, 0.04, 0.45, 0.09)).toBeGreaterThan(150)
})

test('a change in meta.json alone publishes again; the same folder twice does not', async () => {
	const root = await fs.mkdtemp(path.join(os.tmpdir(), 'ortaq-meta-'))
	const dir = path.join(root, 'fixture-observation-template')
	await fs.cp(path.join(fixtures, template), dir, { recursive: true })
	expect((await syncMaterialFolder(dir)).status).toBe('unchanged')
	const meta = JSON.parse(await fs.readFile(path.join(dir, 'meta.json'), 'utf8'))
	await fs.writeFile(path.join(dir, 'meta.json'), JSON.stringify({ ...meta, needs: ['autism', 'hearing'], grades: [4, 3] }))
	expect(await syncMaterialFolder(dir)).toMatchObject({ status: 'published', revision: 2 })
	const db = await getDb()
	const [row] = await db.select().from(materials).where(eq(materials.slug, template))
	// Stored in the fixed order of the lists.
	expect(row).toMatchObject({ needs: ['hearing', 'autism'], grades: [3, 4] })
	expect((await library('ru', { need: 'autism' })).map((m) => m.slug)).toContain(template)
	expect((await syncMaterialFolder(dir)).status).toBe('unchanged')

	// A new template text makes new PDFs; the old revision keeps its own.
	const before = (await materialPage('ru', template)).attachments.map((a) => a.size)
	const source = JSON.parse(await fs.readFile(path.join(dir, 'template.json'), 'utf8'))
	source.sections[1].table.rows = 3
	await fs.writeFile(path.join(dir, 'template.json'), JSON.stringify(source))
	expect(await syncMaterialFolder(dir)).toMatchObject({ status: 'published', revision: 3 })
	const after = (await materialPage('ru', template)).attachments.map((a) => a.size)
	expect(after).toHaveLength(2)
	expect(after[0]).toBeLessThan(before[0] ?? 0)

	// A broken template.json fails with its problem and leaves the published revision alone.
	await fs.writeFile(path.join(dir, 'template.json'), JSON.stringify({ title: { kk: 'x' }, sections: [] }))
	const failed = await syncMaterialFolder(dir)
	expect(failed.status).toBe('failed')
	expect(failed.problems.join('\n')).toContain('template.json title.ru')
	expect((await materialPage('ru', template)).revision).toBe(3)
})

test('the studio stores subjects, grades and needs from checkboxes, refuses unknown ones, and the library filters by them', async () => {
	const author = await signedIn({ role: 'author' })
	const reviewer = await signedIn({ role: 'reviewer' })
	const slug = 'studio-metadata'
	const sourceKk = '---\ntitle: "Сурдоаудармашымен сабақ"\n---\n\n## Мақсаты\n\nЕсту қабілеті бұзылған оқушымен физика сабағы.\n'
	const base = { slug, type: 'guide', topic: 'sen-support', sourceKk, sourceRu: '' }
	const bad = await run(() =>
		newRoute.action(routeArgs(makeRequest('/kk/studio/materials/new', { cookie: author.cookie, form: { ...base, subjects: ['physics', 'alchemy'], grades: ['7', '13'] } }), { lang: 'kk' })),
	)
	expect(bad).toMatchObject({ init: { status: 400 }, data: { errors: { subjects: ['errors.choice'], grades: ['errors.choice'] }, values: { subjects: ['physics', 'alchemy'], grades: ['7', '13'] } } })
	const created = await run(() =>
		newRoute.action(
			routeArgs(makeRequest('/kk/studio/materials/new', { cookie: author.cookie, form: { ...base, subjects: ['physics'], grades: ['8', '7'], needs: ['hearing'] } }), { lang: 'kk' }),
		),
	)
	expect(created).toBeInstanceOf(Response)
	const act = (cookie: string, form: Record<string, string | string[]>) =>
		run(() => studioRoute.action(routeArgs(makeRequest(`/kk/studio/materials/${slug}`, { cookie, form }), { lang: 'kk', slug })))
	// Saving again with no box ticked for needs clears them: an unticked checkbox sends nothing.
	await act(author.cookie, { intent: 'save', type: 'guide', topic: 'sen-support', sourceKk, sourceRu: '', subjects: ['physics'], grades: ['7', '8'], needs: ['hearing', 'kazakh-second-language'] })
	const page = await studioRoute.loader(routeArgs(makeRequest(`/kk/studio/materials/${slug}`, { cookie: author.cookie }), { lang: 'kk', slug }))
	expect(page.values).toMatchObject({ subjects: ['physics'], grades: ['7', '8'], needs: ['hearing', 'kazakh-second-language'] })
	await act(author.cookie, { intent: 'submit' })
	await act(reviewer.cookie, { intent: 'review', decision: 'approve', comment: '' })
	const found = await library('kk', { subject: 'physics', grade: '5-9', need: 'kazakh-second-language' })
	expect(found.map((m) => m.slug)).toEqual([slug])
	expect(found[0]?.readingMinutes).toBe(1)
})
