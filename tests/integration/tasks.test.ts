import crypto from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { and, eq } from 'drizzle-orm'
import { beforeAll, expect, test } from 'vitest'
import { getDb } from '#app/db/client.server.ts'
import { assignments, certificates, enrolments, notifications, taskSubmissions, taskVersions } from '#app/db/schema/index.ts'
import { getAssignment, getAssignmentTaskReport } from '#app/modules/assignments/assignments.server.ts'
import { assignmentTable } from '#app/modules/assignments/export.server.ts'
import { checkCourseFolder } from '#app/modules/content/check.server.ts'
import { courseFileSchema } from '#app/modules/content/course-files.ts'
import { syncContent } from '#app/modules/content/sync.server.ts'
import { courseProgress } from '#app/modules/learning/lesson-page.server.ts'
import { completeLesson, submitQuiz } from '#app/modules/learning/progress.server.ts'
import { getPublishedStructure, type CourseStructure } from '#app/modules/learning/structure.server.ts'
import { collectOrphanAttachments } from '#app/modules/materials/attachment-collector.server.ts'
import * as taskRoute from '#app/routes/tasks.course.tsx'
import * as fileRoute from '#app/routes/tasks.file.ts'
import * as queueRoute from '#app/routes/tasks.queue.tsx'
import * as submissionRoute from '#app/routes/tasks.submission.tsx'
import { copyFixtureCourses, findSchool, makeRequest, routeArgs, run, signedIn } from '#tests/factories.ts'

let optional: CourseStructure
let required: CourseStructure
let karasai: Awaited<ReturnType<typeof findSchool>>
let talgar: Awaited<ReturnType<typeof findSchool>>
let tutor: Awaited<ReturnType<typeof signedIn>>
let otherDistrict: Awaited<ReturnType<typeof signedIn>>
let regional: Awaited<ReturnType<typeof signedIn>>
let admin: Awaited<ReturnType<typeof signedIn>>

const pdf = (text: string): Uint8Array<ArrayBuffer> => new TextEncoder().encode(`%PDF-1.4\n%âãÏÓ\n1 0 obj\n<< /Title (${text}) >>\nendobj\n`)
const html: Uint8Array<ArrayBuffer> = new TextEncoder().encode('<!doctype html><html><body><script>alert(1)</script></body></html>')

beforeAll(async () => {
	const root = await copyFixtureCourses()
	// A second course whose task the certificate waits for.
	await fs.cp(path.join(root, 'mini-course'), path.join(root, 'mini-required'), { recursive: true })
	const meta = JSON.parse(await fs.readFile(path.join(root, 'mini-required/course.json'), 'utf8'))
	await fs.writeFile(path.join(root, 'mini-required/course.json'), JSON.stringify({ ...meta, slug: 'mini-required', task: { ...meta.task, requiredForCertificate: true } }))
	const results = await syncContent({ root })
	expect(results.every((r) => r.status === 'published')).toBe(true)
	const a = await getPublishedStructure('mini-course')
	const b = await getPublishedStructure('mini-required')
	if (!a || !b) throw new Error('fixture courses not published')
	optional = a
	required = b
	karasai = await findSchool()
	talgar = await findSchool({ district: 'talgar' })
	tutor = await signedIn({ role: 'methodologist', regionId: karasai.regionId, districtId: karasai.districtId })
	otherDistrict = await signedIn({ role: 'methodologist', regionId: talgar.regionId, districtId: talgar.districtId, schoolId: talgar.schoolId })
	regional = await signedIn({ role: 'methodologist', regionId: karasai.regionId, schoolId: talgar.schoolId })
	admin = await signedIn({ role: 'admin' })
})

type Part = { name: string; bytes: Uint8Array<ArrayBuffer>; type?: string }

