import { sql, type SQL } from 'drizzle-orm'
import { getDb, getReportDb, queryRows, type Queryable } from '#app/db/client.server.ts'
import { assignments, assignmentSchools } from '#app/db/schema/index.ts'
import type { ReportScope } from '#app/modules/auth/permissions.ts'
import type { Position, Subject } from '#app/modules/auth/profile.ts'
import { resolveTarget, type Place } from '#app/modules/reporting/reports.server.ts'
import { allow, type GenderKey, type Target } from '#app/modules/reporting/scope.ts'
import { almatyToday, statuses, type Status } from './dates.ts'
import type { AssignmentInput } from './forms.ts'

/*
 * Who is assigned is computed from the target when read (ADR 015): the teachers whose school is in
 * the target now. assignment_starts remembers who started while in the target, for the report's
 * "moved out" rows. Every function that depends on the date takes `now`.
 */

export type AssignmentTarget = 'region' | 'district' | 'schools'
export type Assignment = {
	id: number
	courseId: number
	slug: string
	titleKk: string
	titleRu: string
	regionId: number
	districtId: number | null
	target: AssignmentTarget
	/** Narrows the target to teachers with this position / subject in their profile (null: any). */
	position: Position | null
	subject: Subject | null
	dueOn: string
	note: string
	/** The place that assigned it: the district, or the region for a region-wide assignment. */
	by: Place
	schools: number
}

/** The latest published (or archived) revision's title of course `a.course_id`. */
const courseTitle = sql`(select json_build_object('kk', r.title_kk, 'ru', r.title_ru) from course_revisions r
	where r.course_id = a.course_id and r.status in ('published', 'archived') order by r.number desc limit 1)`

type AssignmentRow = {
	id: number
	course_id: number
	slug: string
	title: { kk: string; ru: string } | null
	region_id: number
	district_id: number | null
	target: AssignmentTarget
	position: Position | null
	subject: Subject | null
	due_on: string
	note: string
	by_id: number
	by_kk: string
	by_ru: string
	schools: number
}

const assignmentColumns = sql`a.id, a.course_id, c.slug, ${courseTitle} as title, a.region_id, a.district_id, a.target, a.position, a.subject,
	a.due_on::text as due_on, a.note,
	coalesce(ad.id, ar.id) as by_id, coalesce(ad.name_kk, ar.name_kk) as by_kk, coalesce(ad.name_ru, ar.name_ru) as by_ru,
	(select count(*)::int from assignment_schools x where x.assignment_id = a.id) as schools`
const assignmentJoins = sql`join courses c on c.id = a.course_id
	join regions ar on ar.id = a.region_id
	left join districts ad on ad.id = a.district_id`

function toAssignment(r: AssignmentRow): Assignment {
	return {
		id: r.id,
		courseId: r.course_id,
		slug: r.slug,
		titleKk: r.title?.kk ?? r.slug,
		titleRu: r.title?.ru ?? r.slug,
		regionId: r.region_id,
		districtId: r.district_id,
		target: r.target,
		position: r.position,
		subject: r.subject,
		dueOn: r.due_on,
		note: r.note,
		by: { id: r.by_id, nameKk: r.by_kk, nameRu: r.by_ru },
		schools: r.schools,
	}
}

/** The report place an assignment belongs to: its district, or its region when region-wide. */
function placeOf(a: { regionId: number; districtId: number | null }): Target {
	return a.districtId != null ? { level: 'district', regionId: a.regionId, districtId: a.districtId } : { level: 'region', regionId: a.regionId }
}

function scopeCondition(scope: ReportScope): SQL {
	if (scope.kind === 'country') return sql`true`
	if (scope.kind === 'region') return sql`a.region_id = ${scope.regionId}`
	return sql`a.district_id = ${scope.districtId}`
}

type TargetPlace = { id: number; regionId: number; districtId: number | null; target: AssignmentTarget }

