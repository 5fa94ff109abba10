import fs from 'node:fs'
import path from 'node:path'
import { expect, test } from 'vitest'

const dir = path.resolve('app/locales')
const pluralSuffixes = ['zero', 'one', 'two', 'few', 'many', 'other']

function flatten(value: unknown, prefix = ''): string[] {
	if (value && typeof value === 'object' && !Array.isArray(value)) {
		return Object.entries(value).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k))
	}
	return [prefix]
}

function load(locale: string) {
	const out: Record<string, Set<string>> = {}
	for (const file of fs.readdirSync(path.join(dir, locale))) {
		if (!file.endsWith('.json')) continue
		const data: unknown = JSON.parse(fs.readFileSync(path.join(dir, locale, file), 'utf8'))
		out[file] = new Set(flatten(data))
	}
	return out
}

function baseKeys(keys: Set<string>) {
	return new Set([...keys].map((k) => k.replace(new RegExp(`_(${pluralSuffixes.join('|')})$`), '')))
}

test('kk and ru have the same namespaces and the same keys', () => {
	const kk = load('kk')
	const ru = load('ru')
	expect(Object.keys(kk).sort()).toEqual(Object.keys(ru).sort())
	for (const file of Object.keys(kk)) {
		const a = baseKeys(kk[file] ?? new Set())
		const b = baseKeys(ru[file] ?? new Set())
		const missingInRu = [...a].filter((k) => !b.has(k)).map((k) => `ru/${file}: ${k}`)
		const missingInKk = [...b].filter((k) => !a.has(k)).map((k) => `kk/${file}: ${k}`)
		expect([...missingInRu, ...missingInKk]).toEqual([])
	}
})

test('every plural key has each form the language needs (kk: one, other; ru: one, few, many, other)', () => {
	for (const [locale, needed] of [
		['kk', new Intl.PluralRules('kk').resolvedOptions().pluralCategories],
		['ru', new Intl.PluralRules('ru').resolvedOptions().pluralCategories],
	] as const) {
		const files = load(locale)
		const problems: string[] = []
		for (const [file, keys] of Object.entries(files)) {
			const plural = new Set([...keys].filter((k) => /_(one|few|many|other)$/.test(k)).map((k) => k.replace(/_(one|few|many|other)$/, '')))
			for (const base of plural) {
				for (const form of needed) if (!keys.has(`${base}_${form}`)) problems.push(`${locale}/${file}: ${base}_${form}`)
			}
		}
		expect(problems).toEqual([])
	}
})

test('no translation is empty', () => {
	for (const locale of ['kk', 'ru']) {
		for (const file of fs.readdirSync(path.join(dir, locale))) {
			const text = fs.readFileSync(path.join(dir, locale, file), 'utf8')
			expect(text, `${locale}/${file}`).not.toMatch(/:\s*""/)
		}
	}
})
