import { formatNumber } from '#app/modules/i18n/format.ts'

/** A file size for people: KB below a megabyte, MB with one decimal above. */
export function formatSize(bytes: number, locale: string) {
	const mb = bytes / (1024 * 1024)
	const lang = locale === 'kk' ? 'kk' : 'ru'
	if (mb >= 1) return `${formatNumber(mb, lang, 1)} MB`
	return `${formatNumber(Math.max(1, bytes / 1024), lang, 0)} KB`
}
