// What changed between two revisions of a course besides lesson texts: its details and its quizzes,
// in one language (the page's language switch shows the other).
import type { QuizKind, QuizOption } from '#app/db/schema/content.ts'
import type { Locale } from '#app/modules/i18n/locales.ts'

export type CourseDetails = {
	slug: string | null
	titleKk: string
	titleRu: string
	summaryKk: string
	summaryRu: string
	hours: number
	passThreshold: number
}
export const detailFields = ['slug', 'titleKk', 'titleRu', 'summaryKk', 'summaryRu', 'hours', 'passThreshold'] as const
export type DetailChange = { field: (typeof detailFields)[number]; before: string; after: string }

/** The details that differ, in form order, as the text each had. */
export function diffDetails(a: CourseDetails, b: CourseDetails): DetailChange[] {
	return detailFields.flatMap((field) => {
		const before = String(a[field] ?? '')
		const after = String(b[field] ?? '')
		return before === after ? [] : [{ field, before, after }]
	})
}

export type QuizQuestion = { key: string; type: 'single' | 'multiple'; textKk: string; textRu: string; explanationKk: string; explanationRu: string; options: QuizOption[] }
export type QuizSnapshot = { kind: QuizKind; lessonId: number | null; questions: QuizQuestion[] }

/** An option as it is now (or was, when removed); `before` is its earlier text when that changed. */
export type OptionDiff = { id: string; change: 'added' | 'removed' | 'same'; text: string; before: string | null; correct: boolean; wasCorrect: boolean | null }
export type QuestionDiff = {
	key: string
	change: 'added' | 'removed' | 'changed'
	text: string
	textBefore: string | null
	type: 'single' | 'multiple'
	typeBefore: 'single' | 'multiple' | null
	explanation: string
	explanationBefore: string | null
	options: OptionDiff[]
}
export type QuizDiff = { kind: QuizKind; lessonId: number | null; change: 'added' | 'removed' | 'changed'; questions: QuestionDiff[] }

const textOf = (locale: Locale, kk: string, ru: string) => (locale === 'kk' ? kk : ru)

/** Newer items in their order, then those only in the older one. */
function pairs<T>(before: T[], after: T[], same: (x: T, y: T) => boolean): [T | undefined, T | undefined][] {
	return [...after.map((b): [T | undefined, T | undefined] => [before.find((a) => same(a, b)), b]), ...before.filter((a) => !after.some((b) => same(a, b))).map((a): [T | undefined, T | undefined] => [a, undefined])]
}

function diffOptions(locale: Locale, a: QuizOption[], b: QuizOption[]): OptionDiff[] {
	return pairs(a, b, (x, y) => x.id === y.id).flatMap(([before, after]) => {
		const now = after ?? before
		if (!now) return []
		const text = textOf(locale, now.kk, now.ru)
		const was = before ? textOf(locale, before.kk, before.ru) : null
		return [{ id: now.id, change: !before ? 'added' : !after ? 'removed' : 'same', text, before: before && after && was !== text ? was : null, correct: now.correct, wasCorrect: before && after ? before.correct : null }]
	})
}

function diffQuestion(locale: Locale, a: QuizQuestion | undefined, b: QuizQuestion | undefined): QuestionDiff | null {
	const now = b ?? a
	if (!now) return null
	const text = textOf(locale, now.textKk, now.textRu)
	const explanation = textOf(locale, now.explanationKk, now.explanationRu)
	if (!a || !b) {
		const options = now.options.map((o): OptionDiff => ({ id: o.id, change: 'same', text: textOf(locale, o.kk, o.ru), before: null, correct: o.correct, wasCorrect: null }))
		return { key: now.key, change: a ? 'removed' : 'added', text, textBefore: null, type: now.type, typeBefore: null, explanation, explanationBefore: null, options }
	}
	const options = diffOptions(locale, a.options, b.options)
	const textBefore = textOf(locale, a.textKk, a.textRu)
	const explanationBefore = textOf(locale, a.explanationKk, a.explanationRu)
	const changed = textBefore !== text || a.type !== b.type || explanationBefore !== explanation || options.some((o) => o.change !== 'same' || o.before !== null || (o.wasCorrect !== null && o.wasCorrect !== o.correct))
	if (!changed) return null
	return {
		key: now.key,
		change: 'changed',
		text,
		textBefore: textBefore === text ? null : textBefore,
		type: b.type,
		typeBefore: a.type === b.type ? null : a.type,
		explanation,
		explanationBefore: explanationBefore === explanation ? null : explanationBefore,
		options,
	}
}

/** Quizzes added, removed or with questions changed (text, type, options, which are correct, explanation). */
export function diffQuizzes(locale: Locale, a: QuizSnapshot[], b: QuizSnapshot[]): QuizDiff[] {
	return pairs(a, b, (x, y) => x.kind === y.kind && x.lessonId === y.lessonId).flatMap(([before, after]) => {
		const now = after ?? before
		if (!now) return []
		const questions = pairs(before?.questions ?? [], after?.questions ?? [], (x, y) => x.key === y.key).flatMap(([qa, qb]) => diffQuestion(locale, qa, qb) ?? [])
		if (before && after && !questions.length) return []
		return [{ kind: now.kind, lessonId: now.lessonId, change: !before ? 'added' : !after ? 'removed' : 'changed', questions }]
	})
}
