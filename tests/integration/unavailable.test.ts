import { and, eq, sql } from 'drizzle-orm'
import postgres from 'postgres'
import type { ServerBuild } from 'react-router'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { getDb, getLessonDb, getReportDb, queryRows } from '#app/db/client.server.ts'
import { lessonProgress } from '#app/db/schema/index.ts'
import { guardUnavailable, isDatabaseUnavailable, RETRY_AFTER_SECONDS, withUnavailableGuard } from '#app/modules/http/unavailable.server.ts'
import type { CourseStructure } from '#app/modules/learning/structure.server.ts'
import * as lessonRoute from '#app/routes/learning.lesson.tsx'
import { makeRequest, publishFixtureCourse, routeArgs, run, signedIn } from '#tests/factories.ts'

// DESIGN.md: database down → a localized 503 page, recovery without a restart, nothing acknowledged lost.
// bench/soak.mjs measures it against a restarted cluster; these check the pieces without touching it.

const onPostgres = Boolean(process.env.DATABASE_URL)
const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const lostConnection = () => Object.assign(new Error('write CONNECTION_CLOSED 127.0.0.1:5432'), { code: 'CONNECTION_CLOSED' })

test('errors of a lost or refused connection are told apart from other database errors', () => {
	expect(isDatabaseUnavailable(lostConnection())).toBe(true)
	expect(isDatabaseUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true)
	// drizzle wraps the driver's error as its cause; a restart's "terminating connection due to administrator command"
	expect(isDatabaseUnavailable(new Error('Failed query: select 1', { cause: Object.assign(new Error('terminating connection'), { code: '57P01' }) }))).toBe(true)
	expect(isDatabaseUnavailable(Object.assign(new Error('the database system is starting up'), { code: '57P03' }))).toBe(true)
	expect(isDatabaseUnavailable(new AggregateError([Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })]))).toBe(true)
	// a unique violation or a bug is not "unavailable": it stays a 500 (or the route's own answer)
	expect(isDatabaseUnavailable(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false)
	expect(isDatabaseUnavailable(Object.assign(new Error('lock not available'), { code: '55000' }))).toBe(false)
	expect(isDatabaseUnavailable(new TypeError('x is undefined'))).toBe(false)
})

test('a guarded loader or action answers 503 with Retry-After; a resource route answers a localized page itself', async () => {
	const failing = guardUnavailable(async (_: { request: Request }) => {
		throw lostConnection()
	})
	const page = await run(() => failing({ request: makeRequest('/kk/courses', { method: 'POST', form: {} }) }))
	expect(page).toBeInstanceOf(Response)
	expect((page as Response).status).toBe(503)
	expect((page as Response).headers.get('Retry-After')).toBe(String(RETRY_AFTER_SECONDS))

	const resource = guardUnavailable(async (_: { request: Request }) => {
		throw lostConnection()
	}, { page: false })
	const pdf = (await run(() => resource({ request: makeRequest('/kk/my/certificates/ORT-2026-000001/pdf') }))) as Response
	expect(pdf.status).toBe(503)
	expect(pdf.headers.get('Retry-After')).toBe(String(RETRY_AFTER_SECONDS))
	expect(pdf.headers.get('Content-Type')).toMatch(/^text\/html/)
	expect(await pdf.text()).toContain('Қызмет уақытша қолжетімсіз')

	const bug = guardUnavailable(async (_: { request: Request }) => {
		throw new TypeError('a bug')
	})
	await expect(bug({ request: makeRequest('/ru/') })).rejects.toThrow('a bug')
})

