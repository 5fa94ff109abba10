export const locales = ['kk', 'ru'] as const
export type Locale = (typeof locales)[number]
export const defaultLocale: Locale = 'kk'

export function isLocale(value: unknown): value is Locale {
	return value === 'kk' || value === 'ru'
}

/** Picks kk or ru from an Accept-Language header, by quality; null when neither is listed. */
export function localeFromAcceptLanguage(header: string | null): Locale | null {
	if (!header) return null
	const ranked = header
		.split(',')
		.map((part, index) => {
			const [tag = '', ...params] = part.trim().split(';')
			const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
			return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) : 1, index }
		})
		.filter((entry) => entry.q > 0)
		.sort((a, b) => b.q - a.q || a.index - b.index)
	for (const { tag } of ranked) {
		const primary = tag.split('-')[0]
		if (isLocale(primary)) return primary
	}
	return null
}

/** The same path in another language: /kk/courses/x?y → /ru/courses/x?y. */
export function switchLocalePath(pathname: string, search: string, target: Locale) {
	const rest = pathname.replace(/^\/(kk|ru)(?=\/|$)/, '')
	return `/${target}${rest || '/'}${search}`
}

/** Picks the kk or ru variant of a localized pair of fields. */
export function pick<T>(locale: Locale, kk: T, ru: T): T {
	return locale === 'kk' ? kk : ru
}

// Dates and numbers for display come from one formatter that prints the same on server and client.
export { formatDate, formatNumber } from './format.ts'
