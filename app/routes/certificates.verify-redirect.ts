import { redirect } from 'react-router'
import { readCookie } from '#app/modules/auth/session.server.ts'
import { LOCALE_COOKIE } from '#app/modules/i18n/cookie.ts'
import { defaultLocale, isLocale, localeFromAcceptLanguage } from '#app/modules/i18n/locales.ts'
import type { Route } from './+types/certificates.verify-redirect.ts'

/** The QR code's short address: sends the visitor to the page in their language. */
export function loader({ request, params }: Route.LoaderArgs) {
	const cookie = readCookie(request, LOCALE_COOKIE)
	const locale = isLocale(cookie) ? cookie : (localeFromAcceptLanguage(request.headers.get('Accept-Language')) ?? defaultLocale)
	return redirect(`/${locale}/verify/${encodeURIComponent(params.code)}`, { headers: { Vary: 'Cookie, Accept-Language' } })
}
