// Does the time of an answer tell whether an email has an account? Sends N login attempts with a
// wrong password and N password-reset requests, each for a known and an unknown address, one at a
// time in random order, and prints the medians and their difference. Usage: bench/README.md.
import { execFileSync, spawn } from 'node:child_process'
import fs from 'node:fs'

const n = Number(process.env.AUTH_N ?? 40)
const port = Number(process.env.AUTH_PORT ?? 3370)
const base = `http://127.0.0.1:${port}`
const adminUrl = process.env.AUTH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const dbName = 'ortaq_bench_auth'
const url = new URL(adminUrl)
url.pathname = `/${dbName}`
if (!fs.existsSync('build/server/index.js')) throw new Error('run `npm run build` first')
const psql = (sql, target = url.toString()) => execFileSync('psql', [target, '-qAtc', sql], { encoding: 'utf8', timeout: 60_000 })
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

psql(`drop database if exists ${dbName} with (force)`, adminUrl)
psql(`create database ${dbName}`, adminUrl)
const dataDir = fs.mkdtempSync('/tmp/ortaq-auth-timing-')
// One process; TRUST_PROXY so that each request can come from its own address (X-Forwarded-For)
// and the per-address limits never answer instead of the code under test.
const server = spawn('node', ['server.js'], {
	env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: url.toString(), PORT: String(port), WEB_CONCURRENCY: '1', COOKIE_SECURE: 'false', TRUST_PROXY: 'loopback', DATA_DIR: dataDir },
	stdio: ['ignore', 'ignore', 'inherit'],
})
try {
	for (let i = 0; ; i++) {
		if (i > 360) throw new Error('server did not start')
		try {
			if ((await fetch(`${base}/ru/`, { signal: AbortSignal.timeout(5000) })).ok) break
		} catch {}
		await sleep(500)
	}
	// Known accounts, each used once (the per-account limits allow 5 failed logins and 3 resets).
	psql(`insert into users (email, password_hash, full_name, locale, school_id)
		select 'timing-' || g || '@bench.ortaq.kz', (select password_hash from users where email = 'teacher@demo.ortaq.kz'), 'Тест ' || g, 'ru',
			(select school_id from users where email = 'teacher@demo.ortaq.kz')
		from generate_series(1, ${2 * n}) g`)
	let address = 0
	async function time(path, form) {
		address++
		const started = performance.now()
		const res = await fetch(base + path, {
			method: 'POST',
			redirect: 'manual',
			headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base, 'x-forwarded-for': `10.${(address >> 16) & 255}.${(address >> 8) & 255}.${address & 255}` },
			body: new URLSearchParams(form),
			signal: AbortSignal.timeout(30_000),
		})
		await res.arrayBuffer()
		return { ms: performance.now() - started, status: res.status }
	}
	const kinds = {
		'login, known email, wrong password': (i) => time('/ru/login', { email: `timing-${i + 1}@bench.ortaq.kz`, password: 'wrong-password-123' }),
		'login, unknown email': (i) => time('/ru/login', { email: `nobody-${i}@bench.ortaq.kz`, password: 'wrong-password-123' }),
		'password reset, known email': (i) => time('/ru/forgot-password', { email: `timing-${n + i + 1}@bench.ortaq.kz` }),
		'password reset, unknown email': (i) => time('/ru/forgot-password', { email: `nobody-reset-${i}@bench.ortaq.kz` }),
	}
	// Warm-up (first argon2 and the dummy hash, prepared statements), then everything in random order.
	for (const run of Object.values(kinds)) await run(-1)
	const plan = Object.keys(kinds).flatMap((kind) => Array.from({ length: n }, (_, i) => [kind, i]))
	plan.sort(() => Math.random() - 0.5)
	const results = Object.fromEntries(Object.keys(kinds).map((k) => [k, []]))
	const statuses = Object.fromEntries(Object.keys(kinds).map((k) => [k, {}]))
	for (const [kind, i] of plan) {
		const { ms, status } = await kinds[kind](i)
		results[kind].push(ms)
		statuses[kind][status] = (statuses[kind][status] ?? 0) + 1
	}
	const median = (xs) => {
		const s = [...xs].sort((a, b) => a - b)
		return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
	}
	const p90 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)]
	console.log(`\n| request (${n} each, one at a time, random order) | median ms | p90 ms | statuses |\n|---|---|---|---|`)
	for (const kind of Object.keys(kinds)) console.log(`| ${kind} | ${median(results[kind]).toFixed(1)} | ${p90(results[kind]).toFixed(1)} | ${JSON.stringify(statuses[kind])} |`)
	const diff = (a, b) => (median(results[a]) - median(results[b])).toFixed(1)
	console.log(`\nlogin: known − unknown = ${diff('login, known email, wrong password', 'login, unknown email')} ms (median)`)
	console.log(`reset: known − unknown = ${diff('password reset, known email', 'password reset, unknown email')} ms (median)`)
} finally {
	server.kill('SIGTERM')
	await new Promise((r) => server.once('exit', r))
	psql(`drop database if exists ${dbName} with (force)`, adminUrl)
	fs.rmSync(dataDir, { recursive: true, force: true })
}
