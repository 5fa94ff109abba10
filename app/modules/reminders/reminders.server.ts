import { sql } from 'drizzle-orm'
import { getDb, queryRows, type Queryable } from '#app/db/client.server.ts'
import { getAssignmentReport, listAssignments, OPEN_DAYS_AFTER_DUE, targetSchools, type AssignmentTarget } from '#app/modules/assignments/assignments.server.ts'
import { almatyToday, daysLeft, dueText } from '#app/modules/assignments/dates.ts'
import type { ReportScope } from '#app/modules/auth/permissions.ts'
import { env, publicUrl } from '#app/modules/env.server.ts'
import { fixedT } from '#app/modules/i18n/i18n.ts'
import { formatDate, formatNumber, isLocale, pick, type Locale } from '#app/modules/i18n/locales.ts'
import { getResources } from '#app/modules/i18n/resources.server.ts'
import { notify } from '#app/modules/notifications/notifications.server.ts'
import { createMailer, type Mailer } from './mailer.server.ts'
import { activePoint, dueDaysWithPoints, isoWeek, parsePoints } from './points.ts'
import { unsubscribeToken, type MailKind } from './token.server.ts'

/*
 * Reminder and digest runs (docs/decisions/016-reminders.md). Every run reads the targets as they are
 * now (ADR 015), so a teacher who joined a targeted school since the last run is included and one who
 * completed the course is not. Idempotence: a delivery row is claimed (insert … on conflict do nothing)
 * for the few messages about to be sent, just before sending them; two runs at once claim disjoint
 * rows, a later run finds the rows and sends nothing. A message whose send failed releases its claim
 * (the next run retries); a crash between claim and send leaves the claim: that reminder is not sent
 * (at most once, never twice). Every function takes `now`.
 */

export function reminderPoints() {
	return parsePoints(env().REMINDER_DAYS) ?? []
}

type DueAssignment = {
	id: number
	course_id: number
	slug: string
	title: { kk: string; ru: string } | null
	region_id: number
	district_id: number | null
	target: AssignmentTarget
	due_on: string
	place_kk: string
	place_ru: string
}

type Recipient = { id: number; email: string; full_name: string; locale: string }

export type RunResult = { sent: number; failed: number; assignments: number }

function localeOf(value: string): Locale {
	return isLocale(value) ? value : 'kk'
}

function unsubscribeLink(base: string, locale: Locale, kind: MailKind, userId: number) {
	return `${base}/${locale}/unsubscribe?token=${unsubscribeToken({ kind, userId })}`
}

