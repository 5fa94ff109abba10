import { z } from 'zod'
import { WITHOUT_NUL } from '#app/modules/http/forms.ts'

/** The practical task accepts these kinds of files, decided from their bytes (ADR 018). */
export const taskFileTypes = ['application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'image/png', 'image/jpeg'] as const
export const MAX_TASK_FILE_BYTES = 20 * 1024 * 1024
export const MAX_TASK_FILES = 5
export const MAX_TASK_TEXT = 20_000

export const submitTaskSchema = z.object({
	text: z
		.string()
		.max(MAX_TASK_TEXT, 'errors.textLong')
		.regex(WITHOUT_NUL, 'errors.textInvalid')
		.transform((s) => s.replace(/\r\n/g, '\n').trim())
		.default(''),
})

export const gradeTaskSchema = z.object({
	version: z.coerce.number({ error: 'errors.stale' }).int('errors.stale').positive('errors.stale').max(10_000, 'errors.stale'),
	decision: z.enum(['accept', 'return'], { error: 'errors.decision' }),
	feedback: z
		.string()
		.max(10_000, 'errors.feedbackLong')
		.regex(WITHOUT_NUL, 'errors.feedbackInvalid')
		.transform((s) => s.replace(/\r\n/g, '\n').trim())
		.default(''),
})

/** The queue's GET form: an unknown value is no filter. */
export const queueFilters = z.object({
	course: z.string().regex(/^[a-z0-9][a-z0-9-]{0,80}$/).optional().catch(undefined),
	status: z.enum(['waiting', 'all']).optional().catch(undefined),
})
