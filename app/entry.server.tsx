import { Writable } from 'node:stream'
import { renderToPipeableStream, renderToString } from 'react-dom/server'
import { ServerRouter, type AppLoadContext, type EntryContext } from 'react-router'
import { readCookie } from '#app/modules/auth/session.server.ts'
import { LOCALE_COOKIE, localeCookie } from '#app/modules/i18n/cookie.ts'
import { isLocale } from '#app/modules/i18n/locales.ts'
import { skipsHydration } from '#app/root.tsx'

export { prepare } from '#app/modules/startup.server.ts'
export { startAttachmentCollector } from '#app/modules/materials/attachment-collector.server.ts'
export { startJobs, stopJobs } from '#app/modules/jobs/jobs.server.ts'
// For scripts over the built server (bench/reminders.mjs): one reminder run with a given clock and mailer.
export { runReminders } from '#app/modules/reminders/reminders.server.ts'
export { createMailer } from '#app/modules/reminders/mailer.server.ts'
export { lessonDocument } from '#app/modules/learning/lesson-document.server.tsx'
export { acceptsGzip, gzipBody, plainBody } from '#app/modules/http/spliced-gzip.server.ts'
export { isDatabaseUnavailable, withUnavailableGuard } from '#app/modules/http/unavailable.server.ts'

export const streamTimeout = 5_000

export default function handleRequest(
	request: Request,
	responseStatusCode: number,
	responseHeaders: Headers,
	routerContext: EntryContext,
	loadContext: AppLoadContext,
) {
	// Remember the language of the last page visited, for the redirect from "/".
	const urlLocale = new URL(request.url).pathname.split('/')[1]
	if (isLocale(urlLocale) && readCookie(request, LOCALE_COOKIE) !== urlLocale) {
		responseHeaders.append('Set-Cookie', localeCookie(urlLocale))
	}
	const nonce = typeof loadContext.cspNonce === 'string' ? loadContext.cspNonce : undefined
	// A page without scripts (reports) has no data to stream to the browser: renderToString builds
	// it as one string, without the byte chunks of the stream (school report page ~12 % less CPU).
	if (!hydrates(routerContext)) {
		responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
		const html = renderToString(<ServerRouter context={routerContext} url={request.url} nonce={nonce} />)
		// A Buffer, because a string body is first scanned for lone surrogates (~1 ms for 130 KB).
		return new Response(Buffer.from(`<!DOCTYPE html>${html}`), { headers: responseHeaders, status: responseStatusCode })
	}
	return new Promise((resolve, reject) => {
		let shellRendered = false
		let timeout: ReturnType<typeof setTimeout> | undefined
		// No route defers data (loaders return everything before rendering), so the document is
		// complete as soon as React has rendered it: it is sent as one body instead of a stream of
		// small chunks through web streams and the compressor (on a 130 KB report page that cost
		// more CPU than rendering the table; bench/README.md, "Reporting").
		const chunks: Buffer[] = []
		const sink = new Writable({
			write(chunk: Buffer | string, _encoding, done) {
				chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)
				done()
			},
			final(done) {
				clearTimeout(timeout)
				responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
				resolve(new Response(Buffer.concat(chunks), { headers: responseHeaders, status: responseStatusCode }))
				done()
			},
		})
		const { pipe, abort } = renderToPipeableStream(<ServerRouter context={routerContext} url={request.url} nonce={nonce} />, {
			nonce,
			onAllReady() {
				shellRendered = true
				pipe(sink)
			},
			onShellError(error: unknown) {
				reject(error)
			},
			onError(error: unknown) {
				responseStatusCode = 500
				if (shellRendered) console.error(error)
			},
		})
		timeout = setTimeout(abort, streamTimeout + 1000)
	})
}

/** Whether the page loads its scripts, as root.tsx decides. */
function hydrates(context: EntryContext) {
	return !context.staticHandlerContext.matches.some((m) => skipsHydration(context.routeModules[m.route.id]?.handle))
}
