import fs from 'node:fs/promises'
import path from 'node:path'
import { and, eq } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { dataDir, getDb } from '#app/db/client.server.ts'
import { auditEvents, passwordResets, sessions, userRoles, users } from '#app/db/schema/index.ts'
import { validateSessionToken } from '#app/modules/auth/session.server.ts'
import { login, registerUser, requestPasswordReset, resetPassword, setRole, settlePasswordResets } from '#app/modules/auth/users.server.ts'
import { createUser, findSchool, makeRequest, PASSWORD, signedIn } from '#tests/factories.ts'

test('registering creates a teacher with a session; the same email cannot register twice', async () => {
	const { schoolId } = await findSchool()
	const input = { email: 'asel@mektep.kz', password: 'qwerty123', fullName: 'Әсел Қайратқызы', schoolId, gender: null, locale: 'kk' as const }
	const first = await registerUser(input)
	expect(first.token).toBeTruthy()
	const user = await validateSessionToken(first.token ?? '')
	expect(user?.email).toBe('asel@mektep.kz')
	expect(user?.roles.map((r) => r.role)).toEqual(['teacher'])
	expect(user?.gender).toBeNull()
	const second = await registerUser({ ...input, fullName: 'Someone else' })
	expect(second.error).toBe('email_taken')
})

test('a wrong password is refused, and the sixth try in 15 minutes is refused even when right', async () => {
	const user = await createUser({ email: 'brute@mektep.kz' })
	for (let i = 0; i < 5; i++) {
		const r = await login({ email: user.email, password: 'wrong password', request: makeRequest('/kk/login') })
		expect(r.error).toBe('invalid_credentials')
	}
	const blocked = await login({ email: user.email, password: PASSWORD, request: makeRequest('/kk/login') })
	expect(blocked.error).toBe('rate_limited')
	const db = await getDb()
	const failures = await db.select().from(auditEvents).where(and(eq(auditEvents.action, 'login.failed'), eq(auditEvents.actorId, user.id)))
	expect(failures).toHaveLength(5)
})

test('login opens a new session each time and records an audit event', async () => {
	const user = await createUser()
	const a = await login({ email: user.email, password: PASSWORD, request: makeRequest('/kk/login') })
	const b = await login({ email: user.email, password: PASSWORD, request: makeRequest('/kk/login') })
	expect(a.token).toBeTruthy()
	expect(a.token).not.toBe(b.token)
	const db = await getDb()
	expect(await db.select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(2)
	const ok = await db.select().from(auditEvents).where(and(eq(auditEvents.action, 'login.success'), eq(auditEvents.actorId, user.id)))
	expect(ok).toHaveLength(2)
})

test('a tampered session token is rejected', async () => {
	const { token } = await signedIn()
	const [id] = token.split('.')
	expect(await validateSessionToken(`${id}.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa`)).toBeNull()
	expect(await validateSessionToken('garbage')).toBeNull()
	expect(await validateSessionToken(token)).not.toBeNull()
})

test('a password reset link works once, ends every session and opens a new one', async () => {
	const { user, token: oldToken } = await signedIn()
	await requestPasswordReset({ email: user.email, locale: 'ru', request: makeRequest('/ru/forgot-password') })
	await settlePasswordResets() // written after the answer
	const outbox = path.join(dataDir(), 'outbox')
	const files = await fs.readdir(outbox)
	const mails = await Promise.all(files.map((f) => fs.readFile(path.join(outbox, f), 'utf8')))
	const mail = mails.find((m) => m.includes(`To: ${user.email}`))
	expect(mail).toContain('восстановление пароля')
	const link = /http:\/\/localhost:3000\/ru\/reset-password\?token=(\w+)/.exec(mail ?? '')
	expect(link).not.toBeNull()
	const resetToken = link?.[1] ?? ''
	const result = await resetPassword({ token: resetToken, password: 'a brand new password' })
	expect('token' in result).toBe(true)
	expect(await validateSessionToken(oldToken)).toBeNull()
	const again = await resetPassword({ token: resetToken, password: 'yet another password' })
	expect(again).toEqual({ error: 'token_invalid' })
	const relogin = await login({ email: user.email, password: 'a brand new password', request: makeRequest('/kk/login') })
	expect(relogin.token).toBeTruthy()
})

test('an unknown email gets the same answer and no mail', async () => {
	const result = await requestPasswordReset({ email: 'nobody@nowhere.kz', locale: 'kk', request: makeRequest('/kk/forgot-password') })
	expect(result).toEqual({ ok: true })
	await settlePasswordResets()
	const outbox = path.join(dataDir(), 'outbox')
	const files = await fs.readdir(outbox).catch(() => [])
	const mails = await Promise.all(files.map((f) => fs.readFile(path.join(outbox, f), 'utf8')))
	expect(mails.some((m) => m.includes('nobody@nowhere.kz'))).toBe(false)
})

test('a methodologist scope must be a district of the chosen region; grants are audited', async () => {
	const admin = await createUser({ role: 'admin' })
	const target = await createUser()
	const karasai = await findSchool()
	const astana = await findSchool({ region: 'astana', district: (await firstDistrictCode('astana')) })
	const mismatch = await setRole({ actorId: admin.id, userId: target.id, role: 'methodologist', granted: true, regionId: karasai.regionId, districtId: astana.districtId })
	expect(mismatch).toEqual({ error: 'scope_mismatch' })
	const ok = await setRole({ actorId: admin.id, userId: target.id, role: 'methodologist', granted: true, regionId: karasai.regionId, districtId: karasai.districtId })
	expect(ok).toEqual({ ok: true })
	const db = await getDb()
	const [grant] = await db.select().from(userRoles).where(and(eq(userRoles.userId, target.id), eq(userRoles.role, 'methodologist')))
	expect(grant?.districtId).toBe(karasai.districtId)
	const events = await db.select().from(auditEvents).where(and(eq(auditEvents.action, 'role.grant'), eq(auditEvents.targetId, String(target.id))))
	expect(events).toHaveLength(1)
	expect(await setRole({ actorId: admin.id, userId: admin.id, role: 'admin', granted: false, regionId: null, districtId: null })).toEqual({ error: 'self_admin' })
})

async function firstDistrictCode(region: string) {
	const db = await getDb()
	const rows = await db.query.regions.findFirst({ where: (r, { eq: e }) => e(r.code, region), with: undefined })
	if (!rows) throw new Error('no region')
	const d = await db.query.districts.findFirst({ where: (t, { eq: e }) => e(t.regionId, rows.id) })
	if (!d) throw new Error('no district')
	return d.code
}

test('passwords are stored as argon2id hashes', async () => {
	const user = await createUser()
	const db = await getDb()
	const [row] = await db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, user.id))
	expect(row?.hash.startsWith('$argon2id$')).toBe(true)
})

