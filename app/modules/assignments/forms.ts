import { z } from 'zod'
import { positions, subjects } from '#app/modules/auth/profile.ts'
import { WITHOUT_NUL } from '#app/modules/http/forms.ts'
import { almatyToday, isCalendarDate } from './dates.ts'

/** The latest due day a form accepts, counted from today: about two school years. */
const MAX_DAYS_AHEAD = 730

/**
 * The new-assignment form. `now` fixes "today" for the due-date check (tests pass their clock).
 * Messages are keys of the assignments namespace.
 */
export function assignmentSchema(now: Date = new Date()) {
	const today = almatyToday(now)
	const latest = almatyToday(new Date(now.getTime() + MAX_DAYS_AHEAD * 86_400_000))
	return z
		.object({
			course: z.string({ error: 'errors.course' }).trim().regex(/^\d{1,9}$/, 'errors.course').transform(Number),
			target: z.enum(['place', 'schools'], { error: 'errors.target' }),
			schools: z
				.array(z.string().trim().regex(/^\d{1,9}$/, 'errors.schoolsOutside'), { error: 'errors.schoolsOutside' })
				.max(5000, 'errors.schoolsOutside')
				.transform((ids) => [...new Set(ids.map(Number))]),
			due: z
				.string({ error: 'errors.due' })
				.trim()
				.refine(isCalendarDate, { message: 'errors.due', abort: true })
				.refine((d) => d >= today, 'errors.duePast')
				.refine((d) => d <= latest, 'errors.dueFar'),
			position: z
				.union([z.enum(positions), z.literal('')], { error: 'errors.position' })
				.default('')
				.transform((v) => v || null),
			subject: z
				.union([z.enum(subjects), z.literal('')], { error: 'errors.subject' })
				.default('')
				.transform((v) => v || null),
			note: z.string().trim().max(1000, 'errors.noteLong').regex(WITHOUT_NUL, 'errors.invalidCharacters').default(''),
		})
		.refine((f) => f.target !== 'schools' || f.schools.length > 0, { path: ['schools'], message: 'errors.schoolsNone' })
}
export type AssignmentInput = z.infer<ReturnType<typeof assignmentSchema>>

export type AssignmentValues = { course: string; target: string; schools: string[]; position: string; subject: string; due: string; note: string }

/** The submitted fields as the form shows them again (one value each, schools as a list). */
export function assignmentValues(formData: FormData): AssignmentValues {
	const text = (name: string) => {
		const v = formData.get(name)
		return typeof v === 'string' ? v.slice(0, 2000) : ''
	}
	return {
		course: text('course'),
		target: text('target'),
		schools: formData.getAll('schools').filter((v): v is string => typeof v === 'string').slice(0, 5000),
		position: text('position'),
		subject: text('subject'),
		due: text('due'),
		note: text('note'),
	}
}

/** Field errors as keys, by field; the first issue of a field first. */
export function assignmentErrors(error: z.ZodError) {
	const out: Record<string, string[]> = {}
	for (const issue of error.issues) {
		const field = String(issue.path[0] ?? 'form')
		const list = (out[field] ??= [])
		if (!list.includes(issue.message)) list.push(issue.message)
	}
	return out
}
