import crypto from 'node:crypto'
import { signingKeys } from '#app/modules/certificates/credential.server.ts'

/*
 * One-click unsubscribe links carry `<kind letter><user id>.<HMAC>`: no login, no expiry (a link in
 * a mail from last year still works), nothing stored. The HMAC key is derived (HKDF) from the app's
 * existing secret, the credential signing key, so there is no second secret to configure or lose.
 */

export type MailKind = 'reminders' | 'digest'
const letters: Record<MailKind, string> = { reminders: 'r', digest: 'd' }

let cachedKey: Buffer | undefined

function hmacKey() {
	if (cachedKey) return cachedKey
	const secret = signingKeys().privateKey.export({ format: 'der', type: 'pkcs8' })
	cachedKey = Buffer.from(crypto.hkdfSync('sha256', secret, 'ortaq', 'ortaq unsubscribe link v1', 32))
	return cachedKey
}

function mac(kind: MailKind, userId: number) {
	return crypto.createHmac('sha256', hmacKey()).update(`${kind}:${userId}`).digest().subarray(0, 16).toString('base64url')
}

export function unsubscribeToken({ kind, userId }: { kind: MailKind; userId: number }) {
	return `${letters[kind]}${userId}.${mac(kind, userId)}`
}

/** The kind and user a token was made for; null when it is malformed or its signature does not match. */
export function readUnsubscribeToken(token: string | null | undefined): { kind: MailKind; userId: number } | null {
	const match = /^([rd])(\d{1,10})\.([A-Za-z0-9_-]{22})$/.exec(token ?? '')
	if (!match?.[1] || !match[2] || !match[3]) return null
	const kind: MailKind = match[1] === 'r' ? 'reminders' : 'digest'
	const userId = Number(match[2])
	if (!Number.isSafeInteger(userId) || userId <= 0 || userId > 2_147_483_647) return null
	const expected = Buffer.from(mac(kind, userId))
	const given = Buffer.from(match[3])
	return expected.length === given.length && crypto.timingSafeEqual(expected, given) ? { kind, userId } : null
}
