import { redirect } from 'react-router'
import { preferredLocale } from '#app/modules/i18n/request.server.ts'
import type { Route } from './+types/index.ts'

export function loader({ request }: Route.LoaderArgs) {
	return redirect(`/${preferredLocale(request)}/`, { headers: { Vary: 'Cookie, Accept-Language' } })
}
