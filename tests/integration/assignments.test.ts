import { eq, sql } from 'drizzle-orm'
import { beforeAll, expect, test } from 'vitest'
import { getDb, queryRows } from '#app/db/client.server.ts'
import { assignments, users } from '#app/db/schema/index.ts'
import { assignmentsForTeacher, getAssignment, getAssignmentReport, getAssignmentSchool, openAssignments } from '#app/modules/assignments/assignments.server.ts'
import { exportAssignment, submitNewAssignment } from '#app/modules/assignments/page.server.ts'
import { completeLesson, enrol, submitQuiz } from '#app/modules/learning/progress.server.ts'
import { getPublishedStructure, type CourseStructure } from '#app/modules/learning/structure.server.ts'
import { createUser, findSchool, makeRequest, publishFixtureCourse, routeArgs, run, signedIn } from '#tests/factories.ts'
import * as courseRoute from '#app/routes/learning.course.tsx'
import * as myRoute from '#app/routes/learning.my.tsx'
import * as newRoute from '#app/routes/assignments.new.tsx'
import * as reportRoute from '#app/routes/assignments.report.tsx'
import * as homeRoute from '#app/routes/reports.home.tsx'

let course: CourseStructure
let karasai: Awaited<ReturnType<typeof findSchool>>
let karasai2: Awaited<ReturnType<typeof findSchool>>
let talgar: Awaited<ReturnType<typeof findSchool>>
let methodologist: Awaited<ReturnType<typeof signedIn>>
let otherMethodologist: Awaited<ReturnType<typeof signedIn>>
let regional: Awaited<ReturnType<typeof signedIn>>

// The clock of these tests: 3 December 2026, noon in Almaty.
const NOW = new Date('2026-12-03T07:00:00Z')
const day = (n: number) => new Date(NOW.getTime() + n * 86_400_000)

beforeAll(async () => {
	const { course: c } = await publishFixtureCourse()
	course = c
	karasai = await findSchool()
	karasai2 = await findSchool({ index: 1 })
	talgar = await findSchool({ district: 'talgar' })
	methodologist = await signedIn({ role: 'methodologist', regionId: karasai.regionId, districtId: karasai.districtId })
	otherMethodologist = await signedIn({ role: 'methodologist', regionId: talgar.regionId, districtId: talgar.districtId, schoolId: talgar.schoolId })
	regional = await signedIn({ role: 'methodologist', regionId: karasai.regionId, schoolId: talgar.schoolId })
})

type Form = Record<string, string | string[]>

async function create(who: { cookie: string }, form: Form, now = NOW) {
	const request = makeRequest('/kk/assignments/new', { cookie: who.cookie, form })
	return run(() => submitNewAssignment(request, { lang: 'kk', now }))
}

/** Creates an assignment through the form and returns its id (from the redirect). */
async function created(who: { cookie: string }, form: Form, now = NOW) {
	const result = await create(who, form, now)
	if (!(result instanceof Response) || result.status !== 302) throw new Error(`not created: ${JSON.stringify(result)}`)
	return Number(/assignments\/(\d+)$/.exec(result.headers.get('Location') ?? '')?.[1])
}

const valid = () => ({ at: `district:${karasai.districtId}`, course: String(course.courseId), target: 'place', due: '2026-12-20', note: 'Желтоқсан соңына дейін' })

function errorsOf(result: unknown) {
	if (result && typeof result === 'object' && 'data' in result && 'init' in result) {
		const d = result.data
		const status = result.init && typeof result.init === 'object' && 'status' in result.init ? result.init.status : undefined
		return { status, data: d as { errors: Record<string, string[]> | null; values: Record<string, unknown> } }
	}
	return null
}

async function report(id: number, now = NOW) {
	const assignment = await getAssignment({ scope: { kind: 'country' }, id })
	if (!assignment) throw new Error('no assignment')
	return getAssignmentReport({ assignment, now })
}

