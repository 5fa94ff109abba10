import { eq, sql } from 'drizzle-orm'
import { beforeAll, expect, test } from 'vitest'
import { getDb, queryRows } from '#app/db/client.server.ts'
import { users } from '#app/db/schema/index.ts'
import { assignedTeacherIds, assignmentsForTeacher, getAssignment, getAssignmentReport, getAssignmentSchool, openAssignments } from '#app/modules/assignments/assignments.server.ts'
import { submitNewAssignment } from '#app/modules/assignments/page.server.ts'
import { completeLesson, enrol, submitQuiz } from '#app/modules/learning/progress.server.ts'
import { getPublishedStructure, type CourseStructure } from '#app/modules/learning/structure.server.ts'
import { createUser, findSchool, makeRequest, publishFixtureCourse, routeArgs, run, signedIn } from '#tests/factories.ts'
import * as accountRoute from '#app/routes/account.tsx'
import * as adminUserRoute from '#app/routes/admin.user.tsx'
import * as myRoute from '#app/routes/learning.my.tsx'
import * as registerRoute from '#app/routes/auth.register.tsx'

/*
 * ADR 019: assignment reports are kept per report version of the target's districts, and targets
 * may be narrowed by the position and subject of a teacher's profile. Every change below goes
 * through the module (or the SQL) a real user's action runs, and the next report must show it.
 */

let course: CourseStructure
let karasai: Awaited<ReturnType<typeof findSchool>>
let karasai2: Awaited<ReturnType<typeof findSchool>>
let talgar: Awaited<ReturnType<typeof findSchool>>
let methodologist: Awaited<ReturnType<typeof signedIn>>
let regional: Awaited<ReturnType<typeof signedIn>>

const NOW = new Date('2026-12-03T07:00:00Z')

beforeAll(async () => {
	const { course: c } = await publishFixtureCourse()
	course = c
	karasai = await findSchool()
	karasai2 = await findSchool({ index: 1 })
	talgar = await findSchool({ district: 'talgar' })
	methodologist = await signedIn({ role: 'methodologist', regionId: karasai.regionId, districtId: karasai.districtId })
	regional = await signedIn({ role: 'methodologist', regionId: karasai.regionId, schoolId: talgar.schoolId })
})

async function create(who: { cookie: string }, form: Record<string, string | string[]>) {
	const request = makeRequest('/kk/assignments/new', { cookie: who.cookie, form })
	return run(() => submitNewAssignment(request, { lang: 'kk', now: NOW }))
}

async function created(who: { cookie: string }, form: Record<string, string | string[]>) {
	const result = await create(who, form)
	if (!(result instanceof Response) || result.status !== 302) throw new Error(`not created: ${JSON.stringify(result)}`)
	return Number(/assignments\/(\d+)$/.exec(result.headers.get('Location') ?? '')?.[1])
}

const form = (extra: Record<string, string | string[]> = {}) => ({ at: `district:${karasai.districtId}`, course: String(course.courseId), target: 'schools', schools: [String(karasai2.schoolId)], due: '2026-12-20', note: '', ...extra })

async function assignmentOf(id: number) {
	const a = await getAssignment({ scope: { kind: 'country' }, id })
	if (!a) throw new Error('no assignment')
	return a
}

async function report(id: number, now = NOW) {
	return getAssignmentReport({ assignment: await assignmentOf(id), now })
}

async function completeCourse(userId: number) {
	for (const lesson of course.lessons) await completeLesson({ userId, course, lessonId: lesson.id, locale: 'kk' })
	const final = course.quizzes.find((q) => q.kind === 'final')
	await submitQuiz({ userId, course, locale: 'kk', submission: { quizId: final?.id ?? 0, nonce: crypto.randomUUID(), answers: { f1: ['a'], f2: ['a', 'b'] } } })
}

async function moveTo(userId: number, schoolId: number) {
	await (await getDb()).update(users).set({ schoolId }).where(eq(users.id, userId))
}

