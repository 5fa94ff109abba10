/** Serial numbers and verification codes: pure functions, unit-tested. */

export function formatSerial({ year, number }: { year: number; number: number }) {
	return `ORT-${year}-${String(number).padStart(6, '0')}`
}

// No 0/O, 1/I/L, U: easy to read aloud and type from a printed certificate.
const alphabet = '23456789ABCDEFGHJKMNPQRSTVWXYZ'

/** 12 random characters (about 59 bits) in groups of four: guessing one is hopeless. */
export function newVerificationCode(random: (n: number) => Uint8Array = (n) => crypto.getRandomValues(new Uint8Array(n))) {
	const chars: string[] = []
	while (chars.length < 12) {
		for (const byte of random(16)) {
			// Rejection sampling keeps every character equally likely.
			if (byte < 240 && chars.length < 12) chars.push(alphabet[byte % alphabet.length] ?? '2')
		}
	}
	return `${chars.slice(0, 4).join('')}-${chars.slice(4, 8).join('')}-${chars.slice(8).join('')}`
}

/** What a person typed (lower case, spaces, no dashes) in the canonical form, or null. */
export function normalizeCode(input: string) {
	const compact = input.toUpperCase().replace(/[\s-]/g, '')
	if (compact.length !== 12 || [...compact].some((c) => !alphabet.includes(c))) return null
	return `${compact.slice(0, 4)}-${compact.slice(4, 8)}-${compact.slice(8)}`
}