test('a methodologist assigns a course to her whole district; every teacher there has it, none elsewhere', async () => {
	const inKarasai = await createUser({ schoolId: karasai2.schoolId })
	const inTalgar = await createUser({ schoolId: talgar.schoolId })
	const id = await created(methodologist, valid())
	const [row] = await (await getDb()).select().from(assignments).where(eq(assignments.id, id))
	expect(row).toMatchObject({ districtId: karasai.districtId, regionId: karasai.regionId, target: 'district', dueOn: '2026-12-20', note: 'Желтоқсан соңына дейін' })
	expect((await assignmentsForTeacher({ userId: inKarasai.id })).map((a) => a.id)).toContain(id)
	expect((await assignmentsForTeacher({ userId: inTalgar.id })).map((a) => a.id)).not.toContain(id)
})

test('invalid input comes back with field errors and the input, status 400, and writes nothing', async () => {
	const before = await queryRows<{ n: number }>(await getDb(), sql`select count(*)::int as n from assignments`)
	const result = await create(methodologist, { ...valid(), course: 'abc', due: '2026-02-30', target: 'schools', note: 'x'.repeat(1001) })
	const e = errorsOf(result)
	expect(e?.status).toBe(400)
	expect(e?.data.errors).toMatchObject({ course: ['errors.course'], due: ['errors.due'], note: ['errors.noteLong'] })
	expect(errorsOf(await create(methodologist, { ...valid(), target: 'schools' }))?.data.errors).toEqual({ schools: ['errors.schoolsNone'] })
	expect(e?.data.values).toMatchObject({ due: '2026-02-30', target: 'schools' })
	// A due day before today (Almaty) is refused with the clock the test sets.
	expect(errorsOf(await create(methodologist, { ...valid(), due: '2026-12-02' }))?.data.errors).toEqual({ due: ['errors.duePast'] })
	expect(errorsOf(await create(methodologist, { ...valid(), due: '2026-12-02' }, day(-2)))).toBeNull()
	const after = await queryRows<{ n: number }>(await getDb(), sql`select count(*)::int as n from assignments`)
	expect(after[0]?.n).toBe((before[0]?.n ?? 0) + 1)
})

test('a school of another district is refused with a field error; another district as the place is a 404', async () => {
	const outside = await create(methodologist, { ...valid(), target: 'schools', schools: [String(karasai.schoolId), String(talgar.schoolId)] })
	expect(errorsOf(outside)).toMatchObject({ status: 400, data: { errors: { schools: ['errors.schoolsOutside'] } } })
	const elsewhere = await create(methodologist, { ...valid(), at: `district:${talgar.districtId}` })
	expect(elsewhere).toBeInstanceOf(Response)
	expect((elsewhere as Response).status).toBe(404)
	// The form itself refuses the place too.
	const page = await run(() => newRoute.loader(routeArgs(makeRequest(`/kk/assignments/new?at=region:${talgar.regionId}`, { cookie: methodologist.cookie }), { lang: 'kk' })))
	expect((page as Response).status).toBe(404)
})

test('chosen schools: only their teachers are assigned', async () => {
	const chosen = await createUser({ schoolId: karasai2.schoolId })
	const other = await createUser({ schoolId: karasai.schoolId })
	const id = await created(methodologist, { ...valid(), target: 'schools', schools: [String(karasai2.schoolId)] })
	expect((await assignmentsForTeacher({ userId: chosen.id })).map((a) => a.id)).toContain(id)
	expect((await assignmentsForTeacher({ userId: other.id })).map((a) => a.id)).not.toContain(id)
	const r = await report(id)
	expect(r.bySchool.map((s) => s.id)).toEqual([karasai2.schoolId])
})

test('a region methodologist assigns to the whole region: teachers of every district of it', async () => {
	const inTalgar = await createUser({ schoolId: talgar.schoolId })
	const id = await created(regional, { ...valid(), at: `region:${karasai.regionId}` })
	expect((await assignmentsForTeacher({ userId: inTalgar.id })).find((a) => a.id === id)?.target).toBe('region')
	// A region-wide assignment belongs to the region: a district methodologist does not open it.
	expect(await getAssignment({ scope: { kind: 'district', regionId: karasai.regionId, districtId: karasai.districtId }, id })).toBeNull()
	expect(await getAssignment({ scope: { kind: 'region', regionId: karasai.regionId }, id })).not.toBeNull()
})

