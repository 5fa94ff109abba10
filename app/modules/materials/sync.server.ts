import crypto from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import { and, desc, eq } from 'drizzle-orm'
import { z } from 'zod'
import { getDb } from '#app/db/client.server.ts'
import { attachments, materialAttachments, materialRevisions, materials } from '#app/db/schema/index.ts'
import { localStorage, lockAttachmentHash, type AttachmentStorage } from './attachments.server.ts'
import { materialMetaSchema, normalizeMetadata, templateFileSchema, type TemplateFile } from './metadata.ts'
import { TEMPLATE_LAYOUT_VERSION, templatePdf } from './template-pdf.server.ts'
import { findMaterial, latestRevision, markPublished, nextRevisionNumber, prepareVersions, replaceVersions } from './revisions.server.ts'

export type MaterialSyncResult = { slug: string; status: 'published' | 'unchanged' | 'studio' | 'failed'; revision?: number; problems: string[] }

async function readText(file: string) {
	try {
		return (await fs.readFile(file, 'utf8')).replace(/\r\n/g, '\n')
	} catch {
		return ''
	}
}

type Parsed<T> = { ok: true; data: T } | { ok: false; problems: string[] }

async function readJson<S extends z.ZodType>(file: string, schema: S): Promise<Parsed<z.infer<S>>> {
	const name = path.basename(file)
	try {
		const parsed = schema.safeParse(JSON.parse(await fs.readFile(file, 'utf8')))
		if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((i) => `${name} ${i.path.join('.')}: ${i.message}`) }
		return { ok: true, data: parsed.data }
	} catch (error) {
		return { ok: false, problems: [`${name}: ${error instanceof Error ? error.message : String(error)}`] }
	}
}

/** A template's PDFs, one per language, stored by hash; attached to the revision at publishing. */
/** The template's PDFs, made before the transaction; their bytes are stored inside it (see below). */
async function templateFiles(slug: string, template: TemplateFile) {
	const files = []
	for (const locale of ['kk', 'ru'] as const) {
		const bytes = await templatePdf({ template, locale })
		const hash = crypto.createHash('sha256').update(bytes).digest('hex')
		files.push({ locale, bytes, row: { hash, filename: `${slug}-${locale}.pdf`, mime: 'application/pdf', size: bytes.byteLength } })
	}
	return files
}

/**
 * Publishes one content/materials/<slug>/ folder as a new revision unless the published one
 * came from the same files: any change, metadata alone included, publishes again.
 */
export async function syncMaterialFolder(dir: string, { storage = localStorage }: { storage?: AttachmentStorage } = {}): Promise<MaterialSyncResult> {
	const slug = path.basename(dir)
	const metaRead = await readJson(path.join(dir, 'meta.json'), materialMetaSchema)
	if (!metaRead.ok) return { slug, status: 'failed', problems: metaRead.problems }
	const meta = metaRead.data
	if (meta.slug !== slug) return { slug, status: 'failed', problems: [`meta.json: slug must match the folder name "${slug}"`] }
	const texts = {
		kk: { source: await readText(path.join(dir, 'kk.mdx')), summary: meta.summary.kk },
		ru: { source: await readText(path.join(dir, 'ru.mdx')), summary: meta.summary.ru },
	}
	let template: TemplateFile | null = null
	if (meta.type === 'template') {
		const read = await readJson(path.join(dir, 'template.json'), templateFileSchema)
		if (!read.ok) return { slug, status: 'failed', problems: read.problems }
		template = read.data
	}
	const metadata = normalizeMetadata(meta)
	const folderHash = crypto
		.createHash('sha256')
		.update(JSON.stringify({ meta: { ...meta, ...metadata }, texts, template, layout: template ? TEMPLATE_LAYOUT_VERSION : null }))
		.digest('hex')
	const db = await getDb()
	const existing = await findMaterial(db, slug)
	// Once someone has worked on a material in the studio, the studio owns it: the folder never overwrites their revisions.
	if (existing && (existing.createdBy !== null || (await latestRevision(db, existing.id))?.authorId != null)) {
		return { slug, status: 'studio', problems: [] }
	}
	if (existing) {
		const [published] = await db
			.select({ folderHash: materialRevisions.folderHash })
			.from(materialRevisions)
			.where(and(eq(materialRevisions.materialId, existing.id), eq(materialRevisions.status, 'published')))
			.orderBy(desc(materialRevisions.number))
			.limit(1)
		if (published?.folderHash === folderHash) return { slug, status: 'unchanged', problems: [] }
	}
	const prepared = await prepareVersions(texts)
	if (!prepared.ok) {
		return {
			slug,
			status: 'failed',
			problems: Object.entries(prepared.problems).flatMap(([locale, list]) => (list ?? []).map((p) => `${locale}.mdx${p.line ? `:${p.line}` : ''} — ${p.code}: ${p.detail}`)),
		}
	}
	if (!prepared.versions.length) return { slug, status: 'failed', problems: ['no kk.mdx or ru.mdx'] }
	const files = template ? await templateFiles(slug, template) : []
	const values = { type: meta.type, topic: meta.topic, ...metadata }
	const number = await db.transaction(async (tx) => {
		const materialId = existing?.id ?? (await tx.insert(materials).values({ slug, ...values }).returning({ id: materials.id }))[0]?.id
		if (!materialId) throw new Error('material not inserted')
		if (existing) await tx.update(materials).set(values).where(eq(materials.id, materialId))
		const n = await nextRevisionNumber(tx, materialId)
		const [revision] = await tx.insert(materialRevisions).values({ materialId, number: n, status: 'draft', folderHash }).returning({ id: materialRevisions.id })
		if (!revision) throw new Error('revision not inserted')
		await replaceVersions(tx, revision.id, prepared.versions)
		for (const [position, { locale, bytes, row }] of files.entries()) {
			// Under the hash's lock, as an upload: the collector cannot remove these bytes between put and insert.
			await lockAttachmentHash(tx, row.hash)
			await storage.put(row.hash, bytes)
			const [stored] = await tx.insert(attachments).values(row).returning({ id: attachments.id })
			if (!stored) throw new Error('attachment not inserted')
			await tx.insert(materialAttachments).values({ revisionId: revision.id, attachmentId: stored.id, position, locale })
		}
		await markPublished(tx, { materialId, revisionId: revision.id, reviewerId: null })
		return n
	})
	return { slug, status: 'published', revision: number, problems: [] }
}

/** Syncs every folder under content/materials; a broken one never stops the others. */
export async function syncMaterials({ root = path.resolve('content/materials'), storage = localStorage }: { root?: string; storage?: AttachmentStorage } = {}) {
	let names: string[] = []
	try {
		names = (await fs.readdir(root, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort()
	} catch {
		return []
	}
	const results: MaterialSyncResult[] = []
	for (const name of names) {
		try {
			results.push(await syncMaterialFolder(path.join(root, name), { storage }))
		} catch (error) {
			results.push({ slug: name, status: 'failed', problems: [error instanceof Error ? error.message : String(error)] })
		}
	}
	return results
}

export function formatMaterialSyncReport(results: MaterialSyncResult[]) {
	return results
		.filter((r) => r.status === 'published' || r.status === 'failed')
		.map((r) => [`material ${r.slug}: ${r.status}${r.revision ? ` (revision ${r.revision})` : ''}`, ...r.problems.map((p) => `  content/materials/${r.slug}/${p}`)].join('\n'))
		.join('\n')
}
