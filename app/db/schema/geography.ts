import { integer, pgTable, text, unique } from 'drizzle-orm/pg-core'

export const regions = pgTable('regions', {
	id: integer().primaryKey().generatedAlwaysAsIdentity(),
	code: text().notNull().unique(),
	kind: text({ enum: ['region', 'city'] }).notNull(),
	nameKk: text().notNull(),
	nameRu: text().notNull(),
	position: integer().notNull().default(0),
})

export const districts = pgTable(
	'districts',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		regionId: integer()
			.notNull()
			.references(() => regions.id),
		code: text().notNull(),
		nameKk: text().notNull(),
		nameRu: text().notNull(),
	},
	(t) => [unique().on(t.regionId, t.code)],
)

export const schools = pgTable(
	'schools',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		districtId: integer()
			.notNull()
			.references(() => districts.id),
		code: text().notNull(),
		nameKk: text().notNull(),
		nameRu: text().notNull(),
	},
	(t) => [unique().on(t.districtId, t.code)],
)
