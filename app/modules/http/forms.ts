import { z } from 'zod'

export type FieldErrors = Record<string, string[]>

/** Field-level error keys (i18n keys) from a failed zod parse, keyed by top-level field. */
export function fieldErrors(error: z.ZodError): FieldErrors {
	const out: FieldErrors = {}
	for (const issue of error.issues) {
		const field = String(issue.path[0] ?? 'form')
		;(out[field] ??= []).push(issue.message)
	}
	return out
}

/** The submitted text fields, to give back to the form after a failed parse. */
export function submittedValues(formData: FormData, omit: string[] = ['password', 'confirmPassword']) {
	const values: Record<string, string> = {}
	for (const [key, value] of formData) {
		if (typeof value === 'string' && !omit.includes(key)) values[key] = value
	}
	return values
}

/**
 * Text without NUL, for any field that is stored: PostgreSQL's text (and jsonb) cannot hold U+0000, so such input
 * would fail at the insert as a 500. No keyboard types it; a field error names it instead.
 */
export const WITHOUT_NUL = /^[^\u0000]*$/

/** Largest value of a PostgreSQL integer column: ids beyond it are simply not found. */
export const MAX_ID = 2_147_483_647

/** A database id in a zod schema: a positive integer PostgreSQL can hold. */
export const idSchema = z.coerce.number().int().positive().max(MAX_ID)

/** A database id from a URL or form, or null: never a number PostgreSQL would refuse. */
export function toId(value: unknown) {
	const n = typeof value === 'number' ? value : Number(typeof value === 'string' && value.trim() !== '' ? value : NaN)
	return Number.isInteger(n) && n > 0 && n <= MAX_ID ? n : null
}
