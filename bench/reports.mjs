// Reporting at national scale: dashboards and drill-down under load, then full exports.
// Needs `npm run build` and the data of `npm run db:fake -- --teachers 100000`.
// Usage: node bench/reports.mjs (see bench/README.md, "Reporting").
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import autocannon from 'autocannon'
import postgres from 'postgres'

const port = Number(process.env.BENCH_PORT ?? 3310)
const base = `http://127.0.0.1:${port}`
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/ortaq_bench_reports'
const duration = Number(process.env.BENCH_SECONDS ?? 15)
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10)
const workers = Number(process.env.WEB_CONCURRENCY ?? 2)
const writesPerSecond = Number(process.env.BENCH_WRITES_PER_SECOND ?? 2)

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

/** p95 from every response time, which autocannon's own percentiles (…p90, p97.5…) skip. */
function percentile(sorted, p) {
	if (!sorted.length) return null
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}

/** Requests one after another: the time one request takes when it does not queue behind others. */
async function serial(path, cookie, seconds = 4) {
	const times = []
	const until = performance.now() + seconds * 1000
	while (performance.now() < until) {
		const started = performance.now()
		const res = await fetch(`${base}${path}`, { headers: { cookie, 'accept-encoding': 'gzip' } })
		await res.arrayBuffer()
		times.push(performance.now() - started)
	}
	times.sort((a, b) => a - b)
	return Math.round(percentile(times, 50))
}

/** The 1-minute load average, so that every figure says how busy the machine was. */
const loadavg = () => Math.round(os.loadavg()[0] * 10) / 10

async function load(name, path, cookie) {
	const check = await fetch(`${base}${path}`, { headers: { cookie } })
	if (check.status !== 200) throw new Error(`${path} answered ${check.status}`)
	await check.text()
	await autocannon({ url: `${base}${path}`, connections: 2, duration: 2, headers: { cookie } }) // warm-up
	const serialP50 = await serial(path, cookie)
	const loadBefore = loadavg()
	const times = []
	const instance = autocannon({ url: `${base}${path}`, connections, duration, headers: { cookie, 'accept-encoding': 'gzip' } })
	instance.on('response', (_client, _status, _bytes, ms) => times.push(ms))
	const result = await instance
	times.sort((a, b) => a - b)
	const row = {
		name,
		path,
		requests: result.requests.total,
		rps: Math.round(result.requests.average),
		p50: result.latency.p50,
		p95: Math.round(percentile(times, 95)),
		p99: result.latency.p99,
		errors: result.errors + result.timeouts + result.non2xx,
		serialP50,
		load: `${loadBefore}→${loadavg()}`,
	}
	console.log(JSON.stringify(row))
	return row
}

/**
 * Changes one final score in the district every 1/rate seconds while `during` runs, back and
 * forth, so that its report version moves and the dashboard must be computed again (ADR 006,
 * "Revision 4"). Each write is what a teacher's final assessment does to the district's figures.
 */
async function whileWriting(districtId, rate, during) {
	const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} })
	const [row] = await sql`select e.id from enrolments e join users u on u.id = e.user_id join schools s on s.id = u.school_id
		where s.district_id = ${districtId} and e.final_score between 1 and 99 order by e.id limit 1`
	if (!row) throw new Error(`no final score to change in district ${districtId}`)
	let writes = 0
	let running = true
	const writer = (async () => {
		while (running) {
			await sql`update enrolments set final_score = final_score + ${writes % 2 === 0 ? 1 : -1} where id = ${row.id}`
			writes += 1
			await new Promise((r) => setTimeout(r, 1000 / rate))
		}
	})()
	try {
		return { result: await during(), writes }
	} finally {
		running = false
		await writer
		if (writes % 2 === 1) await sql`update enrolments set final_score = final_score - 1 where id = ${row.id}`
		await sql.end()
	}
}

