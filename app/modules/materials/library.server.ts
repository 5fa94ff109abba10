import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm'
import { getDb, type Queryable } from '#app/db/client.server.ts'
import { attachments, materialAttachments, materialRevisions, materials, materialVersions } from '#app/db/schema/index.ts'
import { getCompiledCode } from '#app/modules/content/mdx.server.ts'
import { renderMdxHtml } from '#app/modules/content/render.server.ts'
import type { Locale } from '#app/modules/i18n/locales.ts'
import type { LibraryFilters } from './forms.ts'
import { gradesOf } from './metadata.ts'
import { searchQueries } from './search.ts'

export type LibraryItem = {
	slug: string
	type: (typeof materials.$inferSelect)['type']
	topic: string
	subjects: string[]
	grades: number[]
	needs: string[]
	publishedAt: Date | null
	versions: { locale: Locale; title: string; summary: string; readingMinutes: number }[]
}

/** What the library shows of a published revision: the material's metadata and when it was published. */
const publishedColumns = {
	revisionId: materialRevisions.id,
	slug: materials.slug,
	type: materials.type,
	topic: materials.topic,
	subjects: materials.subjects,
	grades: materials.grades,
	needs: materials.needs,
	publishedAt: materialRevisions.publishedAt,
}

/** Published materials matching the filters; the search looks at both languages with their own dictionaries (ADR 011). */
export async function listLibrary({ type, topic, subject, grade, need, language, q }: LibraryFilters): Promise<LibraryItem[]> {
	const db = await getDb()
	const conditions = [eq(materialRevisions.status, 'published')]
	if (type) conditions.push(eq(materials.type, type))
	if (topic) conditions.push(eq(materials.topic, topic))
	if (subject === 'all-subjects') conditions.push(sql`(${subject} = any(${materials.subjects}) or cardinality(${materials.subjects}) = 0)`)
	else if (subject) conditions.push(sql`${subject} = any(${materials.subjects})`)
	if (need) conditions.push(sql`${need} = any(${materials.needs})`)
	const grades = grade ? gradesOf(grade) : []
	if (grades.length) conditions.push(sql`${materials.grades} && array[${sql.join(grades.map((g) => sql`${g}::integer`), sql`, `)}]`)
	const tsquery = q ? searchQueries(q) : null
	if (q && !tsquery?.kk) return []
	if (language || tsquery) {
		const versionConditions = [eq(materialVersions.revisionId, materialRevisions.id)]
		if (language) versionConditions.push(eq(materialVersions.locale, language))
		if (tsquery) {
			versionConditions.push(
				sql`((${materialVersions.locale} = 'ru' and ${materialVersions.search} @@ to_tsquery('russian', ${tsquery.ru}))
				  or (${materialVersions.locale} = 'kk' and ${materialVersions.search} @@ to_tsquery('simple', ${tsquery.kk})))`,
			)
		}
		conditions.push(sql`exists (${db.select({ one: sql`1` }).from(materialVersions).where(and(...versionConditions))})`)
	}
	const rows = await db
		.select(publishedColumns)
		.from(materialRevisions)
		.innerJoin(materials, eq(materials.id, materialRevisions.materialId))
		.where(and(...conditions))
		.orderBy(desc(materialRevisions.publishedAt), asc(materials.slug))
		.limit(200)
	const versions = await versionsOf(db, rows.map((r) => r.revisionId))
	return rows.map(({ revisionId, ...r }) => ({ ...r, versions: versions.get(revisionId) ?? [] }))
}

async function versionsOf(db: Queryable, revisionIds: number[]) {
	const out = new Map<number, LibraryItem['versions']>()
	if (!revisionIds.length) return out
	const rows = await db
		.select({
			revisionId: materialVersions.revisionId,
			locale: materialVersions.locale,
			title: materialVersions.title,
			summary: materialVersions.summary,
			readingMinutes: materialVersions.readingMinutes,
		})
		.from(materialVersions)
		.where(inArray(materialVersions.revisionId, revisionIds))
		.orderBy(asc(materialVersions.locale))
	for (const { revisionId, ...v } of rows) {
		const list = out.get(revisionId) ?? []
		list.push(v)
		out.set(revisionId, list)
	}
	return out
}

/** The version in the reader's language, else the other one. */
export function versionFor<T extends { locale: Locale }>(versions: T[], locale: Locale): T | undefined {
	return versions.find((v) => v.locale === locale) ?? versions[0]
}

/** The published revision of a material with its texts and attachments; null when none is published. */
export async function getPublishedMaterial(slug: string) {
	const db = await getDb()
	const [row] = await db
		.select({ ...publishedColumns, materialId: materials.id, number: materialRevisions.number })
		.from(materialRevisions)
		.innerJoin(materials, eq(materials.id, materialRevisions.materialId))
		.where(and(eq(materials.slug, slug), eq(materialRevisions.status, 'published')))
		.orderBy(desc(materialRevisions.number))
		.limit(1)
	if (!row) return null
	const versions = await db
		.select({
			locale: materialVersions.locale,
			title: materialVersions.title,
			summary: materialVersions.summary,
			hash: materialVersions.hash,
			readingMinutes: materialVersions.readingMinutes,
		})
		.from(materialVersions)
		.where(eq(materialVersions.revisionId, row.revisionId))
		.orderBy(asc(materialVersions.locale))
	return { ...row, versions, attachments: await revisionAttachments(db, row.revisionId) }
}

export async function revisionAttachments(db: Queryable, revisionId: number) {
	return db
		.select({
			id: attachments.id,
			filename: attachments.filename,
			mime: attachments.mime,
			size: attachments.size,
			hash: attachments.hash,
			locale: materialAttachments.locale,
		})
		.from(materialAttachments)
		.innerJoin(attachments, eq(attachments.id, materialAttachments.attachmentId))
		.where(eq(materialAttachments.revisionId, revisionId))
		.orderBy(asc(materialAttachments.position), asc(attachments.id))
}

/** Static HTML of a compiled material body; reads the cache, never compiles. */
export async function materialHtml({ hash, locale }: { hash: string; locale: Locale }) {
	const code = await getCompiledCode(hash)
	if (!code) return null
	return renderMdxHtml({ hash, code, locale })
}