test('the kept report is reused while nothing changes, and the next view shows each change: joining, enrolling, completing, moving out and in', async () => {
	const id = await created(methodologist, form())
	const first = await report(id)
	const again = await report(id)
	// Nothing changed in the district: the same counts are served, not computed again.
	expect(again.total).toBe(first.total)
	expect(first.total).toMatchObject({ total: 0, notStarted: 0 })

	// A teacher registers at the targeted school.
	const joined = await createUser({ schoolId: karasai2.schoolId, gender: 'male' })
	const afterJoin = await report(id)
	expect(afterJoin.total).toMatchObject({ total: 1, notStarted: 1, inProgress: 0 })
	expect(afterJoin.byGender.find((g) => g.key === 'male')).toMatchObject({ total: 1, notStarted: 1 })

	// She enrols.
	await enrol({ userId: joined.id, course, locale: 'kk' })
	expect((await report(id)).total).toMatchObject({ total: 1, notStarted: 0, inProgress: 1 })

	// She completes the course.
	await completeCourse(joined.id)
	const afterComplete = await report(id)
	expect(afterComplete.total).toMatchObject({ total: 1, completed: 1, inProgress: 0 })
	expect(afterComplete.bySchool.find((s) => s.id === karasai2.schoolId)).toMatchObject({ completed: 1 })

	// She moves to a school outside the target (another district): counted no more, listed as moved out.
	await moveTo(joined.id, talgar.schoolId)
	const afterMove = await report(id)
	expect(afterMove.total.total).toBe(0)
	expect(afterMove.movedOut).toEqual([expect.objectContaining({ id: joined.id, status: 'completed', movedOut: true })])

	// A teacher of another school of the district moves into the targeted school.
	const mover = await createUser({ schoolId: karasai.schoolId })
	expect((await report(id)).total.total).toBe(0)
	await moveTo(mover.id, karasai2.schoolId)
	expect((await report(id)).total).toMatchObject({ total: 1, notStarted: 1 })

	// And the first one comes back.
	await moveTo(joined.id, karasai2.schoolId)
	const back = await report(id)
	expect(back.total).toMatchObject({ total: 2, completed: 1, notStarted: 1 })
	expect(back.movedOut).toEqual([])
})

test('a region-wide report follows changes in any district of the region, and the due day turns statuses overdue', async () => {
	const id = await created(regional, { ...form(), at: `region:${karasai.regionId}`, target: 'place', schools: [] })
	const before = await report(id)
	const inTalgar = await createUser({ schoolId: talgar.schoolId, gender: 'female' })
	const after = await report(id)
	expect(after.total.total).toBe(before.total.total + 1)
	expect(after.bySchool.find((s) => s.id === talgar.schoolId)?.notStarted).toBe((before.bySchool.find((s) => s.id === talgar.schoolId)?.notStarted ?? 0) + 1)
	await enrol({ userId: inTalgar.id, course, locale: 'ru' })
	expect((await report(id)).total.inProgress).toBe(after.total.inProgress + 1)
	// The day after the due day (Almaty), with no write at all, every unfinished teacher is overdue.
	const late = await report(id, new Date('2026-12-20T19:00:00Z'))
	expect(late.overdue).toBe(true)
	expect(late.total.overdue).toBe(late.total.total - late.total.completed)
	expect(late.total.inProgress).toBe(0)
})

test('the district dashboard counts of an open assignment follow enrolling, completing and moving', async () => {
	const id = await created(methodologist, form({ due: '2026-12-05' }))
	const open = async () => (await openAssignments({ districtId: karasai.districtId, now: NOW })).find((a) => a.id === id)
	const before = await open()
	const teacher = await createUser({ schoolId: karasai2.schoolId })
	expect((await open())?.teachers).toBe((before?.teachers ?? 0) + 1)
	await completeCourse(teacher.id)
	expect((await open())?.completed).toBe((before?.completed ?? 0) + 1)
	await moveTo(teacher.id, talgar.schoolId)
	expect(await open()).toMatchObject({ teachers: before?.teachers, completed: before?.completed })
	// After the due day the unfinished ones are overdue.
	const late = (await openAssignments({ districtId: karasai.districtId, now: new Date('2026-12-06T07:00:00Z') })).find((a) => a.id === id)
	expect(late?.overdue).toBe((late?.teachers ?? 0) - (late?.completed ?? 0))
})

test('a target narrowed by position and subject assigns only the matching teachers, in the report, My learning and the list of assigned teachers', async () => {
	const therapist = await createUser({ schoolId: karasai2.schoolId, position: 'speechTherapist' })
	const primary = await createUser({ schoolId: karasai2.schoolId, position: 'primaryTeacher' })
	const unrecorded = await createUser({ schoolId: karasai2.schoolId })
	const maths = await createUser({ schoolId: karasai2.schoolId, position: 'subjectTeacher', subject: 'mathematics' })
	const physics = await createUser({ schoolId: karasai2.schoolId, position: 'subjectTeacher', subject: 'physics' })
	const byPosition = await created(methodologist, form({ position: 'speechTherapist' }))
	const bySubject = await created(methodologist, form({ position: 'subjectTeacher', subject: 'mathematics' }))
	const all = await created(methodologist, form())

	expect(await assignedTeacherIds(await getDb(), await assignmentOf(byPosition))).toEqual([therapist.id])
	expect(await assignedTeacherIds(await getDb(), await assignmentOf(bySubject))).toEqual([maths.id])
	expect(await assignedTeacherIds(await getDb(), await assignmentOf(all))).toEqual(expect.arrayContaining([therapist.id, primary.id, unrecorded.id, maths.id, physics.id]))
	expect((await report(byPosition)).total.total).toBe(1)
	expect((await report(bySubject)).total.total).toBe(1)
	expect((await assignmentOf(bySubject))).toMatchObject({ position: 'subjectTeacher', subject: 'mathematics' })

	const mine = async (userId: number) => (await assignmentsForTeacher({ userId })).map((a) => a.id)
	expect(await mine(therapist.id)).toEqual(expect.arrayContaining([byPosition, all]))
	expect(await mine(therapist.id)).not.toContain(bySubject)
	expect(await mine(physics.id)).not.toContain(bySubject)
	expect(await mine(unrecorded.id)).toContain(all)
	expect(await mine(unrecorded.id)).not.toContain(byPosition)

	// The school drill-down lists only the matching teacher.
	const school = await getAssignmentSchool({ assignment: await assignmentOf(byPosition), schoolId: karasai2.schoolId, now: NOW })
	expect(school?.teachers.map((t) => t.id)).toEqual([therapist.id])
})