/** The ids of the schools in the target, as a subquery. */
function targetSchoolQuery(a: TargetPlace): SQL {
	if (a.target === 'region') return sql`select s.id from schools s join districts d on d.id = s.district_id where d.region_id = ${a.regionId}`
	if (a.target === 'district') return sql`select s.id from schools s where s.district_id = ${a.districtId}`
	return sql`select x.school_id from assignment_schools x where x.assignment_id = ${a.id}`
}

/** The ids of the schools in the target, as an SQL array (users.school_id = any(…) uses its index). */
export function targetSchools(a: TargetPlace): SQL {
	return sql`array(${targetSchoolQuery(a)})`
}

/**
 * Who is assigned, the one definition (ADR 015, 019): a condition on `users u` that holds for the
 * teachers assignment `a` targets now — their school is in the target, and their profile's
 * position and subject match the assignment's when it names them. The report, a teacher's own
 * assignments (through teacherInTarget below, the same rule seen from the teacher), the starts
 * recorded at enrolment and reminders all use it.
 */
export function assignedTeacherCondition(
	a: Pick<Assignment, 'id' | 'regionId' | 'districtId' | 'target' | 'position' | 'subject'>,
	{ asSet = false }: { asSet?: boolean } = {},
): SQL {
	const narrowed = [a.position != null ? sql`u.position = ${a.position}` : null, a.subject != null ? sql`u.subject = ${a.subject}` : null].filter((c) => c != null)
	// Rows that come from elsewhere (the recorded starts) test their school against a hashed set of the
	// target's schools; `= any(array)` would compare each row with every school of a region.
	const school = asSet ? sql`u.school_id in (${targetSchoolQuery(a)})` : sql`u.school_id = any(${targetSchools(a)})`
	return sql`(${sql.join([school, ...narrowed], sql` and `)})`
}

/**
 * The same rule from the teacher's side, for joins over `users u`, her `schools s`, its
 * `districts d` and `assignments a` (a.region_id = d.region_id is the join's own condition).
 */
export const teacherInTarget = sql`(a.target = 'region' or (a.target = 'district' and a.district_id = d.id)
	or (a.target = 'schools' and exists (select 1 from assignment_schools x where x.assignment_id = a.id and x.school_id = s.id)))
	and (a.position is null or a.position = u.position) and (a.subject is null or a.subject = u.subject)`

/** The ids of the teachers assignment `a` targets now (for reminders and other jobs that need the people). */
export async function assignedTeacherIds(db: Queryable, a: Pick<Assignment, 'id' | 'regionId' | 'districtId' | 'target' | 'position' | 'subject'>) {
	const rows = await queryRows<{ id: number }>(db, sql`select u.id from users u where ${assignedTeacherCondition(a)} order by u.id`)
	return rows.map((r) => r.id)
}

// ---------------------------------------------------------------- creating

export type PlaceOption = { at: string; level: 'region' | 'district'; nameKk: string; nameRu: string; regionKk: string; regionRu: string }

/** The places this scope may assign to: its district; or its region and the region's districts; or all. */
export async function assignablePlaces(scope: ReportScope): Promise<PlaceOption[]> {
	const db = await getReportDb()
	const where = scope.kind === 'country' ? sql`true` : scope.kind === 'region' ? sql`r.id = ${scope.regionId}` : sql`d.id = ${scope.districtId}`
	const rows = await queryRows<{ region_id: number; r_kk: string; r_ru: string; district_id: number; d_kk: string; d_ru: string }>(
		db,
		sql`select r.id as region_id, r.name_kk as r_kk, r.name_ru as r_ru, d.id as district_id, d.name_kk as d_kk, d.name_ru as d_ru
			from districts d join regions r on r.id = d.region_id where ${where} order by r.position, r.id, d.name_ru, d.id`,
	)
	const out: PlaceOption[] = []
	for (const row of rows) {
		const region = { regionKk: row.r_kk, regionRu: row.r_ru }
		if (scope.kind !== 'district' && !out.some((o) => o.at === `region:${row.region_id}`)) out.push({ at: `region:${row.region_id}`, level: 'region', nameKk: row.r_kk, nameRu: row.r_ru, ...region })
		out.push({ at: `district:${row.district_id}`, level: 'district', nameKk: row.d_kk, nameRu: row.d_ru, ...region })
	}
	return out
}

