import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import postgres from 'postgres'
import { afterAll } from 'vitest'

// Runs in each test file's worker before the file is imported: point the app at a fresh copy
// of the template database, so files never see each other's rows.
const template = process.env.ORTAQ_TEST_TEMPLATE
if (!template) throw new Error('ORTAQ_TEST_TEMPLATE is missing: run tests through vitest with the global setup')

const suffix = `${process.pid}_${Math.random().toString(36).slice(2, 8)}`

if ((process.env.TEST_DB ?? 'pglite') === 'postgres') {
	const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
	const name = `ortaq_test_${suffix}`
	const admin = postgres(url, { max: 1, onnotice: () => {} })
	await admin.unsafe(`create database ${name} template ${template}`)
	await admin.end()
	const fileUrl = new URL(url)
	fileUrl.pathname = `/${name}`
	process.env.DATABASE_URL = fileUrl.toString()
	afterAll(async () => {
		const { closeDb } = await import('#app/db/client.server.ts')
		await closeDb()
		const again = postgres(url, { max: 1, onnotice: () => {} })
		await again.unsafe(`drop database if exists ${name} with (force)`)
		await again.end()
	})
} else {
	const dir = path.join(os.tmpdir(), `ortaq-test-${suffix}`)
	await fs.cp(template, dir, { recursive: true })
	process.env.DATA_DIR = dir
	afterAll(async () => {
		const { closeDb } = await import('#app/db/client.server.ts')
		await closeDb()
		await fs.rm(dir, { recursive: true, force: true })
	})
}
