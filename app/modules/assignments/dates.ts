/*
 * Due dates are calendar days in Asia/Almaty (UTC+5 all year since March 2024). Every function takes
 * the current instant as an argument, so tests set the clock by passing it.
 */

const DAY = 86_400_000

/** Today's date in Almaty as YYYY-MM-DD. */
export function almatyToday(now: Date = new Date()) {
	return new Date(now.getTime() + 5 * 3_600_000).toISOString().slice(0, 10)
}

/** Whether YYYY-MM-DD names a real calendar day (not 2026-02-30). */
export function isCalendarDate(value: string) {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false
	const d = new Date(`${value}T00:00:00Z`)
	return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value
}

/** Days from today (Almaty) to the due day: 0 on the day itself, negative once it has passed. */
export function daysLeft(dueOn: string, now: Date = new Date()) {
	return Math.round((Date.parse(`${dueOn}T00:00:00Z`) - Date.parse(`${almatyToday(now)}T00:00:00Z`)) / DAY)
}

export const statuses = ['completed', 'inProgress', 'notStarted', 'overdue'] as const
export type Status = (typeof statuses)[number]

/** One teacher's status: completed whenever she completes; otherwise overdue after the due day. */
export function statusOf({ enrolled, completed, dueOn, today }: { enrolled: boolean; completed: boolean; dueOn: string; today: string }): Status {
	if (completed) return 'completed'
	if (today > dueOn) return 'overdue'
	return enrolled ? 'inProgress' : 'notStarted'
}

/** The key and count of the "days left" text: due in N days, due today, or N days overdue. */
export function dueText(dueOn: string, now: Date = new Date()): { key: 'dueIn' | 'dueToday' | 'overdueBy'; count: number } {
	const days = daysLeft(dueOn, now)
	if (days > 0) return { key: 'dueIn', count: days }
	if (days === 0) return { key: 'dueToday', count: 0 }
	return { key: 'overdueBy', count: -days }
}
