import { eq, sql } from 'drizzle-orm'
import { beforeAll, expect, test } from 'vitest'
import { getDb, queryRows } from '#app/db/client.server.ts'
import { assignments, users } from '#app/db/schema/index.ts'
import { createAssignment, resolvePlace } from '#app/modules/assignments/assignments.server.ts'
import { listNotifications, markAllRead, markAssignmentRead, markRead, notify, unreadCount } from '#app/modules/notifications/notifications.server.ts'
import { createUser, findSchool, makeRequest, publishFixtureCourse, routeArgs, run, signedIn } from '#tests/factories.ts'
import * as rootRoute from '#app/root.tsx'
import * as pageRoute from '#app/routes/notifications.list.tsx'

let courseId: number
let courseSlug: string

beforeAll(async () => {
	const { course: course } = await publishFixtureCourse()
	courseId = course.courseId
	courseSlug = course.slug
})

// The clock of these tests: 3 December 2026, noon in Almaty.
const NOW = new Date('2026-12-03T07:00:00Z')

const title = { kk: 'Инклюзивті білім беру негіздері', ru: 'Основы инклюзивного образования' }

function returned(userId: number, submissionId: number, createdAt?: Date) {
	return {
		userId,
		kind: 'task.returned' as const,
		params: { submissionId, courseTitle: title },
		link: '/courses/inclusive-basics',
		dedupeKey: `task.returned:${submissionId}`,
		createdAt,
	}
}

test('notify() writes a notification once per dedupe key; the count and the list show it', async () => {
	const db = await getDb()
	const teacher = await createUser()
	const other = await createUser()
	expect(await unreadCount(teacher.id)).toBe(0)

	expect(await notify(db, returned(teacher.id, 1))).toBe(true)
	// The same event again (a job run twice) writes nothing.
	expect(await notify(db, returned(teacher.id, 1))).toBe(false)
	expect(await notify(db, returned(teacher.id, 2))).toBe(true)
	// The same key for another user is her own notification.
	expect(await notify(db, returned(other.id, 1))).toBe(true)

	expect(await unreadCount(teacher.id)).toBe(2)
	expect(await unreadCount(other.id)).toBe(1)
	const { items, hasMore } = await listNotifications(teacher.id)
	expect(hasMore).toBe(false)
	expect(items.map((i) => i.kind === 'task.returned' && i.params.submissionId)).toEqual([2, 1])
	expect(items[0]).toMatchObject({ link: '/courses/inclusive-basics', readAt: null, params: { courseTitle: title } })
})

test('a notification written in a rolled-back transaction is not there', async () => {
	const db = await getDb()
	const teacher = await createUser()
	await expect(
		db.transaction(async (tx) => {
			await notify(tx, returned(teacher.id, 7))
			throw new Error('the change failed')
		}),
	).rejects.toThrow('the change failed')
	expect(await unreadCount(teacher.id)).toBe(0)
})

test('params of the wrong shape and links off the app are refused', async () => {
	const db = await getDb()
	const teacher = await createUser()
	// The type refuses it too; the runtime check is for params built from untyped data.
	// @ts-expect-error courseTitle lacks ru
	await expect(notify(db, { ...returned(teacher.id, 3), params: { submissionId: 3, courseTitle: { kk: 'тек қазақша' } } })).rejects.toThrow()
	await expect(notify(db, { ...returned(teacher.id, 3), link: '//evil.example/x' })).rejects.toThrow(/app path/)
	await expect(notify(db, { ...returned(teacher.id, 3), link: 'https://evil.example/' })).rejects.toThrow(/app path/)
	expect(await unreadCount(teacher.id)).toBe(0)
})

test('the list is newest first, in pages; marking read lowers the count, only for the owner', async () => {
	const db = await getDb()
	const teacher = await createUser()
	const other = await createUser()
	const start = Date.parse('2026-11-01T05:00:00Z')
	for (let i = 1; i <= 25; i++) await notify(db, returned(teacher.id, i, new Date(start + i * 3_600_000)))

	const first = await listNotifications(teacher.id, { pageSize: 10 })
	const third = await listNotifications(teacher.id, { pageSize: 10, page: 3 })
	expect(first.hasMore).toBe(true)
	expect(third.hasMore).toBe(false)
	const ids = (items: typeof first.items) => items.map((i) => (i.kind === 'task.returned' ? i.params.submissionId : 0))
	expect(ids(first.items)).toEqual([25, 24, 23, 22, 21, 20, 19, 18, 17, 16])
	expect(ids(third.items)).toEqual([5, 4, 3, 2, 1])

	const newest = first.items[0]?.id
	if (!newest) throw new Error('no notification')
	expect(await markRead({ userId: other.id, id: newest })).toBe(false)
	expect(await unreadCount(teacher.id)).toBe(25)
	expect(await markRead({ userId: teacher.id, id: newest })).toBe(true)
	expect(await unreadCount(teacher.id)).toBe(24)
	expect((await listNotifications(teacher.id, { pageSize: 1 })).items[0]?.readAt).toBeInstanceOf(Date)

	expect(await markAllRead({ userId: teacher.id })).toBe(24)
	expect(await unreadCount(teacher.id)).toBe(0)
	expect(await markAllRead({ userId: teacher.id })).toBe(0)
})

