// postgres.js's connection queue (node_modules/postgres/src/queue.js) with the same interface,
// swapped in by the build (vite.config.ts). The original's shift() leaves a hole and only resets
// when the queue runs empty, and the pool then calls remove() on the connection it just shifted,
// an indexOf over every hole: with connections left idle (any load below the pool size) the array
// grows by one per query and each query gets slower (measured: 162 → 378 µs per pair of queries
// over 120,000 pairs; ADR 009). Here shifted slots are dropped once they are half the array.
export default function Queue(initial = []) {
	let xs = initial.slice()
	let index = 0

	function compact() {
		if (index > 32 && index * 2 >= xs.length) {
			xs = xs.slice(index)
			index = 0
		}
	}

	return {
		get length() {
			return xs.length - index
		},
		remove(x) {
			const at = xs.indexOf(x, index)
			if (at === -1) return null
			xs.splice(at, 1)
			return x
		},
		push(x) {
			xs.push(x)
			return x
		},
		shift() {
			if (index >= xs.length) return undefined
			const out = xs[index]
			xs[index++] = undefined
			if (index === xs.length) {
				index = 0
				xs = []
			} else {
				compact()
			}
			return out
		},
	}
}
