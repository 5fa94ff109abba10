import { readCookie } from '#app/modules/auth/session.server.ts'
import { LOCALE_COOKIE } from './cookie.ts'
import { defaultLocale, isLocale, localeFromAcceptLanguage, type Locale } from './locales.ts'

/** The language a visitor prefers when the URL does not say: the cookie, then Accept-Language, then Kazakh. */
export function preferredLocale(request: Request): Locale {
	const cookie = readCookie(request, LOCALE_COOKIE)
	if (isLocale(cookie)) return cookie
	return localeFromAcceptLanguage(request.headers.get('Accept-Language')) ?? defaultLocale
}
