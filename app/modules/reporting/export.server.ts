import { PassThrough } from 'node:stream'
import ExcelJS from 'exceljs'
import { fixedT } from '#app/modules/i18n/i18n.ts'
import { pick, type Locale } from '#app/modules/i18n/locales.ts'
import { getResources } from '#app/modules/i18n/resources.server.ts'
import { getDashboard, getSchoolTeachers, teacherSummaries } from './reports.server.ts'
import { csvCell, type AllowedTarget, type Filters } from './scope.ts'

export const tableNames = ['units', 'gender', 'languages', 'courses', 'gain', 'months', 'teachers', 'enrolments'] as const
export type TableName = (typeof tableNames)[number]
export const formats = ['csv', 'xlsx'] as const
export type Format = (typeof formats)[number]

export type Cell = string | number | null
export type Table = { title: string; headers: string[]; batches: AsyncIterable<Cell[][]> }

async function* once(rows: Cell[][]) {
	yield rows
}

/**
 * A report table with localized headers, as batches of rows. Every table reads through the same
 * allowed target as the page it belongs to; 'enrolments' exists only for a school.
 */
export async function buildTable({ table, target, filters, locale }: { table: TableName; target: AllowedTarget; filters: Filters; locale: Locale }): Promise<Table | null> {
	const t = fixedT(locale, getResources(locale), 'reporting')
	const name = (p: { nameKk: string; nameRu: string }) => pick(locale, p.nameKk, p.nameRu)
	const figureHeaders = [t('columns.enrolled'), t('columns.completed'), t('columns.rate'), t('columns.certified')]
	if (table === 'teachers') {
		const headers = [t('columns.fullName'), t('columns.gender'), t('columns.school'), t('columns.district'), t('columns.region'), ...[t('columns.enrolled'), t('columns.completed'), t('columns.certified')]]
		async function* rows() {
			for await (const batch of teacherSummaries({ target, filters })) {
				yield batch.map((r): Cell[] => [
					r.full_name,
					t(`personGender.${r.gender}`),
					pick(locale, r.school_kk, r.school_ru),
					pick(locale, r.district_kk, r.district_ru),
					pick(locale, r.region_kk, r.region_ru),
					r.enrolled,
					r.completed,
					r.certified,
				])
			}
		}
		return { title: t('tables.teachers'), headers, batches: rows() }
	}
	if (table === 'enrolments') {
		if (target.level !== 'school') return null
		const { teachers, courses } = await getSchoolTeachers({ target: { ...target, level: 'school' }, filters })
		const titles = new Map(courses.map((c) => [c.id, pick(locale, c.titleKk, c.titleRu)]))
		const headers = [t('columns.fullName'), t('columns.gender'), t('columns.course'), t('columns.language'), t('columns.lessonsDone'), t('columns.lessonsRequired'), t('columns.diagnostic'), t('columns.final'), t('columns.completedAt'), t('columns.certificate')]
		const rows: Cell[][] = []
		for (const teacher of teachers) {
			if (teacher.enrolments.length === 0) rows.push([teacher.fullName, t(`personGender.${teacher.gender}`), null, null, null, null, null, null, null, null])
			for (const e of teacher.enrolments) {
				rows.push([
					teacher.fullName,
					t(`personGender.${teacher.gender}`),
					titles.get(e.courseId) ?? '',
					e.locale ? t(`language.${e.locale}`) : null,
					e.lessonsDone,
					e.required,
					e.diagnosticScore,
					e.finalScore,
					e.completedAt,
					e.certificate ? (e.certificate.revoked ? t('certificate.revoked', { serial: e.certificate.serial }) : e.certificate.serial) : null,
				])
			}
		}
		return { title: t('tables.enrolments'), headers, batches: once(rows) }
	}
	if (target.level === 'school') return null
	const d = await getDashboard({ target, filters })
	if (table === 'units') {
		return {
			title: t(`tables.units.${d.unitLevel}`),
			headers: [t(`columns.${d.unitLevel}`), t('columns.teachers'), ...figureHeaders],
			batches: once(d.byUnit.map((u) => [name(u), u.teachers, u.enrolled, u.completed, u.rate, u.certified])),
		}
	}
	if (table === 'gender') {
		return {
			title: t('tables.gender'),
			headers: [t('columns.gender'), t('columns.teachers'), ...figureHeaders, t('columns.gainMean')],
			batches: once([
				...d.byGender.map((g): Cell[] => [t(`gender.${g.key}`), g.teachers, g.enrolled, g.completed, g.rate, g.certified, g.gainMean]),
				[t('total'), d.total.teachers, d.total.enrolled, d.total.completed, d.total.rate, d.total.certified, d.total.gainMean],
			]),
		}
	}
	if (table === 'languages') {
		return {
			title: t('tables.languages'),
			headers: [t('columns.language'), ...figureHeaders, t('columns.gainMean')],
			batches: once(d.byLocale.map((l) => [t(`language.${l.key}`), l.enrolled, l.completed, l.rate, l.certified, l.gainMean])),
		}
	}
	if (table === 'courses') {
		return {
			title: t('tables.courses'),
			headers: [t('columns.course'), ...figureHeaders, t('columns.gainMean')],
			batches: once(d.byCourse.map((c) => [pick(locale, c.titleKk, c.titleRu), c.enrolled, c.completed, c.rate, c.certified, c.gainMean])),
		}
	}
	if (table === 'gain') {
		return {
			title: t('tables.gain'),
			headers: [t('columns.bucket'), t('columns.count'), t('columns.share')],
			batches: once(d.gain.buckets.map((b) => [t(`gainBucket.${b.key}`), b.count, d.gain.n ? Math.round((b.count / d.gain.n) * 1000) / 10 : null])),
		}
	}
	return {
		title: t('tables.months'),
		headers: [t('columns.month'), t('columns.completed')],
		batches: once(d.months.map((m) => [m.month, m.completed])),
	}
}

