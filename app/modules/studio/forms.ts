import { z } from 'zod'
import { topics, type QuizFile } from '#app/modules/content/course-files.ts'
import { idSchema, WITHOUT_NUL, type FieldErrors } from '#app/modules/http/forms.ts'
import { source } from '#app/modules/materials/forms.ts'

const required = (max: number) => z.string({ error: 'errors.required' }).trim().min(1, 'errors.required').max(max, 'errors.tooLong').regex(WITHOUT_NUL, 'errors.invalidCharacters')

/** ?from=&to=&locale= of a diff between two revisions of a material or a course. */
export const revisionDiffQuery = z.object({
	from: idSchema,
	to: idSchema,
	locale: z.enum(['kk', 'ru']).catch('kk'),
})

const slugField = z
	.string({ error: 'errors.slug' })
	.trim()
	.regex(/^[a-z0-9][a-z0-9-]{1,79}$/, 'errors.slug')

/** The studio form for a course draft's slug, metadata and overview; without a slug the draft keeps its own. */
export const courseDraftSchema = z.object({
	slug: slugField.optional(),
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

/** A new course: its folder name (slug) and topic, then the same fields as a draft's metadata. */
export const courseNewSchema = z.object({
	slug: slugField,
	topic: z.enum(topics, { error: 'errors.topic' }),
	titleKk: required(200),
	titleRu: required(200),
	summaryKk: required(1000),
	summaryRu: required(1000),
	hours: courseDraftSchema.shape.hours,
	passThreshold: courseDraftSchema.shape.passThreshold,
})

/** A lesson added to a draft: its slug and a title in at least one language (the text comes later). */
export const lessonNewSchema = z
	.object({ lessonSlug: slugField, lessonTitleKk: z.string().trim().max(200, 'errors.tooLong').regex(WITHOUT_NUL, 'errors.invalidCharacters').default(''), lessonTitleRu: z.string().trim().max(200, 'errors.tooLong').regex(WITHOUT_NUL, 'errors.invalidCharacters').default('') })
	.refine((d) => d.lessonTitleKk || d.lessonTitleRu, { message: 'errors.lessonTitle', path: ['lessonTitleKk'] })

export const lessonMoveSchema = z.object({ lessonSlug: slugField, intent: z.enum(['moveUp', 'moveDown', 'removeLesson', 'makeOptional', 'makeRequired']) })
export type LessonIntent = z.infer<typeof lessonMoveSchema>['intent']

/** Option rows the question form shows; a blank row is ignored. */
export const OPTION_ROWS = 6
const MAX_OPTION_ROWS = 20

export type QuizQuestionInput = QuizFile['questions'][number]

const questionBaseSchema = z.object({
	key: z
		.string()
		.trim()
		.regex(/^([\w-]{1,40})?$/, 'errors.questionKey')
		.default(''),
	type: z.enum(['single', 'multiple'], { error: 'errors.questionType' }),
	textKk: required(2000),
	textRu: required(2000),
	explanationKk: z.string().trim().max(2000, 'errors.tooLong').regex(WITHOUT_NUL, 'errors.invalidCharacters').default(''),
	explanationRu: z.string().trim().max(2000, 'errors.tooLong').regex(WITHOUT_NUL, 'errors.invalidCharacters').default(''),
})

/**
 * The question form as a quiz-file question (the rules of quizFileSchema), or field errors keyed
 * by form field. Options come as option<N>Kk / option<N>Ru / option<N>Correct; ids a, b, c… follow
 * the order of the filled rows. A blank key is left for the server to choose.
 */
export function parseQuestionForm(values: Record<string, string>): { ok: true; question: Omit<QuizQuestionInput, 'id'> & { id: string } } | { ok: false; errors: FieldErrors } {
	const errors: FieldErrors = {}
	const add = (field: string, key: string) => void (errors[field] ??= []).push(key)
	const base = questionBaseSchema.safeParse(values)
	if (!base.success) for (const issue of base.error.issues) add(String(issue.path[0] ?? 'form'), issue.message)
	const options: QuizQuestionInput['options'] = []
	for (let i = 1; i <= MAX_OPTION_ROWS; i++) {
		const kk = (values[`option${i}Kk`] ?? '').trim()
		const ru = (values[`option${i}Ru`] ?? '').trim()
		if (!kk && !ru) continue
		if (!kk) add(`option${i}Kk`, 'errors.required')
		if (!ru) add(`option${i}Ru`, 'errors.required')
		if (kk.length > 500) add(`option${i}Kk`, 'errors.tooLong')
		if (ru.length > 500) add(`option${i}Ru`, 'errors.tooLong')
		if (!WITHOUT_NUL.test(kk)) add(`option${i}Kk`, 'errors.invalidCharacters')
		if (!WITHOUT_NUL.test(ru)) add(`option${i}Ru`, 'errors.invalidCharacters')
		options.push({ id: String.fromCharCode(96 + options.length + 1), text: { kk, ru }, correct: values[`option${i}Correct`] === 'on' })
	}
	if (options.length < 2) add('options', 'errors.fewOptions')
	else {
		const correct = options.filter((o) => o.correct).length
		if (correct === 0) add('options', 'errors.noCorrect')
		else if (base.success && base.data.type === 'single' && correct > 1) add('options', 'errors.oneCorrect')
	}
	if (!base.success || Object.keys(errors).length) return { ok: false, errors }
	const d = base.data
	return {
		ok: true,
		question: {
			id: d.key,
			type: d.type,
			text: { kk: d.textKk, ru: d.textRu },
			options,
			...(d.explanationKk || d.explanationRu ? { explanation: { kk: d.explanationKk, ru: d.explanationRu } } : {}),
		},
	}
}
