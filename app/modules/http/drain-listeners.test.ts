import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { EventEmitter } from 'node:events'
import { writeReadableStreamToWritable } from '@react-router/node'
import compression from 'compression'
import express from 'express'
import { expect, test } from 'vitest'
import { drainListenersReachStream } from './drain-listeners.js'

/**
 * A large compressed download read slowly, written the way React Router writes a streamed
 * response (write, then wait for 'drain'): how many 'drain' listeners were left behind.
 */
async function leftBehind(withFix: boolean) {
	const app = express()
	app.use(compression())
	// Notes the compressor stream each 'drain' listener goes to, changing nothing.
	const streams = new Set<NodeJS.EventEmitter>()
	app.use((_req, res, next) => {
		const on = res.on
		res.on = function (this: typeof res, type: string, listener: (...args: unknown[]) => void) {
			const target: unknown = on.call(this, type, listener)
			if (type === 'drain' && target instanceof EventEmitter && target !== this) streams.add(target)
			return target
		} as typeof res.on
		next()
	})
	if (withFix) app.use(drainListenersReachStream)
	let leftover = -1
	app.get('/export', async (_req, res) => {
		res.type('text/csv')
		let rows = 0
		const body = new ReadableStream<Uint8Array>({
			pull(controller) {
				// Random hex compresses poorly, so the compressor's buffers fill and writes wait for 'drain'.
				if (rows++ < 400) controller.enqueue(new TextEncoder().encode(`${crypto.getRandomValues(new Uint8Array(16 * 1024)).join(',')}\n`))
				else controller.close()
			},
		})
		await writeReadableStreamToWritable(body, res)
		leftover = streams.size === 0 ? -1 : [...streams].reduce((n, s) => n + s.listenerCount('drain'), 0)
	})
	const server = http.createServer(app)
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
	try {
		const { port } = server.address() as AddressInfo
		await new Promise<void>((resolve, reject) => {
			http.get({ port, path: '/export', headers: { 'accept-encoding': 'gzip' } }, (response) => {
				// A slow reader: pause between chunks so that the server meets backpressure.
				response.on('data', () => {
					response.pause()
					setTimeout(() => response.resume(), 1)
				})
				response.on('end', resolve)
				response.on('error', reject)
			})
		})
	} finally {
		server.close()
	}
	return leftover
}

test('a large compressed download leaves no drain listeners behind', async () => {
	expect(await leftBehind(false)).toBeGreaterThan(10) // what the fix is for: without it they pile up
	expect(await leftBehind(true)).toBe(0)
})
