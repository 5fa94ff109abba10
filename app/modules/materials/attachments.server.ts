import crypto from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import { and, eq, max, sql } from 'drizzle-orm'
import { fileTypeFromBuffer } from 'file-type'
import { dataDir, getDb, type Queryable } from '#app/db/client.server.ts'
import { attachments, materialAttachments, materialRevisions, materials } from '#app/db/schema/index.ts'
import { allowedUploadTypes, MAX_UPLOAD_BYTES } from './forms.ts'
import { inspectUpload } from './upload-checks.server.ts'

/**
 * Where attachment bytes live. A local folder under the data directory, keyed by content
 * hash (the same file uploaded twice is stored once); an object store can replace it.
 */
export type AttachmentStorage = {
	put: (hash: string, bytes: Uint8Array) => Promise<void>
	read: (hash: string) => Promise<Uint8Array<ArrayBuffer> | null>
	/** Removes the bytes; absent bytes are not an error. */
	remove: (hash: string) => Promise<void>
}

function filePath(hash: string) {
	return path.join(dataDir(), 'attachments', hash.slice(0, 2), hash)
}

export const localStorage: AttachmentStorage = {
	async put(hash, bytes) {
		const target = filePath(hash)
		try {
			await fs.access(target)
			return
		} catch {
			// not stored yet
		}
		await fs.mkdir(path.dirname(target), { recursive: true })
		const temp = `${target}.${process.pid}.${crypto.randomUUID()}.tmp`
		await fs.writeFile(temp, bytes)
		await fs.rename(temp, target)
	},
	async read(hash) {
		try {
			return new Uint8Array(await fs.readFile(filePath(hash)))
		} catch {
			return null
		}
	},
	async remove(hash) {
		await fs.rm(filePath(hash), { force: true })
	},
}

/**
 * Serialises, per content hash, whoever stores bytes and rows for that hash with the collector
 * that removes them (attachment-collector.server.ts): held to the end of the transaction.
 */
export async function lockAttachmentHash(tx: Queryable, hash: string) {
	// 7401: this lock's own key space, so it never meets another advisory lock of the app.
	await tx.execute(sql`select pg_advisory_xact_lock(7401, hashtext(${hash}))`)
}

export type UploadError = 'empty' | 'too_large' | 'type'

/** What a file really is, from its first bytes; null when it is not an allowed kind. */
export async function checkUpload(bytes: Uint8Array): Promise<{ ok: true; mime: string; ext: string } | { ok: false; error: UploadError }> {
	if (bytes.byteLength === 0) return { ok: false, error: 'empty' }
	if (bytes.byteLength > MAX_UPLOAD_BYTES) return { ok: false, error: 'too_large' }
	const detected = await fileTypeFromBuffer(bytes)
	const ext = detected ? allowedUploadTypes[detected.mime] : undefined
	if (!detected || !ext) return { ok: false, error: 'type' }
	return { ok: true, mime: detected.mime, ext }
}

/** A display name without paths or control characters, with the extension of the real type. */
export function cleanFilename(name: string, ext: string) {
	const base = path.basename(name.replace(/\\/g, '/')).replace(/[\u0000-\u001f\u007f"<>|*?:]/g, '').trim()
	const stem = base.replace(/\.[^.]*$/, '').slice(0, 120) || 'file'
	return `${stem}.${ext}`
}

/** Stores an uploaded file and attaches it to a draft revision. */
export async function attachToRevision({
	revisionId,
	file,
	userId,
	storage = localStorage,
}: {
	revisionId: number
	file: { name: string; type?: string; bytes: Uint8Array }
	userId: number
	storage?: AttachmentStorage
}) {
	const checked = await inspectUpload(file)
	if (!checked.ok) return checked
	const hash = crypto.createHash('sha256').update(file.bytes).digest('hex')
	const db = await getDb()
	const id = await db.transaction(async (tx) => {
		// Under the hash's lock the collector cannot remove these bytes before the rows commit.
		await lockAttachmentHash(tx, hash)
		await storage.put(hash, file.bytes)
		const [row] = await tx
			.insert(attachments)
			.values({ hash, filename: cleanFilename(file.name, checked.ext), mime: checked.mime, size: file.bytes.byteLength, uploadedBy: userId })
			.returning({ id: attachments.id })
		if (!row) throw new Error('attachment not inserted')
		const [last] = await tx.select({ p: max(materialAttachments.position) }).from(materialAttachments).where(eq(materialAttachments.revisionId, revisionId))
		await tx.insert(materialAttachments).values({ revisionId, attachmentId: row.id, position: (last?.p ?? -1) + 1 })
		return row.id
	})
	return { ok: true as const, id, hash, mime: checked.mime }
}

export async function detachFromRevision({ revisionId, attachmentId }: { revisionId: number; attachmentId: number }) {
	const db = await getDb()
	await db.delete(materialAttachments).where(and(eq(materialAttachments.revisionId, revisionId), eq(materialAttachments.attachmentId, attachmentId)))
}

/** An attachment of some revision of the material, with the status of that revision. */
export async function findMaterialAttachment({ slug, attachmentId }: { slug: string; attachmentId: number }) {
	const db = await getDb()
	const rows = await db
		.select({
			id: attachments.id,
			hash: attachments.hash,
			filename: attachments.filename,
			mime: attachments.mime,
			size: attachments.size,
			status: materialRevisions.status,
			authorId: materialRevisions.authorId,
			createdBy: materials.createdBy,
		})
		.from(materialAttachments)
		.innerJoin(attachments, eq(attachments.id, materialAttachments.attachmentId))
		.innerJoin(materialRevisions, eq(materialRevisions.id, materialAttachments.revisionId))
		.innerJoin(materials, eq(materials.id, materialRevisions.materialId))
		.where(and(eq(materials.slug, slug), eq(attachments.id, attachmentId)))
	const published = rows.find((r) => r.status === 'published')
	const found = published ?? rows[0]
	return found ? { ...found, published: Boolean(published) } : null
}
