import { sha256 } from '@oslojs/crypto/sha2'
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding'
import { and, asc, count, eq, gt, ilike, isNull, or, sql } from 'drizzle-orm'
import { getDb } from '#app/db/client.server.ts'
import { districts, passwordResets, regions, schools, userRoles, users } from '#app/db/schema/index.ts'
import { publicUrl } from '#app/modules/env.server.ts'
import { fixedT } from '#app/modules/i18n/i18n.ts'
import type { Locale } from '#app/modules/i18n/locales.ts'
import { getResources } from '#app/modules/i18n/resources.server.ts'
import { recordAudit } from './audit.server.ts'
import { sendMail } from './mail.server.ts'
import { hashPassword, verifyPassword } from './password.server.ts'
import type { Role } from './permissions.ts'
import type { Position, Subject } from './profile.ts'
import { clientIp, hit, isLimited } from './rate-limit.server.ts'
import { createSession, invalidateUserSessions } from './session.server.ts'

export type RegisterInput = {
	email: string
	password: string
	fullName: string
	schoolId: number
	gender: 'female' | 'male' | null
	position?: Position | null
	subject?: Subject | null
	locale: Locale
}

/** Creates a teacher account and a session; `email_taken` when the address is in use. */
export async function registerUser(input: RegisterInput) {
	const db = await getDb()
	const [school] = await db.select({ id: schools.id }).from(schools).where(eq(schools.id, input.schoolId))
	if (!school) return { error: 'school_unknown' as const }
	const passwordHash = await hashPassword(input.password)
	const inserted = await db
		.insert(users)
		.values({
			email: input.email,
			passwordHash,
			fullName: input.fullName,
			locale: input.locale,
			gender: input.gender,
			position: input.position ?? null,
			subject: input.subject ?? null,
			schoolId: input.schoolId,
		})
		.onConflictDoNothing({ target: users.email })
		.returning({ id: users.id })
	const user = inserted[0]
	if (!user) return { error: 'email_taken' as const }
	await db.insert(userRoles).values({ userId: user.id, role: 'teacher' })
	const token = await createSession({ userId: user.id })
	await recordAudit({ actorId: user.id, action: 'user.register', targetType: 'user', targetId: user.id })
	return { userId: user.id, token }
}

/** A user's recorded position and subject; null when the user does not exist. */
export async function getProfile(userId: number) {
	const db = await getDb()
	const [row] = await db.select({ position: users.position, subject: users.subject }).from(users).where(eq(users.id, userId))
	return row ?? null
}

/** A teacher's own position and subject (the account page). Raises her district's report version (trigger). */
export async function updateProfile({ userId, position, subject }: { userId: number; position: Position | null; subject: Subject | null }) {
	const db = await getDb()
	await db.update(users).set({ position, subject }).where(eq(users.id, userId))
}

// A hash to compare against when the email is unknown, so timing does not reveal accounts.
let dummyHash: Promise<string> | undefined

/**
 * Checks email and password under two rate limits (per account and per address) and opens a
 * new session. Errors: `rate_limited` (with seconds) or `invalid_credentials`.
 */
export type LoginResult =
	| { error: 'rate_limited'; retryAfterSeconds: number; token?: undefined; userId?: undefined }
	| { error: 'invalid_credentials'; retryAfterSeconds?: undefined; token?: undefined; userId?: undefined }
	| { token: string; userId: number; error?: undefined; retryAfterSeconds?: undefined }

export async function login({ email, password, request }: { email: string; password: string; request: Request }): Promise<LoginResult> {
	// Only failures count: a whole school behind one address can still sign in, while guessing
	// a password (5 per account) or spraying many accounts (50 per address) is stopped.
	const perAccount = { key: `login:account:${email}`, max: 5, windowSeconds: 15 * 60 }
	const perIp = { key: `login:ip:${clientIp(request)}`, max: 50, windowSeconds: 15 * 60 }
	const [account, address] = await Promise.all([isLimited(perAccount), isLimited(perIp)])
	if (account.limited || address.limited) {
		return {
			error: 'rate_limited' as const,
			retryAfterSeconds: Math.max(account.limited ? account.retryAfterSeconds : 0, address.limited ? address.retryAfterSeconds : 0),
		}
	}
	const failed = async (): Promise<LoginResult> => {
		await hit(perAccount)
		await hit(perIp)
		return { error: 'invalid_credentials' as const }
	}
	const db = await getDb()
	const [user] = await db
		.select({ id: users.id, passwordHash: users.passwordHash })
		.from(users)
		.where(eq(users.email, email))
	if (!user) {
		dummyHash ??= hashPassword('not-a-real-password')
		await verifyPassword(await dummyHash, password)
		await recordAudit({ actorId: null, action: 'login.failed', data: { email } })
		return failed()
	}
	if (!(await verifyPassword(user.passwordHash, password))) {
		await recordAudit({ actorId: user.id, action: 'login.failed', targetType: 'user', targetId: user.id })
		return failed()
	}
	const token = await createSession({ userId: user.id })
	await recordAudit({ actorId: user.id, action: 'login.success', targetType: 'user', targetId: user.id })
	return { token, userId: user.id }
}

