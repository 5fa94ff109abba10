import { sql } from 'drizzle-orm'
import { getDb } from '#app/db/client.server.ts'
import { rateLimits } from '#app/db/schema/index.ts'

/**
 * Counts one hit against `key` in a fixed window, in the database so that every app process
 * agrees. Returns whether the hit is within `max` and, if not, how long until the window ends.
 */
export async function hit({ key, max, windowSeconds }: { key: string; max: number; windowSeconds: number }) {
	const db = await getDb()
	const expired = sql`${rateLimits.windowStart} < now() - make_interval(secs => ${windowSeconds})`
	const [row] = await db
		.insert(rateLimits)
		.values({ key, count: 1, windowStart: sql`now()` })
		.onConflictDoUpdate({
			target: rateLimits.key,
			set: {
				count: sql`case when ${expired} then 1 else ${rateLimits.count} + 1 end`,
				windowStart: sql`case when ${expired} then now() else ${rateLimits.windowStart} end`,
			},
		})
		.returning({ count: rateLimits.count, windowStart: rateLimits.windowStart })
	const count = row?.count ?? 1
	const resetAt = (row?.windowStart.getTime() ?? Date.now()) + windowSeconds * 1000
	return { allowed: count <= max, retryAfterSeconds: Math.max(1, Math.ceil((resetAt - Date.now()) / 1000)) }
}

/**
 * The client's address. server.js writes it into X-Ortaq-Client-Ip from the socket (or, with
 * TRUST_PROXY, from the proxy's X-Forwarded-For), replacing anything the client sent; without
 * server.js in front (tests) the first X-Forwarded-For entry is used.
 */
export function clientIp(request: Request) {
	return request.headers.get('X-Ortaq-Client-Ip') || request.headers.get('X-Forwarded-For')?.split(',')[0]?.trim() || 'unknown'
}

/**
 * Whether `key` is at `max` in its current window, without counting a hit, and when the
 * window ends.
 */
export async function isLimited({ key, max, windowSeconds }: { key: string; max: number; windowSeconds: number }) {
	const db = await getDb()
	const [row] = await db
		.select({ count: rateLimits.count, windowStart: rateLimits.windowStart })
		.from(rateLimits)
		.where(sql`${rateLimits.key} = ${key} and ${rateLimits.windowStart} >= now() - make_interval(secs => ${windowSeconds})`)
	const limited = (row?.count ?? 0) >= max
	const resetAt = (row?.windowStart.getTime() ?? Date.now()) + windowSeconds * 1000
	return { limited, retryAfterSeconds: Math.max(1, Math.ceil((resetAt - Date.now()) / 1000)) }
}
