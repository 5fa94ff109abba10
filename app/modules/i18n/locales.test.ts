import { expect, test } from 'vitest'
import { localeFromAcceptLanguage, switchLocalePath } from './locales.ts'

test('Accept-Language picks the highest-ranked of kk and ru', () => {
	expect(localeFromAcceptLanguage('ru-RU,ru;q=0.9,en;q=0.8')).toBe('ru')
	expect(localeFromAcceptLanguage('en-US,kk;q=0.5,ru;q=0.7')).toBe('ru')
	expect(localeFromAcceptLanguage('kk-KZ')).toBe('kk')
	expect(localeFromAcceptLanguage('en-US,de')).toBeNull()
	expect(localeFromAcceptLanguage('ru;q=0')).toBeNull()
	expect(localeFromAcceptLanguage(null)).toBeNull()
})

test('switching language keeps the page and its query', () => {
	expect(switchLocalePath('/kk/courses/x', '?q=1', 'ru')).toBe('/ru/courses/x?q=1')
	expect(switchLocalePath('/ru', '', 'kk')).toBe('/kk/')
	expect(switchLocalePath('/ru/', '', 'kk')).toBe('/kk/')
})