/** RFC 8058 one-click: mail programs show an unsubscribe button and POST `List-Unsubscribe=One-Click` to the link. */
function unsubscribeHeaders(link: string) {
	return { 'List-Unsubscribe': `<${link}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
}

export function reminderMail({ recipient, assignment, now, base }: { recipient: Recipient; assignment: DueAssignment; now: Date; base: string }) {
	const locale = localeOf(recipient.locale)
	const resources = getResources(locale)
	const t = fixedT(locale, resources, 'reminders')
	const tAssignments = fixedT(locale, resources, 'assignments')
	const course = pick(locale, assignment.title?.kk, assignment.title?.ru) ?? assignment.slug
	const due = formatDate(`${assignment.due_on}T00:00:00Z`, locale, 'long')
	const { key, count } = dueText(assignment.due_on, now)
	const left = tAssignments(`due.${key}`, { count })
	const unsubscribe = unsubscribeLink(base, locale, 'reminders', recipient.id)
	const vars = {
		name: recipient.full_name,
		course,
		place: pick(locale, assignment.place_kk, assignment.place_ru),
		due,
		left,
		courseLink: `${base}/${locale}/courses/${assignment.slug}`,
		unsubscribeLink: unsubscribe,
		interpolation: { escapeValue: false },
	}
	return {
		to: recipient.email,
		subject: t(key === 'overdueBy' ? 'reminder.subjectOverdue' : 'reminder.subject', vars),
		text: t('reminder.text', vars),
		headers: unsubscribeHeaders(unsubscribe),
	}
}

async function dueAssignments(db: Queryable, days: string[]) {
	return queryRows<DueAssignment>(
		db,
		sql`select a.id, a.course_id, c.slug, a.region_id, a.district_id, a.target, a.due_on::text as due_on,
				(select json_build_object('kk', r.title_kk, 'ru', r.title_ru) from course_revisions r
					where r.course_id = a.course_id and r.status in ('published', 'archived') order by r.number desc limit 1) as title,
				coalesce(d.name_kk, g.name_kk) as place_kk, coalesce(d.name_ru, g.name_ru) as place_ru
			from assignments a join courses c on c.id = a.course_id
			join regions g on g.id = a.region_id left join districts d on d.id = a.district_id
			where a.due_on = any(${`{${days.join(',')}}`}::date[])
			order by a.id`,
	)
}

/**
 * Claims up to `limit` reminders of point `point` of assignment `a`: teachers in the target now, who
 * have not completed the course, have not turned reminders off and have no delivery row for it yet.
 */
async function claimReminders(db: Queryable, a: DueAssignment, point: number, now: Date, limit: number, after: number) {
	const schools = targetSchools({ id: a.id, regionId: a.region_id, districtId: a.district_id, target: a.target })
	return queryRows<Recipient>(
		db,
		sql`with candidates as (
				select u.id from users u
				where u.school_id = any(${schools}) and u.id > ${after}
					and not exists (select 1 from enrolments e where e.user_id = u.id and e.course_id = ${a.course_id} and e.completed_at is not null)
					and not exists (select 1 from mail_optouts o where o.user_id = u.id and o.kind = 'reminders')
					and not exists (select 1 from reminder_deliveries r where r.assignment_id = ${a.id} and r.user_id = u.id and r.point = ${point})
				order by u.id limit ${limit}
			), claimed as (
				insert into reminder_deliveries (assignment_id, user_id, point, claimed_at)
				select ${a.id}, id, ${point}, ${now.toISOString()}::timestamptz from candidates
				on conflict do nothing
				returning user_id
			)
			select u.id, u.email, u.full_name, u.locale from claimed c join users u on u.id = c.user_id order by u.id`,
	)
}

/**
 * The in-app notice of each claimed reminder (ADR 017), written before the mail is sent: its dedupe key
 * is the reminder's, so a claim released after a failed send and taken again writes no second notice.
 */
async function notifyReminders(db: Queryable, a: DueAssignment, point: number, claimed: Recipient[], now: Date) {
	const courseTitle = { kk: a.title?.kk ?? a.slug, ru: a.title?.ru ?? a.slug }
	await db.transaction(async (tx) => {
		for (const recipient of claimed) {
			await notify(tx, {
				userId: recipient.id,
				kind: 'assignment.reminder',
				params: { assignmentId: a.id, courseTitle, dueOn: a.due_on, stage: point < 0 ? 'overdue' : 'dueSoon' },
				link: `/courses/${a.slug}`,
				dedupeKey: `assignment.reminder:${a.id}:${point}`,
				createdAt: now,
			})
		}
	})
}

/** Sends claimed messages `concurrency` at a time; returns the ids whose send failed. */
async function sendAll<T extends { id: number }>(mailer: Mailer, items: T[], build: (item: T) => Parameters<Mailer['send']>[0], label: string) {
	const failed: number[] = []
	const sent: number[] = []
	await Promise.all(
		items.map(async (item) => {
			try {
				await mailer.send(build(item))
				sent.push(item.id)
			} catch (error) {
				failed.push(item.id)
				console.error(`[reminders] ${label} to user ${item.id} failed: ${error instanceof Error ? error.message : String(error)}`)
			}
		}),
	)
	return { sent, failed }
}

/**
 * Sends today's reminders. `points` default to REMINDER_DAYS; `mailer` to SMTP_URL (or the outbox).
 * Safe to run any number of times and in several processes at once.
 */
export async function runReminders({ now = new Date(), mailer, points = reminderPoints() }: { now?: Date; mailer?: Mailer; points?: readonly number[] } = {}): Promise<RunResult> {
	const db = await getDb()
	const own = mailer ? null : await createMailer()
	const m = mailer ?? own
	if (!m) throw new Error('no mailer')
	const base = publicUrl()
	const result: RunResult = { sent: 0, failed: 0, assignments: 0 }
	try {
		const due = await dueAssignments(db, dueDaysWithPoints(almatyToday(now), points))
		for (const assignment of due) {
			const point = activePoint(daysLeft(assignment.due_on, now), points)
			if (point === null) continue
			result.assignments += 1
			// Through the target in user id order: each claim starts after the last one, so it never rescans
			// the teachers already handled in this run.
			let after = 0
			for (;;) {
				const claimed = await claimReminders(db, assignment, point, now, m.concurrency, after)
				if (claimed.length === 0) break
				after = Math.max(...claimed.map((c) => c.id))
				await notifyReminders(db, assignment, point, claimed, now)
				const { sent, failed } = await sendAll(m, claimed, (recipient) => reminderMail({ recipient, assignment, now, base }), `reminder ${assignment.id}/${point}`)
				if (sent.length) await db.execute(sql`update reminder_deliveries set sent_at = ${now.toISOString()}::timestamptz where assignment_id = ${assignment.id} and point = ${point} and user_id = any(${`{${sent.join(',')}}`}::int[])`)
				// Not sent: the claim is released, so a later run tries again.
				if (failed.length) await db.execute(sql`delete from reminder_deliveries where assignment_id = ${assignment.id} and point = ${point} and sent_at is null and user_id = any(${`{${failed.join(',')}}`}::int[])`)
				result.sent += sent.length
				result.failed += failed.length
				// A server that refuses everything: stop this run rather than claim and release every teacher.
				if (sent.length === 0) break
			}
		}
	} finally {
		own?.close()
	}
	return result
}

// ---------------------------------------------------------------- the weekly digest

type Methodologist = { id: number; email: string; full_name: string; locale: string; region_id: number | null; district_id: number | null }

function scopeOf(m: Methodologist): ReportScope | null {
	if (m.district_id != null) return { kind: 'district', regionId: m.region_id, districtId: m.district_id }
	if (m.region_id != null) return { kind: 'region', regionId: m.region_id }
	return null
}

/** The open assignments of a scope (due ahead or at most 30 days ago) with targeted, completed and overdue teachers. */
export async function digestItems({ scope, now }: { scope: ReportScope; now: Date }) {
	const today = almatyToday(now)
	const oldest = new Date(Date.parse(`${today}T00:00:00Z`) - OPEN_DAYS_AFTER_DUE * 86_400_000).toISOString().slice(0, 10)
	const open = (await listAssignments({ scope })).filter((a) => a.dueOn >= oldest).sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.id - b.id)
	const items = []
	for (const assignment of open) {
		const report = await getAssignmentReport({ assignment, now })
		items.push({ assignment, total: report.total.total, completed: report.total.completed, overdue: report.total.overdue })
	}
	return items
}

export function digestMail({ recipient, items, now, base }: { recipient: Methodologist; items: Awaited<ReturnType<typeof digestItems>>; now: Date; base: string }) {
	const locale = localeOf(recipient.locale)
	const resources = getResources(locale)
	const t = fixedT(locale, resources, 'reminders')
	const unsubscribe = unsubscribeLink(base, locale, 'digest', recipient.id)
	const lines = items.map(({ assignment, total, completed, overdue }) =>
		t('digest.item', {
			course: pick(locale, assignment.titleKk, assignment.titleRu),
			place: pick(locale, assignment.by.nameKk, assignment.by.nameRu),
			due: formatDate(`${assignment.dueOn}T00:00:00Z`, locale, 'long'),
			teachers: t('digest.teachers', { count: total, formatted: formatNumber(total, locale) }),
			completed: formatNumber(completed, locale),
			overdue: formatNumber(overdue, locale),
			link: `${base}/${locale}/assignments/${assignment.id}`,
			interpolation: { escapeValue: false },
		}),
	)
	const vars = { name: recipient.full_name, count: items.length, week: isoWeek(almatyToday(now)), unsubscribeLink: unsubscribe, interpolation: { escapeValue: false } }
	return {
		to: recipient.email,
		subject: t('digest.subject', vars),
		text: `${t('digest.intro', vars)}\n\n${lines.join('\n\n')}\n\n${t('digest.footer', vars)}`,
		headers: unsubscribeHeaders(unsubscribe),
	}
}

/** The in-app notice of a digest (ADR 017), once per person and week like the mail. */
async function notifyDigest(db: Queryable, person: Methodologist, scope: ReportScope, items: Awaited<ReturnType<typeof digestItems>>, now: Date) {
	const [place] = await queryRows<{ kk: string; ru: string }>(
		db,
		scope.kind === 'district'
			? sql`select name_kk as kk, name_ru as ru from districts where id = ${scope.districtId}`
			: scope.kind === 'region'
				? sql`select name_kk as kk, name_ru as ru from regions where id = ${scope.regionId}`
				: sql`select ''::text as kk, ''::text as ru where false`,
	)
	const today = almatyToday(now)
	const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7
	const weekOf = new Date(Date.parse(`${today}T00:00:00Z`) - weekday * 86_400_000).toISOString().slice(0, 10)
	await notify(db, {
		userId: person.id,
		kind: 'assignment.digest',
		params: {
			place: place ?? { kk: '', ru: '' },
			weekOf,
			openAssignments: items.length,
			overdueTeachers: items.reduce((n, i) => n + i.overdue, 0),
			completedTeachers: items.reduce((n, i) => n + i.completed, 0),
		},
		link: '/assignments',
		dedupeKey: `assignment.digest:${isoWeek(today)}`,
		createdAt: now,
	})
}

/**
 * Sends each methodologist (district or region) the digest of her scope's open assignments, once per
 * ISO week (Almaty time): a row of digest_deliveries (user, week) is claimed before her message is sent.
 * A methodologist with no open assignment gets nothing that week (and may get one later in it).
 */
export async function runDigest({ now = new Date(), mailer }: { now?: Date; mailer?: Mailer } = {}): Promise<RunResult> {
	const db = await getDb()
	const own = mailer ? null : await createMailer()
	const m = mailer ?? own
	if (!m) throw new Error('no mailer')
	const base = publicUrl()
	const week = isoWeek(almatyToday(now))
	const result: RunResult = { sent: 0, failed: 0, assignments: 0 }
	try {
		const people = await queryRows<Methodologist>(
			db,
			sql`select u.id, u.email, u.full_name, u.locale, r.region_id, r.district_id from user_roles r join users u on u.id = r.user_id
				where r.role = 'methodologist' and (r.region_id is not null or r.district_id is not null)
					and not exists (select 1 from digest_deliveries x where x.user_id = u.id and x.week = ${week})
					and not exists (select 1 from mail_optouts o where o.user_id = u.id and o.kind = 'digest')
				order by u.id`,
		)
		for (const person of people) {
			const scope = scopeOf(person)
			if (!scope) continue
			const items = await digestItems({ scope, now })
			if (items.length === 0) continue
			const [claimed] = await queryRows<{ user_id: number }>(
				db,
				sql`insert into digest_deliveries (user_id, week, claimed_at) values (${person.id}, ${week}, ${now.toISOString()}::timestamptz) on conflict do nothing returning user_id`,
			)
			if (!claimed) continue
			await notifyDigest(db, person, scope, items, now)
			const { sent } = await sendAll(m, [person], (recipient) => digestMail({ recipient, items, now, base }), `digest ${week}`)
			if (sent.length) {
				await db.execute(sql`update digest_deliveries set sent_at = ${now.toISOString()}::timestamptz where user_id = ${person.id} and week = ${week}`)
				result.sent += 1
			} else {
				await db.execute(sql`delete from digest_deliveries where user_id = ${person.id} and week = ${week} and sent_at is null`)
				result.failed += 1
			}
		}
	} finally {
		own?.close()
	}
	return result
}

// ---------------------------------------------------------------- turning mail off and on

export async function setMailOptOut({ userId, kind, off }: { userId: number; kind: MailKind; off: boolean }) {
	const db = await getDb()
	if (off) await db.execute(sql`insert into mail_optouts (user_id, kind) select ${userId}, ${kind} where exists (select 1 from users where id = ${userId}) on conflict do nothing`)
	else await db.execute(sql`delete from mail_optouts where user_id = ${userId} and kind = ${kind}`)
}

/** The kinds of mail a user has turned off. */
export async function mailOptOuts(userId: number): Promise<Set<MailKind>> {
	const db = await getDb()
	const rows = await queryRows<{ kind: MailKind }>(db, sql`select kind from mail_optouts where user_id = ${userId}`)
	return new Set(rows.map((r) => r.kind))
}

/** Who the unsubscribe page is about (the address shown half hidden); null for a user who no longer exists. */
export async function unsubscribeSubject(userId: number) {
	const db = await getDb()
	const [row] = await queryRows<{ email: string }>(db, sql`select email from users where id = ${userId}`)
	if (!row) return null
	const [local = '', domain = ''] = row.email.split('@')
	return { email: `${local.slice(0, 2)}${'•'.repeat(Math.max(1, Math.min(6, local.length - 2)))}@${domain}` }
}
