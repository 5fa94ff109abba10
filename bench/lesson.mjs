// Lesson page under load, for a logged-in teacher, on PostgreSQL; then the bytes a browser
// downloads for a cold lesson view. Usage: node bench/lesson.mjs (see bench/README.md).
import { spawn, execFileSync } from 'node:child_process'
import fs from 'node:fs'
import autocannon from 'autocannon'
import { chromium } from '@playwright/test'

const port = Number(process.env.BENCH_PORT ?? 3350)
const base = `http://127.0.0.1:${port}`
const adminUrl = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const dbName = 'ortaq_bench_lesson'
const duration = Number(process.env.BENCH_SECONDS ?? 20)
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50)
const workers = Number(process.env.WEB_CONCURRENCY ?? 2)

function psql(sql) {
	execFileSync('psql', [adminUrl, '-qAtc', sql], { stdio: 'inherit' })
}

function hasWrk() {
	try {
		execFileSync('wrk', ['--version'], { stdio: 'ignore' })
		return true
	} catch (error) {
		// wrk prints its version and exits with 1
		return error.status === 1
	}
}

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

if (!fs.existsSync('build/server/index.js')) throw new Error('run `npm run build` first')
psql(`drop database if exists ${dbName} with (force)`)
psql(`create database ${dbName}`)
const url = new URL(adminUrl)
url.pathname = `/${dbName}`
const server = spawn('node', ['server.js'], {
	env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: url.toString(), PORT: String(port), WEB_CONCURRENCY: String(workers), COOKIE_SECURE: 'false' },
	stdio: ['ignore', 'inherit', 'inherit'],
})
try {
	await waitFor(`${base}/kk/`)
	const login = await fetch(`${base}/ru/login`, {
		method: 'POST',
		redirect: 'manual',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ email: 'teacher@demo.ortaq.kz', password: 'ortaq-demo-2026' }),
	})
	const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]
	if (!cookie.startsWith('ortaq_session=')) throw new Error(`login failed: ${login.status}`)
	const catalogue = await (await fetch(`${base}/ru/courses`)).text()
	const slug = /href="\/ru\/courses\/([\w-]+)"/.exec(catalogue)?.[1]
	const coursePage = await (await fetch(`${base}/ru/courses/${slug}`, { headers: { cookie } })).text()
	const lesson = new RegExp(`/ru/courses/${slug}/lessons/([\\w-]+)`).exec(coursePage)?.[1]
	const path = `/ru/courses/${slug}/lessons/${lesson}`
	const check = await fetch(`${base}${path}`, { headers: { cookie } })
	if (check.status !== 200) throw new Error(`lesson page answered ${check.status}`)
	console.log(`Benchmarking ${path} with ${connections} connections for ${duration}s (${workers} app processes)…`)
	// A settled database, as in production: statistics gathered and the seeding's writes flushed,
	// so that neither autovacuum nor a checkpoint of a database created a minute ago runs mid-measurement.
	execFileSync('psql', [url.toString(), '-qAtc', 'vacuum analyze'], { stdio: 'inherit' })
	execFileSync('psql', [url.toString(), '-qAtc', 'checkpoint'], { stdio: 'inherit' })
	await autocannon({ url: `${base}${path}`, connections, duration: 5, headers: { cookie } }) // warm-up
	const result = await autocannon({ url: `${base}${path}`, connections, duration, headers: { cookie, 'accept-encoding': 'gzip' } })
	const errors = result.errors + result.timeouts + result.non2xx
	const summary = {
		path,
		requestsPerSecond: Math.round(result.requests.average),
		latencyP50ms: result.latency.p50,
		latencyP99ms: result.latency.p99,
		errors,
		totalRequests: result.requests.total,
	}
	console.log(JSON.stringify(summary, null, 2))

	// The same load from wrk (C, one thread), when installed (apt-get install wrk): autocannon is a
	// Node process that needs a good part of one of the two cores at these rates, wrk far less.
	if (hasWrk()) {
		const out = execFileSync('wrk', ['-t1', `-c${connections}`, `-d${duration}s`, '--latency', '-H', `cookie: ${cookie}`, '-H', 'accept-encoding: gzip', `${base}${path}`], { encoding: 'utf8' })
		const ms = (label) => {
			const m = new RegExp(`${label}%\\s+([\\d.]+)(us|ms|s)`).exec(out)
			return m ? Math.round(Number(m[1]) * (m[2] === 'us' ? 0.001 : m[2] === 's' ? 1000 : 1) * 10) / 10 : null
		}
		const wrk = {
			tool: 'wrk -t1',
			requestsPerSecond: Math.round(Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0)),
			latencyP50ms: ms('50'),
			latencyP99ms: ms('99'),
			errors: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0) + (/Socket errors: (.*)/.exec(out)?.[1]?.match(/\d+/g)?.reduce((a, b) => a + Number(b), 0) ?? 0),
			totalRequests: Number(/(\d+) requests in/.exec(out)?.[1] ?? 0),
		}
		console.log(JSON.stringify(wrk, null, 2))
	}

	// Cold load in a real browser, JavaScript on, empty cache, gzip: count bytes on the wire.
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
	})
	const context = await browser.newContext()
	await context.addCookies([{ name: 'ortaq_session', value: cookie.split('=')[1], url: base }])
	const page = await context.newPage()
	const cdp = await context.newCDPSession(page)
	await cdp.send('Network.enable')
	await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })
	let bytes = 0
	const byType = {}
	const types = new Map()
	cdp.on('Network.responseReceived', (e) => types.set(e.requestId, e.type))
	cdp.on('Network.loadingFinished', (e) => {
		bytes += e.encodedDataLength
		const type = types.get(e.requestId) ?? 'Other'
		byType[type] = (byType[type] ?? 0) + e.encodedDataLength
	})
	await page.goto(`${base}${path}`, { waitUntil: 'networkidle' })
	await browser.close()
	console.log(JSON.stringify({ coldLoadKB: +(bytes / 1024).toFixed(1), byTypeKB: Object.fromEntries(Object.entries(byType).map(([k, v]) => [k, +(v / 1024).toFixed(1)])) }, null, 2))
} finally {
	server.kill('SIGTERM')
	await new Promise((r) => server.once('exit', r))
	psql(`drop database if exists ${dbName} with (force)`)
}
