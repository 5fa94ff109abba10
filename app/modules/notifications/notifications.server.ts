import { and, count, desc, eq, isNull, sql } from 'drizzle-orm'
import { getDb, type Queryable } from '#app/db/client.server.ts'
import { notifications } from '#app/db/schema/index.ts'
import { kindParams, parseNotification, type NotificationKind, type NotificationParamsInput, type ParsedNotification } from './kinds.ts'

/*
 * In-app notifications (docs/decisions/017-notifications.md). notify() is what other modules call;
 * the rest serves the header's count and the notifications page.
 */

export type NotifyInput<K extends NotificationKind> = {
	userId: number
	kind: K
	params: NotificationParamsInput<K>
	/** A path in the app without the language, e.g. `/courses/inclusive-basics`; the page adds `/kk` or `/ru`. */
	link: string
	/** Unique per user: a second notify() with the same key writes nothing (a job that runs twice). */
	dedupeKey: string
	/** When it happened; defaults to the database's now() (jobs with a controllable clock pass theirs). */
	createdAt?: Date
}

/**
 * Records a notification for one user, once per (userId, dedupeKey). Returns whether it was new.
 * Takes the caller's db or transaction, so a notification commits or rolls back with the change
 * it tells about. Throws on params of the wrong shape or a link that is not an app path: both are
 * the caller's bug, not the user's input.
 */
export async function notify<K extends NotificationKind>(db: Queryable, input: NotifyInput<K>): Promise<boolean> {
	const params = kindParams[input.kind].parse(input.params)
	if (!isAppPath(input.link)) throw new Error(`notify(): link must be an app path like /courses/x, got ${JSON.stringify(input.link)}`)
	if (!input.dedupeKey) throw new Error('notify(): dedupeKey is required')
	const rows = await db
		.insert(notifications)
		.values({
			userId: input.userId,
			kind: input.kind,
			params,
			link: input.link,
			dedupeKey: input.dedupeKey,
			...(input.createdAt ? { createdAt: input.createdAt } : {}),
		})
		.onConflictDoNothing({ target: [notifications.userId, notifications.dedupeKey] })
		.returning({ id: notifications.id })
	return rows.length > 0
}

/** A path inside the app: one leading slash, no scheme or host (never `//evil.example`). */
export function isAppPath(link: string) {
	return /^\/(?![/\\])[^\s]*$/.test(link)
}

/** How many of the user's notifications are unread. */
export async function unreadCount(userId: number, { db }: { db?: Queryable } = {}) {
	const q = db ?? (await getDb())
	const [row] = await q
		.select({ n: count() })
		.from(notifications)
		.where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
	return row?.n ?? 0
}

export type NotificationItem = ParsedNotification & {
	id: number
	link: string
	createdAt: Date
	readAt: Date | null
}

export const PAGE_SIZE = 20

/**
 * One page of the user's notifications, newest first. `page` counts from 1. Rows of a kind or
 * shape this version does not know are left out of the page (they stay in the table).
 */
export async function listNotifications(
	userId: number,
	{ page = 1, pageSize = PAGE_SIZE, db }: { page?: number; pageSize?: number; db?: Queryable } = {},
) {
	const q = db ?? (await getDb())
	const rows = await q
		.select({
			id: notifications.id,
			kind: notifications.kind,
			params: notifications.params,
			link: notifications.link,
			createdAt: notifications.createdAt,
			readAt: notifications.readAt,
		})
		.from(notifications)
		.where(eq(notifications.userId, userId))
		.orderBy(desc(notifications.createdAt), desc(notifications.id))
		.limit(pageSize + 1)
		.offset((page - 1) * pageSize)
	const items: NotificationItem[] = []
	for (const row of rows.slice(0, pageSize)) {
		const parsed = parseNotification(row.kind, row.params)
		if (parsed) items.push({ ...parsed, id: row.id, link: row.link, createdAt: row.createdAt, readAt: row.readAt })
	}
	return { items, hasMore: rows.length > pageSize, page }
}

/** Marks one of the user's notifications read. False when it is not hers (or does not exist). */
export async function markRead({ userId, id, db, now = new Date() }: { userId: number; id: number; db?: Queryable; now?: Date }) {
	const q = db ?? (await getDb())
	const rows = await q
		.update(notifications)
		.set({ readAt: sql`coalesce(${notifications.readAt}, ${now.toISOString()}::timestamptz)` })
		.where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
		.returning({ id: notifications.id })
	return rows.length > 0
}

/** Marks all of the user's unread notifications read; returns how many were unread. */
export async function markAllRead({ userId, db, now = new Date() }: { userId: number; db?: Queryable; now?: Date }) {
	const q = db ?? (await getDb())
	const rows = await q
		.update(notifications)
		.set({ readAt: now })
		.where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
		.returning({ id: notifications.id })
	return rows.length
}
