import { and, eq, isNull, sql } from 'drizzle-orm'
import { getDb, queryRows, type Queryable } from '#app/db/client.server.ts'
import { notifications } from '#app/db/schema/index.ts'
import { inTarget, OPEN_DAYS_AFTER_DUE } from '#app/modules/assignments/assignments.server.ts'
import { almatyToday } from '#app/modules/assignments/dates.ts'
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

// ------------------------------------------------ "a course was assigned to you", computed when read

/*
 * An assignment targets a place, not a list of people (ADR 015), so "a course was assigned to you"
 * is not written for each of 10,000 teachers when it is created. It is computed when read: the
 * assignments whose target holds the user's school now, due at most OPEN_DAYS_AFTER_DUE days ago.
 * A row (dedupe key `assignment.assigned:<id>`) is written only when she marks one read; it keeps
 * the notice read, and in her list, even after the assignment closes or she moves out.
 */
const pendingAssigned = (userId: number, now: Date) => sql`
	from users u
	join schools s on s.id = u.school_id
	join districts d on d.id = s.district_id
	join assignments a on a.region_id = d.region_id and ${inTarget}
	join courses c on c.id = a.course_id
	where u.id = ${userId}
		and a.due_on >= ${almatyToday(now)}::date - ${OPEN_DAYS_AFTER_DUE}::int
		and not exists (select 1 from notifications n where n.user_id = u.id and n.dedupe_key = 'assignment.assigned:' || a.id)`

const assignedParams = sql`json_build_object(
	'assignmentId', a.id,
	'courseTitle', coalesce((select json_build_object('kk', r.title_kk, 'ru', r.title_ru) from course_revisions r
		where r.course_id = a.course_id and r.status in ('published', 'archived') order by r.number desc limit 1),
		json_build_object('kk', c.slug, 'ru', c.slug)),
	'by', (select json_build_object('kk', coalesce(ad.name_kk, ar.name_kk), 'ru', coalesce(ad.name_ru, ar.name_ru))
		from regions ar left join districts ad on ad.id = a.district_id where ar.id = a.region_id),
	'dueOn', a.due_on::text)`

/** How many of the user's notifications are unread, with the assignments she has not read yet: one statement. */
export async function unreadCount(userId: number, { db, now = new Date() }: { db?: Queryable; now?: Date } = {}) {
	const q = db ?? (await getDb())
	const [row] = await queryRows<{ n: number }>(
		q,
		sql`select (select count(*)::int from notifications where user_id = ${userId} and read_at is null)
			+ (select count(*)::int ${pendingAssigned(userId, now)}) as n`,
	)
	return row?.n ?? 0
}

export type NotificationItem = ParsedNotification & {
	/** The stored row; null for an assignment notice computed when read. */
	id: number | null
	/** The assignment of a notice computed when read. */
	assignmentId: number | null
	link: string
	createdAt: Date
	readAt: Date | null
}

export const PAGE_SIZE = 20

type ListRow = { id: number | null; assignment_id: number | null; kind: string; params: unknown; link: string; created_at: Date | string; read_at: Date | string | null }

const asDate = (v: Date | string) => (v instanceof Date ? v : new Date(v))

/**
 * One page of the user's notifications, newest first, assignment notices computed when read among
 * them. `page` counts from 1. Rows of a kind or shape this version does not know are left out of
 * the page (they stay in the table).
 */
export async function listNotifications(
	userId: number,
	{ page = 1, pageSize = PAGE_SIZE, db, now = new Date() }: { page?: number; pageSize?: number; db?: Queryable; now?: Date } = {},
) {
	const q = db ?? (await getDb())
	const rows = await queryRows<ListRow>(
		q,
		sql`select * from (
				select id, null::int as assignment_id, kind, params, link, created_at, read_at
				from notifications where user_id = ${userId}
				union all
				select null::int, a.id, 'assignment.assigned', ${assignedParams}::jsonb, '/courses/' || c.slug, a.created_at, null::timestamptz
				${pendingAssigned(userId, now)}
			) x
			order by created_at desc, id desc nulls first, assignment_id desc
			limit ${pageSize + 1} offset ${(page - 1) * pageSize}`,
	)
	const items: NotificationItem[] = []
	for (const row of rows.slice(0, pageSize)) {
		const parsed = parseNotification(row.kind, row.params)
		if (!parsed) continue
		items.push({
			...parsed,
			id: row.id,
			assignmentId: row.assignment_id,
			link: row.link,
			createdAt: asDate(row.created_at),
			readAt: row.read_at === null ? null : asDate(row.read_at),
		})
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

/**
 * Marks the notice of an assignment computed when read as read, by writing its row. False when the
 * assignment does not target the user now (or does not exist, or is closed).
 */
export async function markAssignmentRead({ userId, assignmentId, db, now = new Date() }: { userId: number; assignmentId: number; db?: Queryable; now?: Date }) {
	const q = db ?? (await getDb())
	const rows = await queryRows<{ id: number }>(
		q,
		sql`insert into notifications (user_id, kind, params, link, dedupe_key, created_at, read_at)
			select u.id, 'assignment.assigned', ${assignedParams}::jsonb, '/courses/' || c.slug, 'assignment.assigned:' || a.id, a.created_at, ${now.toISOString()}::timestamptz
			${pendingAssigned(userId, now)} and a.id = ${assignmentId}
			on conflict (user_id, dedupe_key) do nothing
			returning id`,
	)
	return rows.length > 0
}

/** Marks all of the user's unread notifications read, assignment notices included; returns how many were unread. */
export async function markAllRead({ userId, db, now = new Date() }: { userId: number; db?: Queryable; now?: Date }) {
	const q = db ?? (await getDb())
	return q.transaction(async (tx) => {
		const assigned = await queryRows<{ id: number }>(
			tx,
			sql`insert into notifications (user_id, kind, params, link, dedupe_key, created_at, read_at)
				select u.id, 'assignment.assigned', ${assignedParams}::jsonb, '/courses/' || c.slug, 'assignment.assigned:' || a.id, a.created_at, ${now.toISOString()}::timestamptz
				${pendingAssigned(userId, now)}
				on conflict (user_id, dedupe_key) do nothing
				returning id`,
		)
		const rows = await tx
			.update(notifications)
			.set({ readAt: now })
			.where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
			.returning({ id: notifications.id })
		return assigned.length + rows.length
	})
}
