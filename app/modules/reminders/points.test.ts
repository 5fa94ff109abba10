import { expect, test } from 'vitest'
import { activePoint, dueDaysWithPoints, isoWeek, parsePoints } from './points.ts'

test('REMINDER_DAYS: the default, a custom list, and malformed values refused', () => {
	expect(parsePoints(undefined)).toEqual([14, 3, -1])
	expect(parsePoints('7, 1')).toEqual([7, 1])
	expect(parsePoints('3,14,-1')).toEqual([14, 3, -1])
	expect(parsePoints('3,x')).toBeNull()
	expect(parsePoints('3,3')).toBeNull()
	expect(parsePoints('999')).toBeNull()
})

test('a point is active on its day and the day after (a missed run), the later point winning a shared day', () => {
	const points = [14, 3, -1]
	expect(activePoint(15, points)).toBeNull()
	expect(activePoint(14, points)).toBe(14)
	expect(activePoint(13, points)).toBe(14)
	expect(activePoint(12, points)).toBeNull()
	expect(activePoint(3, points)).toBe(3)
	expect(activePoint(2, points)).toBe(3)
	expect(activePoint(0, points)).toBeNull()
	expect(activePoint(-1, points)).toBe(-1)
	expect(activePoint(-2, points)).toBe(-1)
	expect(activePoint(-3, points)).toBeNull()
	expect(activePoint(2, [3, 2])).toBe(2)
})

test('the due days to look at today', () => {
	expect(dueDaysWithPoints('2026-12-03', [3, -1])).toEqual(['2026-12-01', '2026-12-02', '2026-12-05', '2026-12-06'])
})

test('ISO weeks, also across a new year', () => {
	expect(isoWeek('2026-12-03')).toBe('2026-W49')
	expect(isoWeek('2026-11-30')).toBe('2026-W49')
	expect(isoWeek('2026-12-06')).toBe('2026-W49')
	expect(isoWeek('2026-12-07')).toBe('2026-W50')
	expect(isoWeek('2027-01-01')).toBe('2026-W53')
	expect(isoWeek('2021-01-03')).toBe('2020-W53')
	expect(isoWeek('2024-12-30')).toBe('2025-W01')
})
