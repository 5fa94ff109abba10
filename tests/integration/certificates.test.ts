import { execFile } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { and, eq } from 'drizzle-orm'
import { beforeAll, expect, test } from 'vitest'
import { getDb } from '#app/db/client.server.ts'
import { auditEvents, certificates, signingKeys } from '#app/db/schema/index.ts'
import { getCertificateByCode } from '#app/modules/certificates/certificates.server.ts'
import { keyId, listSigningKeys, publicKeyMultibase, signedCredential, signingKeys as currentKeys, verifyCredential } from '#app/modules/certificates/credential.server.ts'
import { certificatePdf } from '#app/modules/certificates/pdf.server.ts'
import { completeLesson, submitQuiz } from '#app/modules/learning/progress.server.ts'
import type { CourseStructure } from '#app/modules/learning/structure.server.ts'
import * as adminRoute from '#app/routes/admin.certificates.tsx'
import * as credentialRoute from '#app/routes/certificates.credential.ts'
import * as issuerRoute from '#app/routes/certificates.issuer.ts'
import * as pdfRoute from '#app/routes/certificates.pdf.ts'
import * as verifyRoute from '#app/routes/certificates.verify.tsx'
import * as zipRoute from '#app/routes/certificates.zip.ts'
import { createUser, findSchool, makeRequest, publishFixtureCourse, routeArgs, run, signedIn } from '#tests/factories.ts'
import { darkPixelsOf } from '#tests/pdf-pixels.ts'

const exec = promisify(execFile)
const base = 'http://localhost:3000'
let course: CourseStructure

beforeAll(async () => {
	course = (await publishFixtureCourse()).course
})

function finalQuizId() {
	const quiz = course.quizzes.find((q) => q.kind === 'final')
	if (!quiz) throw new Error('no final')
	return quiz.id
}

/** Everything a teacher does to finish the mini course, the last lesson left for the caller. */
async function almostComplete(userId: number) {
	const [first] = course.lessons
	if (!first) throw new Error('no lessons')
	await completeLesson({ userId, course, lessonId: first.id, locale: 'kk' })
	await submitQuiz({ userId, course, locale: 'kk', submission: { quizId: finalQuizId(), nonce: crypto.randomUUID(), answers: { f1: ['a'], f2: ['a', 'b'] } } })
}

/** What the public verification page says of the signature. */
async function signatureShown(code: string) {
	const page = await run(() => verifyRoute.loader(routeArgs(makeRequest(`/ru/verify/${code}`, { headers: { 'X-Forwarded-For': '192.0.2.10' } }), { lang: 'ru', code })))
	if (page instanceof Response || !('result' in page) || page.result.status !== 'found') throw new Error('not found')
	return page.result.signatureValid
}

async function completeCourse(userId: number) {
	await almostComplete(userId)
	const last = course.lessons.at(-1)
	if (!last) throw new Error('no lessons')
	await completeLesson({ userId, course, lessonId: last.id, locale: 'kk' })
	const db = await getDb()
	const [row] = await db.select().from(certificates).where(and(eq(certificates.userId, userId), eq(certificates.courseId, course.courseId)))
	if (!row) throw new Error('no certificate issued')
	return row
}

test('completing a course issues one certificate, even when the last step is posted many times at once', async () => {
	const user = await createUser({ fullName: 'Әсел Ғабитқызы Қоңырбаева' })
	await almostComplete(user.id)
	const last = course.lessons.at(-1)
	if (!last) throw new Error('no lessons')
	const results = await Promise.allSettled(Array.from({ length: 8 }, () => completeLesson({ userId: user.id, course, lessonId: last.id, locale: 'kk' })))
	expect(results.filter((r) => r.status === 'rejected')).toEqual([])
	const db = await getDb()
	const rows = await db.select().from(certificates).where(eq(certificates.userId, user.id))
	expect(rows).toHaveLength(1)
	const [cert] = rows
	expect(cert?.serial).toMatch(/^ORT-\d{4}-\d{6}$/)
	expect(cert?.code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/)
	expect(cert).toMatchObject({ holderName: 'Әсел Ғабитқызы Қоңырбаева', courseTitleKk: 'Шағын курс', courseTitleRu: 'Мини-курс', hours: 8, score: 100 })
})

