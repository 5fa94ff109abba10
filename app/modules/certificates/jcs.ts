/**
 * JSON Canonicalization Scheme (RFC 8785) for the values a credential holds: object keys
 * sorted by UTF-16 code units, no whitespace, ECMAScript number and string serialization.
 */
export function canonicalize(value: unknown): string {
	if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value)
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) throw new Error('JCS: non-finite number')
		return JSON.stringify(value)
	}
	if (Array.isArray(value)) return `[${value.map(canonicalize).join(',')}]`
	if (typeof value === 'object') {
		const entries = Object.entries(value).filter(([, v]) => v !== undefined)
		entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
		return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalize(v)}`).join(',')}}`
	}
	throw new Error(`JCS: cannot canonicalize ${typeof value}`)
}

const base58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'

export function base58btcEncode(bytes: Uint8Array) {
	let zeros = 0
	while (zeros < bytes.length && bytes[zeros] === 0) zeros++
	let n = 0n
	for (const b of bytes) n = n * 256n + BigInt(b)
	let out = ''
	while (n > 0n) {
		out = base58[Number(n % 58n)] + out
		n /= 58n
	}
	return '1'.repeat(zeros) + out
}

export function base58btcDecode(text: string) {
	let n = 0n
	for (const c of text) {
		const i = base58.indexOf(c)
		if (i < 0) throw new Error('base58: invalid character')
		n = n * 58n + BigInt(i)
	}
	const bytes: number[] = []
	while (n > 0n) {
		bytes.unshift(Number(n % 256n))
		n /= 256n
	}
	let zeros = 0
	while (zeros < text.length && text[zeros] === '1') zeros++
	return new Uint8Array([...new Array<number>(zeros).fill(0), ...bytes])
}