function parseAt(at: string | null | undefined) {
	const match = /^(region|district):(\d{1,9})$/.exec(at ?? '')
	if (!match?.[2]) return null
	return { level: match[1] === 'region' ? ('region' as const) : ('district' as const), id: Number(match[2]) }
}

/** The place named by `at` (region:ID or district:ID) when the scope covers it; null otherwise (404). */
export async function resolvePlace({ scope, at }: { scope: ReportScope; at: string | null | undefined }) {
	const parsed = parseAt(at)
	if (!parsed) return null
	const found = await resolveTarget({ scope, level: parsed.level, id: parsed.id })
	if (!found || (found.target.level !== 'region' && found.target.level !== 'district')) return null
	const target = found.target
	const name = target.level === 'district' ? found.trail.district : found.trail.region
	if (!name) return null
	return { at: `${parsed.level}:${parsed.id}`, regionId: target.regionId, districtId: target.level === 'district' ? target.districtId : null, place: name }
}
export type ResolvedPlace = NonNullable<Awaited<ReturnType<typeof resolvePlace>>>

/** What the new-assignment form offers at a place: the published courses, and the district's schools. */
export async function assignmentFormData({ place }: { place: ResolvedPlace }) {
	const db = await getReportDb()
	const [courses, schools] = await Promise.all([
		queryRows<{ id: number; title_kk: string; title_ru: string }>(
			db,
			sql`select c.id, r.title_kk, r.title_ru from courses c join course_revisions r on r.course_id = c.id and r.status = 'published' order by r.title_ru, c.id`,
		),
		place.districtId == null
			? Promise.resolve([])
			: queryRows<{ id: number; name_kk: string; name_ru: string }>(db, sql`select id, name_kk, name_ru from schools where district_id = ${place.districtId} order by name_ru, id`),
	])
	return {
		courses: courses.map((c) => ({ id: c.id, titleKk: c.title_kk, titleRu: c.title_ru })),
		schools: schools.map((s) => ({ id: s.id, nameKk: s.name_kk, nameRu: s.name_ru })),
	}
}

export type CreateResult = { ok: true; id: number } | { ok: false; errors: Record<string, string[]> }

/**
 * Creates an assignment at an allowed place. The course must be published; chosen schools must be
 * schools of the place's district (anything else is refused with a field error, nothing is written).
 * Teachers of the target who already study the course are recorded as started now.
 */
