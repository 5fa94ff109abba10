import { sha256 } from '@oslojs/crypto/sha2'
import { constantTimeEqual } from '@oslojs/crypto/subtle'
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding'
import { and, eq, lt, sql } from 'drizzle-orm'
import type { SelectedFields } from 'drizzle-orm/pg-core'
import { getDb, preparedQuery, type Db, type Queryable } from '#app/db/client.server.ts'
import { schools, districts, sessions, userRoles, users } from '#app/db/schema/index.ts'
import { env } from '#app/modules/env.server.ts'
import type { Locale } from '#app/modules/i18n/locales.ts'
import { hasPermission, type Permission, type RoleGrant } from './permissions.ts'

export const SESSION_COOKIE = 'ortaq_session'
const DAY = 24 * 60 * 60 * 1000
const SESSION_DAYS = 30

export type SessionUser = {
	id: number
	email: string
	fullName: string
	locale: Locale
	gender: 'female' | 'male' | null
	schoolId: number | null
	districtId: number | null
	regionId: number | null
	roles: RoleGrant[]
}

function randomSecret() {
	const bytes = new Uint8Array(20)
	crypto.getRandomValues(bytes)
	return encodeBase32LowerCaseNoPadding(bytes)
}

function hashSecret(secret: string) {
	return sha256(new TextEncoder().encode(secret))
}

/** Creates a session and returns its token `id.secret`; only the secret's hash is stored. */
export async function createSession({ userId, db }: { userId: number; db?: Queryable }) {
	const id = randomSecret()
	const secret = randomSecret()
	const conn = db ?? (await getDb())
	await conn.insert(sessions).values({
		id,
		secretHash: hashSecret(secret),
		userId,
		expiresAt: new Date(Date.now() + SESSION_DAYS * DAY),
	})
	return `${id}.${secret}`
}

/**
 * What a session lookup selects: the session's secret hash and expiry, the user, where they work
 * and their roles, in one round trip. sessionSelect() lets a statement read more in the same
 * trip (the direct lesson path, ADR 009).
 */
const sessionColumns = {
	secretHash: sessions.secretHash,
	expiresAt: sessions.expiresAt,
	id: users.id,
	email: users.email,
	fullName: users.fullName,
	locale: users.locale,
	gender: users.gender,
	schoolId: users.schoolId,
	districtId: schools.districtId,
	regionId: districts.regionId,
	roles: sql<RoleGrant[]>`coalesce((select json_agg(json_build_object('role', ${userRoles.role}, 'regionId', ${userRoles.regionId}, 'districtId', ${userRoles.districtId})) from ${userRoles} where ${userRoles.userId} = ${users.id}), '[]'::json)`,
}

type SessionRow = { secretHash: Buffer | Uint8Array; expiresAt: Date } & SessionUser

/** sessions joined with the user and the user's school and district; `placeholder('id')` is the session id. */
export function sessionSelect<T extends SelectedFields>(db: Db, columns: T) {
	return db
		.select({ ...sessionColumns, ...columns })
		.from(sessions)
		.innerJoin(users, eq(users.id, sessions.userId))
		.leftJoin(schools, eq(schools.id, users.schoolId))
		.leftJoin(districts, eq(districts.id, schools.districtId))
}

// Runs on every request of a signed-in user.
const sessionQuery = preparedQuery((db) =>
	sessionSelect(db, {})
		.where(eq(sessions.id, sql.placeholder('id')))
		.limit(1)
		.prepare('ortaq_session_lookup'),
)

/** The id and secret of a well-formed token, or null. */
export function parseSessionToken(token: string) {
	const [id, secret, ...rest] = token.split('.')
	if (!id || !secret || rest.length > 0 || id.length > 64 || secret.length > 64) return null
	return { id, secret }
}

/**
 * The user of a looked-up session row when the secret matches and the session has not expired;
 * an expired session is deleted, one past half its life is extended.
 */
