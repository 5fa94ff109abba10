import { getDb, getDriver } from '#app/db/client.server.ts'
import { signingKeys } from '#app/modules/certificates/credential.server.ts'
import { formatSyncReport, syncContent } from '#app/modules/content/sync.server.ts'
import { formatMaterialSyncReport, syncMaterials } from '#app/modules/materials/sync.server.ts'
import { collectOrphanAttachments } from '#app/modules/materials/attachment-collector.server.ts'
import { DEMO_PASSWORD, seedDemoAccounts, seedGeography } from '#app/modules/seed/seed.server.ts'

async function timed<T>(name: string, run: () => Promise<T>) {
	const started = Date.now()
	const result = await run()
	console.log(`[startup] ${name} (${Date.now() - started} ms)`)
	return result
}

/**
 * Runs once before the server listens: migrations (inside getDb), geography, demo accounts,
 * the content folder. Safe to run on every start; unchanged content is not recompiled.
 */
export async function prepare({ demo = process.env.SEED_DEMO !== 'false' }: { demo?: boolean } = {}) {
	await timed('migrations', () => getDb())
	await timed('geography', () => seedGeography())
	if (demo) {
		const created = await timed('demo accounts', () => seedDemoAccounts())
		if (created.length > 0) {
			console.log(`\nDemo accounts (password: ${DEMO_PASSWORD}):\n${created.map((e) => `  ${e}`).join('\n')}\n`)
		}
	}
	// Made before any worker starts, so every process signs with the same key.
	await timed('credential signing key', async () => signingKeys())
	const report = await timed('content sync', () => syncContent())
	if (report.length) console.log(formatSyncReport(report))
	const materialsReport = formatMaterialSyncReport(await timed('materials sync', () => syncMaterials()))
	if (materialsReport) console.log(materialsReport)
	// After the materials sync, so nothing it is about to link is taken for an orphan.
	const collected = await timed('detached attachments', () => collectOrphanAttachments())
	if (collected.rows) console.log(`[startup] removed ${collected.rows} detached attachment(s), ${collected.files} file(s)`)
	console.log(`[startup] database: ${await getDriver()}`)
}
