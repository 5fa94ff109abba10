/** A file size for people: KB below a megabyte, MB with one decimal above. */
export function formatSize(bytes: number, locale: string) {
	const mb = bytes / (1024 * 1024)
	if (mb >= 1) return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(mb)} MB`
	return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(Math.max(1, bytes / 1024))} KB`
}
