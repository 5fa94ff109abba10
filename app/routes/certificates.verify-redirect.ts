import { redirect } from 'react-router'
import { preferredLocale } from '#app/modules/i18n/request.server.ts'
import type { Route } from './+types/certificates.verify-redirect.ts'

/** The QR code's short address: sends the visitor to the page in their language. */
export function loader({ request, params }: Route.LoaderArgs) {
	return redirect(`/${preferredLocale(request)}/verify/${encodeURIComponent(params.code)}`, { headers: { Vary: 'Cookie, Accept-Language' } })
}