export async function createAssignment({ place, input, createdBy }: { place: ResolvedPlace; input: AssignmentInput; createdBy: number }): Promise<CreateResult> {
	const db = await getDb()
	const [course] = await queryRows<{ id: number }>(db, sql`select c.id from courses c where c.id = ${input.course} and exists (select 1 from course_revisions r where r.course_id = c.id and r.status = 'published')`)
	if (!course) return { ok: false, errors: { course: ['errors.course'] } }
	const target: AssignmentTarget = input.target === 'schools' ? 'schools' : place.districtId == null ? 'region' : 'district'
	if (target === 'schools') {
		if (place.districtId == null) return { ok: false, errors: { target: ['errors.target'] } }
		const [found] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from schools where district_id = ${place.districtId} and id = any(${`{${input.schools.join(',')}}`}::int[])`)
		if (found?.n !== input.schools.length) return { ok: false, errors: { schools: ['errors.schoolsOutside'] } }
	}
	const id = await db.transaction(async (tx) => {
		const [row] = await tx
			.insert(assignments)
			.values({ courseId: course.id, createdBy, regionId: place.regionId, districtId: place.districtId, target, position: input.position, subject: input.subject, dueOn: input.due, note: input.note })
			.returning({ id: assignments.id })
		if (!row) throw new Error('assignment not created')
		if (target === 'schools') await tx.insert(assignmentSchools).values(input.schools.map((schoolId) => ({ assignmentId: row.id, schoolId })))
		const assigned = assignedTeacherCondition({ id: row.id, regionId: place.regionId, districtId: place.districtId, target, position: input.position, subject: input.subject })
		await tx.execute(sql`insert into assignment_starts (assignment_id, user_id, school_id)
			select ${row.id}, u.id, u.school_id from users u join enrolments e on e.user_id = u.id and e.course_id = ${course.id}
			where ${assigned}`)
		return row.id
	})
	return { ok: true, id }
}

/**
 * Called in the transaction that creates an enrolment: records the teacher as started for every
 * assignment of the course whose target holds her school now.
 */
export async function recordAssignmentStarts(tx: Queryable, { userId, courseId }: { userId: number; courseId: number }) {
	await tx.execute(sql`insert into assignment_starts (assignment_id, user_id, school_id)
		select a.id, u.id, u.school_id from users u
			join schools s on s.id = u.school_id
			join districts d on d.id = s.district_id
			join assignments a on a.course_id = ${courseId} and a.region_id = d.region_id and ${teacherInTarget}
		where u.id = ${userId}
		on conflict do nothing`)
}

// ---------------------------------------------------------------- reading

/** The assignment when the scope covers its place; null when it does not exist or is someone else's. */
export async function getAssignment({ scope, id }: { scope: ReportScope; id: number }) {
	if (!Number.isSafeInteger(id) || id <= 0 || id > 2_147_483_647) return null
	const db = await getReportDb()
	const [row] = await queryRows<AssignmentRow>(db, sql`select ${assignmentColumns} from assignments a ${assignmentJoins} where a.id = ${id}`)
	if (!row) return null
	const assignment = toAssignment(row)
	return allow(scope, placeOf(assignment)) ? assignment : null
}

/** The assignments this scope may see, soonest due first. */
export async function listAssignments({ scope }: { scope: ReportScope }) {
	const db = await getReportDb()
	const rows = await queryRows<AssignmentRow>(db, sql`select ${assignmentColumns} from assignments a ${assignmentJoins} where ${scopeCondition(scope)} order by a.due_on desc, a.id desc limit 500`)
	return rows.map(toAssignment)
}

/** A teacher's assignments (her school's now), soonest due first, with her enrolment in each course. */
export async function assignmentsForTeacher({ userId, courseId }: { userId: number; courseId?: number }) {
	const db = await getDb()
	const rows = await queryRows<AssignmentRow & { enrolled: boolean; completed: boolean }>(
		db,
		sql`select ${assignmentColumns}, e.id is not null as enrolled, e.completed_at is not null as completed
			from users u
			join schools s on s.id = u.school_id
			join districts d on d.id = s.district_id
			join assignments a on a.region_id = d.region_id and ${teacherInTarget}
			${assignmentJoins}
			left join enrolments e on e.user_id = u.id and e.course_id = a.course_id
			where u.id = ${userId} ${courseId ? sql`and a.course_id = ${courseId}` : sql``}
			order by a.due_on, a.id`,
	)
	return rows.map((r) => ({ ...toAssignment(r), enrolled: r.enrolled, completed: r.completed }))
}

// ---------------------------------------------------------------- the report

export type StatusCounts = Record<Status, number> & { total: number }
export type MemberRow = {
	id: number
	fullName: string
	gender: GenderKey
	schoolId: number
	schoolKk: string
	schoolRu: string
	status: Status
	lessonsDone: number | null
	completedAt: string | null
	movedOut: boolean
}

function emptyCounts(): StatusCounts {
	return { completed: 0, inProgress: 0, notStarted: 0, overdue: 0, total: 0 }
}

/**
 * Every teacher of the report: those whose school is in the target now, and those who started
 * while in it and have moved out since (movedOut, with the school they started at). `schoolId`
 * narrows to one school's current teachers.
 */
async function memberRows(db: Queryable, a: Assignment, { overdue, schoolId, movedOnly }: { overdue: boolean; schoolId?: number; movedOnly?: boolean }) {
	const assigned = assignedTeacherCondition(a)
	const status = sql`case when e.completed_at is not null then 'completed' when ${overdue}::boolean then 'overdue' when e.id is not null then 'inProgress' else 'notStarted' end`
	const current = sql`select u.id, u.full_name, coalesce(u.gender, 'none') as gender, u.school_id, false as moved_out,
			${status} as status, e.lessons_done, to_char(e.completed_at at time zone 'UTC' + interval '5 hours', 'YYYY-MM-DD') as completed_at
		from users u left join enrolments e on e.user_id = u.id and e.course_id = ${a.courseId}
		where ${schoolId ? sql`u.school_id = ${schoolId} and ${assigned}` : assigned}`
	const moved = sql`select u.id, u.full_name, coalesce(u.gender, 'none') as gender, st.school_id, true as moved_out,
			${status} as status, e.lessons_done, to_char(e.completed_at at time zone 'UTC' + interval '5 hours', 'YYYY-MM-DD') as completed_at
		from assignment_starts st join users u on u.id = st.user_id
		left join enrolments e on e.user_id = u.id and e.course_id = ${a.courseId}
		where st.assignment_id = ${a.id} and not coalesce(${assignedTeacherCondition(a, { asSet: true })}, false)`
	const body = schoolId ? current : movedOnly ? moved : sql`${current} union all ${moved}`
	return { body, status }
}

type RawMember = { id: number; full_name: string; gender: GenderKey; school_id: number; moved_out: boolean; status: Status; lessons_done: number | null; completed_at: string | null; school_kk: string; school_ru: string }

function toMember(r: RawMember): MemberRow {
	return { id: r.id, fullName: r.full_name, gender: r.gender, schoolId: r.school_id, schoolKk: r.school_kk, schoolRu: r.school_ru, status: r.status, lessonsDone: r.lessons_done, completedAt: r.completed_at, movedOut: r.moved_out }
}

type CurrentCounts = { total: StatusCounts; bySchool: Map<number, StatusCounts>; byGender: Map<GenderKey, StatusCounts> }

/**
 * The counts of the teachers in the target now, by school and gender: one pass over them with a
 * lookup each in enrolments (user_id, course_id).
 */
async function currentCounts(db: Queryable, assignment: Assignment, overdue: boolean): Promise<CurrentCounts> {
	const status = sql`case when e.completed_at is not null then 'completed' when ${overdue}::boolean then 'overdue' when e.id is not null then 'inProgress' else 'notStarted' end`
	const rows = await queryRows<{ school_id: number | null; gender: GenderKey | null; status: Status; n: number }>(
		db,
		sql`with m as materialized (
				select u.school_id, coalesce(u.gender, 'none') as gender, ${status} as status
				from users u left join enrolments e on e.user_id = u.id and e.course_id = ${assignment.courseId}
				where ${assignedTeacherCondition(assignment)}
			), c as (select school_id, gender, status, count(*)::int as n from m group by 1, 2, 3)
			select school_id, null as gender, status, sum(n)::int as n from c group by school_id, status
			union all select null, gender, status, sum(n)::int from c group by gender, status`,
	)
	const total = emptyCounts()
	const bySchool = new Map<number, StatusCounts>()
	const byGender = new Map<GenderKey, StatusCounts>([['female', emptyCounts()], ['male', emptyCounts()], ['none', emptyCounts()]])
	for (const r of rows) {
		if (r.gender != null) {
			const g = byGender.get(r.gender)
			if (g) {
				g[r.status] += r.n
				g.total += r.n
			}
			continue
		}
		const id = r.school_id ?? 0
		const counts = bySchool.get(id) ?? bySchool.set(id, emptyCounts()).get(id)
		if (!counts) continue
		counts[r.status] += r.n
		counts.total += r.n
		total[r.status] += r.n
		total.total += r.n
	}
	return { total, bySchool, byGender }
}

/*
 * The counts of the current target change only when a district of the target changes: the report
 * version triggers (drizzle/0004, ADR 006 "Revision 4") raise a district's version on every
 * enrolment, completion, registration, deletion and change of a teacher's school, gender, position
 * or subject. An assignment's target and due day never change once created, and statuses change
 * with the Almaty day (overdue). So the counts are kept under (assignment, day) with the versions of
 * the target's districts as stamp, computed again, once at a time, when a version moved (ADR 019).
 * Versions are read before the counts, so kept counts are never older than their stamp.
 */
const keptCounts = new Map<string, { stamp: string; counts: Promise<CurrentCounts> }>()
const MAX_KEPT_COUNTS = 1_000
type TaskRow = { gender: GenderKey | null; teachers: number; waiting: number; returned: number; accepted: number; graded: number; average: number | null }
const keptTasks = new Map<string, { stamp: string; counts: Promise<TaskRow[]> }>()

/** The versions of the districts the target's schools lie in, as one string (a missing row is 0). */
async function targetVersions(db: Queryable, a: Pick<Assignment, 'regionId' | 'districtId'>) {
	const districts = a.districtId != null ? sql`select ${a.districtId}::int as id` : sql`select id from districts where region_id = ${a.regionId}`
	const [row] = await queryRows<{ stamp: string | null }>(
		db,
		sql`select string_agg(d.id || ':' || coalesce(v.version, 0), ',' order by d.id) as stamp
			from (${districts}) d left join report_versions v on v.district_id = d.id`,
	)
	return row?.stamp ?? ''
}

function keptOf<T>(cache: Map<string, { stamp: string; counts: Promise<T> }>, key: string, stamp: string, compute: () => Promise<T>) {
	const entry = cache.get(key)
	if (entry?.stamp === stamp) return entry.counts
	if (!entry && cache.size >= MAX_KEPT_COUNTS) cache.clear()
	const counts = compute()
	cache.set(key, { stamp, counts })
	counts.catch(() => {
		if (cache.get(key)?.counts === counts) cache.delete(key)
	})
	return counts
}

function keptCountsOf(key: string, stamp: string, compute: () => Promise<CurrentCounts>) {
	return keptOf(keptCounts, key, stamp, compute)
}

/**
 * Statuses of the assignment's teachers in total, by school and by gender, and who moved out.
 * The current target's counts are kept per district versions and day (above); the moved-out list
 * is read each time: its teachers now live outside the target's districts, and it shows lessons done.
 */
export async function getAssignmentReport({ assignment, now = new Date() }: { assignment: Assignment; now?: Date }) {
	const db = await getReportDb()
	const today = almatyToday(now)
	const overdue = today > assignment.dueOn
	const stamp = await targetVersions(db, assignment)
	const [current, schools, moved] = await Promise.all([
		keptCountsOf(`${assignment.id}:${today}`, stamp, () => currentCounts(db, assignment, overdue)),
		// Every targeted school has a row, also one without teachers yet.
		queryRows<{ id: number; name_kk: string; name_ru: string }>(
			db,
			sql`select s.id, s.name_kk, s.name_ru from schools s where s.id = any(${targetSchools(assignment)}) order by s.name_ru, s.id limit 5000`,
		),
		movedOutTeachers({ assignment, now }),
	])
	return {
		today,
		overdue,
		total: current.total,
		bySchool: schools.map((s) => ({ id: s.id, nameKk: s.name_kk, nameRu: s.name_ru, ...(current.bySchool.get(s.id) ?? emptyCounts()) })),
		byGender: [...current.byGender].map(([key, counts]) => ({ key, ...counts })),
		movedOut: moved,
	}
}
export type AssignmentReport = Awaited<ReturnType<typeof getAssignmentReport>>

async function movedOutTeachers({ assignment, now }: { assignment: Assignment; now: Date }) {
	const db = await getReportDb()
	const { body } = await memberRows(db, assignment, { overdue: almatyToday(now) > assignment.dueOn, movedOnly: true })
	const rows = await queryRows<RawMember>(db, sql`select m.*, s.name_kk as school_kk, s.name_ru as school_ru from (${body}) m join schools s on s.id = m.school_id order by m.full_name, m.id`)
	return rows.map(toMember)
}

export type TaskGenderRow = { key: GenderKey; teachers: number; waiting: number; returned: number; accepted: number; graded: number; averagePercent: number | null }

/**
 * The practical task of the assigned course among the teachers targeted now (ADR 018), by gender:
 * waiting for grading, returned, accepted, and the average rubric score in percent of the newest
 * graded version; null when the course has no task.
 */
export async function getAssignmentTaskReport({ assignment }: { assignment: Assignment }) {
	const db = await getReportDb()
	const [hasTask] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from course_revisions where course_id = ${assignment.courseId} and status = 'published' and task is not null`)
	if (!hasTask?.n) return null
	// Kept per the target's district versions like the counts: a trigger on task_submissions raises the
	// teacher's district version on every send, return, acceptance and score (drizzle/0017).
	const stamp = await targetVersions(db, assignment)
	const rows = await keptOf(keptTasks, String(assignment.id), stamp, () => queryRows<{ gender: GenderKey | null; teachers: number; waiting: number; returned: number; accepted: number; graded: number; average: number | null }>(
		db,
		sql`select case when grouping(coalesce(u.gender, 'none')) = 0 then coalesce(u.gender, 'none') end as gender, count(*)::int as teachers,
				count(*) filter (where ts.status = 'submitted')::int as waiting,
				count(*) filter (where ts.status = 'returned')::int as returned,
				count(*) filter (where ts.status = 'accepted')::int as accepted,
				count(ts.score_percent)::int as graded,
				round(avg(ts.score_percent))::int as average
			from users u left join task_submissions ts on ts.user_id = u.id and ts.course_id = ${assignment.courseId}
			where ${assignedTeacherCondition(assignment)}
			group by grouping sets ((coalesce(u.gender, 'none')), ())`,
	))
	const byGender = (['female', 'male', 'none'] as const).map((key): TaskGenderRow => {
		const r = rows.find((x) => x.gender === key)
		return { key, teachers: r?.teachers ?? 0, waiting: r?.waiting ?? 0, returned: r?.returned ?? 0, accepted: r?.accepted ?? 0, graded: r?.graded ?? 0, averagePercent: r?.average ?? null }
	})
	const all = rows.find((x) => x.gender === null)
	return { byGender, waiting: all?.waiting ?? 0, averagePercent: all?.average ?? null }
}
export type AssignmentTaskReport = Awaited<ReturnType<typeof getAssignmentTaskReport>>

