import yauzl from 'yauzl'

/**
 * Limits for reading an untrusted zip. Checked on the sizes the central directory declares
 * before a byte is inflated, then again while inflating (yauzl stops an entry that yields more
 * than it declared), so a lying header cannot get past them either.
 */
export type ZipLimits = {
	maxEntries: number
	maxTotalBytes: number
	maxEntryBytes: number
	/** uncompressed / compressed, for entries larger than ratioFloor */
	maxRatio: number
	ratioFloor?: number
}

export type ZipRefusalReason =
	| 'not_zip'
	| 'entries'
	| 'total_size'
	| 'entry_size'
	| 'ratio'
	| 'absolute'
	| 'traversal'
	| 'symlink'
	| 'encrypted'
	| 'corrupt'

export type ZipRefusal = { ok: false; reason: ZipRefusalReason; entry: string | null }
export type ZipEntryInfo = { name: string; size: number; compressedSize: number; directory: boolean }
export type ZipRead = { ok: true; entries: (ZipEntryInfo & { data: Buffer | null })[] }

const S_IFMT = 0o170000
const S_IFLNK = 0o120000

function refusal(reason: ZipRefusalReason, entry: string | null = null): ZipRefusal {
	return { ok: false, reason, entry }
}

/** yauzl refuses absolute and `..` names itself, by an error on the archive. */
function fromYauzlError(error: unknown): ZipRefusal {
	const message = error instanceof Error ? error.message : String(error)
	const name = message.replace(/^[^:]*:\s*/, '') || null
	if (message.startsWith('absolute path')) return refusal('absolute', name)
	if (message.startsWith('invalid relative path')) return refusal('traversal', name)
	if (message.startsWith('invalid characters in fileName')) return refusal('traversal', name)
	return refusal('corrupt')
}

/** The entries of a zip, checked against the limits; nothing is inflated. */
async function listEntries(zip: yauzl.ZipFile, limits: ZipLimits): Promise<{ ok: true; entries: yauzl.Entry[] } | ZipRefusal> {
	if (zip.entryCount > limits.maxEntries) return refusal('entries')
	const floor = limits.ratioFloor ?? 64 * 1024
	return new Promise((resolve) => {
		const entries: yauzl.Entry[] = []
		let total = 0
		let settled = false
		const finish = (result: { ok: true; entries: yauzl.Entry[] } | ZipRefusal) => {
			if (settled) return
			settled = true
			resolve(result)
		}
		zip.on('error', (error: unknown) => finish(fromYauzlError(error)))
		zip.on('end', () => finish({ ok: true, entries }))
		zip.on('entry', (entry: yauzl.Entry) => {
			const name = entry.fileName
			if (entries.length + 1 > limits.maxEntries) return finish(refusal('entries'))
			if ((entry.externalFileAttributes >>> 16 & S_IFMT) === S_IFLNK) return finish(refusal('symlink', name))
			if (entry.isEncrypted()) return finish(refusal('encrypted', name))
			if (!entry.canDecodeFileData()) return finish(refusal('corrupt', name))
			if (entry.uncompressedSize > limits.maxEntryBytes) return finish(refusal('entry_size', name))
			total += entry.uncompressedSize
			if (total > limits.maxTotalBytes) return finish(refusal('total_size', name))
			if (entry.uncompressedSize > floor && entry.uncompressedSize / Math.max(entry.compressedSize, 1) > limits.maxRatio) {
				return finish(refusal('ratio', name))
			}
			entries.push(entry)
			zip.readEntry()
		})
		zip.readEntry()
	})
}

/** Inflates one entry, keeping its bytes or only counting them; never more than it declared. */
async function inflate(zip: yauzl.ZipFile, entry: yauzl.Entry, keep: boolean): Promise<Buffer | null> {
	const stream = await zip.openReadStreamPromise(entry)
	const chunks: Buffer[] = []
	for await (const chunk of stream) if (keep) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk))
	return keep ? Buffer.concat(chunks) : null
}

/**
 * Reads an untrusted zip held in memory. Every entry is checked before anything is inflated;
 * then each file is inflated in turn (its bytes kept when `keep` says so), which proves the
 * declared sizes true. Symbolic links, encrypted entries, absolute names and `..` are refused.
 */
export async function readZip(bytes: Uint8Array, limits: ZipLimits, keep: (name: string) => boolean = () => false): Promise<ZipRead | ZipRefusal> {
	const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
	let zip: yauzl.ZipFile
	try {
		zip = await yauzl.fromBufferPromise(buffer, { lazyEntries: true, validateEntrySizes: true, strictFileNames: true })
	} catch {
		// No end-of-central-directory record where a zip has one: not a zip at all.
		return refusal('not_zip')
	}
	try {
		const listed = await listEntries(zip, limits)
		if (!listed.ok) return listed
		const entries: ZipRead['entries'] = []
		for (const entry of listed.entries) {
			const name = entry.fileName
			const directory = name.endsWith('/')
			let data: Buffer | null = null
			if (!directory) {
				try {
					data = await inflate(zip, entry, keep(name))
				} catch {
					return refusal('corrupt', name)
				}
			}
			entries.push({ name, size: entry.uncompressedSize, compressedSize: entry.compressedSize, directory, data })
		}
		return { ok: true, entries }
	} finally {
		zip.close()
	}
}