test('successful logins do not use up the address limit: a whole school behind one address can sign in', async () => {
	const school = { headers: { 'X-Forwarded-For': '192.0.2.10' } }
	for (let i = 0; i < 55; i++) {
		const user = await createUser()
		const r = await login({ email: user.email, password: PASSWORD, request: makeRequest('/kk/login', school) })
		expect(r.error).toBeUndefined()
	}
	// Failures from the same address still count, and stop a password spray at 50.
	for (let i = 0; i < 50; i++) await login({ email: `nobody${i}@example.kz`, password: 'guess', request: makeRequest('/kk/login', school) })
	const teacher = await createUser()
	const blocked = await login({ email: teacher.email, password: PASSWORD, request: makeRequest('/kk/login', school) })
	expect(blocked.error).toBe('rate_limited')
	const elsewhere = await login({ email: teacher.email, password: PASSWORD, request: makeRequest('/kk/login', { headers: { 'X-Forwarded-For': '192.0.2.99' } }) })
	expect(elsewhere.error).toBeUndefined()
})

test('password resets: three links an hour per account, answered alike after that; twenty requests an hour per address', async () => {
	const user = await createUser({ email: 'reset-limit@mektep.kz' })
	const from = (n: number) => makeRequest('/kk/forgot-password', { headers: { 'X-Forwarded-For': `198.51.100.${n}` } })
	for (let i = 0; i < 5; i++) expect(await requestPasswordReset({ email: user.email, locale: 'kk', request: from(i + 1) })).toEqual({ ok: true })
	await settlePasswordResets() // links are written after the answer
	const db = await getDb()
	// The fourth and fifth get the same answer as the first, so the page tells nothing, but no new link is made.
	expect(await db.select().from(passwordResets).where(eq(passwordResets.userId, user.id))).toHaveLength(3)

	const office = makeRequest('/kk/forgot-password', { headers: { 'X-Forwarded-For': '198.51.100.200' } })
	for (let i = 0; i < 20; i++) expect(await requestPasswordReset({ email: `someone${i}@example.kz`, locale: 'kk', request: office })).toEqual({ ok: true })
	expect(await requestPasswordReset({ email: 'one-more@example.kz', locale: 'kk', request: office })).toMatchObject({ error: 'rate_limited' })
	expect(await requestPasswordReset({ email: 'one-more@example.kz', locale: 'ru', request: from(201) })).toEqual({ ok: true })
})

test('login: an unknown email and a wrong password get the same answer, and both count against the address', async () => {
	const user = await createUser()
	const from = { headers: { 'X-Forwarded-For': '198.51.100.77' } }
	const unknown = await login({ email: 'no-such-teacher@example.kz', password: PASSWORD, request: makeRequest('/kk/login', from) })
	const wrong = await login({ email: user.email, password: 'not the password', request: makeRequest('/kk/login', from) })
	expect(unknown).toEqual(wrong)
	expect(unknown).toEqual({ error: 'invalid_credentials' })
})