export async function sessionUserOf(row: SessionRow | undefined, { id, secret }: { id: string; secret: string }): Promise<SessionUser | null> {
	if (!row) return null
	if (!constantTimeEqual(hashSecret(secret), new Uint8Array(row.secretHash))) return null
	const now = Date.now()
	if (row.expiresAt.getTime() <= now) {
		await (await getDb()).delete(sessions).where(eq(sessions.id, id))
		return null
	}
	if (row.expiresAt.getTime() - now < (SESSION_DAYS / 2) * DAY) {
		await (await getDb())
			.update(sessions)
			.set({ expiresAt: new Date(now + SESSION_DAYS * DAY) })
			.where(eq(sessions.id, id))
	}
	const { id: userId, email, fullName, locale, gender, schoolId, districtId, regionId, roles } = row
	return { id: userId, email, fullName, locale, gender, schoolId, districtId, regionId, roles }
}

/** The user of a valid token, extending the session when it is past half its life. */
export async function validateSessionToken(token: string): Promise<SessionUser | null> {
	const parsed = parseSessionToken(token)
	if (!parsed) return null
	const [row] = await sessionQuery(await getDb()).execute({ id: parsed.id })
	return sessionUserOf(row, parsed)
}

export async function invalidateSession(token: string) {
	const [id] = token.split('.')
	if (!id) return
	const db = await getDb()
	await db.delete(sessions).where(eq(sessions.id, id))
}

export async function invalidateUserSessions({ userId, db }: { userId: number; db?: Queryable }) {
	const conn = db ?? (await getDb())
	await conn.delete(sessions).where(eq(sessions.userId, userId))
}

export async function deleteExpiredSessions() {
	const db = await getDb()
	await db.delete(sessions).where(lt(sessions.expiresAt, new Date()))
}

function cookieSecure() {
	const setting = env().COOKIE_SECURE
	if (setting) return setting === 'true'
	return env().NODE_ENV === 'production'
}

export function sessionCookie(token: string) {
	const parts = [`${SESSION_COOKIE}=${token}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${SESSION_DAYS * 24 * 60 * 60}`]
	if (cookieSecure()) parts.push('Secure')
	return parts.join('; ')
}

export function clearSessionCookie() {
	const parts = [`${SESSION_COOKIE}=`, 'Path=/', 'HttpOnly', 'SameSite=Lax', 'Max-Age=0']
	if (cookieSecure()) parts.push('Secure')
	return parts.join('; ')
}

export function readCookie(request: Request, name: string) {
	return cookieFromHeader(request.headers.get('Cookie'), name)
}

/** One cookie's value from a Cookie header. */
export function cookieFromHeader(header: string | null | undefined, name: string) {
	if (!header) return null
	for (const part of header.split(';')) {
		const eqAt = part.indexOf('=')
		if (eqAt === -1) continue
		if (part.slice(0, eqAt).trim() === name) {
			try {
				return decodeURIComponent(part.slice(eqAt + 1).trim())
			} catch {
				return null
			}
		}
	}
	return null
}

// One lookup per request even when several loaders ask.
const perRequest = new WeakMap<Request, Promise<SessionUser | null>>()

export function getUser(request: Request): Promise<SessionUser | null> {
	let pending = perRequest.get(request)
	if (!pending) {
		const token = readCookie(request, SESSION_COOKIE)
		pending = token ? validateSessionToken(token) : Promise.resolve(null)
		perRequest.set(request, pending)
	}
	return pending
}

function localeOf(request: Request): Locale {
	const first = new URL(request.url).pathname.split('/')[1]
	return first === 'ru' ? 'ru' : 'kk'
}

/** The signed-in user, or a redirect to the login page that comes back here. */
export async function requireUser(request: Request): Promise<SessionUser> {
	const user = await getUser(request)
	if (user) return user
	const url = new URL(request.url)
	const back = url.pathname + url.search
	throw new Response(null, {
		status: 302,
		headers: { Location: `/${localeOf(request)}/login?redirectTo=${encodeURIComponent(back)}` },
	})
}

/** The signed-in user holding the permission; 403 otherwise. */
export async function requirePermission(request: Request, permission: Permission): Promise<SessionUser> {
	const user = await requireUser(request)
	if (!hasPermission(user.roles, permission)) throw new Response('Forbidden', { status: 403 })
	return user
}

export async function countUserSessions(userId: number) {
	const db = await getDb()
	const rows = await db.select({ id: sessions.id }).from(sessions).where(and(eq(sessions.userId, userId)))
	return rows.length
}
