import { z } from 'zod'
import { parsePoints } from '#app/modules/reminders/points.ts'

const schema = z.object({
	NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
	DATABASE_URL: z.string().url().optional(),
	/** Folder of PostgreSQL's Unix socket, used instead of the URL's host and port. */
	DATABASE_SOCKET: z.preprocess((v) => (v === '' ? undefined : v), z.string().startsWith('/').optional()),
	DATA_DIR: z.string().default('data'),
	PORT: z.coerce.number().int().positive().default(3000),
	/** Absolute origin used in emails, QR codes and credentials. */
	PUBLIC_URL: z.string().url().optional(),
	SMTP_URL: z.string().url().optional(),
	MAIL_FROM: z.string().default('Ortaq <no-reply@ortaq.kz>'),
	COOKIE_SECURE: z.enum(['true', 'false']).optional(),
	/** Base64url Ed25519 private key (PKCS#8 DER) for signing credentials; generated when absent. */
	SIGNING_KEY: z.string().optional(),
	/** Reminder points in days before the due day, negative after it (ADR 016): "14,3,-1" by default. */
	REMINDER_DAYS: z.string().optional().refine((v) => parsePoints(v) !== null, 'REMINDER_DAYS: comma-separated whole days from -30 to 60, e.g. 14,3,-1'),
	/** "off": this process runs no background jobs (reminders, digest), e.g. in tests and benchmarks. */
	JOBS: z.enum(['on', 'off']).default('on'),
})

export type Env = z.infer<typeof schema>

let cached: Env | undefined

export function env(): Env {
	if (cached) return cached
	const parsed = schema.safeParse(process.env)
	if (!parsed.success) {
		throw new Error(`Invalid environment: ${z.prettifyError(parsed.error)}`)
	}
	cached = parsed.data
	return cached
}

export function publicUrl(request?: Request) {
	const configured = env().PUBLIC_URL
	if (configured) return configured.replace(/\/$/, '')
	if (request) return new URL(request.url).origin
	return `http://localhost:${env().PORT}`
}
