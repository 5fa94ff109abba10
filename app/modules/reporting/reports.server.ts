import { eq, sql, type SQL } from 'drizzle-orm'
import { getReportDb, queryRows, type Queryable } from '#app/db/client.server.ts'
import { reportRefreshes } from '#app/db/schema/index.ts'
import type { ReportScope } from '#app/modules/auth/permissions.ts'
import {
	allow,
	gainBuckets,
	genders,
	monthRange,
	nextMonth,
	rate,
	type AllowedTarget,
	type Filters,
	type GainBucket,
	type GenderKey,
	type Target,
} from './scope.ts'

/*
 * Two sources with the same shape. District and school targets read the learning tables
 * (a district is a few thousand enrolments: indexed joins, always current). Region and country
 * targets read the summaries rebuilt by refreshReportSummaries(). ADR 006 says why.
 */

export type Place = { id: number; nameKk: string; nameRu: string }
export type Trail = { region: Place | null; district: Place | null; school: Place | null }

type Level = 'region' | 'district' | 'school'

/** Kazakhstan is on UTC+5 all year: months are counted in local time. */
function local(column: SQL) {
	return sql`(${column} at time zone 'UTC' + interval '5 hours')`
}

function monthStart(month: string) {
	return sql`${`${month}-01`}::timestamp`
}

function monthDate(month: string) {
	return sql`${`${month}-01`}::date`
}

export function currentMonth(now = Date.now()) {
	return new Date(now + 5 * 3600_000).toISOString().slice(0, 7)
}

// ---------------------------------------------------------------- places and scope

async function loadTrail(db: Queryable, level: Level, id: number): Promise<{ target: Target; trail: Trail } | null> {
	if (level === 'region') {
		const [r] = await queryRows<{ id: number; name_kk: string; name_ru: string }>(db, sql`select id, name_kk, name_ru from regions where id = ${id}`)
		if (!r) return null
		return { target: { level: 'region', regionId: r.id }, trail: { region: place(r), district: null, school: null } }
	}
	if (level === 'district') {
		const [d] = await queryRows<{ id: number; name_kk: string; name_ru: string; region_id: number; r_kk: string; r_ru: string }>(
			db,
			sql`select d.id, d.name_kk, d.name_ru, r.id as region_id, r.name_kk as r_kk, r.name_ru as r_ru from districts d join regions r on r.id = d.region_id where d.id = ${id}`,
		)
		if (!d) return null
		return {
			target: { level: 'district', regionId: d.region_id, districtId: d.id },
			trail: { region: { id: d.region_id, nameKk: d.r_kk, nameRu: d.r_ru }, district: place(d), school: null },
		}
	}
	const [s] = await queryRows<{ id: number; name_kk: string; name_ru: string; district_id: number; d_kk: string; d_ru: string; region_id: number; r_kk: string; r_ru: string }>(
		db,
		sql`select s.id, s.name_kk, s.name_ru, d.id as district_id, d.name_kk as d_kk, d.name_ru as d_ru, r.id as region_id, r.name_kk as r_kk, r.name_ru as r_ru
			from schools s join districts d on d.id = s.district_id join regions r on r.id = d.region_id where s.id = ${id}`,
	)
	if (!s) return null
	return {
		target: { level: 'school', regionId: s.region_id, districtId: s.district_id, schoolId: s.id },
		trail: {
			region: { id: s.region_id, nameKk: s.r_kk, nameRu: s.r_ru },
			district: { id: s.district_id, nameKk: s.d_kk, nameRu: s.d_ru },
			school: place(s),
		},
	}
}

function place(row: { id: number; name_kk: string; name_ru: string }): Place {
	return { id: row.id, nameKk: row.name_kk, nameRu: row.name_ru }
}

/**
 * The report target at this place when the scope covers it; null when the place does not
 * exist or belongs to someone else's scope (the route answers 404 for both).
 */
export async function resolveTarget({ scope, level, id }: { scope: ReportScope; level: Level | 'country'; id?: number }) {
	if (level === 'country') {
		const target = allow(scope, { level: 'country' })
		return target ? { target, trail: { region: null, district: null, school: null } } : null
	}
	if (id == null || !Number.isSafeInteger(id) || id <= 0) return null
	const db = await getReportDb()
	const found = await loadTrail(db, level, id)
	if (!found) return null
	const target = allow(scope, found.target)
	return target ? { target, trail: found.trail } : null
}

/** Where a methodologist's or admin's reports start: their district, region, or the country. */
export async function homeTarget(scope: ReportScope) {
	if (scope.kind === 'country') return resolveTarget({ scope, level: 'country' })
	if (scope.kind === 'region') return resolveTarget({ scope, level: 'region', id: scope.regionId })
	return resolveTarget({ scope, level: 'district', id: scope.districtId })
}

