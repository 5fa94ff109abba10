// Certificate PDF generation and the verification page's server time, on the real modules
// against a fresh database (PGlite, or PostgreSQL with TEST_DB=postgres).
// Run: npx vitest bench --run bench/certificates.bench.ts (see bench/README.md)
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { bench, describe } from 'vitest'
import type { Certificate } from '#app/modules/certificates/certificates.server.ts'
import { certificatePdf } from '#app/modules/certificates/pdf.server.ts'
import { verifyCertificate } from '#app/modules/certificates/verification.server.ts'
import { syncContent } from '#app/modules/content/sync.server.ts'
import { completeLesson, submitQuiz } from '#app/modules/learning/progress.server.ts'
import { getPublishedStructure } from '#app/modules/learning/structure.server.ts'
import { getDb } from '#app/db/client.server.ts'
import { certificates } from '#app/db/schema/index.ts'
import { createUser } from '#tests/factories.ts'
import { eq } from 'drizzle-orm'

async function oneCertificate(): Promise<Certificate> {
	const root = await fs.mkdtemp(path.join(os.tmpdir(), 'ortaq-bench-'))
	await fs.cp(path.resolve('tests/fixtures/courses'), root, { recursive: true })
	await syncContent({ root })
	const course = await getPublishedStructure('mini-course')
	if (!course) throw new Error('no course')
	const user = await createUser({ fullName: 'Әсел Ғабитқызы Қоңырбаева' })
	const final = course.quizzes.find((q) => q.kind === 'final')
	if (!final) throw new Error('no final')
	await submitQuiz({ userId: user.id, course, locale: 'kk', submission: { quizId: final.id, nonce: crypto.randomUUID(), answers: { f1: ['a'], f2: ['a', 'b'] } } })
	for (const lesson of course.lessons) await completeLesson({ userId: user.id, course, lessonId: lesson.id, locale: 'kk' })
	const [row] = await (await getDb()).select().from(certificates).where(eq(certificates.userId, user.id))
	if (!row) throw new Error('no certificate')
	return row
}

const certificate = await oneCertificate()
const request = () => new Request('http://localhost/ru/verify/x', { headers: { 'X-Forwarded-For': `10.0.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` } })

describe('certificates', () => {
	bench('certificate PDF (A4, two fonts subset, QR)', async () => {
		await certificatePdf({ certificate, verifyUrl: `http://localhost/verify/${certificate.code}` })
	}, { time: 5000, warmupIterations: 5 })
	bench('verification lookup + signature check (server time of /verify/:code)', async () => {
		await verifyCertificate({ code: certificate.code, request: request() })
	}, { time: 3000, warmupIterations: 20 })
})
