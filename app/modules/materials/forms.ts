import { z } from 'zod'
import { materialTypes } from '#app/db/schema/materials.ts'
import { topics } from '#app/modules/content/course-files.ts'
import { WITHOUT_NUL } from '#app/modules/http/forms.ts'
import { gradeFilterValues, gradeValues, needIds, subjectIds } from './metadata.ts'

export { materialTypes, topics }
export type MaterialType = (typeof materialTypes)[number]
export type Topic = (typeof topics)[number]

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024

/** What an attachment may be, decided from its bytes (file-type), never from its name. */
export const allowedUploadTypes: Record<string, string> = {
	'application/pdf': 'pdf',
	'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
	'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
	'image/png': 'png',
	'image/jpeg': 'jpg',
	'image/webp': 'webp',
	'image/gif': 'gif',
}

/** The library's GET form: an unknown value is no filter, a long query is cut, never an error. */
export const libraryFilters = z.object({
	type: z.enum(materialTypes).optional().catch(undefined),
	topic: z.enum(topics).optional().catch(undefined),
	subject: z.enum(subjectIds).optional().catch(undefined),
	grade: z.enum(gradeFilterValues).optional().catch(undefined),
	need: z.enum(needIds).optional().catch(undefined),
	language: z.enum(['kk', 'ru']).optional().catch(undefined),
	q: z
		.string()
		.transform((s) => s.trim().slice(0, 200))
		.optional()
		.catch(undefined),
})
export type LibraryFilters = z.infer<typeof libraryFilters>

const slug = z
	.string({ error: 'errors.slug' })
	.trim()
	.regex(/^[a-z0-9][a-z0-9-]{1,80}$/, 'errors.slug')

/** Every value of a checkbox group (FormData.getAll), kept when it is one of the allowed ones. */
const asList = (v: unknown) => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v])
const grade = z.coerce.number({ error: 'errors.choice' }).int('errors.choice').refine((g) => gradeValues.some((v) => v === g), 'errors.choice')

export const source = z.string().max(200_000, 'errors.tooLong').regex(WITHOUT_NUL, 'errors.invalidCharacters').transform((s) => s.replace(/\r\n/g, '\n'))
const summary = z.string().trim().max(500, 'errors.tooLong').regex(WITHOUT_NUL, 'errors.invalidCharacters')

/** The studio form for a material draft: both languages at once, either may be empty but not both. */
export const materialDraftSchema = z
	.object({
		type: z.enum(materialTypes, { error: 'errors.type' }),
		topic: z.enum(topics, { error: 'errors.topic' }),
		subjects: z.preprocess(asList, z.array(z.enum(subjectIds, { error: 'errors.choice' }))),
		grades: z.preprocess(asList, z.array(grade)),
		needs: z.preprocess(asList, z.array(z.enum(needIds, { error: 'errors.choice' }))),
		summaryKk: summary.default(''),
		summaryRu: summary.default(''),
		sourceKk: source.default(''),
		sourceRu: source.default(''),
	})
	.refine((d) => d.sourceKk.trim() || d.sourceRu.trim(), { message: 'errors.noLanguage', path: ['sourceKk'] })

export const newMaterialSchema = z.object({ slug }).and(materialDraftSchema)

export const reviewSchema = z.object({
	decision: z.enum(['approve', 'return']),
	comment: z.string().trim().max(5000, 'errors.tooLong').regex(WITHOUT_NUL, 'errors.invalidCharacters').default(''),
}).refine((r) => r.decision === 'approve' || r.comment.length > 0, { message: 'errors.commentRequired', path: ['comment'] })

