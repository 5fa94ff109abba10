/**
 * Words of an MDX document as a reader meets them: front matter, component tags, link targets,
 * code and table rules left out. Used for reading time and for the content checker's bands.
 */
export function proseOf(source: string) {
	return source
		.replace(/\r\n/g, '\n')
		.replace(/^---\n[\s\S]*?\n---\n/, (m) => m.replace(/[^\n]/g, ' '))
		.replace(/```[\s\S]*?```/g, (m) => m.replace(/[^\n]/g, ' '))
		.replace(/<\/?[A-Za-z][^<>]*>/g, (m) => m.replace(/[^\n]/g, ' '))
		.replace(/\]\([^)\s]*\)/g, (m) => `]${' '.repeat(m.length - 1)}`)
		.replace(/https?:\/\/\S+/g, (m) => ' '.repeat(m.length))
}

const wordPattern = /[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu

export function wordCount(source: string) {
	return proseOf(source).match(wordPattern)?.length ?? 0
}

/** Minutes to read at about 180 words a minute, at least one. */
export function readingMinutes(source: string) {
	return Math.max(1, Math.round(wordCount(source) / 180))
}
