// A/B on a loaded machine: the same assignment pages from an old build (BENCH_OLD_DIR, e.g. `git archive <commit>`
// unpacked with node_modules linked and `npm run build` run there) and this build, one request at a time, alternating,
// against the same database at the same moment. See bench/README.md, "Assignments".
// Usage: BENCH_OLD_DIR=/tmp/old DATABASE_URL=… node bench/assignments-ab.mjs   # ROUNDS=30
import { spawn } from 'node:child_process'
import postgres from 'postgres'
const db = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/ortaq_bench_assignments'
if (!process.env.BENCH_OLD_DIR) throw new Error('set BENCH_OLD_DIR to the folder of the old build')
const sql = postgres(db, { max: 1, onnotice: () => {} })
const rounds = Number(process.env.ROUNDS ?? 30)
const servers = [['old', process.env.BENCH_OLD_DIR, 3318], ['new', process.cwd(), 3317]].map(([name, dir, port]) => ({
	name, port, base: `http://127.0.0.1:${port}`,
	proc: spawn('node', ['server.js'], { cwd: dir, env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: db, PORT: String(port), WEB_CONCURRENCY: '1', COOKIE_SECURE: 'false' }, stdio: 'ignore' }),
}))
async function up(s) { for (let i = 0; i < 200; i++) { try { if ((await fetch(`${s.base}/kk/`)).ok) return } catch {} await new Promise((r) => setTimeout(r, 300)) } throw new Error('no server') }
async function login(s, email) {
	const res = await fetch(`${s.base}/ru/login`, { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ email, password: 'ortaq-demo-2026' }) })
	return (res.headers.get('set-cookie') ?? '').split(';')[0]
}
const [{ id: regionId }] = await sql`select id from regions where code = 'almaty-region'`
const [{ districtId }] = await sql`select r.district_id as "districtId" from user_roles r join users u on u.id = r.user_id where u.email = 'methodologist@demo.ortaq.kz' and r.role = 'methodologist'`
const [{ courseId }] = await sql`select c.id as "courseId" from courses c join course_revisions r on r.course_id = c.id and r.status = 'published' order by c.id limit 1`
const [region] = await sql`insert into assignments (course_id, region_id, district_id, target, due_on) values (${courseId}, ${regionId}, null, 'region', current_date + 20) returning id`
const [district] = await sql`insert into assignments (course_id, region_id, district_id, target, due_on) values (${courseId}, ${regionId}, ${districtId}, 'district', current_date + 20) returning id`
try {
	for (const s of servers) await up(s)
	for (const s of servers) { s.admin = await login(s, 'admin@demo.ortaq.kz'); s.meth = await login(s, 'methodologist@demo.ortaq.kz') }
	const page = await (await fetch(`${servers[1].base}/ru/assignments/${region.id}`, { headers: { cookie: servers[1].admin } })).text()
	const school = /assignments\/\d+\?school=(\d+)/.exec(page)?.[1]
	const pages = [['region report', `/ru/assignments/${region.id}`, 'admin'], ['one school', `/ru/assignments/${region.id}?school=${school}`, 'admin'], ['district report', `/ru/assignments/${district.id}`, 'meth'], ['district dashboard', '/ru/reports', 'meth']]
	console.log('| page | old median | old min | new median | new min | (ms, one request at a time) |\n|---|---|---|---|---|---|')
	for (const [label, path, who] of pages) {
		const times = { old: [], new: [] }
		for (let i = 0; i < rounds + 2; i++) for (const s of servers) {
			const t = performance.now()
			const r = await fetch(`${s.base}${path}`, { headers: { cookie: s[who], 'accept-encoding': 'gzip' } })
			await r.arrayBuffer()
			if (r.status !== 200) throw new Error(`${s.name} ${path} ${r.status}`)
			if (i >= 2) times[s.name].push(performance.now() - t)
		}
		const med = (a) => Math.round([...a].sort((x, y) => x - y)[Math.floor(a.length / 2)])
		const min = (a) => Math.round(Math.min(...a))
		console.log(`| ${label} | ${med(times.old)} | ${min(times.old)} | ${med(times.new)} | ${min(times.new)} |`)
	}
} finally {
	await sql`delete from assignments where id in (${region.id}, ${district.id})`
	for (const s of servers) s.proc.kill('SIGTERM')
	await sql.end()
}
