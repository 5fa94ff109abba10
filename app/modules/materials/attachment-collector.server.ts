import { sql } from 'drizzle-orm'
import { getDb, queryRows } from '#app/db/client.server.ts'
import { localStorage, lockAttachmentHash, type AttachmentStorage } from './attachments.server.ts'

export type CollectResult = { rows: number; files: number }

/**
 * Removes attachments that neither a material revision nor a practical task's version references any more (a file detached from a
 * draft, a draft deleted), rows first, then their bytes when no other row has the same hash.
 *
 * Safe with several app processes: one DELETE … RETURNING takes each orphan row exactly once
 * (a row linked meanwhile makes the DELETE fail on its foreign key, and the next run tries
 * again); the bytes of a hash are removed under the hash's advisory lock, which an upload of
 * the same bytes also holds while it stores them and commits its rows, and only after
 * re-reading that no row uses the hash. A revision that references an attachment — published,
 * archived, in review or draft — keeps it.
 */
export async function collectOrphanAttachments({ storage = localStorage }: { storage?: AttachmentStorage } = {}): Promise<CollectResult> {
	const db = await getDb()
	const deleted = await db.transaction((tx) =>
		queryRows<{ hash: string }>(
			tx,
			sql`delete from attachments a
				where not exists (select 1 from material_attachments ma where ma.attachment_id = a.id)
				and not exists (select 1 from task_version_files tf where tf.attachment_id = a.id)
				returning a.hash`,
		),
	)
	let files = 0
	for (const hash of new Set(deleted.map((r) => r.hash))) {
		const removed = await db.transaction(async (tx) => {
			await lockAttachmentHash(tx, hash)
			const [still] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from attachments where hash = ${hash}`)
			if (still && still.n > 0) return false
			await storage.remove(hash)
			return true
		})
		if (removed) files += 1
	}
	return { rows: deleted.length, files }
}

const COLLECT_EVERY_MS = 6 * 60 * 60 * 1000

/**
 * Runs the collector every six hours in this process (the server's primary process starts it,
 * after the collection at startup); a failed run is logged and retried at the next tick.
 */
export function startAttachmentCollector({ every = COLLECT_EVERY_MS }: { every?: number } = {}) {
	const timer = setInterval(() => {
		collectOrphanAttachments().then(
			(r) => {
				if (r.rows) console.log(`[attachments] removed ${r.rows} detached attachment(s), ${r.files} file(s)`)
			},
			(error: unknown) => console.error('[attachments] collection failed; next run later', error),
		)
	}, every)
	timer.unref()
	return () => clearInterval(timer)
}
