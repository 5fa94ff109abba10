// Assignments at national scale: creating one for a whole region, then its report page and the district
// dashboard (which lists open assignments) under load. Needs `npm run build` and the data of
// `npm run db:fake -- --teachers 100000` (see bench/README.md, "Reporting" and "Assignments").
// Usage: node bench/assignments.mjs   # BENCH_CONNECTIONS=10 BENCH_SECONDS=15 WEB_CONCURRENCY=2 BENCH_PORT=3311
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import autocannon from 'autocannon'
import postgres from 'postgres'

const port = Number(process.env.BENCH_PORT ?? 3311)
const base = `http://127.0.0.1:${port}`
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/ortaq_bench_reports'
const duration = Number(process.env.BENCH_SECONDS ?? 15)
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10)
const workers = Number(process.env.WEB_CONCURRENCY ?? 2)

async function waitFor(url, ms = 120_000) {
	const until = Date.now() + ms
	while (Date.now() < until) {
		try {
			if ((await fetch(url)).ok) return
		} catch {}
		await new Promise((r) => setTimeout(r, 300))
	}
	throw new Error(`server did not start: ${url}`)
}

async function logIn(email) {
	const res = await fetch(`${base}/ru/login`, {
		method: 'POST',
		redirect: 'manual',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ email, password: 'ortaq-demo-2026' }),
	})
	const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]
	if (!cookie.startsWith('ortaq_session=')) throw new Error(`login failed for ${email}: ${res.status}`)
	return cookie
}

const percentile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : null)
const loadavg = () => Math.round(os.loadavg()[0] * 10) / 10

async function load(name, path, cookie) {
	const check = await fetch(`${base}${path}`, { headers: { cookie } })
	if (check.status !== 200) throw new Error(`${path} answered ${check.status}`)
	await check.text()
	await autocannon({ url: `${base}${path}`, connections: 2, duration: 2, headers: { cookie } }) // warm-up
	const loadBefore = loadavg()
	const times = []
	const instance = autocannon({ url: `${base}${path}`, connections, duration, headers: { cookie, 'accept-encoding': 'gzip' } })
	instance.on('response', (_client, _status, _bytes, ms) => times.push(ms))
	const result = await instance
	times.sort((a, b) => a - b)
	const row = { name, path, requests: result.requests.total, rps: Math.round(result.requests.average), p50: result.latency.p50, p95: Math.round(percentile(times, 95)), errors: result.errors + result.timeouts + result.non2xx, load: `${loadBefore}→${loadavg()}` }
	console.log(JSON.stringify(row))
	return row
}

if (!fs.existsSync('build/server/index.js')) throw new Error('run `npm run build` first')
const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} })
const server = spawn('node', ['server.js'], {
	env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: databaseUrl, PORT: String(port), WEB_CONCURRENCY: String(workers), COOKIE_SECURE: 'false' },
	stdio: ['ignore', 'inherit', 'inherit'],
})
try {
	await waitFor(`${base}/kk/`)
	const admin = await logIn('admin@demo.ortaq.kz')
	const methodologist = await logIn('methodologist@demo.ortaq.kz')
	const [region] = await sql`select r.id, count(u.id)::int as teachers from regions r join districts d on d.region_id = r.id
		join schools s on s.district_id = d.id join users u on u.school_id = s.id where r.code = 'almaty-region' group by r.id`
	const [course] = await sql`select c.id from courses c join course_revisions r on r.course_id = c.id and r.status = 'published' order by c.id limit 1`
	const due = new Date(Date.now() + 5 * 3_600_000 + 20 * 86_400_000).toISOString().slice(0, 10)
	const started = performance.now()
	const res = await fetch(`${base}/ru/assignments/new`, {
		method: 'POST',
		redirect: 'manual',
		headers: { cookie: admin, 'Content-Type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ at: `region:${region.id}`, course: String(course.id), target: 'place', due, note: 'bench' }),
	})
	const createMs = Math.round(performance.now() - started)
	const id = /assignments\/(\d+)$/.exec(res.headers.get('location') ?? '')?.[1]
	if (res.status !== 302 || !id) throw new Error(`creating answered ${res.status}`)
	const [{ starts }] = await sql`select count(*)::int as starts from assignment_starts where assignment_id = ${Number(id)}`
	console.log(JSON.stringify({ name: 'create a region-wide assignment', teachers: region.teachers, startsRecorded: starts, ms: createMs }))
	// A district-wide assignment narrowed to primary teachers (ADR 019), by the methodologist, so that her dashboard lists one.
	const [district] = await sql`select r.district_id as id, count(u.id) filter (where u.position = 'primaryTeacher')::int as teachers
		from user_roles r join schools s on s.district_id = r.district_id join users u on u.school_id = s.id
		join users m on m.id = r.user_id where m.email = 'methodologist@demo.ortaq.kz' and r.role = 'methodologist' group by r.district_id`
	const startedNarrow = performance.now()
	const narrow = await fetch(`${base}/ru/assignments/new`, {
		method: 'POST',
		redirect: 'manual',
		headers: { cookie: methodologist, 'Content-Type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ at: `district:${district.id}`, course: String(course.id), target: 'place', position: 'primaryTeacher', due, note: 'bench' }),
	})
	const narrowMs = Math.round(performance.now() - startedNarrow)
	const narrowId = /assignments\/(\d+)$/.exec(narrow.headers.get('location') ?? '')?.[1]
	if (narrow.status !== 302 || !narrowId) throw new Error(`creating the district assignment answered ${narrow.status}`)
	console.log(JSON.stringify({ name: 'create a district assignment for primary teachers', teachers: district.teachers, ms: narrowMs }))
	const results = []
	results.push(await load(`assignment report, region of ${region.teachers} teachers (admin)`, `/ru/assignments/${id}`, admin))
	const school = /href="\/ru\/assignments\/\d+\?school=(\d+)/.exec(await (await fetch(`${base}/ru/assignments/${id}`, { headers: { cookie: admin } })).text())?.[1]
	results.push(await load('assignment report, one school (admin)', `/ru/assignments/${id}?school=${school}`, admin))
	results.push(await load(`assignment report, district, ${district.teachers} primary teachers (methodologist)`, `/ru/assignments/${narrowId}`, methodologist))
	results.push(await load('district dashboard with open assignments (methodologist)', '/ru/reports', methodologist))
	console.log(`\nCreate: ${createMs} ms for ${region.teachers} teachers (${starts} already studying the course recorded as started)`)
	console.log('\n| page | requests | req/s | p50 ms | p95 ms | errors | load average (1 min) |\n|---|---|---|---|---|---|---|')
	for (const r of results) console.log(`| ${r.name} | ${r.requests} | ${r.rps} | ${r.p50} | ${r.p95} | ${r.errors} | ${r.load} |`)
	// The benchmark's assignment is not left behind for the other benchmarks' dashboards.
	await sql`delete from assignments where id in (${Number(id)}, ${Number(narrowId)})`
} finally {
	server.kill('SIGTERM')
	await sql.end()
}
