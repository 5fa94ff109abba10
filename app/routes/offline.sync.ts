import { getUser } from '#app/modules/auth/session.server.ts'
import { fixedT } from '#app/modules/i18n/i18n.ts'
import { isLocale, type Locale } from '#app/modules/i18n/locales.ts'
import { getResources } from '#app/modules/i18n/resources.server.ts'
import { batchSchema, MAX_BODY_BYTES, MAX_EVENTS } from '#app/modules/learning/offline.ts'
import { syncOfflineEvents } from '#app/modules/learning/offline-sync.server.ts'
import type { Route } from './+types/offline.sync.ts'

// Private answers: never kept by a cache between the device and the server.
const headers = { 'Cache-Control': 'private, no-store' }

function failure(locale: Locale, error: string, status: number) {
	const t = fixedT(locale, getResources(locale), 'learning')
	return Response.json({ error, message: t(`offline.errors.${error}`) }, { status, headers })
}

/** The body as text, at most `limit` bytes; null when it is longer. */
async function readLimited(request: Request, limit: number) {
	if (!request.body) return ''
	const reader = request.body.getReader()
	const chunks: Uint8Array[] = []
	let size = 0
	for (;;) {
		const { done, value } = await reader.read()
		if (done) break
		size += value.byteLength
		if (size > limit) {
			await reader.cancel()
			return null
		}
		chunks.push(value)
	}
	return Buffer.concat(chunks).toString('utf8')
}

/**
 * POST /:lang/offline/sync — a device sends what was done offline (ADR 014). JSON in and out:
 * no session is a 401 (the device keeps its queue and asks her to sign in), never a redirect.
 */
export async function action({ request, params }: Route.ActionArgs) {
	if (!isLocale(params.lang)) return Response.json({ error: 'not_found' }, { status: 404, headers })
	const locale = params.lang
	const user = await getUser(request)
	if (!user) return failure(locale, 'unauthorized', 401)
	const type = (request.headers.get('Content-Type') ?? '').split(';')[0]?.trim().toLowerCase()
	if (type !== 'application/json') return failure(locale, 'unsupported_media_type', 415)
	if (Number(request.headers.get('Content-Length') ?? 0) > MAX_BODY_BYTES) return failure(locale, 'payload_too_large', 413)
	const text = await readLimited(request, MAX_BODY_BYTES)
	if (text === null) return failure(locale, 'payload_too_large', 413)
	let body: unknown
	try {
		body = JSON.parse(text)
	} catch {
		return failure(locale, 'invalid_json', 400)
	}
	if (typeof body === 'object' && body !== null && 'events' in body && Array.isArray(body.events) && body.events.length > MAX_EVENTS) {
		return failure(locale, 'payload_too_large', 413)
	}
	const batch = batchSchema.safeParse(body)
	if (!batch.success) return failure(locale, 'invalid_batch', 400)
	const result = await syncOfflineEvents({ user, locale, events: batch.data.events })
	const t = fixedT(locale, getResources(locale), 'learning')
	const events = result.events.map((e) => (e.reason ? { ...e, message: t(`offline.refused.${e.reason}`) } : e))
	return Response.json({ events, courses: result.courses }, { headers })
}
