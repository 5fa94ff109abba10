import { z } from 'zod'
import { materialTypes } from '#app/db/schema/materials.ts'
import { topics } from '#app/modules/content/course-files.ts'

/** Who and what a material is for; the ids are fixed, their kk/ru labels live in the materials namespace. */
export const subjectIds = [
	'kazakh-language',
	'russian-language',
	'kazakh-literature',
	'russian-literature',
	'mathematics',
	'natural-science',
	'world-knowledge',
	'biology',
	'chemistry',
	'physics',
	'geography',
	'history',
	'english',
	'informatics',
	'art',
	'music',
	'technology',
	'physical-education',
	'self-knowledge',
	'class-hour',
	'all-subjects',
] as const
export type SubjectId = (typeof subjectIds)[number]

export const needIds = ['hearing', 'vision', 'autism', 'adhd', 'dyslexia', 'mobility', 'speech', 'intellectual', 'kazakh-second-language'] as const
export type NeedId = (typeof needIds)[number]

/** 0 is the pre-school class (мектепалды даярлық / предшкольная подготовка). */
export const gradeValues = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] as const

/** Grade bands of the library filter, beside the single grades. */
export const gradeBands = { '1-4': [1, 2, 3, 4], '5-9': [5, 6, 7, 8, 9], '10-11': [10, 11] } as const
export type GradeBand = keyof typeof gradeBands
export const gradeFilterValues = ['1-4', '5-9', '10-11', ...gradeValues.map(String)] as const

/** The grades a filter value stands for: a band, or one grade. */
export function gradesOf(value: string): number[] {
	if (value in gradeBands) return [...gradeBands[value as GradeBand]]
	const n = Number(value)
	return Number.isInteger(n) && n >= 0 && n <= 11 ? [n] : []
}

const localized = z.object({ kk: z.string().trim().min(1), ru: z.string().trim().min(1) })
const unique = <T>(list: T[]) => new Set(list).size === list.length

/** content/materials/<slug>/meta.json */
export const materialMetaSchema = z.object({
	slug: z.string().regex(/^[a-z0-9][a-z0-9-]{1,80}$/, 'lowercase letters, digits and dashes'),
	type: z.enum(materialTypes),
	topic: z.enum(topics),
	subjects: z.array(z.enum(subjectIds)).default([]).refine(unique, 'subjects must be unique'),
	grades: z.array(z.number().int().min(0).max(11)).default([]).refine(unique, 'grades must be unique'),
	needs: z.array(z.enum(needIds)).default([]).refine(unique, 'needs must be unique'),
	summary: z.object({ kk: z.string().default(''), ru: z.string().default('') }),
})
export type MaterialMeta = z.infer<typeof materialMetaSchema>

/** content/materials/<slug>/template.json: the source of a template's printable PDF. */
export const templateFileSchema = z.object({
	title: localized,
	intro: localized.optional(),
	sections: z
		.array(
			z
				.object({
					heading: localized,
					fields: z.array(z.object({ label: localized, lines: z.number().int().min(1).max(30).default(1) })).optional(),
					table: z.object({ columns: z.array(localized).min(1).max(8), rows: z.number().int().min(1).max(60) }).optional(),
					checklist: z.array(localized).optional(),
				})
				.refine((s) => s.fields?.length || s.table || s.checklist?.length, 'a section needs fields, a table or a checklist'),
		)
		.min(1),
})
export type TemplateFile = z.infer<typeof templateFileSchema>

/** Sorted, without duplicates: the order in which metadata is stored and shown. */
export function normalizeMetadata({ subjects, grades, needs }: { subjects: readonly string[]; grades: readonly number[]; needs: readonly string[] }) {
	const order = <T>(all: readonly T[], chosen: readonly T[]) => all.filter((x) => chosen.includes(x))
	return {
		subjects: order<string>(subjectIds, subjects),
		grades: order<number>(gradeValues, grades),
		needs: order<string>(needIds, needs),
	}
}

/** Grades as runs: [1,2,3,4,7] → [{from:1,to:4},{from:7,to:7}]. */
export function gradeRuns(grades: readonly number[]) {
	const runs: { from: number; to: number }[] = []
	for (const g of [...grades].sort((a, b) => a - b)) {
		const last = runs.at(-1)
		if (last && g === last.to + 1) last.to = g
		else runs.push({ from: g, to: g })
	}
	return runs
}
