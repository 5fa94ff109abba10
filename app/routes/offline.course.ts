import { getUser } from '#app/modules/auth/session.server.ts'
import { fixedT } from '#app/modules/i18n/i18n.ts'
import { isLocale, type Locale } from '#app/modules/i18n/locales.ts'
import { getResources } from '#app/modules/i18n/resources.server.ts'
import { offlinePackage } from '#app/modules/learning/offline-sync.server.ts'
import { getPublishedStructure } from '#app/modules/learning/structure.server.ts'
import type { Route } from './+types/offline.course.ts'

// Her own progress and pages: a shared cache must not keep them (ADR 014).
const headers = { 'Cache-Control': 'private, no-cache' }

function failure(locale: Locale, error: string, status: number) {
	const t = fixedT(locale, getResources(locale), 'learning')
	const key = error === 'not_enrolled' ? 'offline.refused.not_enrolled' : `offline.errors.${error}`
	return Response.json({ error, message: t(key) }, { status, headers })
}

/** GET /:lang/offline/courses/:slug — what a device saves of a course she is enrolled in (ADR 014). */
export async function loader({ request, params }: Route.LoaderArgs) {
	if (!isLocale(params.lang)) return Response.json({ error: 'not_found' }, { status: 404, headers })
	const locale = params.lang
	const user = await getUser(request)
	if (!user) return failure(locale, 'unauthorized', 401)
	const course = /^[a-z0-9][a-z0-9-]{0,99}$/.test(params.slug) ? await getPublishedStructure(params.slug) : null
	if (!course) return failure(locale, 'not_found', 404)
	const pack = await offlinePackage({ user, locale, course })
	if (!pack) return failure(locale, 'not_enrolled', 403)
	return Response.json(pack, { headers })
}
