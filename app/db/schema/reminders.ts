import { index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core'
import { assignments } from './assignments.ts'
import { users } from './users.ts'

/*
 * Reminder and digest mail (docs/decisions/016-reminders.md). A row is claimed (inserted) before
 * the message is sent and marked sent after SMTP accepted it: its primary key is what keeps two
 * runs, two processes or a restart from sending the same reminder twice.
 */
export const reminderDeliveries = pgTable(
	'reminder_deliveries',
	{
		assignmentId: integer()
			.notNull()
			.references(() => assignments.id, { onDelete: 'cascade' }),
		userId: integer()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		/** Days before the due day (negative: after it) this reminder belongs to. */
		point: integer().notNull(),
		claimedAt: timestamp({ withTimezone: true }).notNull(),
		/** Null while claimed and not yet accepted by SMTP; a claim unsent after the lease is taken again. */
		sentAt: timestamp({ withTimezone: true }),
	},
	(t) => [primaryKey({ columns: [t.assignmentId, t.userId, t.point] }), index().on(t.userId)],
)

/** The weekly digest of a methodologist: one row per person and ISO week (e.g. 2026-W49). */
export const digestDeliveries = pgTable(
	'digest_deliveries',
	{
		userId: integer()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		week: text().notNull(),
		claimedAt: timestamp({ withTimezone: true }).notNull(),
		sentAt: timestamp({ withTimezone: true }),
	},
	(t) => [primaryKey({ columns: [t.userId, t.week] })],
)

/** Who turned a kind of mail off, through the signed link or the account page; deleting the row turns it back on. */
export const mailOptouts = pgTable(
	'mail_optouts',
	{
		userId: integer()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		kind: text({ enum: ['reminders', 'digest'] }).notNull(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
	},
	(t) => [primaryKey({ columns: [t.userId, t.kind] })],
)
