/**
 * The library's search box to tsquery text (ADR 011). PostgreSQL has no Kazakh stemmer, so a
 * Kazakh query word loses its common endings and becomes a prefix: «балалардың» → бала:*,
 * which finds «бала», «баланың», «балаларға». The stem is always a prefix of the word typed, so
 * stripping can only widen a search, never lose what the plain prefix found. Russian keeps the
 * `russian` stemmer (with a prefix as well). Only letters and digits ever reach to_tsquery.
 */

/** Endings stripped from the end of a Kazakh word, longest first; applied up to four times (plural + possessive + case). */
export const kazakhSuffixes = [
	// locative-adjectival and combined
	'дағы', 'дегі', 'тағы', 'тегі', 'ндағы', 'ндегі',
	// ablative
	'дан', 'ден', 'тан', 'тен', 'нан', 'нен',
	// instrumental
	'мен', 'бен', 'пен',
	// plural
	'лар', 'лер', 'дар', 'дер', 'тар', 'тер',
	// possessive (third person, and the polite second); «-ім», «-ың» are left out: «білім», «мұғалім» end so
	'мыз', 'міз', 'ңыз', 'ңіз', 'сы', 'сі', 'ы', 'і',
	// genitive
	'ның', 'нің', 'дың', 'дің', 'тың', 'тің',
	// dative
	'ға', 'ге', 'қа', 'ке', 'на', 'не',
	// accusative
	'ны', 'ні', 'ды', 'ді', 'ты', 'ті',
	// locative
	'нда', 'нде', 'да', 'де', 'та', 'те',
	// abstract nouns: «қолжетімділік» is about «қолжетімді»
	'лық', 'лік', 'дық', 'дік', 'тық', 'тік',
].sort((a, b) => b.length - a.length)

/** A stem keeps at least this many letters: «ана», «сана» are not «а», «са». */
export const MIN_STEM = 3

export function kazakhStem(word: string) {
	let stem = word.toLocaleLowerCase('kk')
	for (let round = 0; round < 4; round++) {
		const suffix = kazakhSuffixes.find((s) => stem.endsWith(s) && [...stem].length - [...s].length >= MIN_STEM)
		if (!suffix) break
		stem = stem.slice(0, stem.length - suffix.length)
	}
	return stem
}

// Before a vowel ending a final қ, к, п are voiced (сабақ → сабағы, мектеп → мектебі): the stem of
// «сабағы» is «сабағ», and the dictionary form «сабақ» is searched as well.
const unvoiced: Record<string, string> = { ғ: 'қ', г: 'к', б: 'п' }

/** One tsquery term for a Kazakh word: its stem as a prefix, or both voicings of it. */
export function kazakhTerm(word: string) {
	const lower = word.toLocaleLowerCase('kk')
	const stem = kazakhStem(lower)
	const alt = stem !== lower ? unvoiced[stem.slice(-1)] : undefined
	return alt ? `(${stem}:* | ${stem.slice(0, -1)}${alt}:*)` : `${stem}:*`
}

const MAX_WORDS = 8
const MAX_WORD = 60

/** The words of a query: letters and digits only, at most eight, none longer than sixty characters. */
export function queryWords(q: string) {
	return (q.toLocaleLowerCase('kk').match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, MAX_WORDS).map((w) => w.slice(0, MAX_WORD))
}

/** tsquery texts for the Kazakh (`simple`) and Russian (`russian`) versions; empty when nothing searchable was typed. */
export function searchQueries(q: string) {
	const words = queryWords(q)
	return {
		kk: words.map(kazakhTerm).join(' & '),
		ru: words.map((w) => `${w}:*`).join(' & '),
	}
}