test('the PDF is one A4 landscape page whose Kazakh text renders and carries the holder name', async () => {
	const user = await createUser({ fullName: 'Ұлжан Үмбетқызы Һәкімова' })
	const certificate = await completeCourse(user.id)
	const pdf = await certificatePdf({ certificate, verifyUrl: `${base}/verify/${certificate.code}` })
	const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ortaq-pdf-'))
	const file = path.join(dir, 'c.pdf')
	await fs.writeFile(file, pdf)
	const { stdout: info } = await exec('pdfinfo', [file])
	expect(info).toMatch(/Pages:\s+1/)
	expect(info).toMatch(/Page size:\s+841\.89 x 595\.28/)
	const { stdout: text } = await exec('pdftotext', ['-layout', file, '-'])
	expect(text).toContain('Ұлжан Үмбетқызы Һәкімова')
	expect(text).toContain('Шағын курс')
	expect(text).toContain('академиялық сағат')
	expect(text).toContain('академических часов')
	expect(text).toContain(certificate.serial)
	// Rasterise and look at the holder-name band and both language columns: a missing
	// glyph would leave them blank (or boxes of nothing), so count dark pixels in each.
	const darkIn = await darkPixelsOf(file)
	expect(darkIn(0.15, 0.24, 0.85, 0.33)).toBeGreaterThan(200) // holder name
	expect(darkIn(0.06, 0.36, 0.48, 0.62)).toBeGreaterThan(200) // Kazakh column
	expect(darkIn(0.52, 0.36, 0.94, 0.62)).toBeGreaterThan(200) // Russian column
})

test('the credential is signed once, at issue, and stored; the verification page checks the stored copy, so any edit of it or of the row fails', async () => {
	const user = await createUser({ fullName: 'Жанар Төлегенқызы' })
	const certificate = await completeCourse(user.id)
	const stored = certificate.credential
	expect(stored).toMatchObject({ type: ['VerifiableCredential', 'OpenBadgeCredential'], proof: { cryptosuite: 'eddsa-jcs-2022' } })
	// Served as stored, byte for byte, however often it is asked for.
	const served = await credentialRoute.loader(routeArgs(makeRequest(`/credentials/${certificate.code}`), { code: certificate.code }))
	expect(await served.json()).toEqual(stored)
	const profile = await (await issuerRoute.loader(routeArgs(makeRequest('/issuer'), {}))).json()
	const method = Object(stored).proof.verificationMethod
	const key = profile.verificationMethod.find((m: { id: string }) => m.id === method)?.publicKeyMultibase
	expect(verifyCredential(stored, key)).toBe(true)
	expect(await signatureShown(certificate.code)).toBe(true)

	const db = await getDb()
	const forged = structuredClone(stored)
	Object(forged).credentialSubject.result = [{ type: ['Result'], value: '55' }]
	await db.update(certificates).set({ credential: forged }).where(eq(certificates.id, certificate.id))
	expect(await signatureShown(certificate.code)).toBe(false)
	// A genuine credential that no longer says what the row says (a name changed in the database) fails too.
	await db.update(certificates).set({ credential: stored, holderName: 'Басқа адам' }).where(eq(certificates.id, certificate.id))
	expect(await signatureShown(certificate.code)).toBe(false)
	await db.update(certificates).set({ holderName: 'Жанар Төлегенқызы' }).where(eq(certificates.id, certificate.id))
	expect(await signatureShown(certificate.code)).toBe(true)
})

test('a credential downloaded before key ids were fingerprints names /issuer#key-1, and /issuer still gives a verifier that key', async () => {
	const user = await createUser()
	const certificate = await completeCourse(user.id)
	// Then the one key signed every download, on demand, and the proof named it key-1; it is the first key recorded since.
	expect((await listSigningKeys())[0]?.id).toBe(keyId())
	const downloaded = signedCredential(certificate, base, { privateKey: currentKeys().privateKey, id: 'key-1' })
	expect(Object(downloaded).proof.verificationMethod).toBe(`${base}/issuer#key-1`)
	// What a third-party verifier does: look the proof's verificationMethod up in the issuer profile.
	const profile = await (await issuerRoute.loader(routeArgs(makeRequest('/issuer'), {}))).json()
	const method = profile.verificationMethod.find((m: { id: string }) => m.id === `${base}/issuer#key-1`)
	expect(method).toMatchObject({ type: 'Multikey', controller: `${base}/issuer`, publicKeyMultibase: publicKeyMultibase() })
	expect(profile.assertionMethod).toContain(`${base}/issuer#key-1`)
	expect(verifyCredential(downloaded, method.publicKeyMultibase)).toBe(true)
	// The alias is that key only: a credential naming key-1 but signed by another key does not verify.
	const forged = signedCredential(certificate, base, { privateKey: crypto.generateKeyPairSync('ed25519').privateKey, id: 'key-1' })
	expect(verifyCredential(forged, method.publicKeyMultibase)).toBe(false)
})

