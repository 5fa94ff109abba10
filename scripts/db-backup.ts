// `npm run db:backup [-- file]` and `npm run db:restore -- file`: a copy of the embedded PGlite
// database (DATA_DIR/pglite) as one .tar.gz, and back (ADR 012). Stop the server first: PGlite
// belongs to one process, and two opening the same folder would damage it. On PostgreSQL
// (DATABASE_URL) use pg_dump / pg_restore instead.
import fs from 'node:fs/promises'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'

/** Writes a gzipped tarball of the PGlite folder to `file`; returns its size in bytes. */
export async function backupDataDir(folder: string, file: string) {
	await fs.access(path.join(folder, 'PG_VERSION')).catch(() => {
		throw new Error(`no PGlite database in ${folder}`)
	})
	const db = await PGlite.create(folder)
	try {
		const dump = await db.dumpDataDir('gzip')
		const bytes = Buffer.from(await dump.arrayBuffer())
		await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true })
		await fs.writeFile(`${file}.partial`, bytes)
		await fs.rename(`${file}.partial`, file)
		return bytes.length
	} finally {
		await db.close()
	}
}

/**
 * Replaces the PGlite folder with the backup in `file`. The folder that was there is kept beside
 * it as `<folder>.before-restore-<time>`, never deleted.
 */
export async function restoreDataDir(file: string, folder: string) {
	const bytes = await fs.readFile(file)
	const fresh = `${folder}.restoring`
	await fs.rm(fresh, { recursive: true, force: true })
	const db = await PGlite.create(fresh, { loadDataDir: new Blob([new Uint8Array(bytes)]) })
	await db.query('select 1')
	await db.close()
	let kept: string | null = null
	if (await fs.stat(folder).catch(() => null)) {
		kept = `${folder}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`
		await fs.rename(folder, kept)
	}
	await fs.rename(fresh, folder)
	return { kept }
}

const pglite = () => path.join(path.resolve(process.env.DATA_DIR ?? 'data'), 'pglite')

if (import.meta.url === `file://${process.argv[1]}`) {
	const [command, file] = process.argv.slice(2)
	if (process.env.DATABASE_URL) {
		console.error('DATABASE_URL is set: back up PostgreSQL with pg_dump -Fc "$DATABASE_URL" > ortaq.dump (pg_restore to restore).')
		process.exit(1)
	}
	if (command === 'backup') {
		const target = file ?? path.join('backups', `ortaq-${new Date().toISOString().replace(/[:.]/g, '-')}.tar.gz`)
		const size = await backupDataDir(pglite(), target)
		console.log(`Backed up ${pglite()} to ${target} (${(size / 1024 / 1024).toFixed(1)} MB)`)
	} else if (command === 'restore' && file) {
		const { kept } = await restoreDataDir(file, pglite())
		console.log(`Restored ${file} into ${pglite()}${kept ? `; the previous folder is kept as ${kept}` : ''}`)
	} else {
		console.error('usage: npm run db:backup [-- file.tar.gz] | npm run db:restore -- file.tar.gz (with the server stopped)')
		process.exit(1)
	}
}
