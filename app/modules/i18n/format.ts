import type { Locale } from './locales.ts'

/*
 * Dates and numbers for display, the same on the server and in any browser. Intl's output
 * depends on the ICU data at hand: Node has Kazakh, Chromium does not ("2026 M12 3",
 * "12,345.5"), so a page rendered on the server and again after a client navigation would
 * disagree. The month names and patterns are CLDR's (what Node's full ICU prints), written
 * out here; a unit test compares them with Node's Intl for every month.
 */

const monthsKk = ['қаңтар', 'ақпан', 'наурыз', 'сәуір', 'мамыр', 'маусым', 'шілде', 'тамыз', 'қыркүйек', 'қазан', 'қараша', 'желтоқсан']
// Russian dates name the month in the genitive: «3 декабря».
const monthsRu = ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря']

// Kazakhstan moved to one zone, UTC+5, on 1 March 2024 at 00:00 local time; Almaty was UTC+6 before.
const almatyChange = Date.UTC(2024, 1, 29, 18, 0)

/** The wall-clock parts of an instant on Almaty time. */
function almatyParts(value: Date | string) {
	const time = new Date(value).getTime()
	const shifted = new Date(time + (time < almatyChange ? 6 : 5) * 3_600_000)
	return {
		year: shifted.getUTCFullYear(),
		month: shifted.getUTCMonth(),
		day: shifted.getUTCDate(),
		hours: shifted.getUTCHours(),
		minutes: shifted.getUTCMinutes(),
	}
}

const two = (n: number) => String(n).padStart(2, '0')

export type DateStyle = 'long' | 'short' | 'dateTime'

/**
 * A date on Almaty time: 'long' «2026 ж. 3 желтоқсан» / «3 декабря 2026 г.», 'short' 03.12.2026,
 * 'dateTime' 03.12.2026, 14:05.
 */
export function formatDate(value: Date | string, locale: Locale, style: DateStyle = 'long') {
	const p = almatyParts(value)
	if (style === 'long') return locale === 'kk' ? `${p.year} ж. ${p.day} ${monthsKk[p.month]}` : `${p.day} ${monthsRu[p.month]} ${p.year} г.`
	const date = `${two(p.day)}.${two(p.month + 1)}.${p.year}`
	return style === 'short' ? date : `${date}, ${two(p.hours)}:${two(p.minutes)}`
}

/**
 * A number as Kazakh and Russian write it (both alike): groups of three separated by a no-break
 * space, a decimal comma, at most `maximumFractionDigits` decimals without trailing zeros,
 * halves rounded away from zero.
 */
export function formatNumber(value: number, _locale: Locale, maximumFractionDigits = 0) {
	if (!Number.isFinite(value)) return String(value)
	const factor = 10 ** maximumFractionDigits
	// toPrecision first, so 1.005 × 100 = 100.49999… still rounds to 101 as the decimal reads.
	const scaled = Math.round(Number((Math.abs(value) * factor).toPrecision(15)))
	const whole = Math.floor(scaled / factor)
	const fraction = String(scaled % factor).padStart(maximumFractionDigits, '0').replace(/0+$/, '')
	const grouped = String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0')
	const sign = value < 0 && scaled > 0 ? '-' : ''
	return `${sign}${grouped}${fraction && maximumFractionDigits > 0 ? `,${fraction}` : ''}`
}