/** An assignment of the mini course to a whole district (as the form would create it). */
async function assignToDistrict({ districtId, due, by }: { districtId: number; due: string; by: number }) {
	const place = await resolvePlace({ scope: { kind: 'country' }, at: `district:${districtId}` })
	if (!place) throw new Error('no place')
	const result = await createAssignment({ place, input: { course: courseId, target: 'place', schools: [], due, position: null, subject: null, note: '' }, createdBy: by })
	if (!result.ok) throw new Error(JSON.stringify(result.errors))
	return result.id
}

async function rowsOf(userId: number) {
	return queryRows<{ n: number }>(await getDb(), sql`select count(*)::int as n from notifications where user_id = ${userId}`).then((r) => r[0]?.n ?? 0)
}

test('an assignment to a district writes no notification rows; its teachers see it when they read, others do not', async () => {
	const karasai = await findSchool()
	const talgar = await findSchool({ district: 'talgar' })
	const admin = await createUser({ role: 'admin' })
	const teacher = await createUser({ schoolId: karasai.schoolId })
	const colleague = await createUser({ schoolId: karasai.schoolId })
	const elsewhere = await createUser({ schoolId: talgar.schoolId })
	const before = (await queryRows<{ n: number }>(await getDb(), sql`select count(*)::int as n from notifications`))[0]?.n
	const id = await assignToDistrict({ districtId: karasai.districtId, due: '2026-12-20', by: admin.id })
	expect((await queryRows<{ n: number }>(await getDb(), sql`select count(*)::int as n from notifications`))[0]?.n).toBe(before)

	expect(await unreadCount(teacher.id, { now: NOW })).toBe(1)
	expect(await unreadCount(elsewhere.id, { now: NOW })).toBe(0)
	const { items } = await listNotifications(teacher.id, { now: NOW })
	expect(items).toHaveLength(1)
	expect(items[0]).toMatchObject({ id: null, assignmentId: id, kind: 'assignment.assigned', link: `/courses/${courseSlug}`, readAt: null })
	expect(items[0]?.kind === 'assignment.assigned' && items[0].params).toMatchObject({ assignmentId: id, dueOn: '2026-12-20', by: { kk: expect.stringContaining('Қарасай'), ru: expect.stringContaining('Карасай') } })

	// Reading it writes her row, and only hers; it stays in her list as read.
	expect(await markAssignmentRead({ userId: elsewhere.id, assignmentId: id, now: NOW })).toBe(false)
	expect(await markAssignmentRead({ userId: teacher.id, assignmentId: id, now: NOW })).toBe(true)
	expect(await markAssignmentRead({ userId: teacher.id, assignmentId: id, now: NOW })).toBe(false)
	expect(await rowsOf(teacher.id)).toBe(1)
	expect(await unreadCount(teacher.id, { now: NOW })).toBe(0)
	expect(await unreadCount(colleague.id, { now: NOW })).toBe(1)
	const after = await listNotifications(teacher.id, { now: NOW })
	expect(after.items).toHaveLength(1)
	expect(after.items[0]).toMatchObject({ kind: 'assignment.assigned', assignmentId: null, readAt: expect.any(Date) })

	// A teacher who joins a school of the district later has it at once.
	const db = await getDb()
	await db.update(users).set({ schoolId: karasai.schoolId }).where(eq(users.id, elsewhere.id))
	expect(await unreadCount(elsewhere.id, { now: NOW })).toBe(1)

	// More than 30 days after the due day it is no longer news.
	expect(await unreadCount(colleague.id, { now: new Date('2027-01-20T07:00:00Z') })).toBe(0)
	expect(await unreadCount(colleague.id, { now: new Date('2027-01-19T07:00:00Z') })).toBe(1)
	await db.delete(assignments).where(eq(assignments.id, id))
})

