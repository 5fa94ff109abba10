import { cachingFontkit, dejaVuBytes } from '#app/modules/pdf/fonts.server.ts'
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib'
import type { Locale } from '#app/modules/i18n/locales.ts'
import type { TemplateFile } from './metadata.ts'

/** Bumped when the layout changes, so that synced templates are generated again. */
export const TEMPLATE_LAYOUT_VERSION = 2

const ink = rgb(0.1, 0.12, 0.16)
const rule = rgb(0.55, 0.58, 0.62)
const accent = rgb(0.11, 0.37, 0.66)
const A4 = { width: 595.28, height: 841.89 }
const margin = 50
const contentWidth = A4.width - 2 * margin
// A fixed date: the same template.json gives the same bytes, so the file is stored once by its hash.
const fixedDate = new Date('2026-01-01T00:00:00Z')

/** Lines of text no wider than width; a word longer than the line is cut by characters. */
export function wrapText(text: string, font: PDFFont, size: number, width: number) {
	const lines: string[] = []
	for (const paragraph of text.split('\n')) {
		let line = ''
		for (const word of paragraph.split(/\s+/).filter(Boolean)) {
			const candidate = line ? `${line} ${word}` : word
			if (font.widthOfTextAtSize(candidate, size) <= width) {
				line = candidate
				continue
			}
			if (line) lines.push(line)
			line = ''
			let rest = word
			while (font.widthOfTextAtSize(rest, size) > width) {
				let n = rest.length - 1
				while (n > 1 && font.widthOfTextAtSize(rest.slice(0, n), size) > width) n--
				lines.push(rest.slice(0, n))
				rest = rest.slice(n)
			}
			line = rest
		}
		lines.push(line)
	}
	return lines
}

/** The template as a printable A4 PDF in one language: headings, lines to write on, empty tables, boxes to tick. */
export async function templatePdf({ template, locale }: { template: TemplateFile; locale: Locale }) {
	const doc = await PDFDocument.create()
	doc.registerFontkit(cachingFontkit)
	const title = template.title[locale]
	doc.setTitle(title)
	doc.setAuthor('Ortaq')
	doc.setLanguage(locale === 'kk' ? 'kk-KZ' : 'ru-RU')
	doc.setCreationDate(fixedDate)
	doc.setModificationDate(fixedDate)
	const bytes = dejaVuBytes()
	// Named fonts: pdf-lib would otherwise add a random suffix to each, and the bytes would differ every time.
	const [regular, bold] = await Promise.all([
		doc.embedFont(bytes.regular, { subset: true, customName: 'DejaVuSans' }),
		doc.embedFont(bytes.bold, { subset: true, customName: 'DejaVuSans-Bold' }),
	])

	let page: PDFPage = doc.addPage([A4.width, A4.height])
	let y = A4.height - margin
	const newPage = () => {
		page = doc.addPage([A4.width, A4.height])
		y = A4.height - margin
	}
	/** Starts a new page unless `height` still fits above the bottom margin. */
	const ensure = (height: number) => {
		if (y - height < margin + 20) {
			newPage()
			return true
		}
		return false
	}
	const text = (value: string, { font = regular, size = 10.5, color = ink, x = margin, width = contentWidth, gap = 1.35 } = {}) => {
		for (const line of wrapText(value, font, size, width)) {
			ensure(size * gap)
			y -= size
			page.drawText(line, { x, y, size, font, color })
			y -= size * (gap - 1)
		}
	}

	text(title, { font: bold, size: 17, color: accent })
	y -= 6
	if (template.intro) {
		text(template.intro[locale], { size: 10.5 })
		y -= 4
	}
	const tableHead = (columns: string[]) => {
		const colWidth = contentWidth / columns.length
		const headerLines = columns.map((c) => wrapText(c, bold, 9, colWidth - 8))
		return { colWidth, headerLines, headerHeight: Math.max(...headerLines.map((l) => l.length)) * 11.5 + 8 }
	}
	const rowHeight = 26
	for (const section of template.sections) {
		y -= 12
		// A heading stays with the first thing under it: a field's label and line, a table's header and first row,
		// or the first box to tick — never alone at the foot of a page.
		const field = section.fields?.[0]
		const item = section.checklist?.[0]
		const firstBlock = field
			? wrapText(field.label[locale], regular, 10.5, contentWidth).length * 14 + 24
			: section.table
				? tableHead(section.table.columns.map((c) => c[locale])).headerHeight + rowHeight
				: item
					? wrapText(item[locale], regular, 10.5, contentWidth - 22).length * 14.2 + 6
					: 0
		ensure(13 * 1.35 + 4 + firstBlock)
		text(section.heading[locale], { font: bold, size: 13 })
		y -= 4
		for (const field of section.fields ?? []) {
			const labelLines = wrapText(field.label[locale], regular, 10.5, contentWidth)
			ensure(labelLines.length * 14 + 24)
			text(field.label[locale], { size: 10.5 })
			for (let i = 0; i < field.lines; i++) {
				ensure(24)
				y -= 22
				page.drawLine({ start: { x: margin, y }, end: { x: margin + contentWidth, y }, thickness: 0.6, color: rule })
			}
			y -= 10
		}
		if (section.table) {
			const columns = section.table.columns.map((c) => c[locale])
			const { colWidth, headerLines, headerHeight } = tableHead(columns)
			const header = () => {
				const top = y
				page.drawRectangle({ x: margin, y: top - headerHeight, width: contentWidth, height: headerHeight, color: rgb(0.93, 0.95, 0.97), borderColor: rule, borderWidth: 0.6 })
				headerLines.forEach((lines, c) => {
					lines.forEach((line, i) => page.drawText(line, { x: margin + c * colWidth + 4, y: top - 13 - i * 11.5, size: 9, font: bold, color: ink }))
					if (c > 0) page.drawLine({ start: { x: margin + c * colWidth, y: top }, end: { x: margin + c * colWidth, y: top - headerHeight }, thickness: 0.6, color: rule })
				})
				y -= headerHeight
			}
			ensure(headerHeight + rowHeight)
			header()
			for (let r = 0; r < section.table.rows; r++) {
				// A table that runs over the page goes on with its header repeated.
				if (ensure(rowHeight)) header()
				page.drawRectangle({ x: margin, y: y - rowHeight, width: contentWidth, height: rowHeight, borderColor: rule, borderWidth: 0.6 })
				for (let c = 1; c < columns.length; c++) {
					page.drawLine({ start: { x: margin + c * colWidth, y }, end: { x: margin + c * colWidth, y: y - rowHeight }, thickness: 0.6, color: rule })
				}
				y -= rowHeight
			}
			y -= 10
		}
		for (const item of section.checklist ?? []) {
			const lines = wrapText(item[locale], regular, 10.5, contentWidth - 22)
			ensure(lines.length * 14.2 + 6)
			page.drawRectangle({ x: margin, y: y - 11.5, width: 10, height: 10, borderColor: ink, borderWidth: 0.8 })
			text(item[locale], { x: margin + 22, width: contentWidth - 22 })
			y -= 5
		}
	}

	const pages = doc.getPages()
	pages.forEach((p, i) => {
		const footer = `${title} — ${i + 1} / ${pages.length}`
		const line = wrapText(footer, regular, 8, contentWidth)[0] ?? ''
		p.drawText(line, { x: margin, y: margin - 22, size: 8, font: regular, color: rule })
	})
	return doc.save({ useObjectStreams: true })
}
