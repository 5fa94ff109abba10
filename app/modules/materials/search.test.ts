import { expect, test } from 'vitest'
import { kazakhStem, kazakhTerm, queryWords, searchQueries } from './search.ts'

test.each([
	['балалардың', 'бала'],
	['балаларға', 'бала'],
	['баласына', 'бала'],
	['мұғалімдерге', 'мұғалім'],
	['мұғалімге', 'мұғалім'],
	['мектепте', 'мектеп'],
	['сыныптан', 'сынып'],
	['оқушыларымызға', 'оқушы'],
	['қолжетімділікті', 'қолжетім'],
	['бала', 'бала'],
	['ана', 'ана'],
	['сана', 'сана'],
	['ҰЛДАРДЫҢ', 'ұлдар'],
])('the stem of «%s» is «%s»', (word, stem) => {
	expect(kazakhStem(word)).toBe(stem)
})

test('a stem is always the beginning of the word typed, so stripping only widens a search', () => {
	for (const word of ['балалардың', 'мұғалімдерге', 'оқушыларымызға', 'сабақтарында', 'дала', 'тіл']) expect(word.startsWith(kazakhStem(word))).toBe(true)
})

test('a voiced final consonant is searched in both forms: «сабағы» finds «сабақ»', () => {
	expect(kazakhTerm('сабағы')).toBe('(сабағ:* | сабақ:*)')
	expect(kazakhTerm('мектебі')).toBe('(мектеб:* | мектеп:*)')
	expect(kazakhTerm('бала')).toBe('бала:*')
})

test('hostile input reaches tsquery as letters and digits only, at most eight words of sixty characters', () => {
	expect(searchQueries(`бала & !мұғалім | (x):* <-> 'a' \\ "b"`)).toEqual({ kk: 'бала:* & мұғалім:* & x:* & a:* & b:*', ru: 'бала:* & мұғалім:* & x:* & a:* & b:*' })
	expect(searchQueries('&|!():*<>\'\\')).toEqual({ kk: '', ru: '' })
	expect(queryWords('а '.repeat(100))).toHaveLength(8)
	expect(queryWords('ы'.repeat(5000))[0]).toHaveLength(60)
	expect(searchQueries('тьюторы').ru).toBe('тьюторы:*')
})