// ---------------------------------------------------------------- filters as SQL

function genderCondition(column: SQL, gender: GenderKey | null) {
	if (!gender) return null
	return gender === 'none' ? sql`${column} is null` : sql`${column} = ${gender}`
}

function where(conditions: (SQL | null)[]) {
	const list = conditions.filter((c): c is SQL => c !== null)
	return list.length ? sql`where ${sql.join(list, sql` and `)}` : sql``
}

function placeConditions(target: AllowedTarget, schoolColumn: SQL, districtColumn: SQL, regionColumn: SQL): SQL[] {
	if (target.level === 'school') return [sql`${schoolColumn} = ${target.schoolId}`]
	if (target.level === 'district') return [sql`${districtColumn} = ${target.districtId}`]
	if (target.level === 'region') return [sql`${regionColumn} = ${target.regionId}`]
	return []
}

const gainExpr = sql`(e.final_score - e.diagnostic_score)`
/**
 * The courses of the valid certificates of teacher `u`: looked up once per teacher (one index
 * lookup) rather than once per completed enrolment (ADR 006, "Revision 2").
 */
const certifiedCourses = sql`array(select c.course_id from certificates c where c.user_id = u.id and c.revoked_at is null)`

/**
 * Summary rows; the unit is the district (region target) or the region (country target).
 * Without a period they come from report_enrolment_totals, which has no month column.
 */
function summaryEnrolmentRows(target: AllowedTarget, f: Filters) {
	const unit = target.level === 'country' ? sql`d.region_id` : sql`st.district_id`
	const byMonth = Boolean(f.from || f.to)
	return sql`select ${unit} as unit_id, st.course_id, st.gender, st.locale, st.enrolled, st.completed, st.certified,
		st.gain_n, st.gain_sum, st.gain_lt0, st.gain0, st.gain10, st.gain20, st.gain30, st.gain50
		from ${byMonth ? sql`report_enrolment_stats` : sql`report_enrolment_totals`} st join districts d on d.id = st.district_id
		${where([
			...placeConditions(target, sql`-1`, sql`st.district_id`, sql`d.region_id`),
			f.courseId ? sql`st.course_id = ${f.courseId}` : null,
			f.gender ? sql`st.gender = ${f.gender}` : null,
			f.from ? sql`st.month >= ${monthDate(f.from)}` : null,
			f.to ? sql`st.month < ${monthDate(nextMonth(f.to))}` : null,
		])}`
}

function isLive(target: AllowedTarget) {
	return target.level === 'district' || target.level === 'school'
}

// ---------------------------------------------------------------- the dashboard

export type Figures = {
	teachers: number | null
	enrolled: number
	completed: number
	rate: number | null
	certified: number
	gainN: number
	gainMean: number | null
}

type AggregateRow = {
	unit_id: number | null
	course_id: number | null
	gender: string | null
	locale: string | null
	enrolled: number
	completed: number
	certified: number
	gain_n: number
	gain_sum: number
	gain_lt0: number
	gain0: number
	gain10: number
	gain20: number
	gain30: number
	gain50: number
}

const emptyFigures = (teachers: number | null): Figures => ({ teachers, enrolled: 0, completed: 0, rate: null, certified: 0, gainN: 0, gainMean: null })

function figures(row: AggregateRow | undefined, teachers: number | null): Figures {
	if (!row) return emptyFigures(teachers)
	return {
		teachers,
		enrolled: row.enrolled,
		completed: row.completed,
		rate: rate(row.completed, row.enrolled),
		certified: row.certified,
		gainN: row.gain_n,
		gainMean: row.gain_n > 0 ? Math.round((row.gain_sum / row.gain_n) * 10) / 10 : null,
	}
}

export type Dashboard = Awaited<ReturnType<typeof getDashboard>>

async function unitsOf(db: Queryable, target: AllowedTarget): Promise<{ level: Level; places: Place[] }> {
	if (target.level === 'country') {
		const rows = await queryRows<{ id: number; name_kk: string; name_ru: string }>(db, sql`select id, name_kk, name_ru from regions order by position, id`)
		return { level: 'region', places: rows.map(place) }
	}
	if (target.level === 'region') {
		const rows = await queryRows<{ id: number; name_kk: string; name_ru: string }>(db, sql`select id, name_kk, name_ru from districts where region_id = ${target.regionId} order by name_ru, id`)
		return { level: 'district', places: rows.map(place) }
	}
	const rows = await queryRows<{ id: number; name_kk: string; name_ru: string }>(
		db,
		target.level === 'school'
			? sql`select id, name_kk, name_ru from schools where id = ${target.schoolId}`
			: sql`select id, name_kk, name_ru from schools where district_id = ${target.districtId} order by name_ru, id`,
	)
	return { level: 'school', places: rows.map(place) }
}

