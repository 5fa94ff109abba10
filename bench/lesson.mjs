// Lesson page under load, for a logged-in teacher, on PostgreSQL; then the bytes a browser
// downloads for a cold lesson view. Usage: node bench/lesson.mjs (see bench/README.md).
import { spawn, execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import autocannon from 'autocannon'
import { chromium } from '@playwright/test'

const port = Number(process.env.BENCH_PORT ?? 3350)
const base = `http://127.0.0.1:${port}`
const adminUrl = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
// BENCH_DATABASE_URL: measure on an existing database instead, such as the national-scale one of
// `npm run db:fake` (100,000 teachers, 10,000,000 lesson-progress rows); it is kept, and the
// benchmark's learners are deleted from it at the end.
const existing = process.env.BENCH_DATABASE_URL
const dbName = 'ortaq_bench_lesson'
const duration = Number(process.env.BENCH_SECONDS ?? 20)
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50)
const workers = Number(process.env.WEB_CONCURRENCY ?? 2)
const learners = Number(process.env.BENCH_LEARNERS ?? 2000)

function psql(sql, url = adminUrl) {
	return execFileSync('psql', [url, '-qAtc', sql], { encoding: 'utf8' })
}

function wrkSummary(out) {
	const ms = (label) => {
		const m = new RegExp(`${label}%\\s+([\\d.]+)(us|ms|s)`).exec(out)
		return m ? Math.round(Number(m[1]) * (m[2] === 'us' ? 0.001 : m[2] === 's' ? 1000 : 1) * 10) / 10 : null
	}
	return {
		tool: 'wrk -t1',
		requestsPerSecond: Math.round(Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0)),
		latencyP50ms: ms('50'),
		latencyP99ms: ms('99'),
		errors: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0) + (/Socket errors: (.*)/.exec(out)?.[1]?.match(/\d+/g)?.reduce((a, b) => a + Number(b), 0) ?? 0),
		totalRequests: Number(/(\d+) requests in/.exec(out)?.[1] ?? 0),
	}
}

function autocannonSummary(result, extra = {}) {
	return {
		tool: 'autocannon',
		...extra,
		requestsPerSecond: Math.round(result.requests.average),
		latencyP50ms: result.latency.p50,
		latencyP99ms: result.latency.p99,
		errors: result.errors + result.timeouts + result.non2xx,
		totalRequests: result.requests.total,
	}
}

/**
 * Teachers of the demo teacher's school, each signed in (a session token the benchmark knows),
 * enrolled in the course with a different set of lessons done, and each reading one of its
 * lessons in Kazakh or Russian: the pages differ in name, outline and "mark as done".
 */
function createLearners(url, slug, count) {
	const first = ['Айгерім', 'Дана', 'Нұрлан', 'Ерлан', 'Гүлнар', 'Асель', 'Марат', 'Ольга', 'Сергей', 'Жанар', 'Бауыржан', 'Әсел']
	const last = ['Нұрланова', 'Серікұлы', 'Иванова', 'Ким', 'Жақсылықов', 'Оспанова', 'Абдрахманов', 'Петренко', 'Тоқтарова']
	const names = `array[${first.flatMap((f) => last.map((l) => `'${f} ${l}'`)).join(',')}]`
	psql(
		`begin;
		create temporary table bench_lessons as
			select l.id, l.slug, rl.position, row_number() over (order by rl.position) - 1 as n from lessons l
			join revision_lessons rl on rl.lesson_id = l.id
			join course_revisions cr on cr.id = rl.revision_id and cr.status = 'published'
			join courses c on c.id = cr.course_id and c.slug = '${slug}';
		create temporary table bench_users as
			with made as (
				insert into users (email, password_hash, full_name, locale, gender, school_id)
				select 'bench-learner-' || g || '@bench.ortaq.kz', 'no-login', (${names})[1 + g % ${first.length * last.length}],
					case when g % 2 = 0 then 'kk' else 'ru' end, case g % 3 when 0 then 'female' when 1 then 'male' end,
					(select school_id from users where email = 'teacher@demo.ortaq.kz')
				from generate_series(1, ${count}) g
				returning id, email)
			select id, substring(email from 'bench-learner-(\\d+)@')::int as g from made;
		insert into user_roles (user_id, role) select id, 'teacher' from bench_users;
		insert into lesson_progress (user_id, lesson_id) select u.id, l.id from bench_users u join bench_lessons l on (hashint4(u.g) >> l.n::int) & 1 = 1;
		insert into enrolments (user_id, course_id, locale, last_lesson_id, lessons_done)
			select u.id, c.id, case when u.g % 2 = 0 then 'kk' else 'ru' end, (select id from bench_lessons where n = u.g % (select count(*) from bench_lessons)),
				(select count(*) from lesson_progress p where p.user_id = u.id)
			from bench_users u, courses c where c.slug = '${slug}';
		insert into sessions (id, secret_hash, user_id, expires_at)
			select 'benchsession' || g, sha256(convert_to('benchsecret' || g, 'UTF8')), id, now() + interval '30 days' from bench_users;
		commit;`,
		url,
	)
	const slugs = psql(`select l.slug from lessons l join revision_lessons rl on rl.lesson_id = l.id join course_revisions cr on cr.id = rl.revision_id and cr.status = 'published' join courses c on c.id = cr.course_id and c.slug = '${slug}' order by rl.position`, url)
		.trim()
		.split('\n')
	return Array.from({ length: count }, (_, i) => {
		const g = i + 1
		return {
			cookie: `ortaq_session=benchsession${g}.benchsecret${g}; ortaq_lang=${g % 2 === 0 ? 'kk' : 'ru'}`,
			path: `/${g % 2 === 0 ? 'kk' : 'ru'}/courses/${slug}/lessons/${slugs[g % slugs.length]}`,
		}
	})
}

