/*
 * When reminders are due (docs/decisions/016-reminders.md). A point is a number of days before the
 * due day (14, 3) or after it (-1: the day after). Point p is sent on the Almaty day `due - p`, or the
 * day after that when the run of that day was missed; on a day two points share, the later one wins.
 * A teacher who joins the target after a point gets only the points still ahead.
 */

export const DEFAULT_POINTS = [14, 3, -1] as const

/** Parses REMINDER_DAYS ("14,3,-1"): distinct integers from -30 to 60, largest first; null when malformed. */
export function parsePoints(value: string | undefined): number[] | null {
	if (value === undefined || value.trim() === '') return [...DEFAULT_POINTS]
	const parts = value.split(',').map((p) => p.trim())
	if (parts.some((p) => !/^-?\d{1,2}$/.test(p))) return null
	const points = [...new Set(parts.map(Number))].filter((p) => p >= -30 && p <= 60)
	if (points.length !== parts.length) return null
	return points.sort((a, b) => b - a)
}

/** The point a reminder is due for when the due day is `daysLeft` away, or null for none today. */
export function activePoint(daysLeft: number, points: readonly number[]): number | null {
	let found: number | null = null
	for (const p of points) {
		if (daysLeft === p || daysLeft === p - 1) found = found === null ? p : Math.min(found, p)
	}
	return found
}

/** The due days (YYYY-MM-DD) for which some point is active today (`today` is an Almaty day). */
export function dueDaysWithPoints(today: string, points: readonly number[]): string[] {
	const base = Date.parse(`${today}T00:00:00Z`)
	const days = new Set<string>()
	for (const p of points) for (const d of [p, p - 1]) days.add(new Date(base + d * 86_400_000).toISOString().slice(0, 10))
	return [...days].sort()
}

/** The ISO week (e.g. 2026-W49) of an Almaty day YYYY-MM-DD. */
export function isoWeek(day: string): string {
	const date = new Date(`${day}T00:00:00Z`)
	const weekday = (date.getUTCDay() + 6) % 7 // Monday 0
	const thursday = new Date(date.getTime() + (3 - weekday) * 86_400_000)
	const year = thursday.getUTCFullYear()
	const firstThursday = new Date(Date.UTC(year, 0, 4))
	const firstWeekday = (firstThursday.getUTCDay() + 6) % 7
	const week1Monday = firstThursday.getTime() - firstWeekday * 86_400_000
	const week = Math.floor((thursday.getTime() - week1Monday) / (7 * 86_400_000)) + 1
	return `${year}-W${String(week).padStart(2, '0')}`
}