test('a teacher who changes her position on the account page enters the narrowed target, and leaves it again (as moved out once started)', async () => {
	const teacher = await signedIn({ schoolId: karasai2.schoolId, position: 'primaryTeacher' })
	const id = await created(methodologist, form({ position: 'psychologist' }))
	const save = (fields: Record<string, string>) => run(() => accountRoute.action(routeArgs(makeRequest('/ru/account', { cookie: teacher.cookie, form: { intent: 'profile', ...fields } }), { lang: 'ru' })))
	const myIds = async () => {
		const my = await myRoute.loader(routeArgs(makeRequest('/ru/my', { cookie: teacher.cookie }), { lang: 'ru' }))
		return my.assignments.map((a) => a.id)
	}
	expect(await myIds()).not.toContain(id)
	const before = (await report(id)).total.total

	expect(await save({ position: 'psychologist', subject: '' })).toMatchObject({ data: { profileSaved: true } })
	expect(await myIds()).toContain(id)
	expect((await report(id)).total.total).toBe(before + 1)
	const page = await accountRoute.loader(routeArgs(makeRequest('/ru/account', { cookie: teacher.cookie }), { lang: 'ru' }))
	expect(page).toMatchObject({ position: 'psychologist', subject: '' })

	// She starts the course while in the target, then changes her position: the report lists her as moved out.
	await enrol({ userId: teacher.user.id, course, locale: 'ru' })
	expect((await report(id)).total.inProgress).toBeGreaterThanOrEqual(1)
	await save({ position: 'tutor', subject: '' })
	expect(await myIds()).not.toContain(id)
	const after = await report(id)
	expect(after.total.total).toBe(before)
	expect(after.movedOut).toEqual([expect.objectContaining({ id: teacher.user.id, status: 'inProgress', movedOut: true })])
})

test('an unknown position or subject is a field error and saves nothing; registration records them; the admin sees them', async () => {
	const teacher = await signedIn({ schoolId: karasai.schoolId, position: 'tutor' })
	const bad = await run(() => accountRoute.action(routeArgs(makeRequest('/kk/account', { cookie: teacher.cookie, form: { intent: 'profile', position: 'astronaut', subject: 'alchemy' } }), { lang: 'kk' })))
	expect(bad).toMatchObject({ init: { status: 400 }, data: { errors: { position: ['choose_option'], subject: ['choose_option'] }, values: { position: 'astronaut' } } })
	const [row] = await queryRows<{ position: string | null }>(await getDb(), sql`select position from users where id = ${teacher.user.id}`)
	expect(row?.position).toBe('tutor')

	// The assignment form refuses them too.
	const refused = await create(methodologist, form({ position: 'astronaut', subject: 'alchemy' }))
	expect(refused).toMatchObject({ init: { status: 400 }, data: { errors: { position: ['errors.position'], subject: ['errors.subject'] } } })

	const email = `reg-${crypto.randomUUID().slice(0, 8)}@example.kz`
	const registered = await run(() =>
		registerRoute.action(
			routeArgs(
				makeRequest('/kk/register', {
					form: { fullName: 'Дана Логопедова', email, password: 'ұзын-құпиясөз', confirmPassword: 'ұзын-құпиясөз', regionId: String(karasai.regionId), districtId: String(karasai.districtId), schoolId: String(karasai.schoolId), gender: '', position: 'speechTherapist', subject: '' },
				}),
				{ lang: 'kk' },
			),
		),
	)
	expect((registered as Response).status).toBe(302)
	const [saved] = await queryRows<{ id: number; position: string | null; subject: string | null }>(await getDb(), sql`select id, position, subject from users where email = ${email}`)
	expect(saved).toMatchObject({ position: 'speechTherapist', subject: null })

	const admin = await signedIn({ role: 'admin' })
	const adminPage = await adminUserRoute.loader(routeArgs(makeRequest(`/ru/admin/users/${saved?.id}`, { cookie: admin.cookie }), { lang: 'ru', userId: String(saved?.id) }))
	expect(adminPage.user).toMatchObject({ position: 'speechTherapist', subject: null })
})
