import type { ReportScope } from '#app/modules/auth/permissions.ts'

/** A place a report is about, with the places above it. */
export type Target =
	| { level: 'country' }
	| { level: 'region'; regionId: number }
	| { level: 'district'; regionId: number; districtId: number }
	| { level: 'school'; regionId: number; districtId: number; schoolId: number }

declare const checked: unique symbol
/** A target that mayRead() allowed; report queries accept nothing else. */
export type AllowedTarget = Target & { readonly [checked]: true }

/** Whether a methodologist or admin with this scope may read the target's rows. */
export function mayRead(scope: ReportScope, target: Target): boolean {
	if (scope.kind === 'country') return true
	if (target.level === 'country') return false
	if (scope.kind === 'region') return target.regionId === scope.regionId
	if (target.level === 'region') return false
	return target.districtId === scope.districtId
}

/** The target narrowed to AllowedTarget, or null when the scope does not cover it. */
export function allow(scope: ReportScope, target: Target): AllowedTarget | null {
	// The one place the brand is given: after the scope check.
	return mayRead(scope, target) ? (target as AllowedTarget) : null
}

export const genders = ['female', 'male', 'none'] as const
export type GenderKey = (typeof genders)[number]

/** Knowledge-gain buckets in percentage points, final assessment minus diagnostic. */
export const gainBuckets = ['lt0', '0', '10', '20', '30', '50'] as const
export type GainBucket = (typeof gainBuckets)[number]

export type Filters = {
	courseId: number | null
	/** YYYY-MM, inclusive, by month of enrolment */
	from: string | null
	to: string | null
	gender: GenderKey | null
}

/** Months from `from` to `to` inclusive, as YYYY-MM. */
export function monthRange(from: string, to: string, limit = 60): string[] {
	const out: string[] = []
	let [y, m] = from.split('-').map(Number)
	const [ty, tm] = to.split('-').map(Number)
	if (y == null || m == null || ty == null || tm == null) return out
	while ((y < ty || (y === ty && m <= tm)) && out.length < limit) {
		out.push(`${y}-${String(m).padStart(2, '0')}`)
		m += 1
		if (m > 12) {
			m = 1
			y += 1
		}
	}
	return out
}

/** The month after YYYY-MM, as YYYY-MM. */
export function nextMonth(month: string): string {
	const [y = 0, m = 0] = month.split('-').map(Number)
	return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`
}

/** Completed out of enrolled, as a whole percentage; null when nobody enrolled. */
export function rate(completed: number, enrolled: number): number | null {
	return enrolled > 0 ? Math.round((completed / enrolled) * 1000) / 10 : null
}

/** A CSV cell: quoted when needed; a leading = + - @ cannot start a formula in a spreadsheet. */
export function csvCell(value: string | number | null): string {
	if (value == null) return ''
	let s = String(value)
	if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`
	return /[",\n\r;]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s
}
