// A page body as a list of parts, gzipped by splicing deflate segments that are compressed once
// and kept, with the per-request values (a name, a form nonce) between them as stored blocks
// (ADR 009, "Revision 2"). Compressing a 17 KB lesson page in full costs 150–250 µs per request
// — about half of the server's CPU for it — while splicing costs about 10 µs, for ≈ 2 % more bytes.
//
// Each text part is compressed on its own (raw deflate ending in a sync flush, so that segments
// concatenate), with the bytes before it in the page as the dictionary, so it still refers back
// to earlier markup as one whole-page compression would. A segment depends on that context, so it
// is kept in a tree keyed by the texts before it: a path from the root is a page prefix. A
// per-request value either breaks the context (the next segment is compressed as if the page
// started there, and the walk goes back to the root) or keeps it: its bytes are masked with 0xFF
// in the next segments' dictionary and its byte length becomes part of their key. 0xFF never
// occurs in UTF-8, so no back-reference can reach into a masked value, and with the same length
// every later distance is the same.
import zlib from 'node:zlib'

/** Text that differs per request, sent uncompressed; see the file comment for `keepsContext`. */
export class Dynamic {
	constructor(
		readonly text: string,
		readonly keepsContext: boolean,
	) {}
}

/** A per-request value of any length (a person's name): later parts are compressed without what came before. */
export function dynamic(text: string) {
	return new Dynamic(text, false)
}

/** A per-request value of (almost always) one length, such as a UUID: later parts still refer back past it. */
export function fixedWidth(text: string) {
	return new Dynamic(text, true)
}

/**
 * A text segment is a string, or several strings compressed as one segment: passing the kept
 * strings of a page (a rendered lesson, a header) as they are, rather than joined into a new
 * string per request, lets the lookup use the hash V8 keeps on each string instead of hashing
 * the whole page on every request.
 */
export type BodyPart = string | readonly string[] | Dynamic

type Segment = {
	/** The segment's UTF-8 bytes, for the plain body and the CRC. */
	raw: Buffer
	/** Raw deflate of the segment in its context, ending in a sync flush. */
	deflated: Buffer
}

/**
 * A node of the tree: reached by the strings of the page so far. END leads from the last string
 * of a segment to the node holding that segment compressed, so that 'ab' then 'c' as two segments
 * and ['ab', 'c'] as one never meet. A number leads past a fixed-width value of that many bytes.
 */
type Node = { segment: Segment | null; next: Map<string | number | typeof END, Node> | null }
const END = Symbol('end of segment')

const WINDOW = 32 * 1024
// Kept segments are dropped all at once past this many bytes (raw + deflated) and rebuilt on demand.
let budget = 48 * 1024 * 1024
let used = 0
let root: Node = { segment: null, next: null }

const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff])
/** An empty final block with fixed codes: BFINAL=1, BTYPE=01, end-of-block. */
const FINAL_BLOCK = Buffer.from([0x03, 0x00])
const MASK = 0xff

function child(node: Node, key: string | number | typeof END) {
	const next = (node.next ??= new Map())
	let found = next.get(key)
	if (!found) {
		found = { segment: null, next: null }
		next.set(key, found)
		// The key is kept too: count a string as two bytes a character, as V8 may store it.
		if (typeof key === 'string') used += 2 * key.length
	}
	return found
}

/** The whole page as text (tests, and anything that wants the string). */
export function bodyText(parts: readonly BodyPart[]): string {
	let text = ''
	for (const part of parts) {
		if (typeof part === 'string') text += part
		else if (part instanceof Dynamic) text += part.text
		else text += part.join('')
	}
	return text
}

/** The page's bytes, uncompressed. */
export function plainBody(parts: readonly BodyPart[]): Buffer {
	return Buffer.from(bodyText(parts))
}

