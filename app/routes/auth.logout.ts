import { redirect } from 'react-router'
import { clearSessionCookie, invalidateSession, readCookie, SESSION_COOKIE } from '#app/modules/auth/session.server.ts'
import type { Route } from './+types/auth.logout.ts'

export async function action({ request, params }: Route.ActionArgs) {
	const token = readCookie(request, SESSION_COOKIE)
	if (token) await invalidateSession(token)
	return redirect(`/${params.lang}/`, { headers: { 'Set-Cookie': clearSessionCookie() } })
}

export function loader({ params }: Route.LoaderArgs) {
	return redirect(`/${params.lang}/`)
}
