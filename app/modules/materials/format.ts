import { formatNumber } from '#app/modules/i18n/format.ts'

/** A file size for people: KB below a megabyte, MB with one decimal above. */
export function formatSize(bytes: number, locale: string) {
	const mb = bytes / (1024 * 1024)
	const lang = locale === 'kk' ? 'kk' : 'ru'
	if (mb >= 1) return `${formatNumber(mb, lang, 1)} MB`
	return `${formatNumber(Math.max(1, bytes / 1024), lang, 0)} KB`
}

const formats: Record<string, string> = {
	'application/pdf': 'PDF',
	'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'DOCX',
	'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'PPTX',
	'image/png': 'PNG',
	'image/jpeg': 'JPEG',
	'image/webp': 'WebP',
	'image/gif': 'GIF',
}

/** The kind of file as people name it: PDF, DOCX, PNG. */
export function formatLabel(mime: string, filename = '') {
	return formats[mime] ?? (filename.split('.').pop() ?? '').toUpperCase()
}
