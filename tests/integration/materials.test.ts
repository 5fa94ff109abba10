import crypto from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { beforeAll, expect, test } from 'vitest'
import { dataDir, getDb } from '#app/db/client.server.ts'
import { materialRevisions } from '#app/db/schema/index.ts'
import { checkUpload } from '#app/modules/materials/attachments.server.ts'
import { MAX_UPLOAD_BYTES } from '#app/modules/materials/forms.ts'
import { syncMaterials } from '#app/modules/materials/sync.server.ts'
import { makeRequest, routeArgs, run, signedIn } from '#tests/factories.ts'
import * as fileRoute from '#app/routes/materials.file.ts'
import * as libraryRoute from '#app/routes/materials.library.tsx'
import * as materialRoute from '#app/routes/materials.material.tsx'
import * as studioMaterialRoute from '#app/routes/studio.material.tsx'

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89])

async function library(lang: 'kk' | 'ru', query = '') {
	const result = await libraryRoute.loader(routeArgs(makeRequest(`/${lang}/materials${query}`), { lang }))
	return result.items
}

let folders: string[]

beforeAll(async () => {
	// On PostgreSQL the data folder is not per test file; attachments go to a fresh one.
	if (process.env.DATABASE_URL) process.env.DATA_DIR = await fs.mkdtemp(path.join(os.tmpdir(), 'ortaq-attachments-'))
	folders = (await fs.readdir('content/materials', { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name)
	const results = await syncMaterials()
	expect(results.filter((r) => r.status !== 'published')).toEqual([])
	expect(results.map((r) => r.slug).sort()).toEqual([...folders].sort())
}, 180_000)

test('the demo materials load once: a second start publishes nothing new', async () => {
	const again = await syncMaterials()
	expect(again.filter((r) => r.status !== 'unchanged')).toEqual([])
	const db = await getDb()
	expect(await db.select().from(materialRevisions)).toHaveLength(folders.length)
})

test('the library lists the materials of every type, in both languages, to a visitor without an account', async () => {
	const items = await library('kk')
	expect(new Set(items.map((i) => i.type))).toEqual(new Set(['case_study', 'checklist', 'guide', 'lesson_plan', 'template']))
	expect(items.every((i) => i.languages.join() === 'kk,ru')).toBe(true)
	const meta = JSON.parse(await fs.readFile('content/materials/classroom-accessibility-checklist/kk.mdx', 'utf8').then((t) => JSON.stringify(/^title:\s*"?(.+?)"?$/m.exec(t)?.[1] ?? '')))
	expect(items.find((i) => i.slug === 'classroom-accessibility-checklist')?.title).toBe(meta)
})

test('filters by type and topic narrow the list to exactly the materials of that type or topic', async () => {
	const all = await library('ru')
	for (const [query, pick] of [['?type=case_study', (i: (typeof all)[number]) => i.type === 'case_study'], ['?topic=gender', (i: (typeof all)[number]) => i.topic === 'gender']] as const) {
		const found = (await library('ru', query)).map((i) => i.slug).sort()
		expect(found.length).toBeGreaterThan(0)
		expect(found).toEqual(all.filter(pick).map((i) => i.slug).sort())
	}
	expect((await library('ru', '?type=case_study')).map((i) => i.slug)).toContain('case-autism-rural-school')
})

test('search finds a Kazakh word by its beginning and a Russian word in another case form', async () => {
	// «қолжетімді» is the start of «қолжетімділікті»: Kazakh has no stemmer, so prefixes do the work.
	expect((await library('kk', `?q=${encodeURIComponent('қолжетімді')}`)).map((i) => i.slug)).toContain('classroom-accessibility-checklist')
	// «тьюторы» and «тьютор» share the Russian stem.
	const ru = (await library('ru', `?q=${encodeURIComponent('тьюторы')}`)).map((i) => i.slug).sort()
	expect(ru).toContain('case-autism-rural-school')
	expect(await library('ru', `?q=${encodeURIComponent('фотосинтез')}`)).toEqual([])
	expect(await library('ru', `?q=${encodeURIComponent('<script> & | !')}`)).toEqual([])
})

test('a material page shows the text in the reader language; an unknown one is a 404', async () => {
	const page = await materialRoute.loader(routeArgs(makeRequest('/kk/materials/case-autism-rural-school'), { lang: 'kk', slug: 'case-autism-rural-school' }))
	const source = await fs.readFile('content/materials/case-autism-rural-school/kk.mdx', 'utf8')
	expect(page.title).toBe(/^title:\s*"?(.+?)"?$/m.exec(source)?.[1])
	expect(page.html).toContain('<dfn>ПМПК</dfn>')
	expect(page.html).not.toContain('<script')
	const missing = await run(() => materialRoute.loader(routeArgs(makeRequest('/kk/materials/nope'), { lang: 'kk', slug: 'nope' })))
	expect(missing).toBeInstanceOf(Response)
	expect(missing).toMatchObject({ status: 404 })
})

test('uploads are judged by their bytes: a renamed text file and an oversized file are refused', async () => {
	expect(await checkUpload(new TextEncoder().encode('MZ not really a pdf'))).toEqual({ ok: false, error: 'type' })
	expect(await checkUpload(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).toEqual({ ok: false, error: 'type' })
	expect(await checkUpload(new Uint8Array(MAX_UPLOAD_BYTES + 1))).toEqual({ ok: false, error: 'too_large' })
	expect(await checkUpload(new TextEncoder().encode('%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n'))).toMatchObject({ ok: true, mime: 'application/pdf' })
})

async function upload(cookie: string, slug: string, file: File) {
	const form = new FormData()
	form.set('intent', 'upload')
	form.set('file', file)
	const request = new Request(`http://localhost:3000/ru/studio/materials/${slug}`, { method: 'POST', body: form, headers: { Cookie: cookie } })
	return run(() => studioMaterialRoute.action(routeArgs(request, { lang: 'ru', slug })))
}

test('an attachment on a draft is stored by content hash, hidden from visitors, and a disguised file gets a localized error', async () => {
	const reviewer = await signedIn({ role: 'reviewer' })
	const slug = 'classroom-accessibility-checklist'
	const revise = new FormData()
	revise.set('intent', 'revise')
	await run(() =>
		studioMaterialRoute.action(routeArgs(new Request(`http://localhost:3000/ru/studio/materials/${slug}`, { method: 'POST', body: revise, headers: { Cookie: reviewer.cookie } }), { lang: 'ru', slug })),
	)
	const disguised = await upload(reviewer.cookie, slug, new File([new TextEncoder().encode('just text')], 'plan.pdf', { type: 'application/pdf' }))
	expect(disguised).toMatchObject({ init: { status: 400 }, data: { errors: { file: ['upload.mismatch'] } } })
	const ok = await upload(reviewer.cookie, slug, new File([png], 'схема класса.png', { type: 'image/png' }))
	expect(ok).toBeInstanceOf(Response)
	expect(ok instanceof Response && ok.headers.get('Location')).toMatch(/done=uploaded/)
	const stored = await fs.readdir(path.join(dataDir(), 'attachments'), { recursive: true })
	expect(stored.some((f) => f.endsWith('.tmp'))).toBe(false)
	// Stored under the hash of its bytes (beside the template PDFs the sync generated), never under its name.
	const hash = crypto.createHash('sha256').update(png).digest('hex')
	expect(stored.filter((f) => f.endsWith(hash))).toHaveLength(1)
	expect(stored.some((f) => f.includes('etc') || f.includes('схема'))).toBe(false)
	// The next start leaves the studio's draft alone instead of republishing the folder over it.
	expect((await syncMaterials()).find((r) => r.slug === slug)?.status).toBe('studio')

	const page = await studioMaterialRoute.loader(routeArgs(makeRequest(`/ru/studio/materials/${slug}`, { cookie: reviewer.cookie }), { lang: 'ru', slug }))
	const attachment = page.attachments[0]
	expect(attachment?.filename).toBe('схема класса.png')
	const params = { lang: 'ru', slug, attachmentId: String(attachment?.id) }
	const anonymous = await run(() => fileRoute.loader(routeArgs(makeRequest(`/ru/materials/${slug}/files/${attachment?.id}`), params)))
	expect(anonymous).toMatchObject({ status: 404 })
	const mine = await fileRoute.loader(routeArgs(makeRequest(`/ru/materials/${slug}/files/${attachment?.id}`, { cookie: reviewer.cookie }), params))
	expect(mine.headers.get('Content-Type')).toBe('image/png')
	expect(new Uint8Array(await mine.arrayBuffer())).toEqual(png)
})
