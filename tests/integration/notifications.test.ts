import { expect, test } from 'vitest'
import { getDb } from '#app/db/client.server.ts'
import { listNotifications, markAllRead, markRead, notify, unreadCount } from '#app/modules/notifications/notifications.server.ts'
import { createUser } from '#tests/factories.ts'

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
