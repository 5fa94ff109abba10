// Production server: the direct lesson path, then Express: security headers, same-origin check
// for writes, static assets, the app.
import cluster from 'node:cluster'
import crypto from 'node:crypto'
import http from 'node:http'
import path from 'node:path'
import { createRequestHandler } from '@react-router/express'
import compression from 'compression'
import { drainListenersReachStream } from './app/modules/http/drain-listeners.js'
import express from 'express'

const port = Number(process.env.PORT ?? 3000)
// Every loader and action guarded: a lost database connection answers 503 with Retry-After and
// the localized page instead of 500 (app/modules/http/unavailable.server.ts).
const serverBuild = await import('./build/server/index.js')
const build = serverBuild.entry.module.withUnavailableGuard(serverBuild)
// Several processes only on PostgreSQL: the embedded PGlite belongs to one process.
const workers = process.env.DATABASE_URL ? Number(process.env.WEB_CONCURRENCY ?? 1) : 1

if (cluster.isPrimary) {
	// Migrate, seed and sync content once, before accepting requests.
	await build.entry.module.prepare()
	// Detached attachments are collected at startup (in prepare) and every six hours here, in
	// one process; the collector is safe if more ever run it.
	build.entry.module.startAttachmentCollector()
	// Background jobs (reminders hourly, the weekly digest; ADR 016) in this one process only, so a
	// cluster of WEB_CONCURRENCY workers schedules and works them once; JOBS=off turns them off.
	await build.entry.module.startJobs()
}

if (cluster.isPrimary && workers > 1) {
	for (let i = 0; i < workers; i++) cluster.fork()
	cluster.on('exit', (worker, code, signal) => {
		if (signal !== 'SIGTERM' && code !== 0) {
			console.error(`worker ${worker.process.pid} exited (${signal ?? code}); starting another`)
			cluster.fork()
		}
	})
	console.log(`Ortaq is running at http://localhost:${port} (${workers} processes)`)
	for (const signal of ['SIGINT', 'SIGTERM']) {
		process.on(signal, () => {
			for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM')
			setTimeout(() => process.exit(0), 3000).unref()
		})
	}
} else {
	startServer()
}

/** The headers every response carries; scripts run only with the nonce, when there is one. */
function securityHeaderValues(nonce) {
	return {
		'Content-Security-Policy': [
			"default-src 'self'",
			nonce ? `script-src 'self' 'nonce-${nonce}'` : "script-src 'self'",
			"style-src 'self' 'unsafe-inline'",
			"img-src 'self' data:",
			"media-src 'self'",
			"font-src 'self'",
			"connect-src 'self'",
			"object-src 'none'",
			"base-uri 'self'",
			"form-action 'self'",
			"frame-ancestors 'none'",
		].join('; '),
		'X-Content-Type-Options': 'nosniff',
		'Referrer-Policy': 'strict-origin-when-cross-origin',
		'X-Frame-Options': 'DENY',
		'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
	}
}

/** Sets the security headers; returns the CSP nonce for the page's scripts. */
function securityHeaders(res) {
	const nonce = crypto.randomBytes(16).toString('base64')
	for (const [name, value] of Object.entries(securityHeaderValues(nonce))) res.setHeader(name, value)
	return nonce
}

// The direct lesson page has no scripts, so its headers need no nonce and are the same every time.
const lessonHeaders = { ...securityHeaderValues(null), Vary: 'Accept-Encoding' }

// A signed-in learner's lesson page (GET, no query string) is answered by lessonDocument before
// Express and React Router (ADR 009): Express alone costs about as much CPU per request as the
// whole lesson page. null (signed out, unknown lesson, bad language) or an error hands the
// request to the app, which answers as it always did.
const lessonPath = /^\/(kk|ru)\/courses\/([a-z0-9-]{1,100})\/lessons\/([a-z0-9-]{1,100})$/
const { lessonDocument, acceptsGzip, gzipBody, plainBody } = build.entry.module

