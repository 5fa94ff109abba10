export const LOCALE_COOKIE = 'ortaq_lang'

export function localeCookie(locale: string) {
	return `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=31536000; SameSite=Lax`
}
