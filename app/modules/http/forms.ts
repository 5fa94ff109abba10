import type { z } from 'zod'

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