const CRLF = '\r\n'

function csvStream(table: Table): ReadableStream<Uint8Array> {
	const encoder = new TextEncoder()
	const iterator = table.batches[Symbol.asyncIterator]()
	return new ReadableStream<Uint8Array>({
		start(controller) {
			// The byte-order mark makes spreadsheet programs read the file as UTF-8.
			controller.enqueue(encoder.encode(`\uFEFF${table.headers.map(csvCell).join(',')}${CRLF}`))
		},
		async pull(controller) {
			const next = await iterator.next()
			if (next.done) controller.close()
			else controller.enqueue(encoder.encode(next.value.map((row) => row.map(csvCell).join(',') + CRLF).join('')))
		},
		async cancel() {
			await iterator.return?.(undefined)
		},
	})
}

function xlsxStream(table: Table): ReadableStream<Uint8Array> {
	const out = new PassThrough()
	const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false })
	// Sheet names are limited to 31 characters and some punctuation.
	const sheet = workbook.addWorksheet(table.title.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31))
	const write = async () => {
		sheet.addRow(table.headers).commit()
		for await (const batch of table.batches) for (const row of batch) sheet.addRow(row).commit()
		sheet.commit()
		await workbook.commit()
	}
	write().catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))))
	const chunks = out[Symbol.asyncIterator]()
	return new ReadableStream<Uint8Array>({
		async pull(controller) {
			const next = await chunks.next()
			if (next.done) controller.close()
			else controller.enqueue(new Uint8Array(next.value))
		},
		async cancel() {
			out.destroy()
		},
	})
}

/** A streamed download of the table. */
export function tableResponse(table: Table, { format, filename }: { format: Format; filename: string }) {
	const body = format === 'csv' ? csvStream(table) : xlsxStream(table)
	return new Response(body, {
		headers: {
			'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'Content-Disposition': `attachment; filename="${filename}.${format}"`,
			'Cache-Control': 'private, no-store',
		},
	})
}
