import { expect, test } from 'vitest'
import { lengthRatioProblem, wordCountProblem } from './content-rules.ts'
import { jsonLines, lineOfPath } from './json-lines.ts'
import { kazakhInRussian, russianInKazakh } from './language-check.ts'
import { readingMinutes, wordCount } from './text-stats.ts'

const kk = (body: string) => `---\ntitle: Сабақ\n---\n\n${body}\n`

test('a kk text with Russian words fails, each word on its line', () => {
	const problems = russianInKazakh(kk('Мұғалім сабақты бастайды.\nУченик читает текст и отвечает на вопросы, что очень важно для обучения.'))
	expect(problems.map((p) => [p.line, p.word, p.reason])).toEqual([
		[6, 'и', 'russian-word'],
		[6, 'на', 'russian-word'],
		[6, 'что', 'russian-word'],
		[6, 'очень', 'russian-word'],
		[6, 'для', 'russian-word'],
		[6, 'обучения', 'russian-ending'],
	])
})

test('Russian endings are caught outside quotes: -ость, -ение, -ться', () => {
	expect(russianInKazakh(kk('Толерантность пен взаимодействие маңызды, оқушы учиться керек.')).map((p) => p.word)).toEqual(['Толерантность', 'учиться'])
})

test('quoted terms, abbreviations and allowed loans pass', () => {
	const text = kk(
		'Орыс тілді әріптестер мұны «особые образовательные потребности» (ООП) деп атайды, ал ПМПК қорытынды береді.\n' +
			'Тьютор мен логопед онлайн кездеседі. "Инклюзия в школе" — кітаптың аты. Мұғалім не істейді? Ол да келеді.',
	)
	expect(russianInKazakh(text)).toEqual([])
})

test('a ru text with Kazakh letters outside quotes fails; a quoted Kazakh term passes', () => {
	const ru = `---\ntitle: Урок\n---\n\nПо-казахски это «ерекше білім беру қажеттіліктері».\nУченики читают мәтін вслух.\n`
	expect(kazakhInRussian(ru)).toEqual([{ line: 6, word: 'мәтін', reason: 'kazakh-letter' }])
})

test('words are counted in the prose only: no front matter, tags, link targets', () => {
	const source = '---\ntitle: Көп сөз бар тақырып\nminutes: 5\n---\n\n## Бөлім\n\n<Callout type="note" title="Маңызды">\n\nБір екі үш [сілтеме мәтіні](https://example.kz/a-b-c).\n\n</Callout>\n'
	expect(wordCount(source)).toBe(6)
	expect(readingMinutes(source)).toBe(1)
	expect(readingMinutes(kk('сөз '.repeat(900)))).toBe(5)
})

test('a lesson outside 300–2,000 words and kk/ru versions of very different length are reported', () => {
	expect(wordCountProblem(kk('сөз '.repeat(299)), 'lesson')?.code).toBe('word-count')
	expect(wordCountProblem(kk('сөз '.repeat(300)), 'lesson')).toBeNull()
	expect(wordCountProblem(kk('сөз '.repeat(2001)), 'lesson')?.code).toBe('word-count')
	expect(wordCountProblem(kk('сөз '.repeat(80)), 'material')).toBeNull()
	expect(lengthRatioProblem(kk('сөз '.repeat(400)), kk('слово '.repeat(500)))).toBeNull()
	expect(lengthRatioProblem(kk('сөз '.repeat(200)), kk('слово '.repeat(500)))?.code).toBe('length-ratio')
	expect(lengthRatioProblem(kk('сөз '.repeat(1100)), kk('слово '.repeat(500)))?.code).toBe('length-ratio')
})

test('a schema problem in a JSON file is placed on its line', () => {
	const text = '{\n\t"slug": "x",\n\t"lessons": [\n\t\t{ "slug": "a" },\n\t\t{\n\t\t\t"slug": "B!"\n\t\t}\n\t]\n}\n'
	const lines = jsonLines(text)
	expect(lineOfPath(lines, ['lessons', 1, 'slug'])).toBe(6)
	expect(lineOfPath(lines, ['lessons', 1, 'required'])).toBe(5)
	expect(lineOfPath(lines, ['title'])).toBe(1)
})

test('a Figure without alt text, an empty link and an empty Download are refused', async () => {
	const { checkMdx } = await import('./mdx.server.ts')
	const source = kk('<Figure src="/content/x/a.png" alt="" />\n\n[](https://example.kz)\n\n<Download href="/content/x/a.pdf"></Download>\n\n<Download href="/content/x/b.pdf">Бланк</Download>')
	expect(checkMdx(source).problems.map((p) => [p.line, p.code])).toEqual([
		[5, 'missing-attribute'],
		[7, 'link-text'],
		[9, 'link-text'],
	])
})
