// "Save for offline use" on a slow rural link (issue 13, ADR 014): bytes on the wire and seconds from
// the click until the course page says the course is saved, in real Chromium with the network
// emulated at 1 Mbit/s down and up and 300 ms latency, for the page AND its service worker.
// Usage: npm run build && node bench/offline-save.mjs (see bench/README.md, "Offline save on a slow link").
// BENCH_PORT (3102), BENCH_COURSE (inclusive-foundations, five lessons), BENCH_LANG (ru),
// BENCH_DATABASE_URL (a PostgreSQL database to use instead of a fresh PGlite folder), BENCH_RUNS (3).
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { chromium } from '@playwright/test'

const port = Number(process.env.BENCH_PORT ?? 3102)
const base = `http://127.0.0.1:${port}`
const slug = process.env.BENCH_COURSE ?? 'inclusive-foundations'
const lang = process.env.BENCH_LANG ?? 'ru'
const runs = Number(process.env.BENCH_RUNS ?? 3)
// The link: 1 Mbit/s each way (CDP takes bytes per second), 300 ms added to every round trip.
const link = { offline: false, latency: 300, downloadThroughput: 1_000_000 / 8, uploadThroughput: 1_000_000 / 8 }
const courseUrl = `/${lang}/courses/${slug}`

async function waitFor(url, ms = 180_000) {
	const until = Date.now() + ms
	while (Date.now() < until) {
		try {
			if ((await fetch(url)).ok) return
		} catch {}
		await new Promise((r) => setTimeout(r, 300))
	}
	throw new Error(`server did not start: ${url}`)
}

/**
 * Network events of one target (the page, or the service worker through a browser session):
 * bytes and requests that reached the network, not those a service worker or a cache answered.
 */
function meter(label) {
	const requests = new Map()
	const out = { label, bytes: 0, requests: 0, urls: [] }
	return {
		out,
		on(method, params) {
			if (method === 'Network.requestWillBeSent') requests.set(params.requestId, { url: params.request.url, fromWorker: false, sent: params.timestamp })
			else if (method === 'Network.responseReceived') {
				const r = requests.get(params.requestId)
				if (r) r.fromWorker = Boolean(params.response.fromServiceWorker || params.response.fromDiskCache || params.response.fromPrefetchCache)
			} else if (method === 'Network.loadingFinished') {
				const r = requests.get(params.requestId)
				if (!r || r.fromWorker) return
				out.bytes += params.encodedDataLength
				out.requests += 1
				// Each request of an emulated target takes at least the added latency.
				const ms = Math.round((params.timestamp - r.sent) * 1000)
				out.fastestMs = Math.min(out.fastestMs ?? ms, ms)
				out.urls.push(`${new URL(r.url).pathname} ${params.encodedDataLength} B ${ms} ms`)
			}
		},
	}
}

/**
 * Emulates the link (when given) on every service worker of the browser and meters its network: a worker's own fetches (its install's
 * precache, whatever it fetches for a page) are not those of the page, and the page's emulation
 * does not reach them. Browser-level auto-attach would need the flat protocol, whose child sessions
 * Playwright's CDP session cannot address, so each worker is attached when it is discovered, through
 * the nested protocol. Returns the workers' meters.
 */
async function meterWorkers(browser, conditions) {
	const session = await browser.newBrowserCDPSession()
	const meters = []
	let id = 0
	const send = (sessionId, method, params = {}) => session.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: ++id, method, params }) })
	const bySession = new Map()
	const attached = new Set()
	session.on('Target.receivedMessageFromTarget', ({ sessionId, message }) => {
		const m = JSON.parse(message)
		if (m.method) bySession.get(sessionId)?.on(m.method, m.params)
		else if (m.error) console.error(`service worker session: ${JSON.stringify(m.error)}`)
	})
	const attach = async (targetInfo) => {
		if (targetInfo.type !== 'service_worker' || attached.has(targetInfo.targetId)) return
		attached.add(targetInfo.targetId)
		const m = meter(`service worker ${new URL(targetInfo.url).pathname}`)
		meters.push(m.out)
		const { sessionId } = await session.send('Target.attachToTarget', { targetId: targetInfo.targetId, flatten: false })
		bySession.set(sessionId, m)
		if (conditions) {
			const { offline, ...rule } = conditions
			await send(sessionId, 'Network.emulateNetworkConditionsByRule', { offline, matchedNetworkConditions: [{ urlPattern: '', ...rule }] })
		}
		await send(sessionId, 'Network.enable')
	}
	session.on('Target.targetCreated', ({ targetInfo }) => void attach(targetInfo).catch((e) => console.error('attach', e.message)))
	session.on('Target.targetInfoChanged', ({ targetInfo }) => void attach(targetInfo).catch((e) => console.error('attach', e.message)))
	await session.send('Target.setDiscoverTargets', { discover: true })
	return { meters, close: () => session.detach().catch(() => {}) }
}

/**
 * The same link as a TCP proxy in front of the app: every byte either way (page, service worker,
 * the worker's own script) waits its turn on one 1 Mbit/s pipe per direction, shared by all
 * connections, and arrives 150 ms later (300 ms a round trip). Counts the bytes it carries.
 */
