import { z } from 'zod'

const localized = z.object({ kk: z.string().trim().min(1), ru: z.string().trim().min(1) })
const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,80}$/, 'lowercase letters, digits and dashes')

const criterionId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,40}$/, 'lowercase letters, digits and dashes')

/**
 * A practical task graded by a tutor (ADR 018): instructions as plain text with paragraphs
 * (blank lines) in both languages, what may be submitted, a rubric and the pass mark in points.
 */
export const taskFileSchema = z
	.object({
		title: localized,
		instructions: z.object({ kk: z.string().trim().min(1).max(20_000), ru: z.string().trim().min(1).max(20_000) }),
		submit: z
			.object({ text: z.boolean().default(true), files: z.boolean().default(true) })
			.refine((s) => s.text || s.files, 'a task accepts text, files or both'),
		criteria: z
			.array(z.object({ id: criterionId, title: localized, description: localized, maxPoints: z.number().int().min(1).max(100) }))
			.min(1)
			.max(12)
			.refine((cs) => new Set(cs.map((c) => c.id)).size === cs.length, 'criterion ids must be unique'),
		passMark: z.number().int().min(1),
		requiredForCertificate: z.boolean().default(true),
	})
	.refine((t) => t.passMark <= t.criteria.reduce((sum, c) => sum + c.maxPoints, 0), { message: 'the pass mark is more than the rubric\'s total points', path: ['passMark'] })

export type TaskFile = z.infer<typeof taskFileSchema>

export const courseFileSchema = z.object({
	slug,
	topic: z.enum(['inclusion', 'gender', 'sen-support', 'families']),
	hours: z.number().int().min(1).max(500),
	passThreshold: z.number().int().min(1).max(100),
	title: localized,
	summary: localized,
	lessons: z
		.array(z.object({ slug, required: z.boolean().default(true) }))
		.min(1)
		.refine((ls) => new Set(ls.map((l) => l.slug)).size === ls.length, 'lesson slugs must be unique'),
	task: taskFileSchema.optional(),
})

export type CourseFile = z.infer<typeof courseFileSchema>

export const quizFileSchema = z.object({
	questions: z
		.array(
			z
				.object({
					id: z.string().regex(/^[\w-]{1,40}$/),
					type: z.enum(['single', 'multiple']),
					text: localized,
					options: z
						.array(z.object({ id: z.string().regex(/^[\w-]{1,20}$/), text: localized, correct: z.boolean().optional().default(false) }))
						.min(2),
					explanation: z.object({ kk: z.string(), ru: z.string() }).optional(),
				})
				.refine((q) => q.options.some((o) => o.correct), 'every question needs a correct option')
				.refine((q) => q.type === 'multiple' || q.options.filter((o) => o.correct).length === 1, 'a single-choice question has exactly one correct option')
				.refine((q) => new Set(q.options.map((o) => o.id)).size === q.options.length, 'option ids must be unique'),
		)
		.min(1)
		.refine((qs) => new Set(qs.map((q) => q.id)).size === qs.length, 'question ids must be unique'),
})

export type QuizFile = z.infer<typeof quizFileSchema>

export const topics = ['inclusion', 'gender', 'sen-support', 'families'] as const
