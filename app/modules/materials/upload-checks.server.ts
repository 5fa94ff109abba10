import { fileTypeFromBuffer } from 'file-type'
import { readZip, type ZipLimits } from '#app/modules/files/zip.server.ts'
import { allowedUploadTypes, MAX_UPLOAD_BYTES } from './forms.ts'

/**
 * Why an upload is refused; each is a key `upload.<reason>` of the studio namespace.
 * A refused file is never stored.
 */
export type UploadRefusal =
	| 'empty'
	| 'too_large'
	| 'type'
	| 'mismatch'
	| 'name_path'
	| 'name_control'
	| 'name_long'
	| 'name_extension'
	| 'zip_bomb'
	| 'not_office'

export const MAX_FILENAME_LENGTH = 150

/** Names the browser gives a file input have no folders; one that has them was made up. */
export function checkFilename(name: string): UploadRefusal | null {
	if (/[/\\]/.test(name) || name.includes('..')) return 'name_path'
	// C0/C1 controls and the bidirectional overrides that make «fdp.exe» read as «exe.pdf».
	if (/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/.test(name)) return 'name_control'
	if ([...name].length > MAX_FILENAME_LENGTH) return 'name_long'
	if (!/\.[A-Za-z0-9]{1,8}$/.test(name)) return 'name_extension'
	return null
}

/** The extensions a name may have for each allowed type. */
const extensionsOf: Record<string, string[]> = {
	'application/pdf': ['pdf'],
	'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
	'application/vnd.openxmlformats-officedocument.presentationml.presentation': ['pptx'],
	'image/png': ['png'],
	'image/jpeg': ['jpg', 'jpeg'],
	'image/webp': ['webp'],
	'image/gif': ['gif'],
}
const allowedExtensions = new Set(Object.values(extensionsOf).flat())

/** The main part an Office Open XML file of each type must have, beside [Content_Types].xml. */
const officeMainPart: Record<string, string> = {
	'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'word/document.xml',
	'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'ppt/presentation.xml',
	'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xl/workbook.xml',
}

/**
 * DOCX/PPTX are zips: a real one of 20 MB has a few hundred parts and images that do not
 * compress, so these refuse only bombs (a few KB inflating to gigabytes) and junk.
 */
export const officeZipLimits: ZipLimits = {
	maxEntries: 2000,
	maxEntryBytes: 64 * 1024 * 1024,
	maxTotalBytes: 128 * 1024 * 1024,
	maxRatio: 100,
	ratioFloor: 1024 * 1024,
}

async function checkOfficeContainer(bytes: Uint8Array, mime: string): Promise<UploadRefusal | null> {
	const read = await readZip(bytes, officeZipLimits)
	if (!read.ok) return read.reason === 'entries' || read.reason === 'total_size' || read.reason === 'entry_size' || read.reason === 'ratio' ? 'zip_bomb' : 'not_office'
	const names = new Set(read.entries.map((e) => e.name))
	const main = officeMainPart[mime]
	if (!names.has('[Content_Types].xml') || (main && !names.has(main))) return 'not_office'
	return null
}

/**
 * Judges an upload by its bytes and by what it claims to be: the name must be a plain file
 * name whose extension matches the content sniffed by file-type (an .exe or a web page
 * renamed .pdf or .docx is refused, not renamed), the declared MIME type too when the browser
 * sent one, and an Office file must be a sane zip.
 */
export async function inspectUpload(file: { name: string; type?: string; bytes: Uint8Array }): Promise<{ ok: true; mime: string; ext: string } | { ok: false; error: UploadRefusal }> {
	const { bytes } = file
	if (bytes.byteLength === 0) return { ok: false, error: 'empty' }
	if (bytes.byteLength > MAX_UPLOAD_BYTES) return { ok: false, error: 'too_large' }
	const badName = checkFilename(file.name)
	if (badName) return { ok: false, error: badName }
	const claimed = (/\.([A-Za-z0-9]+)$/.exec(file.name)?.[1] ?? '').toLowerCase()
	const detected = await fileTypeFromBuffer(bytes)
	const ext = detected ? allowedUploadTypes[detected.mime] : undefined
	if (!detected || !ext) return { ok: false, error: allowedExtensions.has(claimed) ? 'mismatch' : 'type' }
	if (!extensionsOf[detected.mime]?.includes(claimed)) return { ok: false, error: allowedExtensions.has(claimed) ? 'mismatch' : 'type' }
	const declared = file.type?.split(';')[0]?.trim().toLowerCase() ?? ''
	if (declared && declared !== 'application/octet-stream' && declared !== detected.mime && !(declared === 'image/jpg' && detected.mime === 'image/jpeg')) {
		return { ok: false, error: 'mismatch' }
	}
	if (detected.mime in officeMainPart) {
		const office = await checkOfficeContainer(bytes, detected.mime)
		if (office) return { ok: false, error: office }
	}
	return { ok: true, mime: detected.mime, ext: claimed === 'jpeg' ? 'jpeg' : ext }
}