/** Teachers by unit and by gender, from the summaries (region and country targets). */
async function teacherCounts(db: Queryable, target: AllowedTarget, f: Filters) {
	const unit = target.level === 'country' ? sql`d.region_id` : sql`st.district_id`
	return queryRows<TeacherCountRow>(
		db,
		sql`select unit_id, gender, coalesce(sum(teachers), 0)::int as teachers from (
				select ${unit} as unit_id, st.gender, st.teachers
				from report_teacher_stats st join districts d on d.id = st.district_id
				${where([...placeConditions(target, sql`-1`, sql`st.district_id`, sql`d.region_id`), f.gender ? sql`st.gender = ${f.gender}` : null])}
			) t group by grouping sets ((), (unit_id), (gender))`,
	)
}

/** Completions per month of completion, from the summaries (region and country targets). */
async function completionsByMonth(db: Queryable, target: AllowedTarget, f: Filters, months: string[]) {
	const first = months[0]
	const last = months[months.length - 1]
	if (!first || !last) return new Map<string, number>()
	// Grouped by the date itself (a hash of a few months), formatted afterwards; the country
	// needs no join with districts.
	const rows = await queryRows<{ month: string; completed: number }>(
		db,
		sql`select to_char(month, 'YYYY-MM') as month, completed from (
			select st.month, sum(st.completed)::int as completed
			from report_completion_stats st
			${where([
				target.level === 'region' ? sql`st.district_id in (select id from districts where region_id = ${target.regionId})` : null,
				target.level === 'district' ? sql`st.district_id = ${target.districtId}` : null,
				f.courseId ? sql`st.course_id = ${f.courseId}` : null,
				f.gender ? sql`st.gender = ${f.gender}` : null,
				sql`st.month >= ${monthDate(first)}`,
				sql`st.month < ${monthDate(nextMonth(last))}`,
			])}
			group by st.month) m`,
	)
	return new Map(rows.map((r) => [r.month, r.completed]))
}

/** The months the chart shows: the filter's period, or the last twelve months. */
export function chartMonths(f: Filters, now = Date.now()) {
	const current = currentMonth(now)
	const to = f.to ?? (f.from && f.from > current ? f.from : current)
	let from = f.from
	if (!from) {
		const [y = 0, m = 0] = to.split('-').map(Number)
		const back = y * 12 + (m - 1) - 11
		from = `${Math.floor(back / 12)}-${String((back % 12) + 1).padStart(2, '0')}`
	}
	return monthRange(from, to, 60)
}

export type CourseInfo = { id: number; titleKk: string; titleRu: string; required: number }

/** Every course with its newest title (published first) and its required lessons. */
export async function listCourses(db?: Queryable): Promise<CourseInfo[]> {
	const conn = db ?? (await getReportDb())
	const rows = await queryRows<{ id: number; title_kk: string; title_ru: string; required: number | null }>(
		conn,
		sql`select distinct on (c.id) c.id, cr.title_kk, cr.title_ru,
			(select count(*)::int from revision_lessons rl where rl.revision_id = cr.id and rl.required) as required
			from courses c join course_revisions cr on cr.course_id = c.id
			order by c.id, (cr.status = 'published') desc, cr.number desc`,
	)
	return rows.map((r) => ({ id: r.id, titleKk: r.title_kk, titleRu: r.title_ru, required: r.required ?? 0 }))
}

/** When the summaries were rebuilt; builds them on first use and starts a rebuild when stale. */
async function summariesAsOf(db: Queryable): Promise<Date> {
	const [row] = await db.select().from(reportRefreshes).where(eq(reportRefreshes.id, SUMMARIES))
	if (!row) return (await refreshReportSummaries()).refreshedAt
	if (Date.now() - row.refreshedAt.getTime() > STALE_AFTER_MS && !backgroundRefresh) {
		backgroundRefresh = refreshReportSummaries({ wait: false })
			.catch((error: unknown) => console.error('[reporting] summary refresh failed', error))
			.finally(() => {
				backgroundRefresh = null
			})
	}
	return row.refreshedAt
}

/** The users of a live target (one school, or a district's schools through users.school_id), as a subquery condition. */
function liveSchools(target: AllowedTarget) {
	// `= any(array(...))` lets the planner use users.school_id for a district's schools; a join
	// with schools made it scan all users (ADR 006, "Measured").
	return target.level === 'school'
		? sql`u.school_id = ${target.schoolId}`
		: sql`u.school_id = any(array(select id from schools where district_id = ${target.level === 'district' ? target.districtId : -1}))`
}