test('a teacher who joins a targeted school later has the assignment, in My learning and on the course page', async () => {
	const id = await created(methodologist, { ...valid(), due: '2026-12-25' })
	const late = await signedIn({ schoolId: karasai.schoolId })
	const my = await myRoute.loader(routeArgs(makeRequest('/ru/my', { cookie: late.cookie }), { lang: 'ru' }))
	const mine = my.assignments.find((a) => a.id === id)
	expect(mine).toMatchObject({ slug: 'mini-course', status: 'notStarted', dueOn: '2026-12-25', by: { nameRu: 'Карасайский район' } })
	// Sorted by due date.
	expect(my.assignments.map((a) => a.dueOn)).toEqual([...my.assignments.map((a) => a.dueOn)].sort())
	const page = await courseRoute.loader(routeArgs(makeRequest('/ru/courses/mini-course', { cookie: late.cookie }), { lang: 'ru', slug: 'mini-course' }))
	expect(page.assignments.map((a) => a.id)).toContain(id)
})

test('a teacher who moves out of the target keeps her progress, and the report lists her as moved out', async () => {
	const id = await created(methodologist, { ...valid(), target: 'schools', schools: [String(karasai.schoolId)] })
	const mover = await createUser({ schoolId: karasai.schoolId, fullName: 'Әсел Көшкенова', gender: 'female' })
	await enrol({ userId: mover.id, course, locale: 'kk' })
	await completeLesson({ userId: mover.id, course, lessonId: course.lessons[0]?.id ?? 0, locale: 'kk' })
	const before = await report(id)
	expect(before.total.inProgress).toBe(1)
	await (await getDb()).update(users).set({ schoolId: talgar.schoolId }).where(eq(users.id, mover.id))
	const after = await report(id)
	expect(after.total.inProgress).toBe(0)
	expect(after.movedOut).toEqual([expect.objectContaining({ fullName: 'Әсел Көшкенова', schoolId: karasai.schoolId, status: 'inProgress', lessonsDone: 1, movedOut: true })])
	expect((await assignmentsForTeacher({ userId: mover.id })).map((a) => a.id)).not.toContain(id)
	// A teacher who never started there and moves out is simply no longer counted.
	const leaver = await createUser({ schoolId: karasai.schoolId })
	await (await getDb()).update(users).set({ schoolId: talgar.schoolId }).where(eq(users.id, leaver.id))
	expect((await report(id)).movedOut).toHaveLength(1)
})

test('statuses with a controlled clock: in progress and not started before the due day, overdue after it; by gender', async () => {
	const id = await created(methodologist, { ...valid(), target: 'schools', schools: [String(karasai2.schoolId)], due: '2026-12-10' })
	const base = await report(id)
	const done = await createUser({ schoolId: karasai2.schoolId, gender: 'female' })
	const started = await createUser({ schoolId: karasai2.schoolId, gender: 'male' })
	await createUser({ schoolId: karasai2.schoolId, gender: null })
	for (const lesson of course.lessons) await completeLesson({ userId: done.id, course, lessonId: lesson.id, locale: 'kk' })
	const final = course.quizzes.find((q) => q.kind === 'final')
	await submitQuiz({ userId: done.id, course, locale: 'kk', submission: { quizId: final?.id ?? 0, nonce: crypto.randomUUID(), answers: { f1: ['a'], f2: ['a', 'b'] } } })
	await enrol({ userId: started.id, course, locale: 'ru' })

	const onTime = await report(id, new Date('2026-12-10T18:59:00Z'))
	expect(onTime.overdue).toBe(false)
	expect(onTime.total).toEqual({ completed: base.total.completed + 1, inProgress: base.total.inProgress + 1, notStarted: base.total.notStarted + 1, overdue: 0, total: base.total.total + 3 })
	const late = await report(id, new Date('2026-12-10T19:00:00Z'))
	expect(late.total).toMatchObject({ completed: base.total.completed + 1, inProgress: 0, notStarted: 0, overdue: base.total.total - base.total.completed + 2 })
	const gender = Object.fromEntries(late.byGender.map((g) => [g.key, g]))
	const baseGender = Object.fromEntries(base.byGender.map((g) => [g.key, g]))
	expect(gender.female?.completed).toBe((baseGender.female?.completed ?? 0) + 1)
	expect(gender.male?.overdue).toBe((baseGender.male?.total ?? 0) + 1)
	expect(gender.none?.overdue).toBe((baseGender.none?.total ?? 0) + 1)

	// Drill-down to the school's teachers, and the district dashboard's overdue count.
	const assignment = await getAssignment({ scope: { kind: 'country' }, id })
	if (!assignment) throw new Error('no assignment')
	const school = await getAssignmentSchool({ assignment, schoolId: karasai2.schoolId, now: day(8) })
	expect(school?.teachers.find((m) => m.id === done.id)).toMatchObject({ status: 'completed' })
	expect(school?.teachers.find((m) => m.id === started.id)).toMatchObject({ status: 'overdue' })
	expect(await getAssignmentSchool({ assignment, schoolId: talgar.schoolId, now: day(8) })).toBeNull()
	const open = await openAssignments({ districtId: karasai.districtId, now: day(8) })
	expect(open.find((a) => a.id === id)).toMatchObject({ teachers: late.total.total, completed: late.total.completed, overdue: late.total.overdue })
	expect((await openAssignments({ districtId: karasai.districtId, now: day(60) })).find((a) => a.id === id)).toBeUndefined()
})