function multipart(urlPath: string, cookie: string, { text, files = [] }: { text?: string; files?: Part[] }) {
	const body = new FormData()
	if (text !== undefined) body.set('text', text)
	for (const f of files) body.append('files', new File([f.bytes], f.name, { type: f.type ?? '' }))
	if (!files.length) body.append('files', new File([], '', { type: 'application/octet-stream' }))
	return new Request(`http://localhost:3000${urlPath}`, { method: 'POST', body, headers: { Cookie: cookie } })
}

async function send(who: { cookie: string }, course: CourseStructure, parts: { text?: string; files?: Part[] }) {
	const request = multipart(`/kk/courses/${course.slug}/task`, who.cookie, parts)
	return run(() => taskRoute.action(routeArgs(request, { lang: 'kk', slug: course.slug })))
}

function dataOf(result: unknown) {
	if (result && typeof result === 'object' && 'data' in result && 'init' in result) {
		const init = result.init
		return { status: init && typeof init === 'object' && 'status' in init ? init.status : undefined, data: result.data as { values: Record<string, string>; errors: Record<string, string[]>; fileError?: { key: string; name?: string } | null } }
	}
	return null
}

async function page(who: { cookie: string }, course: CourseStructure, lang: 'kk' | 'ru' = 'kk') {
	const request = makeRequest(`/${lang}/courses/${course.slug}/task`, { cookie: who.cookie })
	return run(() => taskRoute.loader(routeArgs(request, { lang, slug: course.slug })))
}

async function mine(who: { cookie: string }, course: CourseStructure) {
	const result = await page(who, course)
	if (result instanceof Response) throw new Error(`task page answered ${result.status}`)
	return result
}

async function queue(who: { cookie: string }, query = '') {
	const request = makeRequest(`/kk/tasks${query}`, { cookie: who.cookie })
	return run(() => queueRoute.loader(routeArgs(request, { lang: 'kk' })))
}

async function openSubmission(who: { cookie: string }, id: number) {
	const request = makeRequest(`/kk/tasks/${id}`, { cookie: who.cookie })
	return run(() => submissionRoute.loader(routeArgs(request, { lang: 'kk', submissionId: String(id) })))
}

async function grade(who: { cookie: string }, id: number, form: Record<string, string>) {
	const request = makeRequest(`/kk/tasks/${id}`, { cookie: who.cookie, form })
	return run(() => submissionRoute.action(routeArgs(request, { lang: 'kk', submissionId: String(id) })))
}

async function download(who: { cookie: string }, fileId: number) {
	const request = makeRequest(`/kk/tasks/files/${fileId}`, { cookie: who.cookie })
	return run(() => fileRoute.loader(routeArgs(request, { lang: 'kk', fileId: String(fileId) })))
}

async function submissionIdOf(who: { cookie: string }) {
	const result = await queue(who, '?status=all')
	if (result instanceof Response) throw new Error('no queue')
	return result.rows
}

function redirectOf(result: unknown) {
	return result instanceof Response && result.status === 302 ? result.headers.get('Location') : null
}

