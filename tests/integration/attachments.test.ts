import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { and, eq } from 'drizzle-orm'
import { beforeAll, expect, test } from 'vitest'
import { dataDir, getDb } from '#app/db/client.server.ts'
import { attachments, materialAttachments, materialRevisions, materials } from '#app/db/schema/index.ts'
import { collectOrphanAttachments } from '#app/modules/materials/attachment-collector.server.ts'
import { attachToRevision, localStorage } from '#app/modules/materials/attachments.server.ts'
import { syncMaterials } from '#app/modules/materials/sync.server.ts'
import { checkFilename, inspectUpload } from '#app/modules/materials/upload-checks.server.ts'
import * as studioMaterialRoute from '#app/routes/studio.material.tsx'
import { routeArgs, run, signedIn } from '#tests/factories.ts'
import { buildZip, docxParts } from '#tests/zip-builder.ts'

const slug = 'classroom-accessibility-checklist'
const pdf = (text: string) => new TextEncoder().encode(`%PDF-1.4\n%âãÏÓ\n1 0 obj\n<< /Title (${text}) >>\nendobj\n`)
// The first bytes of a Windows program.
const exe = new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff, ...new Array<number>(200).fill(0)])
const html = new TextEncoder().encode('<!doctype html><html><body><script>alert(1)</script></body></html>')

beforeAll(async () => {
	// On PostgreSQL the data folder is not per test file; attachments go to a fresh one.
	if (process.env.DATABASE_URL) process.env.DATA_DIR = await fs.mkdtemp(path.join(os.tmpdir(), 'ortaq-attachments-'))
	await syncMaterials()
})

async function post(cookie: string, fields: Record<string, string | File>) {
	const form = new FormData()
	for (const [k, v] of Object.entries(fields)) form.set(k, v)
	const request = new Request(`http://localhost:3000/kk/studio/materials/${slug}`, { method: 'POST', body: form, headers: { Cookie: cookie } })
	return run(() => studioMaterialRoute.action(routeArgs(request, { lang: 'kk', slug })))
}

async function storedFiles() {
	try {
		return (await fs.readdir(path.join(dataDir(), 'attachments'), { recursive: true })).filter((f) => /[0-9a-f]{64}$/.test(f))
	} catch {
		return []
	}
}

async function publishedRevisionId() {
	const db = await getDb()
	const [row] = await db
		.select({ id: materialRevisions.id })
		.from(materialRevisions)
		.innerJoin(materials, eq(materials.id, materialRevisions.materialId))
		.where(and(eq(materials.slug, slug), eq(materialRevisions.status, 'published')))
	if (!row) throw new Error('no published revision')
	return row.id
}

test('file names with folders, "..", control or direction characters, or 150+ characters are refused, not repaired', () => {
	expect(checkFilename('../../etc/passwd.pdf')).toBe('name_path')
	expect(checkFilename('C:\\Users\\Әсел\\жоспар.pdf')).toBe('name_path')
	expect(checkFilename('жоспар..pdf')).toBe('name_path')
	expect(checkFilename('plan\u0000.pdf')).toBe('name_control')
	expect(checkFilename('annex\u202Efdp.exe')).toBe('name_control')
	expect(checkFilename(`${'ә'.repeat(151)}.pdf`)).toBe('name_long')
	expect(checkFilename('жоспар')).toBe('name_extension')
	expect(checkFilename('Жеке оқу бағдарламасы (үлгі).docx')).toBeNull()
})