const aggregateColumns = sql`coalesce(sum(enrolled), 0)::int as enrolled, coalesce(sum(completed), 0)::int as completed, coalesce(sum(certified), 0)::int as certified,
	coalesce(sum(gain_n), 0)::int as gain_n, coalesce(sum(gain_sum), 0)::int as gain_sum,
	coalesce(sum(gain_lt0), 0)::int as gain_lt0, coalesce(sum(gain0), 0)::int as gain0, coalesce(sum(gain10), 0)::int as gain10,
	coalesce(sum(gain20), 0)::int as gain20, coalesce(sum(gain30), 0)::int as gain30, coalesce(sum(gain50), 0)::int as gain50`

/** The instant a local month (YYYY-MM) begins; comparing the column with it spares converting every row to local time. */
function monthBegins(month: string) {
	return `${month}-01T00:00:00+05:00`
}

/**
 * A district or school dashboard in one statement and one pass over the target's enrolments
 * (ADR 006, "Revision 2"): the teachers are read once through users.school_id, each with the
 * courses of their valid certificates (one index lookup per teacher instead of one per completed
 * enrolment), and their enrolments once through (user_id, course_id). Each enrolment row is hashed
 * twice, by (school, gender) and by (course, language, gain bucket, month of completion); those few
 * hundred cells are then summed into the six sets the page shows, so the completions per month
 * come out of the same pass.
 */
async function liveDashboard(db: Queryable, target: AllowedTarget, f: Filters, months: string[]) {
	const last = months[months.length - 1] ?? '1970-01'
	// width_bucket numbers a completion 1..n by the chart month it falls in; 0 and n + 1 are outside.
	const bounds = [...months, nextMonth(last)].map(monthBegins)
	const inPeriod = [
		f.from ? sql`e.enrolled_at >= ${monthBegins(f.from)}::timestamptz` : null,
		f.to ? sql`e.enrolled_at < ${monthBegins(nextMonth(f.to))}::timestamptz` : null,
	].filter((c): c is SQL => c !== null)
	const period = inPeriod.length ? sql.join(inPeriod, sql` and `) : null
	// With a period, the figures count the enrolments of the period, while the chart counts every
	// completion in its months, whenever the teacher enrolled (as report_completion_stats does).
	const counted = period ? sql` filter (where in_period)` : sql``
	const inChart = sql`e.completed_at >= ${bounds[0]}::timestamptz and e.completed_at < ${bounds[bounds.length - 1]}::timestamptz`
	const sum = (column: string) => sql`coalesce(sum(${sql.raw(column)}), 0)::int as ${sql.raw(column)}`
	// In the second grouping, each set also gathers the other half's cells under a null key (the
	// HAVING drops them); a null bucket or month is an enrolment without both scores or without a
	// completion in the chart, which the page does not show.
	const [row] = await queryRows<{ aggregates: LiveAggregateRow[] | null; teachers: TeacherCountRow[] | null }>(
		db,
		sql`with t as materialized (
				select u.id, u.school_id, coalesce(u.gender, 'none') as gender,
					${certifiedCourses} as certified_courses
				from users u
				${where([liveSchools(target), genderCondition(sql`u.gender`, f.gender)])}
			), r as (
				select t.school_id as unit_id, t.gender, e.course_id, e.locale, e.completed_at,
					e.final_score - e.diagnostic_score as gain,
					case when e.completed_at is not null and e.course_id = any(t.certified_courses) then 1 end as certified,
					width_bucket(e.final_score - e.diagnostic_score, '{0,10,20,30,50}'::int[]) as bucket,
					width_bucket(e.completed_at, ${`{${bounds.join(',')}}`}::timestamptz[]) as month
					${period ? sql`, ${period} as in_period` : sql``}
				from t join enrolments e on e.user_id = t.id
				${where([f.courseId ? sql`e.course_id = ${f.courseId}` : null, period ? sql`((${period}) or (${inChart}))` : null])}
			), cells as (
				select unit_id, gender, course_id, locale, bucket, month,
					count(*)${counted} as enrolled, count(completed_at)${counted} as completed, count(certified)${counted} as certified,
					count(gain)${counted} as gain_n, coalesce(sum(gain)${counted}, 0) as gain_sum, count(*) as completions
				from r group by grouping sets ((unit_id, gender), (course_id, locale, bucket, month))
			)
			select
				(select json_agg(a) from (
					select case when grouping(unit_id) = 0 then 'unit' when grouping(gender) = 0 then 'gender' when grouping(course_id) = 0 then 'course'
							when grouping(locale) = 0 then 'locale' when grouping(bucket) = 0 then 'bucket' else 'month' end as dim,
						unit_id, gender, course_id, locale, bucket, month,
						${sum('enrolled')}, ${sum('completed')}, ${sum('certified')}, ${sum('gain_n')}, ${sum('gain_sum')}, ${sum('completions')}
					from cells group by grouping sets ((unit_id), (gender), (course_id), (locale), (bucket), (month))
					having num_nonnulls(unit_id, gender, course_id, locale, bucket, month) = 1) a) as aggregates,
				(select json_agg(c) from (select school_id as unit_id, gender, count(*)::int as teachers
					from t group by grouping sets ((), (school_id), (gender))) c) as teachers`,
	)
	return { ...foldLive(row?.aggregates ?? [], months), teachers: row?.teachers ?? [] }
}