async function directLesson(req, res, app) {
	const match = (req.method === 'GET' || req.method === 'HEAD') && lessonPath.exec(req.url ?? '')
	if (!match) return app(req, res)
	let page = null
	try {
		page = await lessonDocument({ lang: match[1], slug: match[2], lesson: match[3], cookie: req.headers.cookie })
	} catch (error) {
		// The app answers: a 503 page when the database is unreachable, so one short line here.
		if (build.entry.module.isDatabaseUnavailable(error)) console.error(`[lesson] direct path: database unavailable: ${error.cause?.message ?? error.message}`)
		else console.error('[lesson] direct path failed; the app answers', error)
	}
	if (!page) return app(req, res)
	if (page.status) {
		// The course was renamed (ADR 013): the same lesson under its current slug.
		res.writeHead(page.status, { ...lessonHeaders, ...page.headers, 'Content-Length': 0 })
		res.end()
		return
	}
	// Spliced from deflate segments kept per page: see app/modules/http/spliced-gzip.server.ts.
	const gzip = acceptsGzip(req.headers['accept-encoding'])
	const body = gzip ? gzipBody(page.parts) : plainBody(page.parts)
	res.writeHead(200, { ...lessonHeaders, ...page.headers, ...(gzip ? { 'Content-Encoding': 'gzip' } : {}), 'Content-Length': body.length })
	res.end(body)
}

function startServer() {

	const app = express()
	app.disable('x-powered-by')
	// TRUST_PROXY: 'true', a hop count, or addresses/subnets ('loopback', '10.0.0.0/8') of the proxy.
	const trust = process.env.TRUST_PROXY
	app.set('trust proxy', trust === undefined || trust === 'false' ? false : trust === 'true' ? true : /^\d+$/.test(trust) ? Number(trust) : trust)
	app.use((req, res, next) => {
		res.locals.cspNonce = securityHeaders(res)
		next()
	})

	// Rate limits key on the client's address: the socket's, or the trusted proxy's report of it.
	app.use((req, _res, next) => {
		req.headers['x-ortaq-client-ip'] = req.ip ?? req.socket.remoteAddress ?? 'unknown'
		next()
	})

	// Writes from another site are refused: a browser always sends Origin on a cross-site POST.
	app.use((req, res, next) => {
		if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next()
		const origin = req.get('origin')
		if (origin && origin !== 'null') {
			let host
			try {
				host = new URL(origin).host
			} catch {
				host = null
			}
			if (host === req.get('host')) return next()
		} else if (!origin) {
			return next()
		}
		res.status(403).type('text/plain').send('Cross-origin request refused')
	})

	// Request bodies are read into memory by the app, so their size is settled here: uploads are
	// at most 20 MB (the app answers 20–30 MB with a localized message), anything larger or of
	// unknown length is refused before a byte is read.
	const maxBody = 30 * 1024 * 1024
	app.use((req, res, next) => {
		if (req.method === 'GET' || req.method === 'HEAD') return next()
		const length = req.headers['content-length']
		if (length === undefined && req.headers['transfer-encoding']) {
			res.status(411).type('text/plain; charset=utf-8').send('Сұраудың көлемі көрсетілмеген. / Не указан размер запроса.')
			return
		}
		if (Number(length) > maxBody) {
			res.status(413).type('text/plain; charset=utf-8').send('Файл тым үлкен (30 МБ-тан аспауы керек). / Файл слишком большой (не более 30 МБ).')
			return
		}
		next()
	})

	app.use(compression())
	app.use(drainListenersReachStream)
	app.use('/assets', express.static(path.resolve('build/client/assets'), { immutable: true, maxAge: '1y' }))
	app.use(express.static(path.resolve('build/client'), { maxAge: '1h' }))

	app.all(
		'*splat',
		createRequestHandler({
			build,
			mode: process.env.NODE_ENV,
			getLoadContext: (_req, res) => ({ cspNonce: res.locals.cspNonce }),
		}),
	)

	const server = http.createServer((req, res) => void directLesson(req, res, app))
	server.listen(port, () => {
		if (cluster.isPrimary) console.log(`Ortaq is running at http://localhost:${port}`)
	})

	for (const signal of ['SIGINT', 'SIGTERM']) {
		process.on(signal, () => {
			server.close(() => process.exit(0))
			setTimeout(() => process.exit(0), 3000).unref()
		})
	}
}