function hashToken(token: string) {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)))
}

/** The reset email in the account's language, from the `auth` namespace. */
function resetText(locale: Locale, link: string) {
	const t = fixedT(locale, getResources(locale), 'auth')
	return { subject: t('resetEmail.subject'), text: t('resetEmail.text', { link, interpolation: { escapeValue: false } }) }
}

// Resets whose token and mail are still being written after the answer was sent.
const pendingResets = new Set<Promise<void>>()

/** Waits for the reset links being written in the background (tests read the outbox after it). */
export async function settlePasswordResets() {
	await Promise.all(pendingResets)
}

/**
 * Sends a one-time reset link when the account exists. The caller always shows the same
 * message, so the form does not reveal which addresses have accounts; and the answer does not
 * wait for the token's write and the mail (SMTP can take a second), so its time does not reveal
 * them either: both kinds of address cost the same two rate-limit writes and one lookup
 * (bench/auth-timing.mjs).
 */
export async function requestPasswordReset({ email, locale, request }: { email: string; locale: Locale; request: Request }) {
	const perAccount = await hit({ key: `reset:account:${email}`, max: 3, windowSeconds: 60 * 60 })
	const perIp = await hit({ key: `reset:ip:${clientIp(request)}`, max: 20, windowSeconds: 60 * 60 })
	if (!perIp.allowed) return { error: 'rate_limited' as const, retryAfterSeconds: perIp.retryAfterSeconds }
	if (!perAccount.allowed) return { ok: true as const }
	const db = await getDb()
	const [user] = await db.select({ id: users.id }).from(users).where(eq(users.email, email))
	if (!user) return { ok: true as const }
	const bytes = new Uint8Array(32)
	crypto.getRandomValues(bytes)
	const token = encodeBase32LowerCaseNoPadding(bytes)
	const link = `${publicUrl(request)}/${locale}/reset-password?token=${token}`
	const sending = (async () => {
		await db.insert(passwordResets).values({
			tokenHash: hashToken(token),
			userId: user.id,
			expiresAt: new Date(Date.now() + 60 * 60 * 1000),
		})
		await sendMail({ to: email, ...resetText(locale, link) })
	})().catch((error: unknown) => console.error(`[auth] the password reset mail to user ${user.id} failed`, error))
	pendingResets.add(sending)
	void sending.finally(() => pendingResets.delete(sending))
	return { ok: true as const }
}

/** Whether a reset token is still usable (for showing the form or an "expired" message). */
export async function isResetTokenValid(token: string) {
	const db = await getDb()
	const [row] = await db
		.select({ userId: passwordResets.userId })
		.from(passwordResets)
		.where(
			and(eq(passwordResets.tokenHash, hashToken(token)), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, new Date())),
		)
	return Boolean(row)
}

/** Uses a reset token once: sets the password, ends every session, opens a new one. */
export async function resetPassword({ token, password }: { token: string; password: string }) {
	const passwordHash = await hashPassword(password)
	const db = await getDb()
	return db.transaction(async (tx) => {
		const [row] = await tx
			.update(passwordResets)
			.set({ usedAt: new Date() })
			.where(
				and(eq(passwordResets.tokenHash, hashToken(token)), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, new Date())),
			)
			.returning({ userId: passwordResets.userId })
		if (!row) return { error: 'token_invalid' as const }
		await tx.update(users).set({ passwordHash }).where(eq(users.id, row.userId))
		await invalidateUserSessions({ userId: row.userId, db: tx })
		const sessionToken = await createSession({ userId: row.userId, db: tx })
		await recordAudit({ actorId: row.userId, action: 'password.reset', targetType: 'user', targetId: row.userId }, tx)
		return { token: sessionToken }
	})
}