type LiveAggregateRow = Omit<AggregateRow, 'gain_lt0' | 'gain0' | 'gain10' | 'gain20' | 'gain30' | 'gain50'> & {
	dim: 'unit' | 'gender' | 'course' | 'locale' | 'bucket' | 'month'
	/** width_bucket over gainBuckets' bounds: 0 below zero, 1 for 0–9 … 5 for 50 and more */
	bucket: number | null
	/** 1..n: the chart month of the completion */
	month: number | null
	completions: number
}

/**
 * The live rows in the shape the summaries give: one row per unit, course, gender and language,
 * and a total with the gain buckets. The query leaves out the () set: every enrolment has a
 * language, so the total is the sum of the language rows.
 */
function foldLive(rows: LiveAggregateRow[], months: string[]) {
	const buckets = [0, 0, 0, 0, 0, 0]
	const byMonth = new Map<string, number>()
	const aggregates: AggregateRow[] = []
	const zero = { gain_lt0: 0, gain0: 0, gain10: 0, gain20: 0, gain30: 0, gain50: 0 }
	for (const { dim, bucket, month, completions, ...r } of rows) {
		if (dim === 'bucket') {
			if (bucket != null) buckets[bucket] = r.enrolled
		} else if (dim === 'month') {
			const key = month == null ? undefined : months[month - 1]
			if (key) byMonth.set(key, completions)
		} else aggregates.push({ ...r, ...zero })
	}
	const byLocale = aggregates.filter((r) => r.locale != null)
	if (byLocale.length) {
		const [gain_lt0 = 0, gain0 = 0, gain10 = 0, gain20 = 0, gain30 = 0, gain50 = 0] = buckets
		const total = (key: 'enrolled' | 'completed' | 'certified' | 'gain_n' | 'gain_sum') => byLocale.reduce((n, r) => n + r[key], 0)
		aggregates.push({
			unit_id: null, course_id: null, gender: null, locale: null,
			enrolled: total('enrolled'), completed: total('completed'), certified: total('certified'), gain_n: total('gain_n'), gain_sum: total('gain_sum'),
			gain_lt0, gain0, gain10, gain20, gain30, gain50,
		})
	}
	return { aggregates, byMonth }
}

type TeacherCountRow = { unit_id: number | null; gender: string | null; teachers: number }

type DashboardFigures = { aggregates: AggregateRow[]; teachers: TeacherCountRow[]; byMonth: Map<string, number> }

// Dashboard figures change only when their source does: the summaries when they are rebuilt
// (ADR 006, "Revision 3"), a district's live rows when its version moves (drizzle/0004: triggers
// raise it in the same transaction as every write the figures depend on; "Revision 4"). So the
// figures of one target, filter and chart period are kept with the stamp of the source they were
// computed from, and computed again, once at a time per key, only when the stamp has changed.
// Bounded; cleared when full.
const keptFigures = new Map<string, { stamp: string; figures: Promise<DashboardFigures> }>()
const MAX_KEPT_FIGURES = 2_000

function kept(target: AllowedTarget, f: Filters, months: string[], stamp: string, compute: () => Promise<DashboardFigures>) {
	const key = JSON.stringify([target, f, months])
	const entry = keptFigures.get(key)
	if (entry?.stamp === stamp) return entry.figures
	if (!entry && keptFigures.size >= MAX_KEPT_FIGURES) keptFigures.clear()
	const figures = compute()
	keptFigures.set(key, { stamp, figures })
	figures.catch(() => {
		if (keptFigures.get(key)?.figures === figures) keptFigures.delete(key)
	})
	return figures
}

/** The district's report version: 0 until something in it changes after the counters were added. */
async function districtVersion(db: Queryable, districtId: number) {
	const [row] = await queryRows<{ version: string }>(
		db,
		sql`select coalesce((select version from report_versions where district_id = ${districtId}), 0)::text as version`,
	)
	return row?.version ?? '0'
}

/**
 * A district or school dashboard: the kept figures when the district has not changed since they
 * were computed, otherwise liveDashboard(). The version is read before the figures, so figures
 * kept under a version are never older than it; a write that lands in between raises the version
 * again, and the next request computes them anew.
 */
async function keptLiveDashboard(db: Queryable, target: AllowedTarget, f: Filters, months: string[]) {
	if (target.level !== 'district' && target.level !== 'school') throw new Error(`no live figures for a ${target.level}`)
	const version = await districtVersion(db, target.districtId)
	return kept(target, f, months, `v${version}`, () => liveDashboard(db, target, f, months))
}

