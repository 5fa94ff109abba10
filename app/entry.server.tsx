import { PassThrough } from 'node:stream'
import { createReadableStreamFromReadable } from '@react-router/node'
import { isbot } from 'isbot'
import { renderToPipeableStream } from 'react-dom/server'
import { ServerRouter, type AppLoadContext, type EntryContext } from 'react-router'
import { readCookie } from '#app/modules/auth/session.server.ts'
import { LOCALE_COOKIE, localeCookie } from '#app/modules/i18n/cookie.ts'
import { isLocale } from '#app/modules/i18n/locales.ts'

export { prepare } from '#app/modules/startup.server.ts'
export { lessonDocument } from '#app/modules/learning/lesson-document.server.tsx'

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
	return new Promise((resolve, reject) => {
		let shellRendered = false
		const userAgent = request.headers.get('user-agent')
		// Crawlers and JavaScript-less clients get the whole document at once.
		const readyOption = (userAgent && isbot(userAgent)) || routerContext.isSpaMode ? 'onAllReady' : 'onShellReady'
		const { pipe, abort } = renderToPipeableStream(<ServerRouter context={routerContext} url={request.url} nonce={nonce} />, {
			nonce,
			[readyOption]() {
				shellRendered = true
				const body = new PassThrough()
				const stream = createReadableStreamFromReadable(body)
				responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
				resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }))
				pipe(body)
			},
			onShellError(error: unknown) {
				reject(error)
			},
			onError(error: unknown) {
				responseStatusCode = 500
				if (shellRendered) console.error(error)
			},
		})
		setTimeout(abort, streamTimeout + 1000)
	})
}
