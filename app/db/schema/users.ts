import {
	bigint,
	customType,
	index,
	integer,
	jsonb,
	pgTable,
	text,
	timestamp,
	unique,
} from 'drizzle-orm/pg-core'
import { districts, regions, schools } from './geography.ts'

export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
	dataType: () => 'bytea',
	// postgres.js sends only Buffers as bytea; PGlite accepts either.
	toDriver: (value) => Buffer.from(value),
})

/** A teacher's optional position and subject (labels: auth `profile.positions.*`, `profile.subjects.*`; ADR 019). */
export const positions = [
	'primaryTeacher',
	'subjectTeacher',
	'specialEducator',
	'speechTherapist',
	'psychologist',
	'socialPedagogue',
	'tutor',
	'teacherAssistant',
	'deputyDirector',
] as const
export type Position = (typeof positions)[number]

export const subjects = [
	'kazakhLanguage',
	'russianLanguage',
	'englishLanguage',
	'mathematics',
	'informatics',
	'physics',
	'chemistry',
	'biology',
	'geography',
	'history',
	'naturalScience',
	'artAndCrafts',
	'music',
	'physicalEducation',
	'selfKnowledge',
] as const
export type Subject = (typeof subjects)[number]

export const users = pgTable(
	'users',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		email: text().notNull().unique(),
		passwordHash: text().notNull(),
		fullName: text().notNull(),
		locale: text({ enum: ['kk', 'ru'] }).notNull(),
		gender: text({ enum: ['female', 'male'] }),
		schoolId: integer().references(() => schools.id),
		/** Optional, from the fixed lists of app/modules/auth/profile.ts (ADR 019); assignments may target them. */
		position: text({ enum: positions }),
		subject: text({ enum: subjects }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
	},
	(t) => [index().on(t.schoolId)],
)

export const userRoles = pgTable(
	'user_roles',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		userId: integer()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		role: text({ enum: ['teacher', 'author', 'reviewer', 'methodologist', 'admin'] }).notNull(),
		regionId: integer().references(() => regions.id),
		districtId: integer().references(() => districts.id),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
	},
	(t) => [unique().on(t.userId, t.role)],
)

export const sessions = pgTable(
	'sessions',
	{
		id: text().primaryKey(),
		secretHash: bytea().notNull(),
		userId: integer()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		expiresAt: timestamp({ withTimezone: true }).notNull(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
	},
	(t) => [index().on(t.userId)],
)

export const passwordResets = pgTable(
	'password_resets',
	{
		tokenHash: text().primaryKey(),
		userId: integer()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		expiresAt: timestamp({ withTimezone: true }).notNull(),
		usedAt: timestamp({ withTimezone: true }),
	},
	(t) => [index().on(t.userId)],
)

/** Fixed-window counters shared by every app process. */
export const rateLimits = pgTable('rate_limits', {
	key: text().primaryKey(),
	count: integer().notNull(),
	windowStart: timestamp({ withTimezone: true }).notNull(),
})

export const auditEvents = pgTable(
	'audit_events',
	{
		id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
		actorId: integer().references(() => users.id, { onDelete: 'set null' }),
		action: text().notNull(),
		targetType: text(),
		targetId: text(),
		data: jsonb().$type<Record<string, unknown>>(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
	},
	(t) => [index().on(t.createdAt)],
)
