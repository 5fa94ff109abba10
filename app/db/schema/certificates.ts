import { index, integer, pgSequence, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core'
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
	},
	(t) => [
		unique().on(t.userId, t.courseId),
		// Reporting (ADR 006): "certified and not revoked" answered from the index alone.
		index('certificates_report_idx').on(t.userId, t.courseId, t.revokedAt),
	],
)