test('"mark all as read" covers stored notifications and assignment notices alike', async () => {
	const db = await getDb()
	const karasai = await findSchool()
	const admin = await createUser({ role: 'admin' })
	const teacher = await createUser({ schoolId: karasai.schoolId })
	const a = await assignToDistrict({ districtId: karasai.districtId, due: '2026-12-24', by: admin.id })
	const b = await assignToDistrict({ districtId: karasai.districtId, due: '2027-01-15', by: admin.id })
	await notify(db, returned(teacher.id, 1))
	expect(await unreadCount(teacher.id, { now: NOW })).toBe(3)
	expect(await markAllRead({ userId: teacher.id, now: NOW })).toBe(3)
	expect(await unreadCount(teacher.id, { now: NOW })).toBe(0)
	expect((await listNotifications(teacher.id, { now: NOW })).items.every((i) => i.readAt !== null)).toBe(true)
	await db.delete(assignments).where(sql`${assignments.id} in (${a}, ${b})`)
})

test('the notifications page lists, marks read through plain forms, and refuses another user\'s notification with 404', async () => {
	const db = await getDb()
	const me = await signedIn()
	const other = await signedIn()
	await notify(db, returned(me.user.id, 11))
	await notify(db, returned(other.user.id, 12))
	const [theirs] = (await listNotifications(other.user.id)).items
	const [mine] = (await listNotifications(me.user.id)).items
	if (!theirs?.id || !mine?.id) throw new Error('no notifications')

	const page = await pageRoute.loader(routeArgs(makeRequest('/ru/notifications', { cookie: me.cookie }), { lang: 'ru' }))
	expect(page.unread).toBe(1)
	expect(page.items.map((i) => i.id)).toEqual([mine.id])

	const post = (form: Record<string, string>, who = me, url = '/ru/notifications') =>
		run(() => pageRoute.action(routeArgs(makeRequest(url, { cookie: who.cookie, form }), { lang: 'ru' })))

	const foreign = await post({ intent: 'read', item: `n${theirs.id}` })
	expect(foreign).toBeInstanceOf(Response)
	expect(foreign instanceof Response && foreign.status).toBe(404)
	expect(await unreadCount(other.user.id)).toBe(1)

	const bads: Record<string, string>[] = [{ intent: 'read', item: 'n' }, { intent: 'read', item: `x${mine.id}` }, { intent: 'read' }, { intent: 'nonsense' }, {}]
	for (const bad of bads) {
		const result = await post(bad)
		expect(result).toMatchObject({ init: { status: 400 }, data: { error: 'badRequest' } })
	}
	expect(await unreadCount(me.user.id)).toBe(1)

	const done = await post({ intent: 'read', item: `n${mine.id}` }, me, '/ru/notifications?page=2')
	expect(done instanceof Response && [done.status, done.headers.get('Location')]).toEqual([302, '/ru/notifications?page=2'])
	expect(await unreadCount(me.user.id)).toBe(0)

	await notify(db, returned(me.user.id, 13))
	const all = await post({ intent: 'read-all' })
	expect(all instanceof Response && all.headers.get('Location')).toBe('/ru/notifications?marked=all')
	expect(await unreadCount(me.user.id)).toBe(0)

	// Signed out: to the login page; a bad page number: 400.
	const anonymous = await run(() => pageRoute.loader(routeArgs(makeRequest('/ru/notifications'), { lang: 'ru' })))
	expect(anonymous instanceof Response && anonymous.headers.get('Location')).toMatch(/^\/ru\/login\?redirectTo=/)
	for (const p of ['0', '-1', 'abc', '99999999', '1.5']) {
		const bad = await run(() => pageRoute.loader(routeArgs(makeRequest(`/ru/notifications?page=${p}`, { cookie: me.cookie }), { lang: 'ru' })))
		expect(bad instanceof Response && bad.status).toBe(400)
	}
})

test('the header\'s count comes with every page but lesson pages', async () => {
	const db = await getDb()
	const me = await signedIn()
	await notify(db, returned(me.user.id, 21))
	await notify(db, returned(me.user.id, 22))
	const rootData = async (url: string, cookie?: string) => {
		const result = await rootRoute.loader(routeArgs(makeRequest(url, { cookie }), {}))
		return result.user
	}
	expect((await rootData('/kk/courses', me.cookie))?.unread).toBe(2)
	expect((await rootData('/ru/my', me.cookie))?.unread).toBe(2)
	expect((await rootData(`/kk/courses/${courseSlug}/lessons/intro`, me.cookie))?.unread).toBeNull()
	expect(await rootData('/kk/courses')).toBeNull()
})