test('course.json: a task is checked with its line, and the sync keeps it with the revision', async () => {
	const base = JSON.parse(await fs.readFile(path.resolve('tests/fixtures/courses/mini-course/course.json'), 'utf8'))
	expect(courseFileSchema.safeParse(base).success).toBe(true)
	const tooHigh = courseFileSchema.safeParse({ ...base, task: { ...base.task, passMark: 11 } })
	expect(tooHigh.success).toBe(false)
	expect(tooHigh.error?.issues.map((i) => i.path.join('.'))).toEqual(['task.passMark'])
	const duplicate = courseFileSchema.safeParse({ ...base, task: { ...base.task, criteria: [base.task.criteria[0], base.task.criteria[0]] } })
	expect(duplicate.error?.issues[0]?.message).toBe('criterion ids must be unique')
	const noRussian = courseFileSchema.safeParse({ ...base, task: { ...base.task, instructions: { kk: 'Жоспар' } } })
	expect(noRussian.error?.issues.map((i) => i.path.join('.'))).toEqual(['task.instructions.ru'])
	const nothing = courseFileSchema.safeParse({ ...base, task: { ...base.task, submit: { text: false, files: false } } })
	expect(nothing.error?.issues[0]?.message).toBe('a task accepts text, files or both')

	const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ortaq-task-check-'))
	await fs.cp(path.resolve('tests/fixtures/courses/mini-course'), dir, { recursive: true })
	await fs.writeFile(path.join(dir, 'course.json'), JSON.stringify({ ...base, task: { ...base.task, passMark: 99 } }, null, '\t'))
	const problems = await checkCourseFolder(dir)
	expect(problems).toHaveLength(1)
	expect(problems[0]).toMatch(/course\.json:\d+ schema task\.passMark: the pass mark is more than the rubric's total points/)

	expect(optional.task?.criteria.map((c) => c.id)).toEqual(['goal', 'adaptations'])
	expect(optional.task?.requiredForCertificate).toBe(false)
	expect(required.task?.requiredForCertificate).toBe(true)
	// The real courses' tasks pass the gates too.
	for (const slug of ['differentiated-support', 'gender-responsive-pedagogy']) expect(await checkCourseFolder(path.resolve('content/courses', slug))).toEqual([])
})

test('a teacher sends text and a PDF; a renamed web page or a file over 20 MB is refused and her text comes back', async () => {
	const teacher = await signedIn({ schoolId: karasai.schoolId })
	const text = 'Сабақтың мақсаты: екі амалмен есеп шығару.\n\nА. оқушыға шартты дыбыстап оқимын.'

	const disguised = dataOf(await send(teacher, optional, { text, files: [{ name: 'жоспар.pdf', bytes: html, type: 'application/pdf' }] }))
	expect(disguised?.status).toBe(400)
	expect(disguised?.data.fileError).toEqual({ key: 'upload.mismatch', name: 'жоспар.pdf' })
	expect(disguised?.data.values.text).toBe(text)

	const big = new Uint8Array(20 * 1024 * 1024 + 1)
	big.set(pdf('big'))
	const tooLarge = dataOf(await send(teacher, optional, { text, files: [{ name: 'big.pdf', bytes: big, type: 'application/pdf' }] }))
	expect(tooLarge?.status).toBe(413)
	expect(tooLarge?.data.fileError?.key).toBe('upload.too_large')
	expect(tooLarge?.data.values.text).toBe(text)

	const empty = dataOf(await send(teacher, optional, { text: '   ' }))
	expect(empty?.data.errors.text).toEqual(['errors.empty'])
	expect((await mine(teacher, optional)).status).toBeNull()

	const sent = await send(teacher, optional, { text, files: [{ name: 'жоспар.pdf', bytes: pdf('plan'), type: 'application/pdf' }] })
	expect(redirectOf(sent)).toBe('/kk/courses/mini-course/task?sent=1')
	const view = await mine(teacher, optional)
	expect(view.status).toBe('submitted')
	expect(view.versions).toHaveLength(1)
	expect(view.versions[0]?.text).toBe(text)
	expect(view.versions[0]?.files.map((f) => [f.filename, f.mime])).toEqual([['жоспар.pdf', 'application/pdf']])

	// While the tutor has it, she cannot send another version.
	const again = dataOf(await send(teacher, optional, { text: 'тағы' }))
	expect(again?.data.errors.form).toEqual(['errors.wrongStatus'])
	expect(again?.data.values.text).toBe('тағы')
	expect((await mine(teacher, optional)).versions).toHaveLength(1)

	// The orphan collector leaves a submitted file alone.
	await collectOrphanAttachments()
	const fileId = view.versions[0]?.files[0]?.id ?? 0
	const file = await download(teacher, fileId)
	expect(file instanceof Response && file.status).toBe(200)
	expect(file instanceof Response && new TextDecoder().decode(await file.arrayBuffer())).toContain('%PDF-1.4')
})

test('return with feedback, resubmit, accept: every version kept with its scores; an accepted task completes a course whose certificate waits for it, once', async () => {
	const teacher = await signedIn({ schoolId: karasai.schoolId, gender: 'female' })
	const final = required.quizzes.find((q) => q.kind === 'final')
	if (!final) throw new Error('no final')
	for (const lesson of required.lessons) await completeLesson({ userId: teacher.user.id, course: required, lessonId: lesson.id, locale: 'kk' })
	await submitQuiz({ userId: teacher.user.id, course: required, locale: 'kk', submission: { quizId: final.id, nonce: crypto.randomUUID(), answers: { f1: ['a'], f2: ['a', 'b'] } } })
	const db = await getDb()
	const enrolment = async () => (await db.select().from(enrolments).where(and(eq(enrolments.userId, teacher.user.id), eq(enrolments.courseId, required.courseId))))[0]
	const certificateCount = async () => (await db.select().from(certificates).where(and(eq(certificates.userId, teacher.user.id), eq(certificates.courseId, required.courseId)))).length
	// Lessons and final done, but the task is not: not complete, no certificate, and the course says what is left.
	expect((await enrolment())?.completedAt).toBeNull()
	expect(await certificateCount()).toBe(0)
	expect((await courseProgress({ userId: teacher.user.id, course: required })).left).toEqual({ lessons: 0, final: false, task: 'todo', complete: false })

	expect(redirectOf(await send(teacher, required, { text: 'Бірінші нұсқа' }))).toMatch(/sent=1$/)
	expect((await courseProgress({ userId: teacher.user.id, course: required })).left.task).toBe('submitted')
	const row = (await submissionIdOf(tutor)).find((r) => r.teacher === teacher.user.fullName && r.status === 'submitted')
	if (!row) throw new Error('not in the tutor queue')

	// A return needs feedback; accepting needs the pass mark (6 of 10); every score is checked.
	expect(dataOf(await grade(tutor, row.id, { version: '1', decision: 'return', 'score-goal': '2', 'score-adaptations': '1', feedback: '' }))?.data.errors.feedback).toEqual(['errors.feedbackRequired'])
	expect(dataOf(await grade(tutor, row.id, { version: '1', decision: 'accept', 'score-goal': '2', 'score-adaptations': '1', feedback: 'Жақсы' }))?.data.errors.decision).toEqual(['errors.belowPassMark'])
	const badScore = dataOf(await grade(tutor, row.id, { version: '1', decision: 'accept', 'score-goal': '9', 'score-adaptations': 'x', feedback: 'Жақсы' }))
	expect(badScore?.status).toBe(400)
	expect(badScore?.data.errors).toEqual({ 'score-goal': ['errors.score'], 'score-adaptations': ['errors.score'] })
	expect(badScore?.data.values.feedback).toBe('Жақсы')

	const feedback = 'Мақсат жазылған, бірақ бейімдеулердің себебі түсіндірілмеген.'
	expect(redirectOf(await grade(tutor, row.id, { version: '1', decision: 'return', 'score-goal': '3', 'score-adaptations': '2', feedback }))).toBe(`/kk/tasks/${row.id}?done=returned`)
	const returned = await mine(teacher, required)
	expect(returned.status).toBe('returned')
	expect(returned.versions[0]).toMatchObject({ number: 1, decision: 'returned', feedback, points: 5, maxPoints: 10, scores: { goal: 3, adaptations: 2 } })
	expect((await courseProgress({ userId: teacher.user.id, course: required })).left.task).toBe('returned')
	// A stale form (version 1 again) after the return changes nothing.
	expect(dataOf(await grade(tutor, row.id, { version: '1', decision: 'accept', 'score-goal': '4', 'score-adaptations': '6', feedback: '' }))?.data.errors.form).toEqual(['errors.stale'])

	expect(redirectOf(await send(teacher, required, { text: 'Екінші нұсқа: әр бейімдеудің себебі жазылды.', files: [{ name: 'plan.png', bytes: pngBytes(), type: 'image/png' }] }))).toMatch(/sent=1$/)
	expect((await mine(teacher, required)).versions.map((v) => [v.number, v.decision])).toEqual([[2, null], [1, 'returned']])
	expect(await certificateCount()).toBe(0)

	expect(redirectOf(await grade(tutor, row.id, { version: '2', decision: 'accept', 'score-goal': '4', 'score-adaptations': '5', feedback: 'Енді бәрі орнында.' }))).toBe(`/kk/tasks/${row.id}?done=accepted`)
	expect((await enrolment())?.completedAt).not.toBeNull()
	expect(await certificateCount()).toBe(1)
	const accepted = await mine(teacher, required)
	expect(accepted.status).toBe('accepted')
	expect(accepted.versions.map((v) => [v.number, v.decision, v.points])).toEqual([[2, 'accepted', 9], [1, 'returned', 5]])
	expect((await courseProgress({ userId: teacher.user.id, course: required })).left.complete).toBe(true)
	// The teacher was told of the return and the acceptance; her district's methodologist of each send, the other district's not.
	const kindsFor = async (userId: number) => (await db.select().from(notifications).where(eq(notifications.userId, userId))).map((n) => [n.kind, n.link])
	expect(await kindsFor(teacher.user.id)).toEqual(expect.arrayContaining([['task.returned', '/courses/mini-required/task'], ['task.accepted', '/courses/mini-required/task']]))
	expect((await kindsFor(tutor.user.id)).filter(([k, l]) => k === 'task.submitted' && l === `/tasks/${row.id}`)).toHaveLength(2)
	expect((await kindsFor(otherDistrict.user.id)).some(([, l]) => l === `/tasks/${row.id}`)).toBe(false)

	// Grading again, or sending again, after acceptance: refused, still one certificate.
	expect(dataOf(await grade(tutor, row.id, { version: '2', decision: 'accept', 'score-goal': '4', 'score-adaptations': '6', feedback: '' }))?.data.errors.form).toEqual(['errors.stale'])
	expect(dataOf(await send(teacher, required, { text: 'Үшінші' }))?.data.errors.form).toEqual(['errors.wrongStatus'])
	expect(await certificateCount()).toBe(1)
	expect(await db.select().from(taskVersions).where(eq(taskVersions.submissionId, row.id))).toHaveLength(2)
})

test('scope: another district\'s methodologist and another teacher get 404, the region and the admin see it, a teacher has no queue', async () => {
	const teacher = await signedIn({ schoolId: karasai.schoolId })
	const stranger = await signedIn({ schoolId: karasai.schoolId })
	await send(teacher, optional, { text: 'Жоспар', files: [{ name: 'plan.pdf', bytes: pdf('scope'), type: 'application/pdf' }] })
	const row = (await submissionIdOf(tutor)).find((r) => r.teacher === teacher.user.fullName)
	if (!row) throw new Error('not queued')
	const fileId = (await mine(teacher, optional)).versions[0]?.files[0]?.id ?? 0

	const outside = await openSubmission(otherDistrict, row.id)
	expect(outside instanceof Response && outside.status).toBe(404)
	expect((await submissionIdOf(otherDistrict)).some((r) => r.id === row.id)).toBe(false)
	const outsideGrade = await grade(otherDistrict, row.id, { version: '1', decision: 'accept', 'score-goal': '4', 'score-adaptations': '6', feedback: '' })
	expect(outsideGrade instanceof Response && outsideGrade.status).toBe(404)
	const outsideFile = await download(otherDistrict, fileId)
	expect(outsideFile instanceof Response && outsideFile.status).toBe(404)

	const strangerFile = await download(stranger, fileId)
	expect(strangerFile instanceof Response && strangerFile.status).toBe(404)
	const strangerQueue = await queue(stranger)
	expect(strangerQueue instanceof Response && strangerQueue.status).toBe(403)
	const strangerOpen = await openSubmission(stranger, row.id)
	expect(strangerOpen instanceof Response && strangerOpen.status).toBe(403)
	// Her own task page shows only her own (nothing sent).
	expect((await mine(stranger, optional)).versions).toEqual([])

	for (const who of [regional, admin, tutor]) {
		const seen = await openSubmission(who, row.id)
		expect(seen instanceof Response).toBe(false)
		const file = await download(who, fileId)
		expect(file instanceof Response && file.status).toBe(200)
	}
	// Waiting first, the oldest first, filtered by course.
	const waiting = await queue(tutor, '?course=mini-course')
	if (waiting instanceof Response) throw new Error('no queue')
	expect(waiting.rows.every((r) => r.status === 'submitted')).toBe(true)
	expect(waiting.rows.map((r) => r.submittedAt)).toEqual([...waiting.rows.map((r) => r.submittedAt)].sort())
	const none = await queue(tutor, '?course=mini-required')
	expect(none instanceof Response ? null : none.rows.some((r) => r.id === row.id)).toBe(false)
})

test('the assignment report counts tasks waiting for grading and the average rubric score by gender', async () => {
	const db = await getDb()
	const [row] = await db.insert(assignments).values({ courseId: required.courseId, regionId: karasai.regionId, districtId: karasai.districtId, target: 'district', dueOn: '2030-01-31' }).returning({ id: assignments.id })
	const assignment = await getAssignment({ scope: { kind: 'country' }, id: row?.id ?? 0 })
	if (!assignment) throw new Error('no assignment')
	const male = await signedIn({ schoolId: karasai.schoolId, gender: 'male' })
	await send(male, required, { text: 'Жоспар' })
	const report = await getAssignmentTaskReport({ assignment })
	// The earlier test's teacher: accepted with 9 of 10; this one waits.
	expect(report?.byGender.find((g) => g.key === 'female')).toMatchObject({ accepted: 1, waiting: 0, averagePercent: 90 })
	expect(report?.byGender.find((g) => g.key === 'male')).toMatchObject({ accepted: 0, waiting: 1, averagePercent: null })
	expect(report).toMatchObject({ waiting: 1, averagePercent: 90 })
	const table = await assignmentTable({ table: 'tasks', assignment, locale: 'ru', now: new Date() })
	expect(table.headers).toEqual(['Пол', 'Учителя', 'Ждут оценки', 'Возвращены на доработку', 'Приняты', 'Средний балл, %'])
	const rows = []
	for await (const batch of table.batches) rows.push(...batch)
	expect(rows[0]?.slice(2)).toEqual([0, 0, 1, 90])

	// The figures are kept per district version (ADR 019): a grading, which writes only the task's own rows,
	// must show at the next read.
	const [sent] = await db.select({ id: taskSubmissions.id }).from(taskSubmissions).where(and(eq(taskSubmissions.userId, male.user.id), eq(taskSubmissions.courseId, required.courseId)))
	expect(redirectOf(await grade(tutor, sent?.id ?? 0, { version: '1', decision: 'return', 'score-goal': '1', 'score-adaptations': '1', feedback: 'Бейімдеулерді нақтылаңыз.' }))).toBeTruthy()
	const after = await getAssignmentTaskReport({ assignment })
	expect(after?.byGender.find((g) => g.key === 'male')).toMatchObject({ waiting: 0, returned: 1 })
	expect(after).toMatchObject({ waiting: 0 })
})

/** The smallest PNG file-type recognises: signature and an IHDR chunk. */
function pngBytes(): Uint8Array<ArrayBuffer> {
	return Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0, 0x90, 0x77, 0x53, 0xde])
}
