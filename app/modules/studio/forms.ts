import { z } from 'zod'
import { source } from '#app/modules/materials/forms.ts'

const required = (max: number) => z.string({ error: 'errors.required' }).trim().min(1, 'errors.required').max(max, 'errors.tooLong')

/** The studio form for a course draft's metadata and overview. */
export const courseDraftSchema = z.object({
	titleKk: required(200),
	titleRu: required(200),
	summaryKk: required(1000),
	summaryRu: required(1000),
	hours: z.coerce.number({ error: 'errors.hours' }).int('errors.hours').min(1, 'errors.hours').max(500, 'errors.hours'),
	passThreshold: z.coerce.number({ error: 'errors.passThreshold' }).int('errors.passThreshold').min(1, 'errors.passThreshold').max(100, 'errors.passThreshold'),
	overviewKk: source.default(''),
	overviewRu: source.default(''),
})

export const lessonDraftSchema = z
	.object({ sourceKk: source.default(''), sourceRu: source.default('') })
	.refine((d) => d.sourceKk.trim() || d.sourceRu.trim(), { message: 'errors.noLanguage', path: ['sourceKk'] })
