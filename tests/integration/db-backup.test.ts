import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { afterAll, expect, test } from 'vitest'
import { backupDataDir, restoreDataDir } from '../../scripts/db-backup.ts'

// ADR 012: PGlite does not fsync, so `npm run db:backup` / `db:restore` are the answer to a power cut.
const onPglite = (process.env.TEST_DB ?? 'pglite') === 'pglite'
const dirs: string[] = []
afterAll(async () => {
	for (const dir of dirs) await fs.rm(dir, { recursive: true, force: true })
})

test.skipIf(!onPglite)('a backup of the PGlite folder restores the same data, and the replaced folder is kept', { timeout: 90_000 }, async () => {
	const root = await fs.mkdtemp(path.join(os.tmpdir(), 'ortaq-backup-'))
	dirs.push(root)
	const folder = path.join(root, 'pglite')
	await fs.cp(path.join(process.env.ORTAQ_TEST_TEMPLATE ?? '', 'pglite'), folder, { recursive: true })
	const before = await PGlite.create(folder)
	await before.exec(`insert into rate_limits (key, count, window_start) values ('backup-check', 7, now())`)
	const { rows: users } = await before.query<{ n: number }>('select count(*)::int as n from users')
	await before.close()

	const file = path.join(root, 'backups', 'ortaq.tar.gz')
	expect(await backupDataDir(folder, file)).toBeGreaterThan(1000)
	// What happens after the backup is not in it.
	const later = await PGlite.create(folder)
	await later.exec(`update rate_limits set count = 99 where key = 'backup-check'`)
	await later.close()

	const { kept } = await restoreDataDir(file, folder)
	expect(kept).toMatch(/pglite\.before-restore-/)
	const restored = await PGlite.create(folder)
	expect((await restored.query<{ count: number }>(`select count from rate_limits where key = 'backup-check'`)).rows).toEqual([{ count: 7 }])
	expect((await restored.query<{ n: number }>('select count(*)::int as n from users')).rows).toEqual(users)
	await restored.close()
	const old = await PGlite.create(kept ?? '')
	expect((await old.query<{ count: number }>(`select count from rate_limits where key = 'backup-check'`)).rows).toEqual([{ count: 99 }])
	await old.close()
	await expect(backupDataDir(path.join(root, 'nothing'), file)).rejects.toThrow('no PGlite database')
})