test('after a key rotation, credentials signed by the old key still verify and the issuer profile lists both keys; an unknown key does not verify', async () => {
	const user = await createUser()
	const certificate = await completeCourse(user.id)
	// A credential signed earlier by another key, recorded as the keys that sign are.
	const old = crypto.generateKeyPairSync('ed25519')
	const oldId = keyId(old.publicKey)
	const db = await getDb()
	await db.insert(signingKeys).values({ id: oldId, publicKeyMultibase: publicKeyMultibase(old.publicKey), createdAt: new Date('2026-01-01T00:00:00Z') })
	const byOldKey = signedCredential(certificate, base, { privateKey: old.privateKey, id: oldId })
	await db.update(certificates).set({ credential: byOldKey }).where(eq(certificates.id, certificate.id))
	expect(await signatureShown(certificate.code)).toBe(true)
	const profile = await (await issuerRoute.loader(routeArgs(makeRequest('/issuer'), {}))).json()
	expect(profile.verificationMethod.map((m: { id: string }) => m.id)).toEqual([`${base}/issuer#${oldId}`, `${base}/issuer#${keyId()}`, `${base}/issuer#key-1`])
	// key-1 stays the first key that ever signed, whatever signs now.
	expect(profile.verificationMethod[2].publicKeyMultibase).toBe(publicKeyMultibase(old.publicKey))

	const stranger = crypto.generateKeyPairSync('ed25519')
	const byUnknownKey = signedCredential(certificate, base, { privateKey: stranger.privateKey, id: keyId(stranger.publicKey) })
	await db.update(certificates).set({ credential: byUnknownKey }).where(eq(certificates.id, certificate.id))
	expect(await signatureShown(certificate.code)).toBe(false)
	// Naming a recorded key does not help a signature made by another.
	const claimsOldKey = signedCredential(certificate, base, { privateKey: stranger.privateKey, id: oldId })
	await db.update(certificates).set({ credential: claimsOldKey }).where(eq(certificates.id, certificate.id))
	expect(await signatureShown(certificate.code)).toBe(false)
})

test('a certificate issued before credentials were stored gets its credential on first request, once', async () => {
	const user = await createUser()
	const certificate = await completeCourse(user.id)
	const db = await getDb()
	await db.update(certificates).set({ credential: null }).where(eq(certificates.id, certificate.id))
	const [first, second] = await Promise.all([1, 2].map(async () => (await credentialRoute.loader(routeArgs(makeRequest(`/credentials/${certificate.code}`), { code: certificate.code }))).json()))
	const [row] = await db.select().from(certificates).where(eq(certificates.id, certificate.id))
	expect(row?.credential).toEqual(first)
	expect(second).toEqual(first)
	expect(await signatureShown(certificate.code)).toBe(true)
})

test('the public verification page shows the certificate, then its revocation; the admin action is audited', async () => {
	const user = await createUser({ fullName: 'Динара Серікқызы' })
	const certificate = await completeCourse(user.id)
	const load = () => run(() => verifyRoute.loader(routeArgs(makeRequest(`/ru/verify/${certificate.code}`), { lang: 'ru', code: certificate.code.toLowerCase() })))
	const shown = await load()
	if (shown instanceof Response || !('result' in shown) || shown.result.status !== 'found') throw new Error('not found')
	expect(shown.result.certificate).toMatchObject({ holderName: 'Динара Серікқызы', serial: certificate.serial, courseTitle: 'Мини-курс', hours: 8, revokedAt: null })
	expect(shown.result.signatureValid).toBe(true)

	const teacher = await signedIn()
	const refused = await run(() => adminRoute.action(routeArgs(makeRequest('/ru/admin/certificates', { cookie: teacher.cookie, form: { code: certificate.code, reason: 'Ошибка в данных' } }), { lang: 'ru' })))
	expect(refused instanceof Response && refused.status).toBe(403)

	const admin = await signedIn({ role: 'admin' })
	const empty = await run(() => adminRoute.action(routeArgs(makeRequest('/ru/admin/certificates', { cookie: admin.cookie, form: { code: certificate.code, reason: ' ' } }), { lang: 'ru' })))
	expect(empty instanceof Response ? empty.status : Object(empty).init?.status).toBe(400)
	await run(() => adminRoute.action(routeArgs(makeRequest('/ru/admin/certificates', { cookie: admin.cookie, form: { code: certificate.code, reason: 'Курс пройден другим человеком' } }), { lang: 'ru' })))
	const revoked = await load()
	if (revoked instanceof Response || !('result' in revoked) || revoked.result.status !== 'found') throw new Error('not found')
	expect(revoked.result.certificate.revokedReason).toBe('Курс пройден другим человеком')
	expect(revoked.result.certificate.revokedAt).not.toBeNull()
	const db = await getDb()
	const events = await db.select().from(auditEvents).where(and(eq(auditEvents.action, 'certificate.revoke'), eq(auditEvents.targetId, certificate.serial)))
	expect(events).toHaveLength(1)
	expect((await getCertificateByCode(certificate.code))?.revokedBy).toBe(admin.user.id)
})

