import { and, desc, eq, max } from 'drizzle-orm'
import type { Queryable, Tx } from '#app/db/client.server.ts'
import { materialRevisions, materials, materialVersions } from '#app/db/schema/index.ts'
import { checkMdx, type MdxProblem } from '#app/modules/content/mdx.server.ts'
import { ensureCompiled } from '#app/modules/content/sync.server.ts'
import { readingMinutes } from '#app/modules/content/text-stats.ts'
import type { Locale } from '#app/modules/i18n/locales.ts'

export type VersionInput = { locale: Locale; title: string; summary: string; source: string; hash: string | null; readingMinutes: number }
export type LocaleProblems = Partial<Record<Locale, MdxProblem[]>>

/**
 * Checks and compiles the texts of a material (each language whose source is not empty).
 * Returns the problems per language, or the versions ready to store with their compiled hash.
 */
export async function prepareVersions(
	texts: Record<Locale, { source: string; summary: string }>,
): Promise<{ ok: true; versions: VersionInput[] } | { ok: false; problems: LocaleProblems }> {
	const problems: LocaleProblems = {}
	const versions: VersionInput[] = []
	for (const locale of ['kk', 'ru'] as const) {
		const { source, summary } = texts[locale]
		if (!source.trim()) continue
		const checked = checkMdx(source)
		if (checked.problems.length || !checked.frontmatter) {
			problems[locale] = checked.problems
			continue
		}
		const compiled = await ensureCompiled(source, `${locale}.mdx`)
		if (!compiled.ok) {
			problems[locale] = compiled.problems.map((p) => ({ line: p.line, column: null, code: 'syntax', detail: p.message }))
			continue
		}
		versions.push({ locale, title: checked.frontmatter.title, summary: summary.trim(), source, hash: compiled.hash, readingMinutes: readingMinutes(source) })
	}
	if (Object.keys(problems).length) return { ok: false, problems }
	return { ok: true, versions }
}

export async function nextRevisionNumber(tx: Queryable, materialId: number) {
	const [last] = await tx.select({ n: max(materialRevisions.number) }).from(materialRevisions).where(eq(materialRevisions.materialId, materialId))
	return (last?.n ?? 0) + 1
}

export async function replaceVersions(tx: Tx, revisionId: number, versions: VersionInput[]) {
	await tx.delete(materialVersions).where(eq(materialVersions.revisionId, revisionId))
	if (versions.length) await tx.insert(materialVersions).values(versions.map((v) => ({ revisionId, ...v, updatedAt: new Date() })))
}

/**
 * Makes a revision the published one of its material; the one published before is archived, and kept. A studio
 * revision's metadata reaches the material row (what the library shows) here and nowhere earlier.
 */
export async function markPublished(tx: Tx, { materialId, revisionId, reviewerId }: { materialId: number; revisionId: number; reviewerId: number | null }) {
	const [revision] = await tx.select({ metadata: materialRevisions.metadata }).from(materialRevisions).where(eq(materialRevisions.id, revisionId))
	if (revision?.metadata) await tx.update(materials).set(revision.metadata).where(eq(materials.id, materialId))
	await tx
		.update(materialRevisions)
		.set({ status: 'archived' })
		.where(and(eq(materialRevisions.materialId, materialId), eq(materialRevisions.status, 'published')))
	await tx.update(materialRevisions).set({ status: 'published', reviewerId, publishedAt: new Date() }).where(eq(materialRevisions.id, revisionId))
}

export async function latestRevision(db: Queryable, materialId: number) {
	const [row] = await db.select().from(materialRevisions).where(eq(materialRevisions.materialId, materialId)).orderBy(desc(materialRevisions.number)).limit(1)
	return row ?? null
}

export async function findMaterial(db: Queryable, slug: string) {
	const [row] = await db.select().from(materials).where(eq(materials.slug, slug))
	return row ?? null
}
