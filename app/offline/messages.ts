// Messages between pages and the service worker (ADR 014). Small on purpose: every hydrated page
// imports it, and it pulls in nothing else.
import type { ClientEvent } from './store.ts'

export type WorkerRequest = { type: 'hello'; userId: number | null } | { type: 'sync' }

export type RefusedItem = { id: string; event: ClientEvent; reason: string; message: string }
export type WorkerStatus = { type: 'status'; pending: number; refused: RefusedItem[]; needsSignIn: boolean }
export type WorkerReply = WorkerStatus | { type: 'error' }

/** Asks the controlling service worker; null when there is none or it does not answer in time. */
export function askWorker(message: WorkerRequest, timeoutMs = 15_000): Promise<WorkerStatus | null> {
	const worker = typeof navigator !== 'undefined' ? navigator.serviceWorker?.controller : null
	if (!worker) return Promise.resolve(null)
	return new Promise((resolve) => {
		const channel = new MessageChannel()
		const timer = setTimeout(() => resolve(null), timeoutMs)
		channel.port1.onmessage = (event: MessageEvent<WorkerReply>) => {
			clearTimeout(timer)
			resolve(event.data.type === 'status' ? event.data : null)
		}
		worker.postMessage(message, [channel.port2])
	})
}

/** Registers the worker (from the pages where saving starts); resolves when one controls the page. */
export async function registerWorker() {
	if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return null
	const registration = await navigator.serviceWorker.register('/sw.js', { scope: '/', updateViaCache: 'none' })
	if (!navigator.serviceWorker.controller) {
		await new Promise<void>((resolve) => navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true }))
	}
	return registration
}