test('an upload must be what its name and declared type say, and a DOCX must be a sane Office zip', async () => {
	expect(await inspectUpload({ name: 'plan.pdf', type: 'application/pdf', bytes: exe })).toEqual({ ok: false, error: 'mismatch' })
	expect(await inspectUpload({ name: 'plan.exe', bytes: exe })).toEqual({ ok: false, error: 'type' })
	expect(await inspectUpload({ name: 'plan.docx', bytes: html })).toEqual({ ok: false, error: 'mismatch' })
	expect(await inspectUpload({ name: 'plan.pdf', type: 'image/png', bytes: pdf('a') })).toEqual({ ok: false, error: 'mismatch' })
	expect(await inspectUpload({ name: 'plan.png', bytes: pdf('a') })).toEqual({ ok: false, error: 'mismatch' })
	expect(await inspectUpload({ name: 'plan.pdf', type: 'application/pdf', bytes: pdf('a') })).toMatchObject({ ok: true, mime: 'application/pdf' })

	const docx = buildZip(docxParts())
	expect(await inspectUpload({ name: 'жоспар.docx', bytes: docx })).toMatchObject({ ok: true, ext: 'docx' })
	// 64 MB of zeros deflate to about 64 KB: a ratio of 1000.
	const bomb = buildZip(docxParts([{ name: 'word/media/image1.png', data: new Uint8Array(64 * 1024 * 1024) }]))
	expect(bomb.byteLength).toBeLessThan(200 * 1024)
	expect(await inspectUpload({ name: 'жоспар.docx', bytes: bomb })).toEqual({ ok: false, error: 'zip_bomb' })
	const crowded = buildZip(docxParts(Array.from({ length: 3000 }, (_, i) => ({ name: `word/p${i}.xml`, data: '<p/>' }))))
	expect(await inspectUpload({ name: 'жоспар.docx', bytes: crowded })).toEqual({ ok: false, error: 'zip_bomb' })
	// Says it is a Word document in [Content_Types].xml, has no word/document.xml.
	const hollow = buildZip(docxParts().slice(0, 1).concat([{ name: 'word/other.xml', data: '<x/>' }]))
	expect(await inspectUpload({ name: 'жоспар.docx', bytes: hollow })).toEqual({ ok: false, error: 'not_office' })
})

