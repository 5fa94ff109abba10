import { sql, type SQL } from 'drizzle-orm'
import {
	customType,
	index,
	integer,
	pgTable,
	primaryKey,
	text,
	timestamp,
	unique,
} from 'drizzle-orm/pg-core'
import { compiledMdx, revisionStatuses } from './content.ts'
import { users } from './users.ts'

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' })

export const materialTypes = ['guide', 'lesson_plan', 'checklist', 'case_study'] as const

export const materials = pgTable('materials', {
	id: integer().primaryKey().generatedAlwaysAsIdentity(),
	slug: text().notNull().unique(),
	type: text({ enum: materialTypes }).notNull(),
	topic: text().notNull(),
	createdBy: integer().references(() => users.id),
	createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})

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
	},
	(t) => [primaryKey({ columns: [t.revisionId, t.attachmentId] })],
)
