// National-scale data for the reporting benchmark, generated set-based in PostgreSQL.
//   npm run db:fake -- --teachers 100000
// Recreates the database named in DATABASE_URL (default: ortaq_bench_reports on the local
// server), prepares it the way the server does (migrations, geography, demo accounts, courses),
// then adds schools, teachers, ten enrolments per teacher, lesson progress and certificates with
// INSERT … SELECT over generate_series — no row-by-row inserts — and builds the report summaries.
import { parseArgs } from 'node:util'
import postgres from 'postgres'

const { values: args } = parseArgs({
	options: {
		teachers: { type: 'string', default: '100000' },
		'per-teacher': { type: 'string', default: '10' },
		keep: { type: 'boolean', default: false },
	},
})
const teachers = Number(args.teachers)
const perTeacher = Number(args['per-teacher'])
if (!Number.isSafeInteger(teachers) || teachers < 1) throw new Error('--teachers must be a positive whole number')
if (!Number.isSafeInteger(perTeacher) || perTeacher < 1 || perTeacher > 12) throw new Error('--per-teacher must be 1–12')

const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/ortaq_bench_reports')
const dbName = url.pathname.slice(1)
if (!/^[a-z_][a-z0-9_]*$/.test(dbName)) throw new Error(`unexpected database name ${dbName}`)
process.env.DATABASE_URL = url.toString()

async function step<T>(name: string, run: () => Promise<T>) {
	const started = Date.now()
	const result = await run()
	console.log(`${name}: ${((Date.now() - started) / 1000).toFixed(1)} s`)
	return result
}

if (!args.keep) {
	const maintenance = new URL(url)
	maintenance.pathname = '/postgres'
	const admin = postgres(maintenance.toString(), { max: 1, onnotice: () => {} })
	await admin.unsafe(`drop database if exists ${dbName} with (force)`)
	await admin.unsafe(`create database ${dbName}`)
	await admin.end()
}

const { prepare } = await import('#app/modules/startup.server.ts')
const { refreshReportSummaries } = await import('#app/modules/reporting/reports.server.ts')
const { closeDb } = await import('#app/db/client.server.ts')
await step('prepare (migrations, geography, demo accounts, courses)', () => prepare())

const sql = postgres(url.toString(), { max: 1, onnotice: () => {} })
const started = Date.now()
await sql`select setseed(0.2026)`
// The data is consistent by construction: skip per-row foreign-key triggers while loading. This also
// skips the report-version triggers (ADR 006, "Revision 4"), which is right here: the database is new,
// and a server started on it afterwards has no kept dashboard figures.
await sql`set session_replication_role = replica`
await sql`set work_mem = '256MB'`
await sql`set maintenance_work_mem = '1GB'`

await step('schools', async () => {
	const [{ districts = 1 } = {}] = await sql<{ districts: number }[]>`select count(*)::int as districts from districts`
	const perDistrict = Math.max(1, Math.ceil(teachers / 40 / districts))
	await sql`insert into schools (district_id, code, name_kk, name_ru)
		select d.id, 'bench-' || g, g || ' жалпы білім беретін мектеп', 'Общеобразовательная школа № ' || g
		from districts d, generate_series(1, ${perDistrict}) g`
})

await step('courses (nine more, 24 lessons each, archived so that the catalogue ignores them)', async () => {
	await sql`insert into courses (slug, topic) select 'bench-course-' || g, 'inclusion' from generate_series(1, 9) g`
	await sql`insert into course_revisions (course_id, number, status, hours, pass_threshold, title_kk, title_ru, summary_kk, summary_ru, source)
		select id, 1, 'archived', 36, 70, 'Сынақ курсы ' || substr(slug, 14), 'Тестовый курс ' || substr(slug, 14), '', '', 'content'
		from courses where slug like 'bench-course-%'`
	await sql`insert into lessons (course_id, slug) select c.id, 'lesson-' || g from courses c, generate_series(1, 24) g where c.slug like 'bench-course-%'`
	await sql`insert into revision_lessons (revision_id, lesson_id, position, required)
		select cr.id, l.id, substr(l.slug, 8)::int, true
		from lessons l join course_revisions cr on cr.course_id = l.course_id join courses c on c.id = l.course_id
		where c.slug like 'bench-course-%'`
})

// Positions as a school's staff might be (ADR 019): a quarter primary teachers, half subject teachers (each
// with a subject), the rest specialists and deputies, 5% not recorded; `share` is a number 0..99 per teacher.
const { positions: allPositions, subjects } = await import('#app/db/schema/users.ts')
const positionShares: [(typeof allPositions)[number], number][] = [
	['primaryTeacher', 25], ['subjectTeacher', 75], ['specialEducator', 79], ['speechTherapist', 82], ['psychologist', 85],
	['socialPedagogue', 87], ['tutor', 89], ['teacherAssistant', 92], ['deputyDirector', 95],
]
const positionOf = (share: ReturnType<typeof sql>) =>
	sql`case ${positionShares.reduce((acc, [p, upTo]) => sql`${acc} when ${share} < ${upTo} then ${p}`, sql``)} end`

