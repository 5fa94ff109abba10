import { and, desc, eq, ilike, isNull, or, sql } from 'drizzle-orm'
import { getDb, queryRows, type Tx } from '#app/db/client.server.ts'
import { certificates, courseRevisions, courses, districts, enrolments, schools, users } from '#app/db/schema/index.ts'
import { recordAudit } from '#app/modules/auth/audit.server.ts'
import type { ReportScope } from '#app/modules/auth/permissions.ts'
import { publicUrl } from '#app/modules/env.server.ts'
import { formatSerial, newVerificationCode } from './codes.ts'
import { recordSigningKey, signedCredential } from './credential.server.ts'

export type Certificate = typeof certificates.$inferSelect

/**
 * Issues the certificate for a completed course, inside the completion's transaction. The
 * unique (user, course) constraint makes it exactly once even when two requests complete the
 * course at the same moment: the second insert does nothing and the first one's row is returned.
 */
export async function issueCertificate(tx: Tx, { userId, courseId, revisionId }: { userId: number; courseId: number; revisionId: number }) {
	const [existing] = await tx.select().from(certificates).where(and(eq(certificates.userId, userId), eq(certificates.courseId, courseId)))
	if (existing) return existing
	const [holder] = await tx.select({ fullName: users.fullName }).from(users).where(eq(users.id, userId))
	const [revision] = await tx
		.select({ titleKk: courseRevisions.titleKk, titleRu: courseRevisions.titleRu, hours: courseRevisions.hours })
		.from(courseRevisions)
		.where(eq(courseRevisions.id, revisionId))
	const [enrolment] = await tx
		.select({ finalScore: enrolments.finalScore })
		.from(enrolments)
		.where(and(eq(enrolments.userId, userId), eq(enrolments.courseId, courseId)))
	if (!holder || !revision) throw new Error('certificate: holder or course revision missing')
	const [next] = await queryRows<{ n: string | number }>(tx, sql`select nextval('certificate_serial_seq') as n`)
	const issuedAt = new Date()
	const [row] = await tx
		.insert(certificates)
		.values({
			serial: formatSerial({ year: issuedAt.getUTCFullYear(), number: Number(next?.n ?? 0) }),
			code: newVerificationCode(),
			userId,
			courseId,
			revisionId,
			holderName: holder.fullName,
			courseTitleKk: revision.titleKk,
			courseTitleRu: revision.titleRu,
			hours: revision.hours,
			score: enrolment?.finalScore ?? 0,
			issuedAt,
		})
		.onConflictDoNothing({ target: [certificates.userId, certificates.courseId] })
		.returning()
	if (row) {
		// Signed once, now, and kept: the verification page checks this stored credential, not a fresh signature.
		await recordSigningKey(tx)
		const credential = signedCredential(row, publicUrl())
		await tx.update(certificates).set({ credential }).where(eq(certificates.id, row.id))
		return { ...row, credential }
	}
	const [winner] = await tx.select().from(certificates).where(and(eq(certificates.userId, userId), eq(certificates.courseId, courseId)))
	if (!winner) throw new Error('certificate: conflict without a row')
	return winner
}

/** The credential signed at issue time; a certificate issued before credentials were stored gets one now, once. */
export async function storedCredential(certificate: Certificate) {
	if (certificate.credential) return certificate.credential
	const db = await getDb()
	return db.transaction(async (tx) => {
		await recordSigningKey(tx)
		const credential = signedCredential(certificate, publicUrl())
		const [row] = await tx
			.update(certificates)
			.set({ credential })
			.where(and(eq(certificates.id, certificate.id), isNull(certificates.credential)))
			.returning({ credential: certificates.credential })
		if (row?.credential) return row.credential
		const [first] = await tx.select({ credential: certificates.credential }).from(certificates).where(eq(certificates.id, certificate.id))
		return first?.credential ?? credential
	})
}

export async function getCertificateByCode(code: string) {
	const db = await getDb()
	const [row] = await db.select().from(certificates).where(eq(certificates.code, code))
	return row ?? null
}

export async function listMyCertificates({ userId }: { userId: number }) {
	const db = await getDb()
	return db
		.select({ certificate: certificates, slug: courses.slug })
		.from(certificates)
		.innerJoin(courses, eq(courses.id, certificates.courseId))
		.where(eq(certificates.userId, userId))
		.orderBy(desc(certificates.issuedAt))
}

/** Admin search by serial, code or holder name. */
export async function searchCertificates({ q }: { q: string }) {
	const db = await getDb()
	const like = `%${q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`
	return db
		.select()
		.from(certificates)
		.where(q ? or(ilike(certificates.serial, like), ilike(certificates.code, like), ilike(certificates.holderName, like)) : undefined)
		.orderBy(desc(certificates.issuedAt))
		.limit(50)
}

export async function revokeCertificate({ code, reason, actorId }: { code: string; reason: string; actorId: number }) {
	const db = await getDb()
	return db.transaction(async (tx) => {
		const [row] = await tx
			.update(certificates)
			.set({ revokedAt: new Date(), revokedReason: reason, revokedBy: actorId })
			.where(and(eq(certificates.code, code), isNull(certificates.revokedAt)))
			.returning()
		if (!row) return null
		await recordAudit({ actorId, action: 'certificate.revoke', targetType: 'certificate', targetId: row.serial, data: { reason } }, tx)
		return row
	})
}

function scopeCondition(scope: ReportScope) {
	if (scope.kind === 'district') return eq(schools.districtId, scope.districtId)
	if (scope.kind === 'region') return eq(districts.regionId, scope.regionId)
	return undefined
}

/** Valid certificates of teachers whose school is in the scope, optionally for one course. */
export async function listScopeCertificates({ scope, courseSlug }: { scope: ReportScope; courseSlug?: string }) {
	const db = await getDb()
	return db
		.select({ certificate: certificates, slug: courses.slug })
		.from(certificates)
		.innerJoin(courses, eq(courses.id, certificates.courseId))
		.innerJoin(users, eq(users.id, certificates.userId))
		.innerJoin(schools, eq(schools.id, users.schoolId))
		.innerJoin(districts, eq(districts.id, schools.districtId))
		.where(and(scopeCondition(scope), isNull(certificates.revokedAt), courseSlug ? eq(courses.slug, courseSlug) : undefined))
		.orderBy(certificates.serial)
}

/** Courses with at least one valid certificate in the scope, with counts, for the export page. */
export async function scopeCourseCounts({ scope }: { scope: ReportScope }) {
	const db = await getDb()
	return db
		.select({ slug: courses.slug, titleKk: certificates.courseTitleKk, titleRu: certificates.courseTitleRu, count: sql<number>`count(*)::int` })
		.from(certificates)
		.innerJoin(courses, eq(courses.id, certificates.courseId))
		.innerJoin(users, eq(users.id, certificates.userId))
		.innerJoin(schools, eq(schools.id, users.schoolId))
		.innerJoin(districts, eq(districts.id, schools.districtId))
		.where(and(scopeCondition(scope), isNull(certificates.revokedAt)))
		.groupBy(courses.slug, certificates.courseTitleKk, certificates.courseTitleRu)
		.orderBy(courses.slug)
}
