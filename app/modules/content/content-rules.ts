import { wordCount } from './text-stats.ts'

/** Word bands a document must sit in: a lesson is a lesson, a material may be a one-page checklist. */
export const wordBands = { lesson: { min: 300, max: 2000 }, material: { min: 80, max: 3000 } } as const
/** kk words per ru word of one document: Kazakh is agglutinative and runs a little shorter, never half or double. */
export const lengthRatio = { min: 0.5, max: 2 } as const

export type RuleProblem = { code: 'word-count' | 'length-ratio'; detail: string }

export function wordCountProblem(source: string, kind: keyof typeof wordBands): RuleProblem | null {
	const words = wordCount(source)
	const { min, max } = wordBands[kind]
	if (words < min || words > max) return { code: 'word-count', detail: `${words} words, a ${kind} needs ${min}–${max}` }
	return null
}

export function lengthRatioProblem(kk: string, ru: string): RuleProblem | null {
	const [a, b] = [wordCount(kk), wordCount(ru)]
	if (!a || !b) return null
	const ratio = a / b
	if (ratio < lengthRatio.min || ratio > lengthRatio.max) {
		return { code: 'length-ratio', detail: `kk ${a} words, ru ${b} words (ratio ${ratio.toFixed(2)}, allowed ${lengthRatio.min}–${lengthRatio.max})` }
	}
	return null
}