async function shapedLink({ target, rateBytes, oneWayMs }) {
	const pipes = { down: { freeAt: 0, bytes: 0 }, up: { freeAt: 0, bytes: 0 } }
	// Request lines as they enter the link, for BENCH_VERBOSE.
	const log = []
	/**
	 * Bytes towards one socket, in order: each chunk waits for its turn on the shared pipe, then the
	 * one-way delay; the socket's end follows its last chunk.
	 */
	const lane = (pipe, to) => {
		const queue = []
		let timer = null
		const pump = () => {
			timer = null
			while (queue.length && queue[0].at <= performance.now()) {
				const { chunk } = queue.shift()
				if (to.destroyed) continue
				if (chunk === null) to.end()
				else to.write(chunk)
			}
			if (queue.length) timer = setTimeout(pump, Math.max(1, Math.ceil(queue[0].at - performance.now())))
		}
		const push = (chunk, at) => {
			queue.push({ chunk, at })
			if (!timer) timer = setTimeout(pump, Math.max(1, Math.ceil(at - performance.now())))
		}
		return {
			data(chunk) {
				const start = Math.max(performance.now(), pipe.freeAt)
				pipe.freeAt = start + (chunk.length / rateBytes) * 1000
				pipe.bytes += chunk.length
				push(chunk, pipe.freeAt + oneWayMs)
			},
			end() {
				push(null, Math.max(performance.now() + oneWayMs, queue.at(-1)?.at ?? 0))
			},
		}
	}
	const forward = (from, to, pipe) => {
		const l = lane(pipe, to)
		from.on('data', (chunk) => {
			if (pipe === pipes.up) {
				const line = /^(GET|POST|HEAD) (\S+)/.exec(chunk.subarray(0, 300).toString('latin1'))
				if (line) log.push({ at: performance.now(), line: `${line[1]} ${line[2]}` })
			}
			l.data(chunk)
		})
		from.on('end', () => l.end())
		from.on('error', () => {
			l.end()
			setTimeout(() => to.destroy(), 5000).unref()
		})
	}
	const server = net.createServer({ allowHalfOpen: true }, (browserSide) => {
		const appSide = net.connect({ ...target, allowHalfOpen: true })
		forward(browserSide, appSide, pipes.up)
		forward(appSide, browserSide, pipes.down)
	})
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
	return {
		origin: `http://127.0.0.1:${server.address().port}`,
		counters: () => ({ downBytes: pipes.down.bytes, upBytes: pipes.up.bytes }),
		requestsSince: (t) => log.filter((r) => r.at >= t).map((r) => `+${Math.round(r.at - t)} ms ${r.line}`),
		close: () => new Promise((resolve) => server.close(resolve)),
	}
}

async function logIn(page, origin) {
	await page.goto(`${origin}/${lang}/login`)
	await page.locator('input[name="email"]').fill('teacher@demo.ortaq.kz')
	await page.locator('input[name="password"]').fill('ortaq-demo-2026')
	await Promise.all([page.waitForURL((u) => !u.pathname.endsWith('/login')), page.locator('main form button[type="submit"]').first().click()])
}

const texts = JSON.parse(fs.readFileSync(`app/locales/${lang}/learning.json`, 'utf8'))
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** The demo teacher enrolled in the course (through its page), on the course page, hydrated, the size shown. */
async function openCourse(page, origin) {
	await page.goto(`${origin}${courseUrl}`)
	const enrol = page.getByRole('button', { name: texts.course.enrol })
	if ((await enrol.count()) > 0) await Promise.all([page.waitForURL((u) => u.pathname !== courseUrl), enrol.click()])
	await page.goto(`${origin}${courseUrl}`)
	await page.locator('html[data-hydrated="true"]').waitFor({ state: 'attached' })
	await page.getByTestId('offline-save').waitFor()
	// The size she is told before saving comes from the package, fetched when the page opens.
	await page.getByText(new RegExp(`^${escape(texts.offline.saveSize.split('{{')[0])}`)).waitFor()
}

/**
 * One save in a new context (empty storage, no service worker yet: her first save on this device),
 * after the course page was opened on a good link. `mode`: 'none' (no emulation), 'cdp' (Chromium's
 * emulation on the page and on every service worker) or 'proxy' (the shaped TCP link).
 */
