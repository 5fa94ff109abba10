import { sql, type SQL } from 'drizzle-orm'
import {
	customType,
	index,
	integer,
	jsonb,
	pgTable,
	primaryKey,
	text,
	timestamp,
	unique,
} from 'drizzle-orm/pg-core'
import { compiledMdx, revisionStatuses } from './content.ts'
import { users } from './users.ts'

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' })

export const materialTypes = ['guide', 'lesson_plan', 'checklist', 'case_study', 'template'] as const

export const materials = pgTable('materials', {
	id: integer().primaryKey().generatedAlwaysAsIdentity(),
	slug: text().notNull().unique(),
	type: text({ enum: materialTypes }).notNull(),
	topic: text().notNull(),
	/** Subject ids, grades 0..11 (0 = pre-school class) and need ids; empty when general. */
	subjects: text().array().notNull().default(sql`'{}'::text[]`),
	grades: integer().array().notNull().default(sql`'{}'::integer[]`),
	needs: text().array().notNull().default(sql`'{}'::text[]`),
	createdBy: integer().references(() => users.id),
	createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})

/** What the library filters by; on the material row as published, on a studio revision as its author left it. */
export type MaterialMetadata = { type: (typeof materialTypes)[number]; topic: string; subjects: string[]; grades: number[]; needs: string[] }

export const materialRevisions = pgTable(
	'material_revisions',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		materialId: integer()
			.notNull()
			.references(() => materials.id),
		number: integer().notNull(),
		status: text({ enum: revisionStatuses }).notNull(),
		authorId: integer().references(() => users.id),
		reviewerId: integer().references(() => users.id),
		submittedAt: timestamp({ withTimezone: true }),
		publishedAt: timestamp({ withTimezone: true }),
		/** For a revision synced from content/materials: a hash of the folder's files, to tell an unchanged folder. */
		folderHash: text(),
		/** A studio revision's metadata; copied onto the material row when the revision is published, never before. */
		metadata: jsonb().$type<MaterialMetadata>(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
	},
	(t) => [unique().on(t.materialId, t.number), index().on(t.status)],
)

export const materialVersions = pgTable(
	'material_versions',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		revisionId: integer()
			.notNull()
			.references(() => materialRevisions.id, { onDelete: 'cascade' }),
		locale: text({ enum: ['kk', 'ru'] }).notNull(),
		title: text().notNull(),
		summary: text().notNull().default(''),
		source: text().notNull(),
		hash: text().references(() => compiledMdx.hash),
		/** Computed from the text (words / 180), never written by authors. */
		readingMinutes: integer().notNull().default(1),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		/** Russian gets the russian stemmer; Kazakh has none in PostgreSQL, so 'simple'. */
		search: tsvector().generatedAlwaysAs(
			(): SQL =>
				sql`to_tsvector(case when locale = 'ru' then 'russian'::regconfig else 'simple'::regconfig end, coalesce(title, '') || ' ' || coalesce(summary, '') || ' ' || coalesce(source, ''))`,
		),
	},
	(t) => [unique().on(t.revisionId, t.locale), index().using('gin', t.search)],
)

export const attachments = pgTable(
	'attachments',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		hash: text().notNull(),
		filename: text().notNull(),
		mime: text().notNull(),
		size: integer().notNull(),
		uploadedBy: integer().references(() => users.id),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
	},
	(t) => [index().on(t.hash)],
)

export const materialAttachments = pgTable(
	'material_attachments',
	{
		revisionId: integer()
			.notNull()
			.references(() => materialRevisions.id, { onDelete: 'cascade' }),
		attachmentId: integer()
			.notNull()
			.references(() => attachments.id),
		position: integer().notNull().default(0),
		/** The language of the file when it has one (a template's PDF per locale). */
		locale: text({ enum: ['kk', 'ru'] }),
	},
	(t) => [primaryKey({ columns: [t.revisionId, t.attachmentId] })],
)