test('guessing codes is stopped: after ten unknown codes even a real one gets no answer', async () => {
	const user = await createUser()
	const certificate = await completeCourse(user.id)
	const from = { 'X-Forwarded-For': '203.0.113.77' }
	const verify = (code: string) => run(() => verifyRoute.loader(routeArgs(makeRequest(`/kk/verify/${code}`, { headers: from }), { lang: 'kk', code })))
	const statusOf = (r: unknown) => (r instanceof Response ? r.status : (Object(r).init?.status ?? 200))
	expect(statusOf(await verify('ZZZZ-ZZZZ-ZZZ2'))).toBe(404)
	for (let i = 0; i < 9; i++) await verify(`ZZZZ-ZZZZ-ZZ${i + 2}${i + 2}`)
	expect(statusOf(await verify(certificate.code))).toBe(429)
	const elsewhere = await run(() => verifyRoute.loader(routeArgs(makeRequest(`/kk/verify/${certificate.code}`, { headers: { 'X-Forwarded-For': '198.51.100.5' } }), { lang: 'kk', code: certificate.code })))
	expect(statusOf(elsewhere)).toBe(200)
})

test('only the holder downloads the PDF; a methodologist gets a ZIP of their district only', async () => {
	const karasai = await findSchool({ district: 'karasai' })
	const talgar = await findSchool({ district: 'talgar' })
	const inside = await signedIn({ schoolId: karasai.schoolId })
	const outside = await createUser({ schoolId: talgar.schoolId })
	const mine = await completeCourse(inside.user.id)
	const theirs = await completeCourse(outside.id)

	const own = await run(() => pdfRoute.loader(routeArgs(makeRequest(`/kk/my/certificates/${mine.code}/pdf`, { cookie: inside.cookie }), { lang: 'kk', code: mine.code })))
	expect(own instanceof Response && own.headers.get('Content-Type')).toBe('application/pdf')
	const other = await run(() => pdfRoute.loader(routeArgs(makeRequest(`/kk/my/certificates/${theirs.code}/pdf`, { cookie: inside.cookie }), { lang: 'kk', code: theirs.code })))
	expect(other instanceof Response && other.status).toBe(404)

	const methodologist = await signedIn({ role: 'methodologist', regionId: karasai.regionId, districtId: karasai.districtId })
	const zip = await run(() => zipRoute.loader(routeArgs(makeRequest('/kk/certificates/scope/mini-course/zip', { cookie: methodologist.cookie }), { lang: 'kk', slug: 'mini-course' })))
	if (!(zip instanceof Response)) throw new Error('expected a response')
	expect(zip.headers.get('Content-Type')).toBe('application/zip')
	const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ortaq-zip-'))
	await fs.writeFile(path.join(dir, 'c.zip'), Buffer.from(await zip.arrayBuffer()))
	const { stdout } = await exec('unzip', ['-l', path.join(dir, 'c.zip')]).catch(() => exec('python3', ['-m', 'zipfile', '-l', path.join(dir, 'c.zip')]))
	expect(stdout).toContain(`${mine.serial}.pdf`)
	expect(stdout).not.toContain(`${theirs.serial}.pdf`)

	const teacherZip = await run(() => zipRoute.loader(routeArgs(makeRequest('/kk/certificates/scope/mini-course/zip', { cookie: inside.cookie }), { lang: 'kk', slug: 'mini-course' })))
	expect(teacherZip instanceof Response && teacherZip.status).toBe(403)
})