function hasWrk() {
	try {
		execFileSync('wrk', ['--version'], { stdio: 'ignore' })
		return true
	} catch (error) {
		// wrk prints its version and exits with 1
		return error.status === 1
	}
}

async function waitFor(url, ms = 120_000) {
	const until = Date.now() + ms
	while (Date.now() < until) {
		try {
			if ((await fetch(url)).ok) return
		} catch {}
		await new Promise((r) => setTimeout(r, 300))
	}
	throw new Error(`server did not start: ${url}`)
}

if (!fs.existsSync('build/server/index.js')) throw new Error('run `npm run build` first')
const url = new URL(existing ?? adminUrl)
if (!existing) {
	psql(`drop database if exists ${dbName} with (force)`)
	psql(`create database ${dbName}`)
	url.pathname = `/${dbName}`
}
// The tables a lesson page reads (the whole database when it is the benchmark's own, small one).
const settle = existing ? 'vacuum analyze sessions, users, user_roles, enrolments, lesson_progress' : 'vacuum analyze'
const dropLearners = () => psql(`delete from users where email like 'bench-learner-%@bench.ortaq.kz'`, url.toString())
if (existing) dropLearners()
const server = spawn('node', ['server.js'], {
	env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: url.toString(), PORT: String(port), WEB_CONCURRENCY: String(workers), COOKIE_SECURE: 'false' },
	stdio: ['ignore', 'inherit', 'inherit'],
})
try {
	await waitFor(`${base}/kk/`)
	const login = await fetch(`${base}/ru/login`, {
		method: 'POST',
		redirect: 'manual',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ email: 'teacher@demo.ortaq.kz', password: 'ortaq-demo-2026' }),
	})
	const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]
	if (!cookie.startsWith('ortaq_session=')) throw new Error(`login failed: ${login.status}`)
	const catalogue = await (await fetch(`${base}/ru/courses`)).text()
	const slug = /href="\/ru\/courses\/([\w-]+)"/.exec(catalogue)?.[1]
	const coursePage = await (await fetch(`${base}/ru/courses/${slug}`, { headers: { cookie } })).text()
	const lesson = new RegExp(`/ru/courses/${slug}/lessons/([\\w-]+)`).exec(coursePage)?.[1]
	const path = `/ru/courses/${slug}/lessons/${lesson}`
	const check = await fetch(`${base}${path}`, { headers: { cookie } })
	if (check.status !== 200) throw new Error(`lesson page answered ${check.status}`)
	console.log(`Benchmarking ${path} with ${connections} connections for ${duration}s (${workers} app processes)…`)
	// A settled database, as in production: statistics gathered and the seeding's writes flushed,
	// so that neither autovacuum nor a checkpoint of a database created a minute ago runs mid-measurement.
	execFileSync('psql', [url.toString(), '-qAtc', settle], { stdio: 'inherit' })
	execFileSync('psql', [url.toString(), '-qAtc', 'checkpoint'], { stdio: 'inherit' })
	await autocannon({ url: `${base}${path}`, connections, duration: 5, headers: { cookie } }) // warm-up
	const result = await autocannon({ url: `${base}${path}`, connections, duration, headers: { cookie, 'accept-encoding': 'gzip' } })
	console.log(JSON.stringify({ path, ...autocannonSummary(result) }, null, 2))

	// The same load from wrk (C, one thread), when installed (apt-get install wrk): autocannon is a
	// Node process that needs a good part of one of the two cores at these rates, wrk far less.
	if (hasWrk()) {
		const out = execFileSync('wrk', ['-t1', `-c${connections}`, `-d${duration}s`, '--latency', '-H', `cookie: ${cookie}`, '-H', 'accept-encoding: gzip', `${base}${path}`], { encoding: 'utf8' })
		console.log(JSON.stringify(wrkSummary(out), null, 2))
	}

	// Many learners: every request from another teacher (round robin), so the pages differ in name,
	// progress and language, and the kept deflate segments are shared only where pages agree.
	if (learners > 0) {
		const people = createLearners(url.toString(), slug, learners)
		execFileSync('psql', [url.toString(), '-qAtc', settle], { stdio: 'inherit' })
		console.log(`Many learners: ${learners} teachers with different progress, each reading one lesson of ${slug} in kk or ru…`)
		let next = 0
		const requests = [
			{
				setupRequest: (request) => {
					const person = people[next++ % people.length]
					return { ...request, path: person.path, headers: { ...request.headers, cookie: person.cookie, 'accept-encoding': 'gzip' } }
				},
			},
		]
		const check = await fetch(`${base}${people[0].path}`, { headers: { cookie: people[0].cookie } })
		if (check.status !== 200 || !(await check.text()).includes('class="outline"')) throw new Error(`a bench learner's lesson page answered ${check.status}`)
		await autocannon({ url: base, connections, duration: 5, requests }) // every learner's first view (it remembers the lesson) and warm-up
		const many = await autocannon({ url: base, connections, duration, requests })
		console.log(JSON.stringify(autocannonSummary(many, { learners }), null, 2))
		if (hasWrk()) {
			const script = `${os.tmpdir()}/ortaq-bench-learners-${process.pid}.lua`
			fs.writeFileSync(
				script,
				`local people = {${people.map((p) => `{${JSON.stringify(p.path)}, ${JSON.stringify(p.cookie)}}`).join(',')}}\nlocal i = 0\nrequest = function()\n  i = i % #people + 1\n  local p = people[i]\n  return wrk.format("GET", p[1], { ["Cookie"] = p[2], ["Accept-Encoding"] = "gzip" })\nend\n`,
			)
			try {
				const out = execFileSync('wrk', ['-t1', `-c${connections}`, `-d${duration}s`, '--latency', '-s', script, base], { encoding: 'utf8' })
				console.log(JSON.stringify({ ...wrkSummary(out), learners }, null, 2))
			} finally {
				fs.rmSync(script, { force: true })
			}
		}
	}

	// Cold load in a real browser, JavaScript on, empty cache, gzip: count bytes on the wire.
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
	})
	const context = await browser.newContext()
	await context.addCookies([{ name: 'ortaq_session', value: cookie.split('=')[1], url: base }])
	const page = await context.newPage()
	const cdp = await context.newCDPSession(page)
	await cdp.send('Network.enable')
	await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })
	let bytes = 0
	const byType = {}
	const types = new Map()
	cdp.on('Network.responseReceived', (e) => types.set(e.requestId, e.type))
	cdp.on('Network.loadingFinished', (e) => {
		bytes += e.encodedDataLength
		const type = types.get(e.requestId) ?? 'Other'
		byType[type] = (byType[type] ?? 0) + e.encodedDataLength
	})
	await page.goto(`${base}${path}`, { waitUntil: 'networkidle' })
	await browser.close()
	console.log(JSON.stringify({ coldLoadKB: +(bytes / 1024).toFixed(1), byTypeKB: Object.fromEntries(Object.entries(byType).map(([k, v]) => [k, +(v / 1024).toFixed(1)])) }, null, 2))
} finally {
	server.kill('SIGTERM')
	await new Promise((r) => server.once('exit', r))
	if (existing) dropLearners()
	else psql(`drop database if exists ${dbName} with (force)`)
}
