import { hash, verify } from '@node-rs/argon2'

// argon2id with the OWASP-recommended minimum (19 MiB, 2 passes).
const options = { memoryCost: 19_456, timeCost: 2, parallelism: 1 }

// Each hash takes ~100 ms of a core on libuv's thread pool, which also compresses responses and
// reads files: a morning's burst of logins would otherwise take all four threads and stall every
// page of the process (bench/README.md, "Soak and faults"). At most this many run at once per
// process; the others wait their turn in order.
const concurrency = Math.max(1, Number(process.env.PASSWORD_HASH_CONCURRENCY ?? 1) || 1)
let running = 0
const waiting: (() => void)[] = []

async function limited<T>(work: () => Promise<T>): Promise<T> {
	if (running >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve))
	running++
	try {
		return await work()
	} finally {
		running--
		waiting.shift()?.()
	}
}

export function hashPassword(password: string) {
	return limited(() => hash(password, options))
}

export async function verifyPassword(passwordHash: string, password: string) {
	try {
		return await limited(() => verify(passwordHash, password))
	} catch {
		return false
	}
}
