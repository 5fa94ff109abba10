import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { recordAudit } from '#app/modules/auth/audit.server.ts'
import { syncCourseFolder, type SyncResult } from '#app/modules/content/sync.server.ts'
import { readZip, type ZipLimits, type ZipRefusalReason } from '#app/modules/files/zip.server.ts'

/** The largest course zip accepted; an exported course with its quizzes is a few hundred KB. */
export const MAX_COURSE_ZIP_BYTES = 10 * 1024 * 1024

/**
 * A course folder is text: a few dozen MDX and JSON files. These limits leave room for a long
 * course and refuse bombs and junk before anything is inflated.
 */
export const courseZipLimits: ZipLimits = {
	maxEntries: 500,
	maxEntryBytes: 1024 * 1024,
	maxTotalBytes: 20 * 1024 * 1024,
	maxRatio: 100,
	ratioFloor: 64 * 1024,
}

export type ArchiveRefusalReason = ZipRefusalReason | 'empty' | 'too_large' | 'layout' | 'unexpected' | 'duplicate'
export type ZipImportResult =
	| { status: 'refused'; reason: ArchiveRefusalReason; entry: string | null }
	| SyncResult

const slugPattern = /^[a-z0-9][a-z0-9-]{0,80}$/
const topFiles = new Set(['course.json', 'kk.mdx', 'ru.mdx', 'diagnostic.json', 'final.json'])
const lessonFiles = new Set(['kk.mdx', 'ru.mdx', 'quiz.json'])

/** Finder and Explorer add these; they are skipped, never written. */
function isClutter(name: string) {
	return name.startsWith('__MACOSX/') || /(^|\/)(\.DS_Store|Thumbs\.db|desktop\.ini)$/.test(name)
}

/**
 * Where a file of the archive goes inside the course folder, or why it may not: the names the
 * export writes (`<slug>/course.json`, `<slug>/lessons/<lesson>/kk.mdx`, …) and nothing else.
 */
function placeEntry(name: string, slug: string): { file: string } | { directory: true } | null {
	const parts = name.split('/')
	if (parts[0] !== slug) return null
	const rest = parts.slice(1)
	if (name.endsWith('/')) {
		rest.pop()
		if (rest.length === 0) return { directory: true }
		if (rest.length === 1 && rest[0] === 'lessons') return { directory: true }
		if (rest.length === 2 && rest[0] === 'lessons' && slugPattern.test(rest[1] ?? '')) return { directory: true }
		return null
	}
	if (rest.length === 1 && topFiles.has(rest[0] ?? '')) return { file: rest.join('/') }
	if (rest.length === 3 && rest[0] === 'lessons' && slugPattern.test(rest[1] ?? '') && lessonFiles.has(rest[2] ?? '')) return { file: rest.join('/') }
	return null
}

/**
 * Imports a course from an uploaded zip in the layout the studio export writes (one folder
 * named by the course slug). The archive is checked in memory first — size, number of
 * entries, inflated sizes and ratio, no symbolic links, absolute paths or `..`, only the
 * expected file names — then written to a private temporary folder and synced exactly as a
 * folder of content/courses (JSON schemas, the MDX guard, problems with file and line). A
 * refused or failed import publishes nothing and leaves no files behind.
 */
export async function importCourseZip({ bytes, userId }: { bytes: Uint8Array; userId: number }): Promise<ZipImportResult> {
	const refused = (reason: ArchiveRefusalReason, entry: string | null = null): ZipImportResult => ({ status: 'refused', reason, entry })
	if (bytes.byteLength === 0) return refused('empty')
	if (bytes.byteLength > MAX_COURSE_ZIP_BYTES) return refused('too_large')
	const read = await readZip(bytes, courseZipLimits, (name) => !name.endsWith('/') && !isClutter(name))
	if (!read.ok) return refused(read.reason, read.entry)
	const entries = read.entries.filter((e) => !isClutter(e.name))
	const tops = new Set(entries.map((e) => e.name.split('/')[0] ?? ''))
	const [slug] = [...tops]
	if (tops.size !== 1 || !slug || !slugPattern.test(slug)) return refused('layout', tops.size === 1 ? (slug ?? null) : null)
	const files = new Map<string, Buffer>()
	for (const entry of entries) {
		const place = placeEntry(entry.name, slug)
		if (!place) return refused('unexpected', entry.name)
		if ('directory' in place) continue
		if (files.has(place.file)) return refused('duplicate', entry.name)
		files.set(place.file, entry.data ?? Buffer.alloc(0))
	}
	if (!files.has('course.json')) return refused('layout', `${slug}/course.json`)

	const temp = await fs.mkdtemp(path.join(os.tmpdir(), 'ortaq-import-'))
	try {
		const dir = path.join(temp, slug)
		for (const [file, data] of files) {
			// Every segment was matched against a fixed name or the slug pattern above.
			const target = path.join(dir, ...file.split('/'))
			await fs.mkdir(path.dirname(target), { recursive: true })
			await fs.writeFile(target, data, { flag: 'wx' })
		}
		const result = await syncCourseFolder(dir)
		const problems = result.problems.map((p) => ({ ...p, file: `${slug}/${p.file}` }))
		if (result.status !== 'failed') {
			await recordAudit({ actorId: userId, action: 'course.import', targetType: 'course', targetId: slug, data: { status: result.status, revision: result.revision ?? null, from: 'zip' } })
		}
		return { ...result, problems }
	} finally {
		await fs.rm(temp, { recursive: true, force: true })
	}
}
