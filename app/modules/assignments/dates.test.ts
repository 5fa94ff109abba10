import { expect, test } from 'vitest'
import { almatyToday, daysLeft, dueText, isCalendarDate, statusOf } from './dates.ts'

test('today is the calendar day in Almaty (UTC+5), not in UTC', () => {
	expect(almatyToday(new Date('2026-12-03T18:59:00Z'))).toBe('2026-12-03')
	expect(almatyToday(new Date('2026-12-03T19:00:00Z'))).toBe('2026-12-04')
})

test('days left count calendar days in Almaty', () => {
	expect(daysLeft('2026-12-10', new Date('2026-12-03T10:00:00Z'))).toBe(7)
	expect(daysLeft('2026-12-04', new Date('2026-12-03T19:30:00Z'))).toBe(0)
	expect(daysLeft('2026-12-01', new Date('2026-12-03T10:00:00Z'))).toBe(-2)
	expect(dueText('2027-01-01', new Date('2026-12-31T12:00:00Z'))).toEqual({ key: 'dueIn', count: 1 })
	expect(dueText('2026-12-31', new Date('2026-12-31T12:00:00Z'))).toEqual({ key: 'dueToday', count: 0 })
	expect(dueText('2026-12-30', new Date('2026-12-31T12:00:00Z'))).toEqual({ key: 'overdueBy', count: 1 })
})

test('overdue starts the day after the due day; a completion is never overdue', () => {
	const base = { enrolled: true, completed: false, dueOn: '2026-12-10' }
	expect(statusOf({ ...base, today: '2026-12-10' })).toBe('inProgress')
	expect(statusOf({ ...base, today: '2026-12-11' })).toBe('overdue')
	expect(statusOf({ ...base, enrolled: false, today: '2026-12-10' })).toBe('notStarted')
	expect(statusOf({ ...base, enrolled: false, today: '2026-12-11' })).toBe('overdue')
	expect(statusOf({ ...base, completed: true, today: '2027-01-01' })).toBe('completed')
})

test('calendar dates are checked', () => {
	expect(isCalendarDate('2026-02-28')).toBe(true)
	expect(isCalendarDate('2026-02-30')).toBe(false)
	expect(isCalendarDate('2026-2-3')).toBe(false)
})
