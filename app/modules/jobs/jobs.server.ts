import PgBoss from 'pg-boss'
import type postgres from 'postgres'
import { getRawClient, type RawClient } from '#app/db/client.server.ts'
import { env } from '#app/modules/env.server.ts'
import type { Mailer } from '#app/modules/reminders/mailer.server.ts'
import { runDigest, runReminders } from '#app/modules/reminders/reminders.server.ts'

/*
 * Background jobs with pg-boss (docs/decisions/016-reminders.md), over the app's own database
 * connection through pg-boss's `db` option, so the same queue works on PostgreSQL and on the
 * embedded PGlite. Statements with parameters go through postgres.js `unsafe(text, values)` or
 * PGlite `query(text, values)`; pg-boss's parameterless scripts (its schema, its locked maintenance:
 * BEGIN; …; COMMIT) through the simple protocol on one reserved connection, or PGlite `exec`.
 * A job never runs inside an app transaction, so PGlite's single connection is never asked twice.
 */

export const QUEUES = { reminders: 'reminders', digest: 'digest' } as const

/** A pg-boss parameter as postgres.js takes it: undefined is null (as in pg), an object its JSON text. */
function parameter(value: unknown): postgres.ParameterOrJSON<never> {
	if (value === undefined || value === null) return null
	if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value
	if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) return value.map((v) => String(v))
	return JSON.stringify(value)
}

/** pg-boss's Db interface over the app's client. */
export function jobDb(raw: RawClient): PgBoss.Db {
	if (raw.driver === 'pglite') {
		const { client } = raw
		return {
			executeSql: async (text, values) => {
				if (values && values.length > 0) return client.query(text, values)
				const results = await client.exec(text)
				return results[results.length - 1] ?? { rows: [] }
			},
		}
	}
	const { sql } = raw
	return {
		executeSql: async (text, values) => {
			if (values && values.length > 0) {
				const rows = await sql.unsafe(text, values.map(parameter))
				return { rows: [...rows], rowCount: rows.count }
			}
			// Several statements, some of them BEGIN/COMMIT: one connection of the pool, simple protocol.
			const reserved = await sql.reserve()
			try {
				const result: unknown = await reserved.unsafe(text).simple()
				const last: unknown = Array.isArray(result) && Array.isArray(result[result.length - 1]) ? result[result.length - 1] : result
				return { rows: Array.isArray(last) ? [...last] : [] }
			} finally {
				reserved.release()
			}
		},
	}
}

/** A started pg-boss over the app's database (its tables in the `pgboss` schema, made on first start). */
export async function createBoss({ pollingIntervalSeconds = 10, schedule = true }: { pollingIntervalSeconds?: number; schedule?: boolean } = {}) {
	const boss = new PgBoss({ db: jobDb(await getRawClient()), schema: 'pgboss', schedule, supervise: true, migrate: true })
	boss.on('error', (error: unknown) => console.error('[jobs]', error))
	await boss.start()
	for (const name of Object.values(QUEUES)) {
		// Singleton: one run of a kind at a time; another enqueued meanwhile waits for it.
		await boss.createQueue(name, { name, policy: 'singleton', retryLimit: 2, retryDelay: 60, expireInSeconds: 60 * 60 })
	}
	return { boss, pollingIntervalSeconds }
}

/** Workers for the two queues; each job runs one idempotent run with the clock of its start. */
export async function workJobs(boss: PgBoss, { pollingIntervalSeconds = 10, mailer }: { pollingIntervalSeconds?: number; mailer?: Mailer } = {}) {
	await boss.work(QUEUES.reminders, { pollingIntervalSeconds }, async () => {
		const result = await runReminders({ now: new Date(), mailer })
		if (result.sent || result.failed) console.log(`[jobs] reminders: ${result.sent} sent, ${result.failed} failed`)
		return result
	})
	await boss.work(QUEUES.digest, { pollingIntervalSeconds }, async () => {
		const result = await runDigest({ now: new Date(), mailer })
		if (result.sent || result.failed) console.log(`[jobs] weekly digest: ${result.sent} sent, ${result.failed} failed`)
		return result
	})
}

let running: PgBoss | null = null

/**
 * Called by the server process that migrated (the cluster's primary): schedules the reminder run
 * hourly and the digest on Mondays at 09:00 Almaty time, and works both queues. JOBS=off turns it off.
 */
export async function startJobs() {
	if (env().JOBS === 'off' || running) return null
	try {
		return await startScheduledJobs()
	} catch (error) {
		// The app serves without its jobs rather than not at all; the next start tries again.
		console.error('[jobs] not started: reminders and the digest will not be sent by this process', error)
		return null
	}
}

async function startScheduledJobs() {
	const { boss, pollingIntervalSeconds } = await createBoss()
	await boss.schedule(QUEUES.reminders, '5 * * * *', {}, { tz: 'Asia/Almaty', singletonKey: 'hourly' })
	await boss.schedule(QUEUES.digest, '0 9 * * 1', {}, { tz: 'Asia/Almaty', singletonKey: 'weekly' })
	await workJobs(boss, { pollingIntervalSeconds })
	running = boss
	console.log('[jobs] reminders hourly, weekly digest on Mondays 09:00 (Asia/Almaty)')
	return boss
}

export async function stopJobs() {
	const boss = running
	running = null
	if (boss) await boss.stop({ graceful: true, timeout: 10_000, close: false })
}
