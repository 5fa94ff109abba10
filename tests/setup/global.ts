import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import postgres from 'postgres'

/**
 * Builds one migrated, seeded template database per run; every test file then gets a fresh
 * copy of it (a copied PGlite folder, or CREATE DATABASE … TEMPLATE on PostgreSQL).
 */
export default async function setup() {
	const kind = process.env.TEST_DB ?? 'pglite'
	if (kind === 'postgres') {
		const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
		const admin = postgres(url, { max: 1, onnotice: () => {} })
		const name = `ortaq_template_${process.pid}`
		await admin.unsafe(`drop database if exists ${name}`)
		await admin.unsafe(`create database ${name}`)
		await admin.end()
		const templateUrl = new URL(url)
		templateUrl.pathname = `/${name}`
		process.env.DATABASE_URL = templateUrl.toString()
		await seedTemplate()
		delete process.env.DATABASE_URL
		process.env.ORTAQ_TEST_TEMPLATE = name
		return async () => {
			const again = postgres(url, { max: 1, onnotice: () => {} })
			await again.unsafe(`drop database if exists ${name}`)
			await again.end()
		}
	}
	const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ortaq-template-'))
	process.env.DATA_DIR = dir
	await seedTemplate()
	delete process.env.DATA_DIR
	process.env.ORTAQ_TEST_TEMPLATE = dir
	return async () => {
		await fs.rm(dir, { recursive: true, force: true })
	}
}

async function seedTemplate() {
	const { closeDb, getDb } = await import('#app/db/client.server.ts')
	const { seedGeography } = await import('#app/modules/seed/seed.server.ts')
	await getDb()
	await seedGeography()
	await closeDb()
}
