import fs from 'node:fs'
import path from 'node:path'
import { expect, test } from 'vitest'
import { formatDate, formatNumber } from './format.ts'

const icu = (locale: string, options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locale, { ...options, timeZone: 'Asia/Almaty' })

test('long dates name every month as Node’s ICU does, in Kazakh and in Russian', () => {
	for (let month = 0; month < 12; month += 1) {
		const date = new Date(Date.UTC(2026, month, 3, 9, 5))
		expect(formatDate(date, 'kk')).toBe(icu('kk-KZ', { dateStyle: 'long' }).format(date))
		expect(formatDate(date, 'ru')).toBe(icu('ru-RU', { dateStyle: 'long' }).format(date))
	}
	expect(formatDate('2026-12-03T09:05:00Z', 'kk')).toBe('2026 ж. 3 желтоқсан')
	expect(formatDate('2026-12-03T09:05:00Z', 'ru')).toBe('3 декабря 2026 г.')
	expect(formatDate('2026-05-01T00:00:00Z', 'kk')).toBe('2026 ж. 1 мамыр')
	expect(formatDate('2026-05-01T00:00:00Z', 'ru')).toBe('1 мая 2026 г.')
})

test('dates are on Almaty time, UTC+5 since March 2024 and UTC+6 before', () => {
	expect(formatDate('2026-12-31T19:30:00Z', 'ru', 'dateTime')).toBe('01.01.2027, 00:30')
	expect(formatDate('2026-12-31T18:59:00Z', 'kk', 'short')).toBe('31.12.2026')
	expect(formatDate('2024-01-10T18:30:00Z', 'ru', 'dateTime')).toBe('11.01.2024, 00:30')
	for (const iso of ['2023-06-30T18:30:00Z', '2024-02-29T17:59:00Z', '2024-02-29T18:00:00Z', '2026-07-15T20:10:00Z']) {
		const expected = icu('ru-RU', { dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso))
		expect(formatDate(iso, 'ru', 'dateTime')).toBe(expected)
	}
})

test('numbers group thousands with a no-break space and use a decimal comma, as Node’s ICU does', () => {
	for (const n of [0, 7, 999, 1000, 1234, 12345.5, 1234567.25, -1500.5, 0.05, 999.96, 37.45, 100000, -0.04, 1.005]) {
		for (const digits of [0, 1, 2]) {
			expect(formatNumber(n, 'kk', digits)).toBe(new Intl.NumberFormat('kk', { maximumFractionDigits: digits }).format(n).replace(/^-0$/, '0'))
			expect(formatNumber(n, 'ru', digits)).toBe(new Intl.NumberFormat('ru-RU', { maximumFractionDigits: digits }).format(n).replace(/^-0$/, '0'))
		}
	}
	expect(formatNumber(12345.5, 'kk', 1)).toBe('12\u00a0345,5')
})

test('no other code formats dates or numbers for display with the ICU at hand', () => {
	const files = fs.readdirSync('app', { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f) && !f.endsWith(path.join('i18n', 'format.ts')))
	const offenders = files.filter((f) => /Intl\.(DateTimeFormat|NumberFormat|RelativeTimeFormat)|toLocale(Date|Time)?String\(/.test(fs.readFileSync(path.join('app', f), 'utf8')))
	expect(offenders).toEqual([])
})