/** Region and country dashboards: the summaries of one rebuild, in three small queries run together. */
function summaryDashboard(db: Queryable, target: AllowedTarget, f: Filters, months: string[], asOf: Date) {
	return kept(target, f, months, asOf.toISOString(), () => querySummaryDashboard(db, target, f, months))
}

async function querySummaryDashboard(db: Queryable, target: AllowedTarget, f: Filters, months: string[]): Promise<DashboardFigures> {
	const [aggregates, teachers, byMonth] = await Promise.all([
		queryRows<AggregateRow>(
			db,
			sql`with r as (${summaryEnrolmentRows(target, f)})
				select unit_id, course_id, gender, locale, ${aggregateColumns}
				from r group by grouping sets ((), (unit_id), (course_id), (gender), (locale))`,
		),
		teacherCounts(db, target, f),
		completionsByMonth(db, target, f, months),
	])
	return { aggregates, teachers, byMonth }
}

/**
 * Everything the dashboard shows for an allowed target: totals, by gender, by language of
 * study, by unit (school, district or region), by course, knowledge gain, completions per month.
 */
export async function getDashboard({ target, filters }: { target: AllowedTarget; filters: Filters }) {
	const db = await getReportDb()
	const live = isLive(target)
	const months = chartMonths(filters)
	// Summaries first: on first use this builds them, and the figures must read the built rows.
	const asOf = live ? null : await summariesAsOf(db)
	const [{ aggregates, teachers, byMonth }, units, courses] = await Promise.all([
		asOf ? summaryDashboard(db, target, filters, months, asOf) : keptLiveDashboard(db, target, filters, months),
		unitsOf(db, target),
		listCourses(db),
	])
	// Each grouping set leaves the other columns null; unit, course, gender and locale are never null in the rows.
	const total = aggregates.find((r) => r.unit_id == null && r.course_id == null && r.gender == null && r.locale == null)
	const byUnit = new Map(aggregates.filter((r) => r.unit_id != null).map((r) => [r.unit_id, r]))
	const byCourse = new Map(aggregates.filter((r) => r.course_id != null).map((r) => [r.course_id, r]))
	const byGender = new Map(aggregates.filter((r) => r.gender != null).map((r) => [r.gender, r]))
	const byLocale = new Map(aggregates.filter((r) => r.locale != null).map((r) => [r.locale, r]))
	const teacherTotal = teachers.find((r) => r.unit_id == null && r.gender == null)?.teachers ?? 0
	const teachersByUnit = new Map(teachers.filter((r) => r.unit_id != null).map((r) => [r.unit_id, r.teachers]))
	const teachersByGender = new Map(teachers.filter((r) => r.gender != null).map((r) => [r.gender, r.teachers]))
	const gainCounts: Record<GainBucket, number> = {
		lt0: total?.gain_lt0 ?? 0,
		'0': total?.gain0 ?? 0,
		'10': total?.gain10 ?? 0,
		'20': total?.gain20 ?? 0,
		'30': total?.gain30 ?? 0,
		'50': total?.gain50 ?? 0,
	}
	const totalFigures = figures(total, teacherTotal)
	return {
		asOf: asOf?.toISOString() ?? null,
		total: totalFigures,
		byGender: genders
			.filter((g) => !filters.gender || g === filters.gender)
			.map((g) => ({ key: g, ...figures(byGender.get(g), teachersByGender.get(g) ?? 0) })),
		byLocale: (['kk', 'ru'] as const).map((l) => ({ key: l, ...figures(byLocale.get(l), null) })),
		unitLevel: units.level,
		byUnit: units.places.map((p) => ({ ...p, ...figures(byUnit.get(p.id), teachersByUnit.get(p.id) ?? 0) })),
		byCourse: courses
			.filter((c) => !filters.courseId || c.id === filters.courseId)
			.map((c) => ({ id: c.id, titleKk: c.titleKk, titleRu: c.titleRu, ...figures(byCourse.get(c.id), null) })),
		gain: {
			n: totalFigures.gainN,
			mean: totalFigures.gainMean,
			buckets: gainBuckets.map((key) => ({ key, count: gainCounts[key] })),
		},
		months: months.map((month) => ({ month, completed: byMonth.get(month) ?? 0 })),
		courses: courses.map((c) => ({ id: c.id, titleKk: c.titleKk, titleRu: c.titleRu })),
	}
}

// ---------------------------------------------------------------- teachers

export type EnrolmentLine = {
	courseId: number
	locale: string
	lessonsDone: number
	required: number
	diagnosticScore: number | null
	finalScore: number | null
	completedAt: string | null
	certificate: { serial: string; revoked: boolean } | null
}

export type TeacherLine = { id: number; fullName: string; gender: GenderKey; enrolments: EnrolmentLine[] }

