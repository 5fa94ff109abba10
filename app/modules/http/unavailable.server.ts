import type { ServerBuild } from 'react-router'
import errorTexts from '#app/locales/errors.json'
import { defaultLocale, isLocale, type Locale } from '#app/modules/i18n/locales.ts'

/** What a 503 asks the browser to wait: PostgreSQL restarts in seconds (bench/README.md, "Soak and faults"). */
export const RETRY_AFTER_SECONDS = 10

// postgres.js and Node socket errors of a connection that failed or was lost.
const connectionCodes = new Set([
	'CONNECTION_CLOSED',
	'CONNECTION_ENDED',
	'CONNECTION_DESTROYED',
	'CONNECT_TIMEOUT',
	'ECONNREFUSED',
	'ECONNRESET',
	'EPIPE',
	'ETIMEDOUT',
	'EHOSTUNREACH',
	'ENOTFOUND',
	'EAI_AGAIN',
])

/**
 * SQLSTATEs of a server that is going away or not there yet: class 08 (connection exception),
 * 57P01–57P03 (administrator or crash shutdown, cannot connect now: starting or stopping),
 * 53300 (too many connections). 55000 only for a database closed to connections.
 */
function unavailableState(code: string, message: string) {
	return code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300' || (code === '55000' && /not currently accepting connections/.test(message))
}

/** Whether an error (or what caused it, drizzle wraps the driver's) says the database cannot be reached. */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
	if (!error || typeof error !== 'object' || depth > 5) return false
	const { code, message, cause, errors } = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown }
	if (typeof code === 'string' && (connectionCodes.has(code) || unavailableState(code, typeof message === 'string' ? message : ''))) return true
	if (Array.isArray(errors) && errors.some((e) => isDatabaseUnavailable(e, depth + 1))) return true
	return isDatabaseUnavailable(cause, depth + 1)
}

function requestLocale(request: Request): Locale {
	const first = new URL(request.url).pathname.split('/')[1]
	return isLocale(first) ? first : defaultLocale
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/**
 * The answer while the database is unreachable: 503 with Retry-After. For a page, the root error
 * boundary renders the localized "unavailable" page from this status; for a resource route (PDF,
 * CSV, ZIP) the body itself is a small localized page.
 */
export function unavailableResponse(request: Request, { page = true } = {}) {
	const headers = { 'Retry-After': String(RETRY_AFTER_SECONDS), 'Cache-Control': 'no-store' }
	if (page) return new Response('Service unavailable', { status: 503, statusText: 'Service Unavailable', headers })
	const locale = requestLocale(request)
	const texts = errorTexts[locale].unavailable
	const html = `<!DOCTYPE html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(texts.title)} — Ortaq</title></head><body><main><h1>${escape(texts.title)}</h1><p>${escape(texts.body)}</p><p><a href="/${locale}/">${escape(errorTexts[locale].home)}</a></p></main></body></html>`
	return new Response(html, { status: 503, statusText: 'Service Unavailable', headers: { ...headers, 'Content-Type': 'text/html; charset=utf-8' } })
}

type Handler = (args: { request: Request }) => unknown

/**
 * Runs a loader or action; a lost or refused database connection becomes the 503 answer instead
 * of a 500. Nothing was acknowledged: a write that failed before its commit answers 503, never 2xx/3xx.
 */
export function guardUnavailable<A extends { request: Request }, R>(handler: (args: A) => R, { page = true } = {}): (args: A) => Promise<Awaited<R>> {
	return async (args: A): Promise<Awaited<R>> => {
		try {
			return (await handler(args)) as Awaited<R>
		} catch (error) {
			if (!isDatabaseUnavailable(error)) throw error
			const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message
			console.error(`[db] unavailable: ${args.request.method} ${new URL(args.request.url).pathname}: ${cause}`)
			throw unavailableResponse(args.request, { page })
		}
	}
}

/**
 * The server build with every route's loader and action guarded (server.js serves this one).
 * Resource routes (no component) answer the localized page themselves.
 */
export function withUnavailableGuard(build: ServerBuild): ServerBuild {
	const routes: ServerBuild['routes'] = {}
	for (const [id, route] of Object.entries(build.routes)) {
		if (!route) continue
		const module = { ...route.module }
		const page = Boolean(module.default)
		if (typeof module.loader === 'function') module.loader = guardUnavailable(module.loader as Handler, { page }) as typeof module.loader
		if (typeof module.action === 'function') module.action = guardUnavailable(module.action as Handler, { page }) as typeof module.action
		routes[id] = { ...route, module }
	}
	return { ...build, routes }
}