test('the studio refuses hostile uploads at the file field with a localized message and stores nothing', async () => {
	const reviewer = await signedIn({ role: 'reviewer' })
	await post(reviewer.cookie, { intent: 'revise' })
	const db = await getDb()
	const rowsBefore = (await db.select().from(attachments)).length
	const filesBefore = await storedFiles()
	const cases: [File, string][] = [
		[new File([exe], 'жоспар.pdf', { type: 'application/pdf' }), 'upload.mismatch'],
		[new File([html], 'жоспар.docx', { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' }), 'upload.mismatch'],
		[new File([buildZip(docxParts([{ name: 'word/media/x.bin', data: new Uint8Array(32 * 1024 * 1024) }]))], 'жоспар.docx'), 'upload.zip_bomb'],
		[new File([pdf('b')], '../../etc/passwd.pdf', { type: 'application/pdf' }), 'upload.name_path'],
		[new File([pdf('b')], 'plan\u0007.pdf', { type: 'application/pdf' }), 'upload.name_control'],
		[new File([pdf('b')], `${'a'.repeat(200)}.pdf`, { type: 'application/pdf' }), 'upload.name_long'],
	]
	for (const [file, error] of cases) {
		const result = await post(reviewer.cookie, { intent: 'upload', file })
		expect(result, file.name.slice(0, 40)).toMatchObject({ init: { status: 400 }, data: { errors: { file: [error] } } })
	}
	// 25 MB: the body is refused once 20 MB of it has been read (no Content-Length in this request),
	// with the same field message and 413, never a 500.
	const big = await post(reviewer.cookie, { intent: 'upload', file: new File([new Uint8Array(25 * 1024 * 1024)], 'big.pdf', { type: 'application/pdf' }) })
	expect(big).toMatchObject({ init: { status: 413 }, data: { errors: { file: ['upload.too_large'] } } })
	expect((await db.select().from(attachments)).length).toBe(rowsBefore)
	expect(await storedFiles()).toEqual(filesBefore)

	const page = await studioMaterialRoute.loader(routeArgs(new Request(`http://localhost:3000/kk/studio/materials/${slug}`, { headers: { Cookie: reviewer.cookie } }), { lang: 'kk', slug }))
	expect(page.can.edit).toBe(true)
})

test('the collector removes attachments detached from every revision, rows and bytes, and keeps what a published revision uses', async () => {
	const db = await getDb()
	const reviewer = await signedIn({ role: 'reviewer' })
	const publishedId = await publishedRevisionId()
	// A file of the published revision; the draft opened from it links the same attachment.
	const kept = await attachToRevision({ revisionId: publishedId, file: { name: 'published.pdf', bytes: pdf('published') }, userId: reviewer.user.id })
	expect(kept.ok).toBe(true)
	if (!kept.ok) return
	await post(reviewer.cookie, { intent: 'revise' })
	const [draft] = await db
		.select({ id: materialRevisions.id })
		.from(materialRevisions)
		.innerJoin(materials, eq(materials.id, materialRevisions.materialId))
		.where(and(eq(materials.slug, slug), eq(materialRevisions.status, 'draft')))
	if (!draft) throw new Error('no draft')
	// Copy the published link into the draft, as a draft opened after the upload would have it.
	await db.insert(materialAttachments).values({ revisionId: draft.id, attachmentId: kept.id }).onConflictDoNothing()
	const draftOnly = await post(reviewer.cookie, { intent: 'upload', file: new File([pdf('draft only')], 'draft.pdf', { type: 'application/pdf' }) })
	expect(draftOnly).toBeInstanceOf(Response)
	// The same bytes as the published file, uploaded again to the draft: a second row, one file.
	await post(reviewer.cookie, { intent: 'upload', file: new File([pdf('published')], 'again.pdf', { type: 'application/pdf' }) })
	const links = await db
		.select({ id: attachments.id, hash: attachments.hash, filename: attachments.filename })
		.from(materialAttachments)
		.innerJoin(attachments, eq(attachments.id, materialAttachments.attachmentId))
		.where(eq(materialAttachments.revisionId, draft.id))
	expect(links.map((l) => l.filename).sort()).toEqual(['again.pdf', 'draft.pdf', 'published.pdf'])
	const draftHash = links.find((l) => l.filename === 'draft.pdf')?.hash ?? ''
	expect(await localStorage.read(draftHash)).not.toBeNull()

	// Detach all three from the draft.
	for (const link of links) await post(reviewer.cookie, { intent: 'detach', attachmentId: String(link.id) })
	const collected = await Promise.all([collectOrphanAttachments(), collectOrphanAttachments()])
	expect(collected.reduce((n, c) => n + c.rows, 0)).toBe(2)
	expect(collected.reduce((n, c) => n + c.files, 0)).toBe(1)
	const left = await db.select({ id: attachments.id, filename: attachments.filename }).from(attachments)
	expect(left.map((a) => a.filename)).toContain('published.pdf')
	expect(left.map((a) => a.filename)).not.toContain('draft.pdf')
	expect(left.map((a) => a.filename)).not.toContain('again.pdf')
	expect(await localStorage.read(draftHash)).toBeNull()
	expect(await localStorage.read(kept.hash)).toEqual(pdf('published'))
	expect(await collectOrphanAttachments()).toEqual({ rows: 0, files: 0 })
})

test('an upload of bytes the collector is removing at that moment keeps its bytes (the hash lock)', async () => {
	const db = await getDb()
	const reviewer = await signedIn({ role: 'reviewer' })
	const publishedId = await publishedRevisionId()
	for (let round = 0; round < 8; round++) {
		const bytes = pdf(`race ${round}`)
		// An orphan with these bytes: attached, then detached.
		const orphan = await attachToRevision({ revisionId: publishedId, file: { name: 'race.pdf', bytes }, userId: reviewer.user.id })
		if (!orphan.ok) throw new Error('not attached')
		await db.delete(materialAttachments).where(eq(materialAttachments.attachmentId, orphan.id))
		const [, again] = await Promise.all([
			collectOrphanAttachments(),
			attachToRevision({ revisionId: publishedId, file: { name: 'race.pdf', bytes }, userId: reviewer.user.id }),
		])
		expect(again.ok).toBe(true)
		expect(await localStorage.read(orphan.hash), `round ${round}`).toEqual(bytes)
	}
})
