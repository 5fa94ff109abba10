import { cachingFontkit, dejaVuBytes } from '#app/modules/pdf/fonts.server.ts'
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib'
import QRCode from 'qrcode'
import { fixedT } from '#app/modules/i18n/i18n.ts'
import { formatDate, type Locale } from '#app/modules/i18n/locales.ts'
import { getResources } from '#app/modules/i18n/resources.server.ts'
import type { Certificate } from './certificates.server.ts'

const ink = rgb(0.1, 0.16, 0.26)
const accent = rgb(0.11, 0.37, 0.66)
const muted = rgb(0.33, 0.36, 0.4)

function wrap(text: string, font: PDFFont, size: number, width: number) {
	const lines: string[] = []
	let line = ''
	for (const word of text.split(/\s+/)) {
		const candidate = line ? `${line} ${word}` : word
		if (font.widthOfTextAtSize(candidate, size) <= width || !line) line = candidate
		else {
			lines.push(line)
			line = word
		}
	}
	if (line) lines.push(line)
	return lines
}

function centered(page: PDFPage, text: string, { y, font, size, color = ink, x = 0, width }: { y: number; font: PDFFont; size: number; color?: ReturnType<typeof rgb>; x?: number; width: number }) {
	let lineY = y
	for (const line of wrap(text, font, size, width)) {
		page.drawText(line, { x: x + (width - font.widthOfTextAtSize(line, size)) / 2, y: lineY, size, font, color })
		lineY -= size * 1.3
	}
	return lineY
}

/**
 * The certificate as an A4 landscape PDF: Kazakh on the left, Russian on the right, the
 * holder's name across both, and a QR code to the public verification page.
 */
export async function certificatePdf({ certificate, verifyUrl }: { certificate: Certificate; verifyUrl: string }) {
	const doc = await PDFDocument.create()
	doc.registerFontkit(cachingFontkit)
	doc.setTitle(`${certificate.serial} — ${certificate.holderName}`)
	doc.setAuthor('Ortaq')
	doc.setSubject(`${certificate.courseTitleKk} / ${certificate.courseTitleRu}`)
	doc.setCreationDate(certificate.issuedAt)
	doc.setModificationDate(certificate.issuedAt)
	const { regular: regularBytes, bold: boldBytes } = dejaVuBytes()
	const [regular, bold] = await Promise.all([doc.embedFont(regularBytes, { subset: true }), doc.embedFont(boldBytes, { subset: true })])
	const width = 841.89
	const height = 595.28
	const page = doc.addPage([width, height])
	page.drawRectangle({ x: 18, y: 18, width: width - 36, height: height - 36, borderColor: accent, borderWidth: 2.5 })
	page.drawRectangle({ x: 26, y: 26, width: width - 52, height: height - 52, borderColor: accent, borderWidth: 0.6 })
	page.drawText('Ortaq', { x: 48, y: height - 70, size: 22, font: bold, color: accent })

	const kk = fixedT('kk', getResources('kk'), 'certificates')
	const ru = fixedT('ru', getResources('ru'), 'certificates')
	centered(page, kk('pdf.heading'), { y: height - 110, font: bold, size: 30, color: accent, width })
	centered(page, certificate.holderName, { y: height - 170, font: bold, size: 26, width })

	const column = (width - 140) / 2
	const blocks: [Locale, typeof kk, string, number][] = [
		['kk', kk, certificate.courseTitleKk, 56],
		['ru', ru, certificate.courseTitleRu, 84 + column],
	]
	for (const [locale, t, title, x] of blocks) {
		let y = height - 225
		// Kazakh puts the verb last: «course» … аяқтады; Russian: завершил(а) курс … «course».
		if (locale === 'kk') {
			y = centered(page, `«${title}»`, { y, font: bold, size: 16, x, width: column })
			y = centered(page, t('pdf.body'), { y: y - 4, font: regular, size: 13, color: muted, x, width: column })
		} else {
			y = centered(page, t('pdf.body'), { y, font: regular, size: 13, color: muted, x, width: column })
			y = centered(page, `«${title}»`, { y: y - 6, font: bold, size: 16, x, width: column })
		}
		y = centered(page, t('pdf.hours', { count: certificate.hours }), { y: y - 6, font: regular, size: 13, x, width: column })
		y = centered(page, t('pdf.score', { score: certificate.score }), { y, font: regular, size: 12, color: muted, x, width: column })
		centered(page, t('pdf.issued', { date: formatDate(certificate.issuedAt, locale) }), { y, font: regular, size: 12, color: muted, x, width: column })
	}
	page.drawLine({ start: { x: width / 2, y: 200 }, end: { x: width / 2, y: height - 215 }, thickness: 0.5, color: muted })

	// The QR code as vector squares: sharp at any zoom and cheap to draw.
	const qr = QRCode.create(verifyUrl, { errorCorrectionLevel: 'M' })
	const cell = 2.6
	const qrSize = qr.modules.size * cell
	const qrX = width - 60 - qrSize
	const qrY = 52
	for (let row = 0; row < qr.modules.size; row++) {
		for (let col = 0; col < qr.modules.size; col++) {
			if (qr.modules.get(row, col)) page.drawRectangle({ x: qrX + col * cell, y: qrY + (qr.modules.size - 1 - row) * cell, width: cell, height: cell, color: ink })
		}
	}
	const footer = [
		`${kk('pdf.serial')} / ${ru('pdf.serial')}: ${certificate.serial}`,
		`${kk('pdf.verify')} / ${ru('pdf.verify')}:`,
		verifyUrl,
	]
	footer.forEach((line, i) => page.drawText(line, { x: 56, y: 110 - i * 18, size: i === 0 ? 12 : 10.5, font: i === 0 ? bold : regular, color: i === 2 ? accent : ink }))
	return doc.save()
}
