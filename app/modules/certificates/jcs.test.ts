import { expect, test } from 'vitest'
import { base58btcDecode, base58btcEncode, canonicalize } from './jcs.ts'

test('canonical JSON sorts keys at every level and drops whitespace (RFC 8785)', () => {
	expect(canonicalize({ b: 2, a: [1, { d: 'ә', c: null }], 'é': true })).toBe('{"a":[1,{"c":null,"d":"ә"}],"b":2,"é":true}')
	expect(canonicalize({ numbers: [1e21, 0.1, -0] })).toBe('{"numbers":[1e+21,0.1,0]}')
})

test('base58btc round-trips and keeps leading zero bytes (multibase "z" values)', () => {
	const bytes = new Uint8Array([0, 0, 0xed, 0x01, 255, 7])
	expect(base58btcDecode(base58btcEncode(bytes))).toEqual(bytes)
	expect(base58btcEncode(new TextEncoder().encode('Hello World!'))).toBe('2NEpo7TZRRrLZSi2U')
})
