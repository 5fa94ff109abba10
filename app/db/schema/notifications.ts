import { sql } from 'drizzle-orm'
import { index, integer, jsonb, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core'
import { users } from './users.ts'

/*
 * In-app notifications (docs/decisions/017-notifications.md). A row holds what happened (`kind`
 * and its `params`), never a rendered text: the text is rendered in the reader's language when
 * read. `dedupe_key` makes notify() idempotent: a job that runs twice writes one row.
 */
export const notifications = pgTable(
	'notifications',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		userId: integer()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		kind: text().notNull(),
		params: jsonb().notNull().default({}),
		/** A path inside the app without the language segment, e.g. `/courses/inclusive-basics`. */
		link: text().notNull().default(''),
		dedupeKey: text().notNull(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		readAt: timestamp({ withTimezone: true }),
	},
	(t) => [
		unique().on(t.userId, t.dedupeKey),
		// The list, newest first.
		index().on(t.userId, t.createdAt.desc(), t.id.desc()),
		// The header's unread count: only unread rows are in this index.
		index('notifications_unread_idx').on(t.userId).where(sql`${t.readAt} is null`),
	],
)