/** One targeted school's teachers with their status; null when the school is not in the target. */
export async function getAssignmentSchool({ assignment, schoolId, now = new Date() }: { assignment: Assignment; schoolId: number; now?: Date }) {
	if (!Number.isSafeInteger(schoolId) || schoolId <= 0 || schoolId > 2_147_483_647) return null
	const db = await getReportDb()
	const [school] = await queryRows<{ id: number; name_kk: string; name_ru: string }>(db, sql`select s.id, s.name_kk, s.name_ru from schools s where s.id = ${schoolId} and s.id = any(${targetSchools(assignment)})`)
	if (!school) return null
	const { body } = await memberRows(db, assignment, { overdue: almatyToday(now) > assignment.dueOn, schoolId })
	const rows = await queryRows<RawMember>(db, sql`select m.*, ${school.name_kk} as school_kk, ${school.name_ru} as school_ru from (${body}) m order by m.full_name, m.id`)
	return { school: { id: school.id, nameKk: school.name_kk, nameRu: school.name_ru }, teachers: rows.map(toMember) }
}

/** Every teacher of the report in batches (for the export): current ones by school, then those who moved out. */
export async function* assignmentTeachers({ assignment, now = new Date() }: { assignment: Assignment; now?: Date }) {
	const db = await getReportDb()
	const { body } = await memberRows(db, assignment, { overdue: almatyToday(now) > assignment.dueOn })
	const batch = 5000
	let after: [boolean, number] = [false, 0]
	for (;;) {
		const rows = await queryRows<RawMember>(
			db,
			sql`select m.*, s.name_kk as school_kk, s.name_ru as school_ru from (${body}) m join schools s on s.id = m.school_id
				where (m.moved_out, m.id) > (${after[0]}::boolean, ${after[1]}::int) order by m.moved_out, m.id limit ${batch}`,
		)
		if (rows.length === 0) return
		yield rows.map(toMember)
		const last = rows[rows.length - 1]
		if (!last || rows.length < batch) return
		after = [last.moved_out, last.id]
	}
}

