import zlib from 'node:zlib'
import { afterEach, expect, test } from 'vitest'
import { acceptsGzip, bodyText, dynamic, fixedWidth, gzipBody, plainBody, splicedGzipCache, type BodyPart } from './spliced-gzip.server.ts'

const defaultLimit = splicedGzipCache().budget
afterEach(() => {
	splicedGzipCache(defaultLimit)
})

/** What a browser reads from the gzipped body; it must be the plain body exactly. */
function unpacked(parts: BodyPart[]) {
	const bytes = zlib.gunzipSync(gzipBody(parts))
	expect(bytes.equals(plainBody(parts))).toBe(true)
	return bytes.toString('utf8')
}

/** Deterministic pseudo-random numbers, so a failure can be replayed. */
function random(seed: number) {
	let state = seed
	return () => {
		state = (state * 1_103_515_245 + 12_345) % 2 ** 31
		return state / 2 ** 31
	}
}

const words = ['<li class="outline__done">', 'Инклюзивті білім беру', 'ерекше білім беруге қажеттілігі', 'Индивидуальная программа', ' ', '&amp;', 'ПМПК', '<a href="/kk/courses">', '😀', 'ә', 'ң', 'ғ', 'ү', 'ұ', 'қ', 'ө', 'һ', 'і']

function text(next: () => number, length: number) {
	let out = ''
	while (out.length < length) out += words[Math.floor(next() * words.length)]
	return out
}

test('a page spliced from kept segments unpacks to the page, first time and every time after', () => {
	const page: BodyPart[] = ['<!DOCTYPE html><header>', dynamic('Айгерім Нұрланова'), '</header><main>Сабақ мәтіні…', fixedWidth('6f1c0e1e-8f5b-4c1a-9d0e-2b7f3a9c4d11'), '</main>']
	const first = gzipBody(page)
	expect(gzipBody(page).equals(first)).toBe(true)
	expect(unpacked(page)).toBe(bodyText(page))
})

test('the same later text after per-request values of other lengths and contents still unpacks right', () => {
	const lesson = `<article>${'Гендерлік сезімтал педагогика — барлық оқушыға тең мүмкіндік. '.repeat(40)}</article>`
	const quiz = `<form>${'<label><input type="radio" name="q:1" value="a"> Жауап</label>'.repeat(20)}`
	for (const [name, nonce] of [
		['Әсел', '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0'],
		['Бауыржан Серікұлы Жақсылықов', 'ffffffff-0000-4000-8000-000000000000'],
		['A', 'short-nonce-1234'],
		['Әсел', '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f1'],
	] as const) {
		// The last part quotes the first view's nonce: only the bytes of this view may be referred to.
		const page = ['<header>', dynamic(name), lesson, quiz, fixedWidth(nonce), `${quiz}</form><footer>${lesson} 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0</footer>`]
		const shown = unpacked(page)
		expect(shown).toContain(`<header>${name}${lesson}`)
		expect(shown).toContain(`${nonce}${quiz}</form>`)
	}
})

test('strings given as one segment or as several give the same page', () => {
	const variants: BodyPart[][] = [
		['<main>', 'Сабақ', '</main>'],
		[['<main>', 'Сабақ'], '</main>'],
		[['<main>', 'Сабақ', '</main>']],
		[['<main>Са', 'бақ</main>']],
		[['', '<main>Сабақ</main>', '']],
	]
	for (const parts of variants) expect(unpacked(parts)).toBe('<main>Сабақ</main>')
	for (const parts of variants) expect(unpacked(parts)).toBe('<main>Сабақ</main>')
})

test('random pages, with shared beginnings and values of every kind, unpack exactly', () => {
	const next = random(20_261_202)
	const beginnings = [text(next, 3000), text(next, 40_000), '']
	for (let round = 0; round < 60; round++) {
		const parts: BodyPart[] = [beginnings[round % beginnings.length] ?? '']
		const count = 1 + Math.floor(next() * 8)
		for (let i = 0; i < count; i++) {
			const kind = next()
			if (kind < 0.25) parts.push(dynamic(text(next, Math.floor(next() * 40))))
			else if (kind < 0.5) parts.push(fixedWidth(text(next, Math.floor(next() * 3) * 12)))
			else if (kind < 0.75) parts.push(text(next, Math.floor(next() * (next() < 0.1 ? 70_000 : 2_000))))
			else parts.push([beginnings[0] ?? '', text(next, Math.floor(next() * 500)), ''])
		}
		expect(unpacked(parts)).toBe(bodyText(parts))
	}
})

test('a realistic page costs only a little more on the wire than compressing it whole', () => {
	const next = random(7)
	const header = `<header class="site-header">${'<li><a class="nav" href="/ru/courses">Курсы</a></li>'.repeat(8)}`
	const lesson = `<div class="mdx">${text(next, 6000)}</div>`
	const quiz = '<fieldset class="question"><legend>Вопрос</legend><label><input type="radio" name="q:1" value="a"> Ответ</label></fieldset>'.repeat(5)
	const parts: BodyPart[] = [header, dynamic('Айгерім Нұрланова'), `</header><main>${lesson}`, `<ol class="outline">${'<li><a href="/ru/courses/x/lessons/01">Урок</a></li>'.repeat(6)}</ol>${quiz}`, fixedWidth('6f1c0e1e-8f5b-4c1a-9d0e-2b7f3a9c4d11'), `${quiz}</main>${header}</header>`]
	gzipBody(parts)
	const spliced = gzipBody(parts).length
	const whole = zlib.gzipSync(plainBody(parts), { level: 6 }).length
	expect(spliced).toBeLessThan(whole * 1.1)
})

test('past its limit the cache starts again and pages stay right', () => {
	splicedGzipCache(64 * 1024)
	const next = random(3)
	for (let i = 0; i < 40; i++) {
		const parts: BodyPart[] = [text(next, 8000), dynamic(String(i)), text(next, 8000)]
		expect(unpacked(parts)).toBe(bodyText(parts))
		expect(splicedGzipCache().used).toBeLessThan(64 * 1024 + 200_000)
	}
})

test('gzip goes only to clients that take it, as their Accept-Encoding says', () => {
	expect(acceptsGzip('gzip, deflate, br, zstd')).toBe(true)
	expect(acceptsGzip('GZIP;q=0.5')).toBe(true)
	expect(acceptsGzip('*')).toBe(true)
	expect(acceptsGzip('br')).toBe(false)
	expect(acceptsGzip('identity')).toBe(false)
	expect(acceptsGzip('gzip;q=0')).toBe(false)
	expect(acceptsGzip('gzip; q=0.000, *')).toBe(false)
	expect(acceptsGzip('*;q=0')).toBe(false)
	expect(acceptsGzip('')).toBe(false)
	expect(acceptsGzip(undefined)).toBe(false)
})