async function oneRun(browser, mode) {
	const shaped = mode === 'proxy' ? await shapedLink({ target: { host: '127.0.0.1', port }, rateBytes: link.downloadThroughput, oneWayMs: link.latency / 2 }) : null
	// Through the proxy the page is opened on the shaped link too; only the save is timed.
	const origin = shaped?.origin ?? base
	const workers = await meterWorkers(browser, mode === 'cdp' ? link : null)
	const context = await browser.newContext()
	const page = await context.newPage()
	try {
		const problems = []
		page.on('requestfailed', (r) => problems.push(`${r.url()} ${r.failure()?.errorText}`))
		page.on('console', (m) => m.type() === 'error' && problems.push(m.text()))
		context.on('serviceworker', (w) => w.on('console', (m) => m.type() === 'error' && problems.push(`worker: ${m.text()}`)))
		await logIn(page, origin)
		await openCourse(page, origin)
		const cdp = await context.newCDPSession(page)
		const pageMeter = meter('page')
		for (const event of ['Network.requestWillBeSent', 'Network.responseReceived', 'Network.loadingFinished']) cdp.on(event, (params) => pageMeter.on(event, params))
		await cdp.send('Network.enable')
		if (mode === 'cdp') await cdp.send('Network.emulateNetworkConditions', link)
		const before = shaped?.counters()
		const started = performance.now()
		await page.getByTestId('offline-save').click()
		await page.waitForFunction(() => ['saved', 'error'].includes(document.querySelector('[data-testid="offline-status"]')?.getAttribute('data-state') ?? ''), null, { timeout: 600_000, polling: 50 })
		const seconds = (performance.now() - started) / 1000
		const state = await page.getByTestId('offline-status').getAttribute('data-state')
		if (state !== 'saved') throw new Error(`saving (${mode}) ended in state ${state} after ${seconds.toFixed(1)} s: ${problems.join('; ') || 'no failed request or console error seen'}`)
		const after = shaped?.counters()
		if (process.env.BENCH_VERBOSE && shaped) console.log(`  through the link since the click:\n    ${shaped.requestsSince(started).join('\n    ')}`)
		// What Cache Storage holds now (bodies as stored: uncompressed).
		const saved = await page.evaluate(async () => {
			let entries = 0
			let bytes = 0
			for (const name of await caches.keys()) {
				const cache = await caches.open(name)
				for (const request of await cache.keys()) {
					entries += 1
					bytes += (await (await cache.match(request))?.arrayBuffer())?.byteLength ?? 0
				}
			}
			return { cacheEntries: entries, cacheKB: +(bytes / 1024).toFixed(1) }
		})
		const meters = [pageMeter.out, ...workers.meters.filter((m) => m.requests > 0)]
		const bytes = meters.reduce((s, m) => s + m.bytes, 0)
		const requests = meters.reduce((s, m) => s + m.requests, 0)
		const wire = before && after ? { linkDownKB: +((after.downBytes - before.downBytes) / 1024).toFixed(1), linkUpKB: +((after.upBytes - before.upBytes) / 1024).toFixed(1) } : {}
		return { mode, seconds: +seconds.toFixed(2), devtoolsKB: +(bytes / 1024).toFixed(1), requests, ...wire, ...saved, byTarget: meters }
	} finally {
		await context.close()
		await workers.close()
		await shaped?.close()
	}
}

if (!fs.existsSync('build/server/index.js') || !fs.existsSync('build/client/sw.js')) throw new Error('run `npm run build` first (it builds build/client/sw.js too)')
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ortaq-bench-offline-save-'))
const env = { ...process.env, NODE_ENV: 'production', PORT: String(port), COOKIE_SECURE: 'false', DATA_DIR: dataDir }
if (process.env.BENCH_DATABASE_URL) env.DATABASE_URL = process.env.BENCH_DATABASE_URL
else delete env.DATABASE_URL
const server = spawn('node', ['server.js'], { env, stdio: ['ignore', process.env.BENCH_VERBOSE ? 'inherit' : 'ignore', 'inherit'] })
let browser
try {
	await waitFor(`${base}/kk/`)
	browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] })
	const results = []
	// One save on the plain loopback first: the bytes on a good link, and a warm server.
	results.push(await oneRun(browser, 'none'))
	for (let i = 0; i < runs; i++) {
		results.push(await oneRun(browser, 'cdp'))
		results.push(await oneRun(browser, 'proxy'))
	}
	for (const r of results) {
		const { byTarget, ...summary } = r
		console.log(JSON.stringify({ course: slug, lang, ...summary, byTarget: byTarget.map(({ urls, ...m }) => m) }))
		// Under emulation every request takes at least the added latency; one that did not escaped it.
		if (r.mode === 'cdp') for (const m of byTarget) if (m.fastestMs < link.latency) console.warn(`  ${m.label}: a request took ${m.fastestMs} ms under the emulation of ${link.latency} ms: not throttled`)
		if (process.env.BENCH_VERBOSE) for (const m of byTarget) console.log(`  ${m.label}\n    ${m.urls.join('\n    ')}`)
	}
	for (const mode of ['cdp', 'proxy']) {
		const these = results.filter((r) => r.mode === mode)
		const sorted = these.map((r) => r.seconds).sort((a, b) => a - b)
		console.log(JSON.stringify({ course: slug, lang, mode, link: '1 Mbit/s down and up, 300 ms', runs: these.length, medianSeconds: sorted[Math.floor(sorted.length / 2)], minSeconds: sorted[0], maxSeconds: sorted.at(-1), devtoolsKB: these.map((r) => r.devtoolsKB), linkDownKB: these.map((r) => r.linkDownKB ?? null), requests: these.map((r) => r.requests) }))
	}
} finally {
	await browser?.close()
	server.kill('SIGTERM')
	await new Promise((r) => server.once('exit', r))
	fs.rmSync(dataDir, { recursive: true, force: true })
}
