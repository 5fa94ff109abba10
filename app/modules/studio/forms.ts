import { z } from 'zod'
import { taskFileSchema, topics, type QuizFile } from '#app/modules/content/course-files.ts'
import type { PracticalTask } from '#app/db/schema/content.ts'
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

/** Criterion rows the task form can carry; the content checker allows at most 12 criteria, more rows are refused by it. */
export const MAX_TASK_ROWS = 20
const TASK_CRITERIA_LIMIT = 12

/** The form fields of a saved task (for the task form's first showing). */
export function taskFormValues(task: PracticalTask | null): Record<string, string> {
	if (!task) return { submitText: 'on', submitFiles: 'on', requiredForCertificate: 'on' }
	return {
		titleKk: task.title.kk,
		titleRu: task.title.ru,
		instructionsKk: task.instructions.kk,
		instructionsRu: task.instructions.ru,
		...(task.submit.text ? { submitText: 'on' } : {}),
		...(task.submit.files ? { submitFiles: 'on' } : {}),
		passMark: String(task.passMark),
		...(task.requiredForCertificate ? { requiredForCertificate: 'on' } : {}),
		...Object.fromEntries(
			task.criteria.flatMap((c, i) => [
				[`criterion${i + 1}Id`, c.id],
				[`criterion${i + 1}TitleKk`, c.title.kk],
				[`criterion${i + 1}TitleRu`, c.title.ru],
				[`criterion${i + 1}DescriptionKk`, c.description.kk],
				[`criterion${i + 1}DescriptionRu`, c.description.ru],
				[`criterion${i + 1}Points`, String(c.maxPoints)],
			]),
		),
	}
}

/** How many criterion rows the submitted (or saved) values fill. */
export function filledTaskRows(values: Record<string, string | undefined>) {
	let last = 0
	for (let n = 1; n <= MAX_TASK_ROWS; n++) {
		if (['TitleKk', 'TitleRu', 'DescriptionKk', 'DescriptionRu', 'Points'].some((f) => values[`criterion${n}${f}`]?.trim())) last = n
	}
	return last
}

const whole = (raw: string | undefined) => {
	const s = (raw ?? '').trim()
	return /^-?\d{1,12}$/.test(s) ? Number(s) : Number.NaN
}

/**
 * Reads the studio task form and checks it with the content checker's own schema (taskFileSchema), so a task
 * saved here is one course.json could declare. A blank criterion row, or one marked for removal, is left out;
 * a row keeps its criterion id (tutors' scores refer to it), a new row gets a fresh one.
 */
export function parseTaskForm(values: Record<string, string | undefined>): { ok: true; task: PracticalTask } | { ok: false; errors: FieldErrors } {
	const rows: number[] = []
	for (let n = 1; n <= MAX_TASK_ROWS; n++) {
		const filled = ['TitleKk', 'TitleRu', 'DescriptionKk', 'DescriptionRu', 'Points'].some((f) => values[`criterion${n}${f}`]?.trim())
		if (filled && values[`criterion${n}Remove`] !== 'on') rows.push(n)
	}
	const used = new Set(rows.map((n) => values[`criterion${n}Id`]?.trim()).filter((id): id is string => !!id && /^[a-z0-9][a-z0-9-]{0,40}$/.test(id)))
	const ids = rows.map((n) => {
		const own = values[`criterion${n}Id`]?.trim()
		if (own && /^[a-z0-9][a-z0-9-]{0,40}$/.test(own) && rows.filter((m) => values[`criterion${m}Id`]?.trim() === own)[0] === n) return own
		let k = n
		while (used.has(`c${k}`)) k++
		used.add(`c${k}`)
		return `c${k}`
	})
	const text = (name: string) => (values[name] ?? '').replace(/\r\n/g, '\n')
	const candidate = {
		title: { kk: text('titleKk'), ru: text('titleRu') },
		instructions: { kk: text('instructionsKk'), ru: text('instructionsRu') },
		submit: { text: values.submitText === 'on', files: values.submitFiles === 'on' },
		criteria: rows.map((n, i) => ({
			id: ids[i],
			title: { kk: text(`criterion${n}TitleKk`), ru: text(`criterion${n}TitleRu`) },
			description: { kk: text(`criterion${n}DescriptionKk`), ru: text(`criterion${n}DescriptionRu`) },
			maxPoints: whole(values[`criterion${n}Points`]),
		})),
		passMark: whole(values.passMark),
		requiredForCertificate: values.requiredForCertificate === 'on',
	}
	const errors: FieldErrors = {}
	const add = (field: string, key: string) => {
		const list = (errors[field] ??= [])
		if (!list.includes(key)) list.push(key)
	}
	// Texts the schema would accept but no form should carry: a NUL, or more than a field can hold.
	for (const [name, raw] of Object.entries(values)) {
		if (raw && !WITHOUT_NUL.test(raw)) add(name, 'errors.invalidCharacters')
	}
	for (const name of ['titleKk', 'titleRu', ...rows.flatMap((n) => [`criterion${n}TitleKk`, `criterion${n}TitleRu`])]) if (text(name).length > 200) add(name, 'errors.tooLong')
	for (const name of rows.flatMap((n) => [`criterion${n}DescriptionKk`, `criterion${n}DescriptionRu`])) if (text(name).length > 2000) add(name, 'errors.tooLong')
	const parsed = taskFileSchema.safeParse(candidate)
	if (!parsed.success) {
		for (const issue of parsed.error.issues) {
			const [head, a, b] = issue.path
			const lang = (x: unknown) => (x === 'kk' ? 'Kk' : 'Ru')
			if (head === 'title' || head === 'instructions') add(`${head}${lang(a)}`, issue.code === 'too_big' ? 'errors.tooLong' : 'errors.required')
			else if (head === 'submit') add('submit', 'errors.taskSubmit')
			else if (head === 'passMark') add('passMark', issue.code === 'custom' ? 'errors.taskPassMarkTotal' : 'errors.taskPassMark')
			else if (head === 'criteria' && typeof a === 'number') {
				const n = rows[a]
				if (b === 'maxPoints') add(`criterion${n}Points`, 'errors.taskPoints')
				else if (b === 'title' || b === 'description') add(`criterion${n}${b === 'title' ? 'Title' : 'Description'}${lang(issue.path[3])}`, 'errors.required')
				else add('criteria', 'errors.taskCriteria')
			} else if (head === 'criteria') add('criteria', rows.length > TASK_CRITERIA_LIMIT ? 'errors.taskCriteriaMax' : rows.length ? 'errors.taskCriteria' : 'errors.taskCriteriaNone')
			else add('form', 'errors.task')
		}
	}
	if (Object.keys(errors).length || !parsed.success) return { ok: false, errors }
	return { ok: true, task: parsed.data }
}
