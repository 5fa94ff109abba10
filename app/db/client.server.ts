import fs from 'node:fs'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { type SQL } from 'drizzle-orm'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js'
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator'
import postgres from 'postgres'
import * as schema from './schema/index.ts'

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]
/** Anything queries can run on: the database or an open transaction. */
export type Queryable = Db | Tx

/** `reportDb` and `lessonDb` are the same database through their own pools (ADR 009); on PGlite they are `db`. */
type Connection = { db: Db; reportDb: Db; lessonDb: Db; driver: 'postgres' | 'pglite'; raw: RawClient; close: () => Promise<void> }
/** The driver's own client under `db`, for a library that sends its own SQL (the job queue, ADR 016). */
export type RawClient = { driver: 'postgres'; sql: postgres.Sql } | { driver: 'pglite'; client: PGlite }

const migrationsFolder = path.resolve(process.env.MIGRATIONS_DIR ?? 'drizzle')
// Any constant works: it only has to be the same in every process that migrates.
const MIGRATION_LOCK = 727_001

export function dataDir() {
	return path.resolve(process.env.DATA_DIR ?? 'data')
}

/**
 * postgres.js takes a Unix socket folder only as an option, not in the URL: DATABASE_SOCKET
 * (e.g. /var/run/postgresql) connects through it instead of TCP when the database is on the
 * same machine, which saves the loopback TCP stack on every query (bench/README.md).
 */
function socketOption(): { host?: string } {
	const folder = process.env.DATABASE_SOCKET
	return folder ? { host: folder } : {}
}

function connectTimeout() {
	const seconds = Number(process.env.DATABASE_CONNECT_TIMEOUT ?? 5)
	return Number.isFinite(seconds) && seconds > 0 ? seconds : 5
}

async function connectPostgres(url: string): Promise<Connection> {
	// Migrate on one dedicated connection holding an advisory lock, so that several app
	// processes starting together apply each migration once.
	const migrator = postgres(url, { ...socketOption(), max: 1, onnotice: () => {} })
	try {
		await migrator`select pg_advisory_lock(${MIGRATION_LOCK})`
		await migratePostgres(drizzlePostgres(migrator, { casing: 'snake_case' }), { migrationsFolder })
		await migrator`select pg_advisory_unlock(${MIGRATION_LOCK})`
	} finally {
		await migrator.end()
	}
	// Three pools. Page requests' short indexed queries; report statements that take tens of
	// milliseconds (sharing one pool, a session lookup could wait behind, or be pipelined after, a
	// report statement); and the lesson page's one read-only statement, pipelined on a single
	// connection per process by default. The lesson page is the most frequent request: on one
	// connection a batch of them is read and answered by one backend in one system call each way,
	// where four connections kept four backends waking and competing for the same two cores, and
	// the slowest of them set the page's p99 (bench/README.md, "Lesson page").
	const pool = (sizeVariable: string, applicationName: string, fallback: number) => {
		const size = Number(process.env[sizeVariable] ?? fallback)
		return postgres(url, {
			...socketOption(),
			max: Number.isInteger(size) && size > 0 ? size : fallback,
			// A request waits at most this long (seconds) for a connection to a database that does not
			// answer, then fails as unavailable (503); postgres.js's default is 30 s.
			connect_timeout: connectTimeout(),
			// Between attempts to reconnect after a failed one: postgres.js waits up to 20 s by default
			// (3^retries / 100 s), and queries queued meanwhile wait with it, so requests hung past their
			// timeout while PostgreSQL was down and for seconds after it was back. At most 0.5 s here.
			backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 0.5),
			onnotice: () => {},
			connection: { application_name: applicationName },
		})
	}
	const client = pool('DATABASE_POOL_SIZE', 'ortaq', 4)
	const reportClient = pool('DATABASE_REPORT_POOL_SIZE', 'ortaq-reports', 4)
	const lessonClient = pool('DATABASE_LESSON_POOL_SIZE', 'ortaq-lessons', 1)
	const drizzleOf = (sql: postgres.Sql): Db => drizzlePostgres(sql, { schema, casing: 'snake_case' })
	return {
		db: drizzleOf(client),
		reportDb: drizzleOf(reportClient),
		lessonDb: drizzleOf(lessonClient),
		driver: 'postgres',
		raw: { driver: 'postgres', sql: client },
		close: async () => {
			// Running queries get 5 s; then the sockets are closed. Without a timeout end() can wait
			// for ever on a connection the server terminated (tests/integration/unavailable.test.ts).
			await Promise.all([client.end({ timeout: 5 }), reportClient.end({ timeout: 5 }), lessonClient.end({ timeout: 5 })])
		},
	}
}

async function connectPglite(): Promise<Connection> {
	const folder = path.join(dataDir(), 'pglite')
	// PGlite creates only the last folder of the path; DATA_DIR may not exist yet on a fresh clone.
	fs.mkdirSync(path.dirname(folder), { recursive: true })
	const client = await PGlite.create(folder)
	const pglite = drizzlePglite(client, { schema, casing: 'snake_case' })
	await migratePglite(pglite, { migrationsFolder })
	const db: Db = pglite
	return { db, reportDb: db, lessonDb: db, driver: 'pglite', raw: { driver: 'pglite', client }, close: () => client.close() }
}

// One connection per process; kept on globalThis so that a module loaded twice (dev server
// reloads, scripts importing the server build) never opens PGlite's data folder twice.
declare global {
	var __ortaqDb: Promise<Connection> | undefined
}

function connection() {
	globalThis.__ortaqDb ??= (
		process.env.DATABASE_URL ? connectPostgres(process.env.DATABASE_URL) : connectPglite()
	).catch((error: unknown) => {
		globalThis.__ortaqDb = undefined
		throw error
	})
	return globalThis.__ortaqDb
}

/** The migrated database. The first call connects and applies pending migrations. */
export async function getDb(): Promise<Db> {
	return (await connection()).db
}

/** The database for report statements: the same data, its own connection pool (ADR 009). */
export async function getReportDb(): Promise<Db> {
	return (await connection()).reportDb
}

/** The database for the direct lesson page's statement: its own pipelined connection (ADR 009). */
export async function getLessonDb(): Promise<Db> {
	return (await connection()).lessonDb
}

/** The client under getDb(): postgres.js's main pool, or the one PGlite connection. */
export async function getRawClient(): Promise<RawClient> {
	return (await connection()).raw
}

export async function getDriver() {
	return (await connection()).driver
}

export async function closeDb() {
	const pending = globalThis.__ortaqDb
	globalThis.__ortaqDb = undefined
	if (pending) await (await pending).close()
}

/** Rows of a raw query; the two drivers shape `execute` results differently. */
export async function queryRows<T extends Record<string, unknown>>(db: Queryable, query: SQL): Promise<T[]> {
	const result: unknown = await db.execute(query)
	if (Array.isArray(result)) return result
	if (result && typeof result === 'object' && 'rows' in result && Array.isArray(result.rows)) return result.rows
	throw new Error('Unexpected result shape from execute()')
}

/**
 * A query built and prepared once per database: building a drizzle query costs more than
 * running a small one, so the queries every request runs are prepared.
 */
export function preparedQuery<T>(build: (db: Db) => T): (db: Db) => T {
	const built = new WeakMap<Db, T>()
	return (db) => {
		let query = built.get(db)
		if (!query) {
			query = build(db)
			built.set(db, query)
		}
		return query
	}
}