test('the export lists every teacher with her status, and the moved-out ones', async () => {
	const id = await created(methodologist, { ...valid(), target: 'schools', schools: [String(karasai.schoolId)] })
	const named = await createUser({ schoolId: karasai.schoolId, fullName: 'Жанар Экспортова', gender: 'female' })
	await enrol({ userId: named.id, course, locale: 'kk' })
	const response = await exportAssignment(makeRequest(`/ru/assignments/${id}/export/teachers?format=csv`, { cookie: methodologist.cookie }), { lang: 'ru', assignmentId: String(id), table: 'teachers', now: NOW })
	expect(response.headers.get('Content-Type')).toContain('text/csv')
	const text = (await response.text()).replace(/^\uFEFF/, '')
	const lines = text.trim().split('\r\n')
	expect(lines[0]).toBe('ФИО,Пол,Школа,Статус,Пройдено уроков,Дата завершения,Вне охвата сейчас')
	expect(lines.find((l) => l.startsWith('Жанар Экспортова'))).toMatch(/^Жанар Экспортова,жен\.,[^,]+,В процессе,0,,$/)
	const r = await report(id)
	expect(lines.length - 1).toBe(r.total.total + r.movedOut.length)
	const schools = await exportAssignment(makeRequest(`/kk/assignments/${id}/export/schools?format=xlsx`, { cookie: methodologist.cookie }), { lang: 'kk', assignmentId: String(id), table: 'schools', now: NOW })
	expect(schools.headers.get('Content-Type')).toContain('spreadsheetml')
	expect((await schools.arrayBuffer()).byteLength).toBeGreaterThan(1000)
})

test("another district's methodologist gets 404 for the assignment, its school drill-down and its export", async () => {
	const id = await created(methodologist, valid())
	for (const url of [`/kk/assignments/${id}`, `/kk/assignments/${id}?school=${karasai.schoolId}`]) {
		const result = await run(() => reportRoute.loader(routeArgs(makeRequest(url, { cookie: otherMethodologist.cookie }), { lang: 'kk', assignmentId: String(id) })))
		expect((result as Response).status).toBe(404)
	}
	const exported = await run(() => exportAssignment(makeRequest(`/kk/assignments/${id}/export/teachers?format=csv`, { cookie: otherMethodologist.cookie }), { lang: 'kk', assignmentId: String(id), table: 'teachers' }))
	expect((exported as Response).status).toBe(404)
	const own = await run(() => reportRoute.loader(routeArgs(makeRequest(`/kk/assignments/${id}`, { cookie: methodologist.cookie }), { lang: 'kk', assignmentId: String(id) })))
	expect(own).toMatchObject({ assignment: { id } })
	// Her dashboard lists the open assignment; the other district's does not.
	const home = await homeRoute.loader(routeArgs(makeRequest('/kk/reports', { cookie: methodologist.cookie }), { lang: 'kk' }))
	expect(home.data.assignments?.map((a) => a.id)).toContain(id)
	const other = await homeRoute.loader(routeArgs(makeRequest('/kk/reports', { cookie: otherMethodologist.cookie }), { lang: 'kk' }))
	expect(other.data.assignments?.map((a) => a.id)).not.toContain(id)
	// A teacher may not create one.
	const teacher = await signedIn()
	expect(((await create(teacher, valid())) as Response).status).toBe(403)
})
