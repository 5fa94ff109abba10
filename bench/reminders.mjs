// A reminder run at national scale (ADR 016): one region-wide assignment per region, all due three
// Almaty days from now, so the 3-day point is due for every teacher of the country at once; one
// runReminders() of the built server sends them through a pooled SMTP transport to a local smtp-server
// that discards what it receives. Reports the time, messages/s and the deliveries recorded.
// Needs `npm run build` and `npm run db:fake -- --teachers 100000` (bench/README.md, "Reminders").
// Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/ortaq_bench_reminders node bench/reminders.mjs
//   BENCH_REGIONS=3 (only the largest N regions), SMTP_CONNECTIONS=4
import fs from 'node:fs'
import os from 'node:os'
import postgres from 'postgres'
import { SMTPServer } from 'smtp-server'

const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/ortaq_bench_reminders'
process.env.DATABASE_URL = databaseUrl
process.env.JOBS = 'off'
process.env.PUBLIC_URL ??= 'https://ortaq.example.kz'
const regionsLimit = Number(process.env.BENCH_REGIONS ?? 0)
const connections = Number(process.env.SMTP_CONNECTIONS ?? 4)
if (!fs.existsSync('build/server/index.js')) throw new Error('run `npm run build` first')

let received = 0
const sink = new SMTPServer({
	authOptional: true,
	disabledCommands: ['STARTTLS', 'AUTH'],
	logger: false,
	onData(stream, _session, callback) {
		stream.on('data', () => {})
		stream.on('end', () => {
			received += 1
			callback()
		})
	},
})
await new Promise((resolve) => sink.listen(0, '127.0.0.1', resolve))
const smtpUrl = `smtp://127.0.0.1:${sink.server.address().port}`

const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} })
const { entry } = await import('../build/server/index.js')
const { runReminders, createMailer } = entry.module

const now = new Date()
const today = new Date(now.getTime() + 5 * 3_600_000).toISOString().slice(0, 10)
const due = new Date(Date.parse(`${today}T00:00:00Z`) + 3 * 86_400_000).toISOString().slice(0, 10)
const [course] = await sql`select c.id from courses c where exists (select 1 from course_revisions r where r.course_id = c.id and r.status = 'published') order by c.id limit 1`
const regions = await sql`select g.id, g.code, count(u.id)::int as teachers from regions g join districts d on d.region_id = g.id join schools s on s.district_id = d.id join users u on u.school_id = s.id
	group by g.id order by teachers desc ${regionsLimit > 0 ? sql`limit ${regionsLimit}` : sql``}`
const created = await sql`insert into assignments (course_id, region_id, target, due_on, note)
	select ${course.id}, id, 'region', ${due}::date, 'bench/reminders.mjs' from unnest(${regions.map((r) => r.id)}::int[]) as id returning id`
const ids = created.map((r) => r.id)
const [{ eligible }] = await sql`select count(*)::int as eligible from users u join schools s on s.id = u.school_id join districts d on d.id = s.district_id
	where d.region_id = any(${regions.map((r) => r.id)}::int[])
	and not exists (select 1 from enrolments e where e.user_id = u.id and e.course_id = ${course.id} and e.completed_at is not null)`
console.log(`${ids.length} region-wide assignments due ${due}; ${regions.reduce((n, r) => n + r.teachers, 0)} teachers targeted, ${eligible} not done; load ${os.loadavg()[0].toFixed(1)}`)

try {
	const mailer = await createMailer({ url: smtpUrl, connections })
	const started = performance.now()
	const result = await runReminders({ now, mailer, points: [14, 3, -1] })
	const seconds = (performance.now() - started) / 1000
	mailer.close()
	const [{ deliveries }] = await sql`select count(*)::int as deliveries from reminder_deliveries where assignment_id = any(${ids}::int[]) and sent_at is not null`
	console.log(JSON.stringify({ sent: result.sent, failed: result.failed, received, deliveries, seconds: Math.round(seconds * 10) / 10, perSecond: Math.round(result.sent / seconds), load: os.loadavg()[0].toFixed(1) }))
	// A second run finds every reminder delivered and sends nothing.
	const againStarted = performance.now()
	const again = await runReminders({ now, mailer: await createMailer({ url: smtpUrl, connections }), points: [14, 3, -1] })
	console.log(JSON.stringify({ secondRun: again.sent, seconds: Math.round((performance.now() - againStarted) / 100) / 10 }))
} finally {
	await sql`delete from notifications where dedupe_key like 'assignment.reminder:%' and (split_part(dedupe_key, ':', 2))::int = any(${ids}::int[])`
	await sql`delete from assignments where id = any(${ids}::int[])`
	await sql.end()
	await entry.module.closeDb?.()
	sink.close()
	process.exit(0)
}