// ---------------------------------------------------------------- the district dashboard

/** How long after its due day an assignment still counts as open on the district dashboard. */
export const OPEN_DAYS_AFTER_DUE = 30

/** Targeted and completed teachers of each assignment, kept per district version (as the report's counts). */
const keptOpenCounts = new Map<number, { stamp: string; counts: Promise<{ teachers: number; completed: number }> }>()

/**
 * The district's open assignments (due in the future or at most 30 days ago), soonest due first,
 * with how many of the targeted teachers completed and how many are overdue. The list is read each
 * time (one indexed query, so a new assignment shows at once); each assignment's counts are kept
 * under the district's report version, like the report's (ADR 019).
 */
export async function openAssignments({ districtId, now = new Date() }: { districtId: number; now?: Date }) {
	const db = await getReportDb()
	const today = almatyToday(now)
	const [rows, stamp] = await Promise.all([
		queryRows<AssignmentRow>(
			db,
			sql`select ${assignmentColumns} from assignments a ${assignmentJoins}
				where a.district_id = ${districtId} and a.due_on >= ${today}::date - ${OPEN_DAYS_AFTER_DUE}::int
				order by a.due_on, a.id limit 20`,
		),
		targetVersions(db, { regionId: 0, districtId }),
	])
	return Promise.all(
		rows.map(async (r) => {
			const a = toAssignment(r)
			let entry = keptOpenCounts.get(a.id)
			if (entry?.stamp !== stamp) {
				if (!entry && keptOpenCounts.size >= MAX_KEPT_COUNTS) keptOpenCounts.clear()
				const counts = queryRows<{ teachers: number; completed: number }>(
					db,
					sql`select count(*)::int as teachers, count(e.completed_at)::int as completed
						from users u left join enrolments e on e.user_id = u.id and e.course_id = ${a.courseId}
						where ${assignedTeacherCondition(a)}`,
				).then(([c]) => c ?? { teachers: 0, completed: 0 })
				entry = { stamp, counts }
				keptOpenCounts.set(a.id, entry)
				counts.catch(() => {
					if (keptOpenCounts.get(a.id)?.counts === counts) keptOpenCounts.delete(a.id)
				})
			}
			const { teachers, completed } = await entry.counts
			return { id: a.id, titleKk: a.titleKk, titleRu: a.titleRu, dueOn: a.dueOn, teachers, completed, overdue: today > a.dueOn ? teachers - completed : 0 }
		}),
	)
}
export type OpenAssignment = Awaited<ReturnType<typeof openAssignments>>[number]

export { statuses }
