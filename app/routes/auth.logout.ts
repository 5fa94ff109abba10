import { redirect } from 'react-router'
import { clearSessionCookie, invalidateSession, readCookie, SESSION_COOKIE } from '#app/modules/auth/session.server.ts'
import type { Route } from './+types/auth.logout.ts'

/**
 * On a shared school computer the next teacher must not find this one's saved courses or queued
 * answers: the browser is told to clear the site's caches and storage (service worker, Cache API,
 * IndexedDB), ADR 014. The page warns before logout when answers are still queued.
 */
export async function action({ request, params }: Route.ActionArgs) {
	const token = readCookie(request, SESSION_COOKIE)
	if (token) await invalidateSession(token)
	return redirect(`/${params.lang}/`, { headers: { 'Set-Cookie': clearSessionCookie(), 'Clear-Site-Data': '"cache", "storage"' } })
}

export function loader({ params }: Route.LoaderArgs) {
	return redirect(`/${params.lang}/`)
}