async function download(name, path, cookie) {
	const started = performance.now()
	const res = await fetch(`${base}${path}`, { headers: { cookie } })
	if (res.status !== 200) throw new Error(`${path} answered ${res.status}`)
	let bytes = 0
	let lines = 0
	let firstByteMs = null
	for await (const chunk of res.body) {
		firstByteMs ??= Math.round(performance.now() - started)
		bytes += chunk.length
		for (const b of chunk) if (b === 10) lines += 1
	}
	const row = { name, path, seconds: Math.round(performance.now() - started) / 1000, firstByteMs, megabytes: Math.round(bytes / 1e5) / 10, lines }
	console.log(JSON.stringify(row))
	return row
}

if (!fs.existsSync('build/server/index.js')) throw new Error('run `npm run build` first')
const server = spawn('node', ['server.js'], {
	env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: databaseUrl, PORT: String(port), WEB_CONCURRENCY: String(workers), COOKIE_SECURE: 'false' },
	stdio: ['ignore', 'inherit', 'inherit'],
})
try {
	await waitFor(`${base}/kk/`)
	const methodologist = await logIn('methodologist@demo.ortaq.kz')
	const admin = await logIn('admin@demo.ortaq.kz')
	const home = await (await fetch(`${base}/ru/reports`, { headers: { cookie: methodologist } })).text()
	const school = /href="\/ru\/reports\/schools\/(\d+)/.exec(home)?.[1]
	const country = await (await fetch(`${base}/ru/reports`, { headers: { cookie: admin } })).text()
	const regions = [...country.matchAll(/href="\/ru\/reports\/regions\/(\d+)/g)].map((m) => m[1])
	const district = /href="\/ru\/reports\/districts\/(\d+)/.exec(await (await fetch(`${base}/ru/reports/regions/${regions[6]}`, { headers: { cookie: admin } })).text())?.[1]
	console.log(`Load: ${connections} connections for ${duration} s each, ${workers} app processes, database ${new URL(databaseUrl).pathname.slice(1)}`)
	const results = []
	results.push(await load('district dashboard (methodologist)', '/ru/reports', methodologist))
	const districtId = Number(/at=district%3A(\d+)/.exec(home)?.[1])
	const written = await whileWriting(districtId, writesPerSecond, () =>
		load(`district dashboard, ${writesPerSecond} writes/s in the district`, '/ru/reports', methodologist),
	)
	results.push({ ...written.result, name: `${written.result.name} (${written.writes} writes)` })
	results.push(await load('district dashboard, filtered', '/ru/reports?gender=female&from=2026-01&to=2026-06', methodologist))
	results.push(await load('school drill-down (teacher list)', `/ru/reports/schools/${school}`, methodologist))
	results.push(await load('region dashboard (admin)', `/ru/reports/regions/${regions[6]}`, admin))
	results.push(await load('district drill-down (admin)', `/ru/reports/districts/${district}`, admin))
	results.push(await load('country dashboard (admin)', '/ru/reports', admin))
	console.log('Exports (one request each):')
	const exports = []
	exports.push(await download('country teacher list CSV', '/ru/reports/export/teachers?at=country&format=csv', admin))
	exports.push(await download('country teacher list XLSX', '/ru/reports/export/teachers?at=country&format=xlsx', admin))
	exports.push(await download('district teacher list CSV', `/ru/reports/export/teachers?at=district:${districtId}&format=csv`, methodologist))
	console.log('\n| page | requests | req/s | p50 ms | p95 ms | p99 ms | errors | one at a time, p50 ms | load average (1 min) |\n|---|---|---|---|---|---|---|---|---|')
	for (const r of results) console.log(`| ${r.name} | ${r.requests} | ${r.rps} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.errors} | ${r.serialP50} | ${r.load} |`)
	console.log('\n| export | seconds | first byte ms | MB | CSV lines (with header) |\n|---|---|---|---|---|')
	for (const e of exports) console.log(`| ${e.name} | ${e.seconds} | ${e.firstByteMs} | ${e.megabytes} | ${e.lines} |`)
} finally {
	server.kill('SIGTERM')
}