function enrolmentJoinConditions(f: Filters) {
	return [
		f.courseId ? sql`e.course_id = ${f.courseId}` : null,
		f.from ? sql`${local(sql`e.enrolled_at`)} >= ${monthStart(f.from)}` : null,
		f.to ? sql`${local(sql`e.enrolled_at`)} < ${monthStart(nextMonth(f.to))}` : null,
	].filter((c): c is SQL => c !== null)
}

/** The school's teachers, each with their courses, progress and certificates (school targets only). */
export async function getSchoolTeachers({ target, filters }: { target: AllowedTarget & { level: 'school' }; filters: Filters }) {
	const db = await getReportDb()
	const joinOn = [sql`e.user_id = u.id`, ...enrolmentJoinConditions(filters)]
	const [rows, courses] = await Promise.all([
		queryRows<{
			id: number
			full_name: string
			gender: GenderKey
			course_id: number | null
			locale: string | null
			lessons_done: number | null
			diagnostic_score: number | null
			final_score: number | null
			completed_at: string | null
			serial: string | null
			revoked: boolean | null
		}>(
			db,
			sql`select u.id, u.full_name, coalesce(u.gender, 'none') as gender, e.course_id, e.locale, e.lessons_done,
				e.diagnostic_score, e.final_score, to_char(${local(sql`e.completed_at`)}, 'YYYY-MM-DD') as completed_at,
				c.serial, c.revoked_at is not null as revoked
				from users u
				left join enrolments e on ${sql.join(joinOn, sql` and `)}
				left join certificates c on c.user_id = e.user_id and c.course_id = e.course_id
				${where([sql`u.school_id = ${target.schoolId}`, genderCondition(sql`u.gender`, filters.gender)])}
				order by u.full_name, u.id, e.course_id`,
		),
		listCourses(db),
	])
	const required = new Map(courses.map((c) => [c.id, c.required]))
	const teachers: TeacherLine[] = []
	for (const r of rows) {
		let teacher = teachers[teachers.length - 1]
		if (!teacher || teacher.id !== r.id) {
			teacher = { id: r.id, fullName: r.full_name, gender: r.gender, enrolments: [] }
			teachers.push(teacher)
		}
		if (r.course_id == null) continue
		teacher.enrolments.push({
			courseId: r.course_id,
			locale: r.locale ?? '',
			lessonsDone: r.lessons_done ?? 0,
			required: required.get(r.course_id) ?? 0,
			diagnosticScore: r.diagnostic_score,
			finalScore: r.final_score,
			completedAt: r.completed_at,
			certificate: r.serial ? { serial: r.serial, revoked: Boolean(r.revoked) } : null,
		})
	}
	return { teachers, courses }
}

export type TeacherSummary = {
	id: number
	full_name: string
	gender: GenderKey
	school_kk: string
	school_ru: string
	district_kk: string
	district_ru: string
	region_kk: string
	region_ru: string
	enrolled: number
	completed: number
	certified: number
}

/**
 * Every teacher of the target with their totals, in pages of `batch` by id (keyset), so that
 * an export of the whole country streams in constant memory on either driver.
 */
export async function* teacherSummaries({ target, filters, batch = 5000 }: { target: AllowedTarget; filters: Filters; batch?: number }) {
	const db = await getReportDb()
	const place =
		target.level === 'school'
			? sql`u.school_id = ${target.schoolId}`
			: target.level === 'district'
				? sql`u.school_id in (select id from schools where district_id = ${target.districtId})`
				: target.level === 'region'
					? sql`u.school_id in (select s.id from schools s join districts d on d.id = s.district_id where d.region_id = ${target.regionId})`
					: sql`u.school_id is not null`
	const enrolmentsOf = [sql`e.user_id = u.id`, ...enrolmentJoinConditions(filters)]
	let after = 0
	for (;;) {
		// Each teacher's enrolments are counted through the covering index (user_id first), and
		// their valid certificates looked up once per teacher: a join with enrolments made the
		// planner read all 1,000,000 of them and sort on disk for every batch (943 → 77 ms a batch).
		const rows = await queryRows<TeacherSummary>(
			db,
			sql`select u.id, u.full_name, coalesce(u.gender, 'none') as gender,
				s.name_kk as school_kk, s.name_ru as school_ru, d.name_kk as district_kk, d.name_ru as district_ru,
				r.name_kk as region_kk, r.name_ru as region_ru, x.enrolled, x.completed, x.certified
				from (select u.id, u.full_name, u.gender, u.school_id,
						${certifiedCourses} as certified_courses
					from users u ${where([sql`u.id > ${after}`, place, genderCondition(sql`u.gender`, filters.gender)])} order by u.id limit ${batch}) u
				join schools s on s.id = u.school_id
				join districts d on d.id = s.district_id
				join regions r on r.id = d.region_id
				cross join lateral (select count(*)::int as enrolled, count(e.completed_at)::int as completed,
					(count(*) filter (where e.completed_at is not null and e.course_id = any(u.certified_courses)))::int as certified
					from enrolments e where ${sql.join(enrolmentsOf, sql` and `)}) x
				order by u.id`,
		)
		if (rows.length === 0) return
		yield rows
		const last = rows[rows.length - 1]
		if (!last || rows.length < batch) return
		after = last.id
	}
}