test('the served build guards every route: pages through the error boundary, resource routes with their own page', async () => {
	const fail = async () => {
		throw lostConnection()
	}
	const build = {
		routes: {
			page: { id: 'page', path: 'p', module: { default: () => null, loader: fail, action: fail } },
			resource: { id: 'resource', path: 'r', module: { loader: fail } },
			plain: { id: 'plain', path: 'x', module: { default: () => null } },
		},
	} as unknown as ServerBuild
	const guarded = withUnavailableGuard(build)
	const request = makeRequest('/ru/r')
	const call = (id: string, kind: 'loader' | 'action') => run(() => (guarded.routes[id]?.module[kind] as (a: unknown) => Promise<unknown>)(routeArgs(request, {})))
	const pageAnswer = (await call('page', 'action')) as Response
	expect(pageAnswer.status).toBe(503)
	expect(pageAnswer.headers.get('Content-Type')).not.toMatch(/html/) // the root error boundary renders the page
	const resourceAnswer = (await call('resource', 'loader')) as Response
	expect(resourceAnswer.status).toBe(503)
	expect(await resourceAnswer.text()).toContain('Сервис временно недоступен')
	expect(guarded.routes.plain?.module.loader).toBeUndefined()
	expect(build.routes.page?.module.loader).toBe(fail) // the original build is left as it was
})

// ---------------------------------------------------------------- on PostgreSQL: real lost connections

let course: CourseStructure
const admin = onPostgres ? postgres(adminUrl, { max: 1, onnotice: () => {} }) : null
const dbName = onPostgres ? new URL(process.env.DATABASE_URL ?? '').pathname.slice(1) : ''
const dropConnections = () => admin!.unsafe<{ n: number }[]>(`select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = '${dbName}' and pid <> pg_backend_pid()`)

beforeAll(async () => {
	course = (await publishFixtureCourse()).course
})

afterAll(async () => {
	if (!admin) return
	await admin.unsafe(`alter database ${dbName} allow_connections true`)
	await admin.end()
})

test.skipIf(!onPostgres)('after every backend of the app is terminated, the next query of each pool reconnects by itself', async () => {
	const pools = [await getDb(), await getReportDb(), await getLessonDb()]
	for (const db of pools) await queryRows(db, sql`select 1 as one`)
	const [row] = await dropConnections()
	expect(row?.n).toBeGreaterThanOrEqual(3)
	// The first query on a terminated connection may fail (the driver learns it is gone); the
	// request after it runs on a new connection, without restarting anything.
	for (const db of pools) {
		let rows: { one: number }[] = []
		for (let i = 0; i < 3 && !rows.length; i++) rows = await queryRows<{ one: number }>(db, sql`select 1 as one`).catch((error) => {
			expect(isDatabaseUnavailable(error)).toBe(true)
			return []
		})
		expect(rows).toEqual([{ one: 1 }])
	}
})

test.skipIf(!onPostgres)('while the database refuses connections "mark as done" answers 503 and writes nothing; afterwards it works again', async () => {
	const teacher = await signedIn()
	const lesson = course.lessons[0]!
	const action = guardUnavailable(lessonRoute.action)
	const post = () => run(() => action({ ...routeArgs(makeRequest(`/ru/courses/${course.slug}/lessons/${lesson.slug}`, { cookie: teacher.cookie, form: { intent: 'complete' } }), { lang: 'ru', slug: course.slug, lesson: lesson.slug }) }))
	const done = async () => (await (await getDb()).select().from(lessonProgress).where(and(eq(lessonProgress.userId, teacher.user.id), eq(lessonProgress.lessonId, lesson.id)))).length

	await admin!.unsafe(`alter database ${dbName} allow_connections false`)
	try {
		await dropConnections()
		const started = Date.now()
		const answer = (await post()) as Response
		expect(answer.status).toBe(503)
		expect(answer.headers.get('Retry-After')).toBe(String(RETRY_AFTER_SECONDS))
		expect(Date.now() - started).toBeLessThan(10_000) // refused, not hung
	} finally {
		await admin!.unsafe(`alter database ${dbName} allow_connections true`)
	}
	expect(await done()).toBe(0)
	const again = (await post()) as Response
	expect(again.status).toBe(302)
	expect(await done()).toBe(1)
})
