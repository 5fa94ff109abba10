import { proseOf } from './text-stats.ts'

/**
 * A heuristic for a kk file that slipped into Russian (or a ru file with Kazakh in it).
 * Quoted text («…», "…", “…”) is a cited term and is left alone; so are abbreviations
 * (ПМПК, ООП: two or more capitals) and the loans on the allow-list.
 */

export type LanguageProblem = { line: number; word: string; reason: 'russian-word' | 'russian-ending' | 'kazakh-letter' }

/** Very common Russian function words. «не» and «да» are left out: they are also Kazakh («не» what, the particle «да» also). */
export const russianFunctionWords = new Set([
	'и', 'в', 'во', 'на', 'что', 'это', 'для', 'как', 'или', 'по', 'также', 'который', 'которая', 'которое', 'которые', 'если', 'при',
	'от', 'до', 'из', 'с', 'со', 'к', 'ко', 'за', 'же', 'но', 'только', 'чтобы', 'его', 'она', 'они', 'мы', 'вы', 'ещё', 'еще', 'уже', 'нет',
	'быть', 'есть', 'был', 'была', 'были', 'может', 'можно', 'нужно', 'надо', 'очень', 'все', 'всё', 'когда', 'где', 'так', 'там', 'тоже',
])

/** Endings that Kazakh words do not have but Russian nouns, verbs and participles do. */
export const russianEndings = ['ость', 'ости', 'остью', 'ение', 'ения', 'ением', 'ться', 'тся', 'ющий', 'ющая', 'ющее', 'ющие', 'ющих', 'ующий', 'ского', 'ской', 'ными', 'ыми']

/** Loans Kazakh texts use as they are, and Russian words a kk text may name on purpose. */
export const allowedInKazakh = new Set([
	'онлайн', 'офлайн', 'тьютор', 'логопед', 'дефектолог', 'психолог', 'сурдопедагог', 'тифлопедагог', 'олигофренопедагог', 'дислексия', 'дисграфия',
	'дискалькулия', 'аутизм', 'интернет', 'ватсап', 'whatsapp', 'зум', 'аудиокітап', 'аудио', 'видео', 'брайль', 'брайль-шрифт',
])

const kazakhLetters = /[әғқңөұүһіӘҒҚҢӨҰҮҺІ]/
const cyrillicWord = /[\p{Script=Cyrillic}]+(?:-[\p{Script=Cyrillic}]+)*/gu

/** The text with quoted passages and inline code blanked out, line breaks kept (so line numbers stay). */
export function unquoted(source: string) {
	const blank = (m: string) => m.replace(/[^\n]/g, ' ')
	return proseOf(source)
		.replace(/`[^`\n]*`/g, blank)
		.replace(/«[^»]*»/g, blank)
		.replace(/“[^”]*”/g, blank)
		.replace(/„[^“”]*[“”]/g, blank)
		.replace(/"[^"\n]*"/g, blank)
}

function lineOf(text: string, index: number) {
	let line = 1
	for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++
	return line
}

function isAbbreviation(word: string) {
	return word.length >= 2 && word === word.toLocaleUpperCase('kk') && word !== word.toLocaleLowerCase('kk')
}

/** Russian words in a kk text, outside quotes. */
export function russianInKazakh(source: string, { allow = allowedInKazakh }: { allow?: Set<string> } = {}): LanguageProblem[] {
	const text = unquoted(source)
	const problems: LanguageProblem[] = []
	for (const match of text.matchAll(cyrillicWord)) {
		const word = match[0]
		if (isAbbreviation(word)) continue
		const lower = word.toLocaleLowerCase('ru')
		if (allow.has(lower) || kazakhLetters.test(word)) continue
		const line = lineOf(text, match.index)
		if (russianFunctionWords.has(lower)) problems.push({ line, word, reason: 'russian-word' })
		else if (lower.length > 5 && russianEndings.some((e) => lower.endsWith(e))) problems.push({ line, word, reason: 'russian-ending' })
	}
	return problems
}

/** Kazakh-only letters in a ru text, outside quotes. */
export function kazakhInRussian(source: string): LanguageProblem[] {
	const text = unquoted(source)
	const problems: LanguageProblem[] = []
	for (const match of text.matchAll(cyrillicWord)) {
		if (kazakhLetters.test(match[0])) problems.push({ line: lineOf(text, match.index), word: match[0], reason: 'kazakh-letter' })
	}
	return problems
}
