import { data, redirect } from 'react-router'
import { requireUser } from '#app/modules/auth/session.server.ts'
import { invariantResponse, notFound } from '#app/modules/http/responses.ts'
import { isLocale } from '#app/modules/i18n/locales.ts'
import { listNotifications, markAllRead, markAssignmentRead, markRead, unreadCount } from './notifications.server.ts'

/** The furthest page a link can ask for; past the last page the list is simply empty. */
const MAX_PAGE = 10_000

function pageOf(request: Request) {
	const raw = new URL(request.url).searchParams.get('page')
	if (raw === null || raw === '') return 1
	invariantResponse(/^\d{1,5}$/.test(raw) && Number(raw) >= 1 && Number(raw) <= MAX_PAGE, 'Bad page', { status: 400 })
	return Number(raw)
}

/** The signed-in user's notifications page: one page of the list, newest first, and the unread count. */
export async function loadNotifications(request: Request, { now = new Date() }: { now?: Date } = {}) {
	const user = await requireUser(request)
	const page = pageOf(request)
	const [list, unread] = await Promise.all([listNotifications(user.id, { page, now }), unreadCount(user.id, { now })])
	const marked = new URL(request.url).searchParams.get('marked') === 'all'
	return {
		now: now.toISOString(),
		unread,
		marked,
		page: list.page,
		hasMore: list.hasMore,
		items: list.items.map((i) => ({ ...i, createdAt: i.createdAt.toISOString(), readAt: i.readAt?.toISOString() ?? null })),
	}
}

/** `n<id>`: a stored notification; `a<id>`: the notice of an assignment computed when read. */
function itemOf(value: FormDataEntryValue | null) {
	const match = typeof value === 'string' ? /^([na])(\d{1,9})$/.exec(value) : null
	if (!match?.[2]) return null
	const id = Number(match[2])
	return match[1] === 'n' ? { kind: 'stored' as const, id } : { kind: 'assignment' as const, id }
}

/**
 * "Mark all as read" (intent=read-all) and "mark as read" (intent=read, item=n<id>|a<id>), both
 * plain POST forms that come back to the page they were sent from. Another user's notification
 * answers 404, as one that does not exist.
 */
export async function submitNotifications(request: Request, { lang, now = new Date() }: { lang: string | undefined; now?: Date }) {
	invariantResponse(isLocale(lang), 'Not found', { status: 404 })
	const user = await requireUser(request)
	const page = pageOf(request)
	const formData = await request.formData()
	const intent = formData.get('intent')
	const back = `/${lang}/notifications${page > 1 ? `?page=${page}` : ''}`
	if (intent === 'read-all') {
		await markAllRead({ userId: user.id, now })
		return redirect(`/${lang}/notifications?marked=all`)
	}
	const item = intent === 'read' ? itemOf(formData.get('item')) : null
	if (!item) return data({ error: 'badRequest' as const }, { status: 400 })
	const found =
		item.kind === 'stored'
			? await markRead({ userId: user.id, id: item.id, now })
			: await markAssignmentRead({ userId: user.id, assignmentId: item.id, now })
	if (!found) notFound()
	return redirect(back)
}
