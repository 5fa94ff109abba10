import { expect, test } from 'vitest'
import { formatSerial, newVerificationCode, normalizeCode } from './codes.ts'

test('serials read like ORT-2026-000123', () => {
	expect(formatSerial({ year: 2026, number: 123 })).toBe('ORT-2026-000123')
	expect(formatSerial({ year: 2027, number: 1_234_567 })).toBe('ORT-2027-1234567')
})

test('verification codes are three groups of four unambiguous characters, and differ', () => {
	const codes = new Set(Array.from({ length: 200 }, () => newVerificationCode()))
	expect(codes.size).toBe(200)
	for (const code of codes) expect(code).toMatch(/^[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}$/)
})

test('a code typed in lower case, with spaces or without dashes is understood; a malformed one is not', () => {
	expect(normalizeCode(' k7qx 3mzp 9wta ')).toBe('K7QX-3MZP-9WTA')
	expect(normalizeCode('K7QX3MZP9WTA')).toBe('K7QX-3MZP-9WTA')
	expect(normalizeCode('K7QX-3MZP-9WT')).toBeNull()
	expect(normalizeCode('O0QX-3MZP-9WTA')).toBeNull()
})