// ---------------------------------------------------------------- summaries

// Versioned: a build whose summaries have a new shape rebuilds them on first use instead of reading empty tables.
const SUMMARIES = 'summaries-v2'
const REFRESH_LOCK = 727_006
const STALE_AFTER_MS = 10 * 60 * 1000
let backgroundRefresh: Promise<unknown> | null = null

/**
 * Rebuilds the region/country summaries from the learning tables in one transaction, set-based.
 * Readers keep seeing the previous summaries until it commits. With wait false, returns
 * without doing anything when another process is already rebuilding.
 */
export async function refreshReportSummaries({ wait = true }: { wait?: boolean } = {}) {
	const db = await getReportDb()
	const started = Date.now()
	return db.transaction(async (tx) => {
		if (wait) await tx.execute(sql`select pg_advisory_xact_lock(${REFRESH_LOCK})`)
		else {
			const [lock] = await queryRows<{ ok: boolean }>(tx, sql`select pg_try_advisory_xact_lock(${REFRESH_LOCK}) as ok`)
			if (!lock?.ok) return { refreshedAt: new Date(), skipped: true }
		}
		const gain = gainExpr
		await tx.execute(sql`delete from report_enrolment_stats`)
		await tx.execute(sql`insert into report_enrolment_stats
			(district_id, course_id, gender, locale, month, enrolled, completed, certified, gain_n, gain_sum, gain_lt0, gain0, gain10, gain20, gain30, gain50)
			select s.district_id, e.course_id, coalesce(u.gender, 'none'), e.locale, date_trunc('month', ${local(sql`e.enrolled_at`)})::date,
				count(*), count(e.completed_at), count(c.id) filter (where c.revoked_at is null),
				count(${gain}), coalesce(sum(${gain}), 0),
				count(*) filter (where ${gain} < 0), count(*) filter (where ${gain} >= 0 and ${gain} < 10),
				count(*) filter (where ${gain} >= 10 and ${gain} < 20), count(*) filter (where ${gain} >= 20 and ${gain} < 30),
				count(*) filter (where ${gain} >= 30 and ${gain} < 50), count(*) filter (where ${gain} >= 50)
			from enrolments e
			join users u on u.id = e.user_id
			join schools s on s.id = u.school_id
			left join certificates c on c.user_id = e.user_id and c.course_id = e.course_id
			group by 1, 2, 3, 4, 5`)
		await tx.execute(sql`delete from report_enrolment_totals`)
		await tx.execute(sql`insert into report_enrolment_totals
			(district_id, course_id, gender, locale, enrolled, completed, certified, gain_n, gain_sum, gain_lt0, gain0, gain10, gain20, gain30, gain50)
			select district_id, course_id, gender, locale, sum(enrolled), sum(completed), sum(certified), sum(gain_n), sum(gain_sum),
				sum(gain_lt0), sum(gain0), sum(gain10), sum(gain20), sum(gain30), sum(gain50)
			from report_enrolment_stats group by 1, 2, 3, 4`)
		await tx.execute(sql`delete from report_completion_stats`)
		await tx.execute(sql`insert into report_completion_stats (district_id, course_id, gender, locale, month, completed)
			select s.district_id, e.course_id, coalesce(u.gender, 'none'), e.locale, date_trunc('month', ${local(sql`e.completed_at`)})::date, count(*)
			from enrolments e join users u on u.id = e.user_id join schools s on s.id = u.school_id
			where e.completed_at is not null
			group by 1, 2, 3, 4, 5`)
		await tx.execute(sql`delete from report_teacher_stats`)
		await tx.execute(sql`insert into report_teacher_stats (district_id, gender, teachers)
			select s.district_id, coalesce(u.gender, 'none'), count(*)
			from users u join schools s on s.id = u.school_id
			group by 1, 2`)
		// Fresh statistics, or the planner keeps estimating from the previous (or empty) tables.
		await tx.execute(sql`analyze report_enrolment_stats, report_enrolment_totals, report_completion_stats, report_teacher_stats`)
		const refreshedAt = new Date()
		const durationMs = Date.now() - started
		await tx
			.insert(reportRefreshes)
			.values({ id: SUMMARIES, refreshedAt, durationMs })
			.onConflictDoUpdate({ target: reportRefreshes.id, set: { refreshedAt, durationMs } })
		return { refreshedAt, skipped: false }
	})
}
