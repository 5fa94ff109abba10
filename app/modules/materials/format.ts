/** A file size for people: KB below a megabyte, MB with one decimal above. */
export function formatSize(bytes: number, locale: string) {
	const mb = bytes / (1024 * 1024)
	if (mb >= 1) return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(mb)} MB`
	return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(Math.max(1, bytes / 1024))} KB`
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
