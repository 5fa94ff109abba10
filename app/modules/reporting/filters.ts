import { z } from 'zod'
import { genders, type Filters } from './scope.ts'

const month = z
	.string()
	.trim()
	.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'reporting:filters.errors.month')
	.optional()
	.or(z.literal('').transform(() => undefined))

export const filterSchema = z
	.object({
		course: z
			.string()
			.trim()
			.regex(/^\d{1,9}$/, 'reporting:filters.errors.course')
			.transform(Number)
			.optional()
			.or(z.literal('').transform(() => undefined)),
		from: month,
		to: month,
		gender: z.enum(genders, { message: 'reporting:filters.errors.gender' }).optional().or(z.literal('').transform(() => undefined)),
	})
	.refine((f) => !f.from || !f.to || f.from <= f.to, { path: ['to'], message: 'reporting:filters.errors.order' })

export type FilterValues = { course: string; from: string; to: string; gender: string }

/**
 * The report filters from a query string. Invalid fields come back as localized error keys
 * with the submitted values, and are left out of the filters that are applied.
 */
export function parseFilters(search: URLSearchParams) {
	const values: FilterValues = {
		course: (search.get('course') ?? '').slice(0, 20),
		from: (search.get('from') ?? '').slice(0, 20),
		to: (search.get('to') ?? '').slice(0, 20),
		gender: (search.get('gender') ?? '').slice(0, 20),
	}
	const parsed = filterSchema.safeParse(values)
	if (parsed.success) {
		const f = parsed.data
		const filters: Filters = { courseId: f.course ?? null, from: f.from ?? null, to: f.to ?? null, gender: f.gender ?? null }
		return { filters, values, errors: null }
	}
	const errors: Partial<Record<keyof FilterValues, string[]>> = {}
	for (const issue of parsed.error.issues) {
		const key = issue.path[0]
		if (key === 'course' || key === 'from' || key === 'to' || key === 'gender') (errors[key] ??= []).push(issue.message)
	}
	// Keep the fields that were valid on their own; drop the rest.
	const one = <K extends keyof FilterValues>(key: K) => (errors[key] ? '' : values[key])
	const again = filterSchema.safeParse({ course: one('course'), from: one('from'), to: errors.to ? '' : one('to'), gender: one('gender') })
	const f = again.success ? again.data : {}
	return {
		filters: { courseId: f.course ?? null, from: f.from ?? null, to: f.to ?? null, gender: f.gender ?? null } satisfies Filters,
		values,
		errors,
	}
}

/** The query string for these filter values, without empty fields. */
export function filterQuery(values: Partial<Record<string, string>>) {
	const q = new URLSearchParams()
	for (const [k, v] of Object.entries(values)) if (v) q.set(k, v)
	const s = q.toString()
	return s ? `?${s}` : ''
}
