import { index, integer, jsonb, pgSequence, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core'
import { courseRevisions, courses } from './content.ts'
import { users } from './users.ts'

export const certificateSerialSeq = pgSequence('certificate_serial_seq', { startWith: 1 })

export const certificates = pgTable(
	'certificates',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		serial: text().notNull().unique(),
		code: text().notNull().unique(),
		userId: integer()
			.notNull()
			.references(() => users.id),
		courseId: integer()
			.notNull()
			.references(() => courses.id),
		revisionId: integer()
			.notNull()
			.references(() => courseRevisions.id),
		holderName: text().notNull(),
		courseTitleKk: text().notNull(),
		courseTitleRu: text().notNull(),
		hours: integer().notNull(),
		score: integer().notNull(),
		issuedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		revokedAt: timestamp({ withTimezone: true }),
		revokedReason: text(),
		revokedBy: integer().references(() => users.id),
		/** The Open Badges credential as signed at issue time; the verification page checks this stored copy. */
		credential: jsonb().$type<Record<string, unknown>>(),
	},
	(t) => [
		unique().on(t.userId, t.courseId),
		// Reporting (ADR 006): "certified and not revoked" answered from the index alone.
		index('certificates_report_idx').on(t.userId, t.courseId, t.revokedAt),
	],
)

/**
 * Every public key that has signed credentials, by the key id in their proofs' verificationMethod. A new
 * SIGNING_KEY adds a row on its first signature; old rows stay, so credentials signed before a rotation verify.
 */
export const signingKeys = pgTable('signing_keys', {
	id: text().primaryKey(),
	publicKeyMultibase: text().notNull(),
	createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})
