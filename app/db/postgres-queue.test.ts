import { describe, expect, test } from 'vitest'
// @ts-expect-error: plain JavaScript module of postgres.js, without types
import Original from '../../node_modules/postgres/src/queue.js'
// @ts-expect-error: plain JavaScript module, same interface
import Queue from './postgres-queue.js'

type Q = { length: number; push(x: unknown): unknown; shift(): unknown; remove(x: unknown): unknown }

describe('postgres connection queue replacement', () => {
	test('behaves exactly like postgres.js’s own queue over a long random run', () => {
		const ours: Q = Queue()
		const theirs: Q = Original()
		let seed = 7
		const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
		const items = Array.from({ length: 12 }, (_, i) => ({ connection: i }))
		for (let step = 0; step < 20_000; step++) {
			const r = random()
			const item = items[Math.floor(random() * items.length)]
			if (r < 0.45) expect(ours.push(item)).toBe(theirs.push(item))
			else if (r < 0.8) {
				if (theirs.length > 0) expect(ours.shift()).toBe(theirs.shift())
			} else expect(ours.remove(item)).toBe(theirs.remove(item))
			expect(ours.length).toBe(theirs.length)
		}
	})

	test('a queue that never runs empty keeps working in order', () => {
		const q: Q = Queue()
		q.push('a')
		for (let i = 0; i < 20_000; i++) {
			q.push(i)
			expect(q.shift()).toBe(i === 0 ? 'a' : i - 1)
			expect(q.remove(i - 1)).toBe(null)
		}
		expect(q.length).toBe(1)
		expect(q.shift()).toBe(19_999)
		expect(q.length).toBe(0)
	})
})
