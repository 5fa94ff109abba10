import fs from 'node:fs/promises'
import path from 'node:path'
import { and, desc, eq } from 'drizzle-orm'
import { z } from 'zod'
import { getDb } from '#app/db/client.server.ts'
import { materialRevisions, materials, materialVersions } from '#app/db/schema/index.ts'
import { materialTypes, topics } from './forms.ts'
import { findMaterial, latestRevision, markPublished, nextRevisionNumber, prepareVersions, replaceVersions } from './revisions.server.ts'

const metaSchema = z.object({
	slug: z.string().regex(/^[a-z0-9][a-z0-9-]{1,80}$/),
	type: z.enum(materialTypes),
	topic: z.enum(topics),
	summary: z.object({ kk: z.string().default(''), ru: z.string().default('') }),
})

export type MaterialSyncResult = { slug: string; status: 'published' | 'unchanged' | 'studio' | 'failed'; revision?: number; problems: string[] }

async function readText(file: string) {
	try {
		return (await fs.readFile(file, 'utf8')).replace(/\r\n/g, '\n')
	} catch {
		return ''
	}
}

/** Publishes one content/materials/<slug>/ folder as a new revision unless the published one already says the same. */
export async function syncMaterialFolder(dir: string): Promise<MaterialSyncResult> {
	const slug = path.basename(dir)
	let meta: z.infer<typeof metaSchema>
	try {
		const parsed = metaSchema.safeParse(JSON.parse(await fs.readFile(path.join(dir, 'meta.json'), 'utf8')))
		if (!parsed.success) return { slug, status: 'failed', problems: parsed.error.issues.map((i) => `meta.json ${i.path.join('.')}: ${i.message}`) }
		meta = parsed.data
	} catch (error) {
		return { slug, status: 'failed', problems: [`meta.json: ${error instanceof Error ? error.message : String(error)}`] }
	}
	if (meta.slug !== slug) return { slug, status: 'failed', problems: [`meta.json: slug must match the folder name "${slug}"`] }
	const texts = {
		kk: { source: await readText(path.join(dir, 'kk.mdx')), summary: meta.summary.kk },
		ru: { source: await readText(path.join(dir, 'ru.mdx')), summary: meta.summary.ru },
	}
	const db = await getDb()
	const existing = await findMaterial(db, slug)
	// Once someone has worked on a material in the studio, the studio owns it: the folder never overwrites their revisions.
	if (existing && (existing.createdBy !== null || (await latestRevision(db, existing.id))?.authorId != null)) {
		return { slug, status: 'studio', problems: [] }
	}
	if (existing && existing.type === meta.type && existing.topic === meta.topic) {
		const [published] = await db
			.select({ id: materialRevisions.id })
			.from(materialRevisions)
			.where(and(eq(materialRevisions.materialId, existing.id), eq(materialRevisions.status, 'published')))
			.orderBy(desc(materialRevisions.number))
			.limit(1)
		if (published) {
			const stored = await db.select().from(materialVersions).where(eq(materialVersions.revisionId, published.id))
			const same = (['kk', 'ru'] as const).every((locale) => {
				const v = stored.find((s) => s.locale === locale)
				const want = texts[locale]
				return want.source.trim() ? v?.source === want.source && v.summary === want.summary.trim() : !v
			})
			if (same) return { slug, status: 'unchanged', problems: [] }
		}
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
	const number = await db.transaction(async (tx) => {
		const materialId =
			existing?.id ?? (await tx.insert(materials).values({ slug, type: meta.type, topic: meta.topic }).returning({ id: materials.id }))[0]?.id
		if (!materialId) throw new Error('material not inserted')
		if (existing) await tx.update(materials).set({ type: meta.type, topic: meta.topic }).where(eq(materials.id, materialId))
		const n = await nextRevisionNumber(tx, materialId)
		const [revision] = await tx.insert(materialRevisions).values({ materialId, number: n, status: 'draft' }).returning({ id: materialRevisions.id })
		if (!revision) throw new Error('revision not inserted')
		await replaceVersions(tx, revision.id, prepared.versions)
		await markPublished(tx, { materialId, revisionId: revision.id, reviewerId: null })
		return n
	})
	return { slug, status: 'published', revision: number, problems: [] }
}

/** Syncs every folder under content/materials; a broken one never stops the others. */
export async function syncMaterials({ root = path.resolve('content/materials') }: { root?: string } = {}) {
	let names: string[] = []
	try {
		names = (await fs.readdir(root, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort()
	} catch {
		return []
	}
	const results: MaterialSyncResult[] = []
	for (const name of names) {
		try {
			results.push(await syncMaterialFolder(path.join(root, name)))
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