/** Changes the password after checking the current one; every other session ends. */
export async function changePassword({ userId, currentPassword, password }: { userId: number; currentPassword: string; password: string }) {
	const db = await getDb()
	const [user] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId))
	if (!user || !(await verifyPassword(user.passwordHash, currentPassword))) return { error: 'wrong_password' as const }
	const passwordHash = await hashPassword(password)
	return db.transaction(async (tx) => {
		await tx.update(users).set({ passwordHash }).where(eq(users.id, userId))
		await invalidateUserSessions({ userId, db: tx })
		const token = await createSession({ userId, db: tx })
		await recordAudit({ actorId: userId, action: 'password.change', targetType: 'user', targetId: userId }, tx)
		return { token }
	})
}

export async function setUserLocale({ userId, locale }: { userId: number; locale: Locale }) {
	const db = await getDb()
	await db.update(users).set({ locale }).where(eq(users.id, userId))
}

const PAGE_SIZE = 25

/** Users matching a name or email fragment, with their roles, for the admin list. */
export async function searchUsers({ q, page }: { q: string; page: number }) {
	const db = await getDb()
	const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
	const where = q ? or(ilike(users.email, pattern), ilike(users.fullName, pattern)) : undefined
	const [total] = await db.select({ n: count() }).from(users).where(where)
	const rows = await db
		.select({
			id: users.id,
			email: users.email,
			fullName: users.fullName,
			schoolKk: schools.nameKk,
			schoolRu: schools.nameRu,
			roles: sql<string[]>`coalesce((select array_agg(${userRoles.role} order by ${userRoles.role}) from ${userRoles} where ${userRoles.userId} = ${users.id}), '{}')`,
		})
		.from(users)
		.leftJoin(schools, eq(schools.id, users.schoolId))
		.where(where)
		.orderBy(asc(users.fullName), asc(users.id))
		.limit(PAGE_SIZE)
		.offset((page - 1) * PAGE_SIZE)
	return { rows, total: total?.n ?? 0, pageSize: PAGE_SIZE }
}

export async function getUserForAdmin(userId: number) {
	const db = await getDb()
	const [user] = await db
		.select({
			id: users.id,
			email: users.email,
			fullName: users.fullName,
			gender: users.gender,
			position: users.position,
			subject: users.subject,
			createdAt: users.createdAt,
			schoolKk: schools.nameKk,
			schoolRu: schools.nameRu,
			districtKk: districts.nameKk,
			districtRu: districts.nameRu,
			regionKk: regions.nameKk,
			regionRu: regions.nameRu,
		})
		.from(users)
		.leftJoin(schools, eq(schools.id, users.schoolId))
		.leftJoin(districts, eq(districts.id, schools.districtId))
		.leftJoin(regions, eq(regions.id, districts.regionId))
		.where(eq(users.id, userId))
	if (!user) return null
	const grants = await db
		.select({ role: userRoles.role, regionId: userRoles.regionId, districtId: userRoles.districtId })
		.from(userRoles)
		.where(eq(userRoles.userId, userId))
	return { ...user, roles: grants }
}

/**
 * Grants or removes a role. A methodologist role needs a region, and a district when the
 * scope is one district; the district must belong to the region.
 */
export async function setRole({
	actorId,
	userId,
	role,
	granted,
	regionId,
	districtId,
}: {
	actorId: number
	userId: number
	role: Exclude<Role, 'teacher'>
	granted: boolean
	regionId: number | null
	districtId: number | null
}) {
	const db = await getDb()
	if (granted && role === 'methodologist') {
		if (regionId == null) return { error: 'scope_required' as const }
		if (districtId != null) {
			const [d] = await db.select({ regionId: districts.regionId }).from(districts).where(eq(districts.id, districtId))
			if (!d || d.regionId !== regionId) return { error: 'scope_mismatch' as const }
		}
	}
	if (!granted && role === 'admin' && actorId === userId) return { error: 'self_admin' as const }
	const scope = role === 'methodologist' ? { regionId, districtId } : { regionId: null, districtId: null }
	await db.transaction(async (tx) => {
		if (granted) {
			await tx
				.insert(userRoles)
				.values({ userId, role, ...scope })
				.onConflictDoUpdate({ target: [userRoles.userId, userRoles.role], set: scope })
		} else {
			await tx.delete(userRoles).where(and(eq(userRoles.userId, userId), eq(userRoles.role, role)))
		}
		await recordAudit(
			{ actorId, action: granted ? 'role.grant' : 'role.revoke', targetType: 'user', targetId: userId, data: { role, ...scope } },
			tx,
		)
	})
	return { ok: true as const }
}
