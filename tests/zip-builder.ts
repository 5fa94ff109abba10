import zlib from 'node:zlib'

export type ZipEntrySpec = {
	name: string
	data?: Uint8Array | string
	/** Unix mode, e.g. 0o120777 for a symbolic link */
	mode?: number
	store?: boolean
}

/**
 * A zip written by hand, so a test can make the archives no honest tool makes: absolute and
 * `..` names, symbolic links, thousands of entries. Deflated unless `store`.
 */
export function buildZip(specs: ZipEntrySpec[]): Uint8Array<ArrayBuffer> {
	const locals: Buffer[] = []
	const centrals: Buffer[] = []
	let offset = 0
	for (const spec of specs) {
		const name = Buffer.from(spec.name, 'utf8')
		const raw = typeof spec.data === 'string' ? Buffer.from(spec.data, 'utf8') : Buffer.from(spec.data ?? new Uint8Array())
		const method = spec.store || spec.name.endsWith('/') ? 0 : 8
		const body = method === 8 ? zlib.deflateRawSync(raw, { level: 9 }) : raw
		const crc = zlib.crc32(raw)
		const local = Buffer.alloc(30)
		local.writeUInt32LE(0x04034b50, 0)
		local.writeUInt16LE(20, 4)
		local.writeUInt16LE(0x800, 6) // UTF-8 names
		local.writeUInt16LE(method, 8)
		local.writeUInt32LE(crc, 14)
		local.writeUInt32LE(body.length, 18)
		local.writeUInt32LE(raw.length, 22)
		local.writeUInt16LE(name.length, 26)
		locals.push(local, name, body)
		const central = Buffer.alloc(46)
		central.writeUInt32LE(0x02014b50, 0)
		central.writeUInt16LE((3 << 8) | 20, 4) // made by Unix, so the mode in the high bits counts
		central.writeUInt16LE(20, 6)
		central.writeUInt16LE(0x800, 8)
		central.writeUInt16LE(method, 10)
		central.writeUInt32LE(crc, 16)
		central.writeUInt32LE(body.length, 20)
		central.writeUInt32LE(raw.length, 24)
		central.writeUInt16LE(name.length, 28)
		central.writeUInt32LE(((spec.mode ?? (spec.name.endsWith('/') ? 0o40755 : 0o100644)) << 16) >>> 0, 38)
		central.writeUInt32LE(offset, 42)
		centrals.push(central, name)
		offset += local.length + name.length + body.length
	}
	const directory = Buffer.concat(centrals)
	const end = Buffer.alloc(22)
	end.writeUInt32LE(0x06054b50, 0)
	end.writeUInt16LE(specs.length, 8)
	end.writeUInt16LE(specs.length, 10)
	end.writeUInt32LE(directory.length, 12)
	end.writeUInt32LE(offset, 16)
	return new Uint8Array(Buffer.concat([...locals, directory, end]))
}

/** The smallest DOCX that file-type and Word take for one, with extra parts if asked. */
export function docxParts(extra: ZipEntrySpec[] = []): ZipEntrySpec[] {
	return [
		{
			name: '[Content_Types].xml',
			data: '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
		},
		{ name: 'word/document.xml', data: '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Жоспар</w:t></w:r></w:p></w:body></w:document>' },
		...extra,
	]
}