await step(`teachers (${teachers})`, async () => {
	await sql`with school_list as (select array_agg(id order by id) as ids from schools)
		insert into users (email, password_hash, full_name, locale, gender, school_id, position, subject, created_at)
		select 'teacher' || g || '@bench.ortaq.kz', '!', 
			case when g % 10 < 6
				then (array['Айгерім','Гүлнар','Мария','Динара','Светлана','Әсел','Жанар','Ольга'])[1 + g % 8] || ' ' || (array['Нұрланова','Иванова','Сейітова','Ким','Бекова','Петрова'])[1 + (g / 8) % 6]
				else (array['Марат','Ерлан','Сергей','Асқар','Дмитрий','Нұрлан','Алексей','Бауыржан'])[1 + g % 8] || ' ' || (array['Жақыпов','Иванов','Серіков','Ли','Оспанов','Смирнов'])[1 + (g / 8) % 6]
			end,
			case when random() < 0.7 then 'kk' else 'ru' end,
			case when g % 10 < 6 then 'female' when g % 10 < 9 then 'male' else null end,
			school_list.ids[1 + (g * 7919) % array_length(school_list.ids, 1)],
			${positionOf(sql`(g * 37) % 100`)},
			case when (g * 37) % 100 between 25 and 74 then (${subjects}::text[])[1 + (g / 3) % ${subjects.length}] end,
			now() - random() * interval '540 days'
		from generate_series(1, ${teachers}) g, school_list`
	await sql`insert into user_roles (user_id, role) select id, 'teacher' from users where email like '%@bench.ortaq.kz'`
})

await step(`enrolments (${perTeacher} per teacher)`, async () => {
	await sql`with course_list as (select array_agg(c.id order by c.id) as ids from courses c),
		sizes as (
			select cr.course_id, count(*)::int as n
			from course_revisions cr join revision_lessons rl on rl.revision_id = cr.id and rl.required
			where cr.status in ('published', 'archived') group by cr.course_id
		),
		picked as (
			select u.id as user_id, course_list.ids[1 + (u.id + k) % array_length(course_list.ids, 1)] as course_id,
				u.created_at + random() * (now() - u.created_at) as enrolled_at, random() as r, random() as r2, random() as r3
			from users u, course_list, generate_series(0, ${perTeacher - 1}) k
			where u.email like '%@bench.ortaq.kz'
		)
		insert into enrolments (user_id, course_id, locale, enrolled_at, last_activity_at, lessons_done, diagnostic_score, final_score, completed_at)
		select p.user_id, p.course_id, case when p.r3 < 0.68 then 'kk' else 'ru' end, p.enrolled_at, p.enrolled_at,
			case when p.r < 0.3 then s.n else floor(p.r2 * s.n * 0.75)::int end,
			case when p.r3 < 0.9 then 25 + floor(p.r2 * 45)::int end,
			case when p.r < 0.3 and p.r3 < 0.9 then least(100, 25 + floor(p.r2 * 45)::int + floor(p.r * 150)::int - 8) end,
			case when p.r < 0.3 then least(now(), p.enrolled_at + (1 + p.r2 * 90) * interval '1 day') end
		from picked p join sizes s on s.course_id = p.course_id`
})

await step('lesson progress', async () => {
	await sql`alter table lesson_progress drop constraint lesson_progress_user_id_lesson_id_pk`
	await sql`with lesson_lists as (
			select cr.course_id, array_agg(rl.lesson_id order by rl.position) as ids
			from course_revisions cr join revision_lessons rl on rl.revision_id = cr.id and rl.required
			where cr.status in ('published', 'archived') group by cr.course_id
		)
		insert into lesson_progress (user_id, lesson_id, completed_at)
		select e.user_id, ll.ids[k], e.enrolled_at + k * interval '1 day'
		from enrolments e join lesson_lists ll on ll.course_id = e.course_id, generate_series(1, e.lessons_done) k
		where e.lessons_done > 0`
	await sql`alter table lesson_progress add constraint lesson_progress_user_id_lesson_id_pk primary key (user_id, lesson_id)`
})

await step('certificates (2% revoked)', async () => {
	await sql`insert into certificates (serial, code, user_id, course_id, revision_id, holder_name, course_title_kk, course_title_ru, hours, score, issued_at, revoked_at, revoked_reason)
		select 'B-' || e.id, md5('bench' || e.id), e.user_id, e.course_id, cr.id, u.full_name, cr.title_kk, cr.title_ru, cr.hours,
			coalesce(e.final_score, 70), e.completed_at,
			case when e.id % 50 = 0 then e.completed_at + interval '7 days' end,
			case when e.id % 50 = 0 then 'bench' end
		from enrolments e
		join users u on u.id = e.user_id
		join lateral (select * from course_revisions r where r.course_id = e.course_id order by r.number desc limit 1) cr on true
		where e.completed_at is not null`
})

await sql`set session_replication_role = origin`
// VACUUM as well: it sets the visibility map that a settled table has in production (autovacuum
// does the same after bulk inserts), so report queries get the index-only scans of ADR 006.
await step('vacuum analyze', () => sql`vacuum analyze`)
const [counts] = await sql<{ teachers: number; schools: number; enrolments: number; progress: number; certificates: number }[]>`
	select (select count(*)::int from users where school_id is not null) as teachers,
		(select count(*)::int from schools) as schools,
		(select count(*)::int from enrolments) as enrolments,
		(select count(*)::int from lesson_progress) as progress,
		(select count(*)::int from certificates) as certificates`
await sql.end()
console.log(`generated in ${((Date.now() - started) / 1000).toFixed(1)} s:`, counts)
const refreshed = await step('report summaries', () => refreshReportSummaries())
console.log(`summaries refreshed at ${refreshed.refreshedAt.toISOString()}`)
await closeDb()