/** Stored (uncompressed) deflate blocks holding bytes, each at most 65,535 long; not final. */
function storedBlocks(bytes: Buffer, into: Buffer[]) {
	for (let start = 0; start < bytes.length; start += 0xffff) {
		const chunk = bytes.subarray(start, start + 0xffff)
		const header = Buffer.allocUnsafe(5)
		header[0] = 0 // BFINAL=0, BTYPE=00; the rest of the byte pads to the boundary
		header.writeUInt16LE(chunk.length, 1)
		header.writeUInt16LE(chunk.length ^ 0xffff, 3)
		into.push(header, chunk)
	}
}

/** The last 32 KB of the context a segment is compressed in: raw bytes, masked values as 0xFF. */
function dictionaryOf(context: readonly (Buffer | number)[]): Buffer | undefined {
	let length = 0
	for (const piece of context) length += typeof piece === 'number' ? piece : piece.length
	if (length === 0) return undefined
	const whole = Buffer.allocUnsafe(length)
	let at = 0
	for (const piece of context) {
		if (typeof piece === 'number') whole.fill(MASK, at, at + piece)
		else piece.copy(whole, at)
		at += typeof piece === 'number' ? piece : piece.length
	}
	return whole.subarray(Math.max(0, length - WINDOW))
}

function compress(text: string, context: readonly (Buffer | number)[]): Segment {
	const raw = Buffer.from(text)
	const dictionary = dictionaryOf(context)
	const deflated = zlib.deflateRawSync(raw, {
		level: 9,
		memLevel: 9,
		finishFlush: zlib.constants.Z_SYNC_FLUSH,
		...(dictionary ? { dictionary } : {}),
	})
	used += raw.length + deflated.length
	return { raw, deflated }
}

/** The page gzipped, from kept segments where it has been seen before. */
export function gzipBody(parts: readonly BodyPart[]): Buffer {
	if (used > budget) {
		root = { segment: null, next: null }
		used = 0
	}
	const out: Buffer[] = [GZIP_HEADER]
	let crc = 0
	let size = 0
	let node = root
	// The context of the current walk, for compressing a segment seen for the first time.
	let context: (Buffer | number)[] = []
	for (const part of parts) {
		if (part instanceof Dynamic) {
			const bytes = Buffer.from(part.text)
			if (bytes.length === 0) continue
			storedBlocks(bytes, out)
			crc = zlib.crc32(bytes, crc)
			size += bytes.length
			if (part.keepsContext) {
				context.push(bytes.length)
				node = child(node, bytes.length)
			} else {
				context = []
				node = root
			}
			continue
		}
		const pieces = typeof part === 'string' ? [part] : part
		let at = node
		for (const piece of pieces) if (piece !== '') at = child(at, piece)
		if (at === node) continue
		at = child(at, END)
		const segment = (at.segment ??= compress(pieces.join(''), context))
		out.push(segment.deflated)
		crc = zlib.crc32(segment.raw, crc)
		size += segment.raw.length
		context.push(segment.raw)
		node = at
	}
	const trailer = Buffer.allocUnsafe(8)
	trailer.writeUInt32LE(crc >>> 0, 0)
	trailer.writeUInt32LE(size >>> 0, 4)
	out.push(FINAL_BLOCK, trailer)
	return Buffer.concat(out)
}

/** Whether an Accept-Encoding header takes gzip: named (or `*`) and not with q=0 (RFC 9110, 12.5.3). */
export function acceptsGzip(header: string | undefined): boolean {
	if (!header) return false
	let any: boolean | null = null
	for (const item of header.split(',')) {
		const [name = '', ...parameters] = item.split(';')
		const coding = name.trim().toLowerCase()
		if (coding !== 'gzip' && coding !== 'x-gzip' && coding !== '*') continue
		const weight = parameters.map((p) => p.trim().toLowerCase()).find((p) => p.startsWith('q='))
		const accepted = weight === undefined || Number(weight.slice(2)) > 0
		if (coding === '*') any = accepted
		else return accepted
	}
	return any ?? false
}

/** Bytes held by kept segments now, and a new limit (tests use a small one). */
export function splicedGzipCache(limit?: number) {
	if (limit !== undefined) budget = limit
	return { used, budget }
}
