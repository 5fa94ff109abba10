// Soak and faults: virtual teachers follow a whole course journey against `server.js` on
// PostgreSQL, with methodologists and an author alongside, optionally through a fault (PostgreSQL
// restarted or stopped, an app process killed); at the end every write the server acknowledged
// is looked up in the database. Usage: see bench/README.md, "Soak and faults".
import { execFileSync, spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const env = process.env
const seconds = Number(env.SOAK_SECONDS ?? 300)
const teacherCount = Number(env.SOAK_TEACHERS ?? 200)
const fault = env.SOAK_FAULT ?? 'none'
const faultAt = Number(env.SOAK_FAULT_AT ?? 120) // seconds after the load starts
const stopSeconds = Number(env.SOAK_STOP_SECONDS ?? 20)
const thinkMs = Number(env.SOAK_THINK_MS ?? 5000) // mean pause between a user's requests
const rampSeconds = Number(env.SOAK_RAMP_SECONDS ?? Math.min(60, seconds / 4)) // teachers arrive over this time
const timeoutMs = Number(env.SOAK_TIMEOUT_MS ?? 15_000) // every request is abandoned after this
const port = Number(env.SOAK_PORT ?? 3360)
const workers = Number(env.WEB_CONCURRENCY ?? 2)
const adminUrl = env.SOAK_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const dbName = 'ortaq_soak'
const base = `http://127.0.0.1:${port}` // only ever this address
const password = 'ortaq-demo-2026'
const pgVersion = env.SOAK_PG_VERSION ?? fs.readdirSync('/etc/postgresql')[0]
if (!['none', 'pg-restart', 'pg-stop', 'kill-worker'].includes(fault)) throw new Error(`SOAK_FAULT: none | pg-restart | pg-stop | kill-worker, not ${fault}`)
if (!fs.existsSync('build/server/index.js')) throw new Error('run `npm run build` first')

const psql = (sql, url = dbUrl()) => execFileSync('psql', [url, '-qAtc', sql], { encoding: 'utf8', timeout: 60_000 })
function dbUrl() {
	const u = new URL(adminUrl)
	u.pathname = `/${dbName}`
	return u.toString()
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
const think = () => sleep(thinkMs * (0.5 + Math.random()))

// ---------------------------------------------------------------- measuring
const t0 = { load: 0 }
const steps = new Map() // step → { times: [], statuses: {} }
const log = [] // every response: [seconds since start, step, status]
const samples5xx = []
function record(step, status, ms) {
	let s = steps.get(step)
	if (!s) steps.set(step, (s = { times: [], statuses: {} }))
	s.times.push(ms)
	s.statuses[status] = (s.statuses[status] ?? 0) + 1
	log.push([(performance.now() - t0.load) / 1000, step, status])
}
const unavailableTitles = JSON.parse(fs.readFileSync('app/locales/errors.json', 'utf8'))
const isLocalized503 = (lang, text) => text.includes(unavailableTitles[lang].unavailable.title)

/** One request, bounded by the timeout; null when it failed without an answer. */
async function request(step, method, pathname, options = {}) {
	// A second bound besides the fetch's own signal: an answer whose body stalls must not hold a user for ever.
	let timer
	const bound = new Promise((resolve) => (timer = setTimeout(() => resolve('bound'), timeoutMs + 2000)))
	const started = performance.now()
	const result = await Promise.race([attempt(step, method, pathname, options), bound])
	clearTimeout(timer)
	if (result === 'bound') {
		record(step, 'timeout', performance.now() - started)
		return null
	}
	return result
}

async function attempt(step, method, pathname, { cookie, form, lang = 'ru' } = {}) {
	const started = performance.now()
	try {
		const res = await fetch(base + pathname, {
			method,
			redirect: 'manual',
			headers: {
				...(cookie ? { cookie } : {}),
				...(form ? { 'content-type': 'application/x-www-form-urlencoded', origin: base } : {}),
			},
			body: form ? new URLSearchParams(form).toString() : undefined,
			signal: AbortSignal.timeout(timeoutMs),
		})
		const buffer = Buffer.from(await res.arrayBuffer())
		let status = String(res.status)
		const text = /^(text|application\/json)/.test(res.headers.get('content-type') ?? '') ? buffer.toString('utf8') : ''
		if (res.status === 503) status = res.headers.get('retry-after') && isLocalized503(lang, text) ? '503' : '503 (not localized or no Retry-After)'
		if (res.status >= 500 && samples5xx.length < 20) samples5xx.push({ step, pathname, status: res.status, retryAfter: res.headers.get('retry-after'), body: text.slice(0, 300) })
		record(step, status, performance.now() - started)
		return { status: res.status, headers: res.headers, text, bytes: buffer.length }
	} catch (error) {
		record(step, error?.name === 'TimeoutError' ? 'timeout' : 'no answer', performance.now() - started)
		return null
	}
}

// ---------------------------------------------------------------- acknowledged writes
const acks = { enrolments: new Set(), lessons: new Set(), attempts: new Set(), certificates: new Set(), drafts: [] }

// ---------------------------------------------------------------- content: the answers
const courses = fs
	.readdirSync('content/courses')
	.filter((slug) => fs.existsSync(`content/courses/${slug}/course.json`))
	.map((slug) => {
		const dir = `content/courses/${slug}`
		const read = (file) => (fs.existsSync(path.join(dir, file)) ? JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) : null)
		const course = read('course.json')
		return {
			slug,
			lessons: course.lessons.map((l) => ({ slug: l.slug, quiz: read(`lessons/${l.slug}/quiz.json`) })),
			diagnostic: read('diagnostic.json'),
			final: read('final.json'),
		}
	})

function quizForm(html) {
	const form = /<form class="quiz[^"]*"[^>]*>([\s\S]*?)<\/form>/.exec(html)?.[1]
	if (!form) return null
	return { quizId: /name="quizId" value="(\d+)"/.exec(form)?.[1], nonce: /name="nonce" value="([^"]+)"/.exec(form)?.[1] }
}

function answers(quiz, correctly) {
	const fields = []
	for (const q of quiz.questions) {
		const right = q.options.filter((o) => o.correct).map((o) => o.id)
		const chosen = correctly ? right : [(q.options.find((o) => !o.correct) ?? q.options[0]).id]
		for (const id of chosen) fields.push([`q:${q.id}`, id])
	}
	return fields
}

// ---------------------------------------------------------------- users
let stopping = false
const deadline = () => stopping

async function logIn(step, email, lang) {
	while (!deadline()) {
		const res = await request(step, 'POST', `/${lang}/login`, { form: { email, password }, lang })
		const cookie = res?.headers.get('set-cookie')?.split(';')[0]
		if (res?.status === 302 && cookie?.startsWith('ortaq_session=')) return `${cookie}; ortaq_lang=${lang}`
		await sleep(3000 + Math.random() * 5000) // as a person would press again, after a while
	}
	return null
}

/** A step that must succeed before the journey goes on: repeated (as a reload) until it does. */
async function until(fn, accept) {
	while (!deadline()) {
		const res = await fn()
		if (res && accept(res)) return res
		await sleep(1000 + Math.random() * 2000)
	}
	return null
}
const ok = (r) => r.status === 200
const redirected = (r) => r.status === 302 || r.status === 303

async function answerQuiz(step, url, quiz, html, { cookie, lang, correctly, email }) {
	let page = html
	return until(
		async () => {
			const form = quizForm(page)
			if (!form?.nonce) {
				page = (await request(`${step} (page again)`, 'GET', url, { cookie, lang }))?.text ?? ''
				return null
			}
			const fields = [['intent', 'quiz'], ['quizId', form.quizId], ['nonce', form.nonce], ...answers(quiz, correctly)]
			const res = await request(step, 'POST', url, { cookie, lang, form: fields })
			if (res?.status === 200) acks.attempts.add(`${email}|${form.nonce}`)
			else if (res && res.status !== 400) page = '' // fetch a new form (a new nonce) before trying again
			return res
		},
		ok,
	)
}

async function teacher(n) {
	const email = `soak-teacher-${n}@soak.ortaq.kz`
	const lang = n % 2 === 0 ? 'kk' : 'ru'
	await sleep(Math.random() * rampSeconds * 1000) // arrivals spread over the first minute
	const cookie = await logIn('log in', email, lang)
	if (!cookie) return
	const order = [...courses.keys()].map((i) => courses[(i + n) % courses.length])
	for (const course of order) {
		const at = `/${lang}/courses/${course.slug}`
		await think()
		if (!(await until(() => request('catalogue', 'GET', `/${lang}/courses`, { cookie, lang }), ok))) return
		await think()
		if (!(await until(() => request('course page', 'GET', at, { cookie, lang }), ok))) return
		await think()
		const enrolled = await until(() => request('enrol', 'POST', at, { cookie, lang, form: {} }), redirected)
		if (!enrolled) return
		acks.enrolments.add(`${email}|${course.slug}`)
		if (course.diagnostic) {
			const url = `${at}/assessment/diagnostic`
			const page = await until(() => request('diagnostic page', 'GET', url, { cookie, lang }), ok)
			if (!page) return
			await think()
			if (!(await answerQuiz('diagnostic answers', url, course.diagnostic, page.text, { cookie, lang, email, correctly: Math.random() < 0.5 }))) return
		}
		for (const lesson of course.lessons) {
			const url = `${at}/lessons/${lesson.slug}`
			await think()
			const page = await until(() => request('lesson page', 'GET', url, { cookie, lang }), ok)
			if (!page) return
			if (lesson.quiz) {
				await think()
				const wrongFirst = Math.random() < 0.3
				const first = await answerQuiz('lesson quiz', url, lesson.quiz, page.text, { cookie, lang, email, correctly: !wrongFirst })
				if (!first) return
				// the answer page carries the form again, with a new nonce
				if (wrongFirst && !(await answerQuiz('lesson quiz', url, lesson.quiz, first.text, { cookie, lang, email, correctly: true }))) return
			}
			await think()
			if (!(await until(() => request('mark done', 'POST', url, { cookie, lang, form: { intent: 'complete' } }), redirected))) return
			acks.lessons.add(`${email}|${lesson.slug}`)
		}
		const finalUrl = `${at}/assessment/final`
		await think()
		const finalPage = await until(() => request('final page', 'GET', finalUrl, { cookie, lang }), ok)
		if (!finalPage) return
		let form = finalPage.text
		if (Math.random() < 0.5) {
			await think()
			const failed = await answerQuiz('final answers', finalUrl, course.final, form, { cookie, lang, email, correctly: false })
			if (!failed) return
			form = failed.text
		}
		await think()
		const passed = await answerQuiz('final answers', finalUrl, course.final, form, { cookie, lang, email, correctly: true })
		if (!passed) return
		if (passed.text.includes('notice--success')) acks.certificates.add(`${email}|${course.slug}`)
		await think()
		const mine = await until(() => request('my certificates', 'GET', `/${lang}/my/certificates`, { cookie, lang }), ok)
		if (!mine) return
		const code = new RegExp(`/${lang}/my/certificates/([^/"]+)/pdf`).exec(mine.text)?.[1]
		if (!code) continue
		await think()
		const pdf = await until(() => request('certificate PDF', 'GET', `/${lang}/my/certificates/${code}/pdf`, { cookie, lang }), ok)
		if (!pdf) return
		await think()
		if (!(await until(() => request('verification page', 'GET', `/${lang}/verify/${code}`, { lang }), ok))) return
	}
	// Every course done: the teacher comes back to read, until the end.
	while (!deadline()) {
		await think()
		const course = courses[n % courses.length]
		await request('lesson page', 'GET', `/${lang}/courses/${course.slug}/lessons/${course.lessons[0].slug}`, { cookie, lang })
		await think()
		await request('my learning', 'GET', `/${lang}/my`, { cookie, lang })
	}
}

async function methodologist(districtId) {
	const cookie = await logIn('log in (methodologist)', 'methodologist@demo.ortaq.kz', 'ru')
	let last = 0
	while (cookie && !deadline()) {
		await request('district dashboard', 'GET', `/ru/reports/districts/${districtId}`, { cookie })
		await sleep(2000 + Math.random() * 2000)
		if (Date.now() - last > 30_000) {
			last = Date.now()
			await request('district CSV export', 'GET', `/ru/reports/export/teachers?at=district:${districtId}&format=csv`, { cookie })
		}
	}
}

const decode = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&amp;/g, '&')

/** The editor form's fields as a browser would send them. */
function editorFields(html) {
	const form = /<form class="editor"[^>]*>([\s\S]*?)<\/form>/.exec(html)?.[1]
	if (!form) return null
	const fields = new Map()
	for (const m of form.matchAll(/<input ([^>]*)\/?>/g)) {
		const name = /name="([^"]+)"/.exec(m[1])?.[1]
		const type = /type="([^"]+)"/.exec(m[1])?.[1] ?? 'text'
		if (!name || ['file', 'checkbox', 'radio', 'submit'].includes(type)) continue
		fields.set(name, decode(/value="([^"]*)"/.exec(m[1])?.[1] ?? ''))
	}
	for (const m of form.matchAll(/<textarea [^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g)) fields.set(m[1], decode(m[2]))
	for (const m of form.matchAll(/<select [^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) fields.set(m[1], /<option value="([^"]*)" selected/.exec(m[2])?.[1] ?? /<option value="([^"]*)"/.exec(m[2])?.[1])
	return fields
}

const draftSlug = `soak-draft-${Date.now().toString(36)}`
const draftSource = (lang, n) =>
	`---\ntitle: "${lang === 'kk' ? 'Жоба' : 'Черновик'} ${n}"\n---\n\n## ${lang === 'kk' ? 'Бөлім' : 'Раздел'}\n\n${lang === 'kk' ? 'Сақтау' : 'Сохранение'} soak-save-${n}.\n`

async function author() {
	const cookie = await logIn('log in (author)', 'author@demo.ortaq.kz', 'ru')
	if (!cookie) return
	const created = await until(
		() =>
			request('author: new draft', 'POST', '/ru/studio/materials/new', {
				cookie,
				form: { slug: draftSlug, type: 'guide', topic: 'inclusion', summaryKk: 'Сынақ', sourceKk: draftSource('kk', 0), summaryRu: 'Проба', sourceRu: draftSource('ru', 0) },
			}),
		// a repeated post after a lost answer finds the slug taken (400): the draft is there
		(r) => redirected(r) || r.status === 400,
	)
	if (!created) return
	let n = 0
	while (!deadline()) {
		await sleep(3000 + Math.random() * 4000)
		const page = await request('author: open draft', 'GET', `/ru/studio/materials/${draftSlug}`, { cookie })
		const fields = page?.status === 200 ? editorFields(page.text) : null
		if (!fields) continue
		n++
		fields.set('sourceKk', draftSource('kk', n))
		fields.set('sourceRu', draftSource('ru', n))
		const res = await request('author: save draft', 'POST', `/ru/studio/materials/${draftSlug}`, { cookie, form: [...fields, ['intent', 'save']] })
		if (res && (res.status === 200 || redirected(res))) acks.drafts.push(n)
	}
}

// ---------------------------------------------------------------- faults
const pg = (action) => execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', pgVersion, 'main', action], { stdio: 'inherit', timeout: 120_000 })
const faultTimes = {}
let pgStopped = false

async function runFault(server) {
	await sleep(faultAt * 1000)
	if (stopping) return
	const at = () => +((performance.now() - t0.load) / 1000).toFixed(1)
	if (fault === 'pg-restart') {
		faultTimes.start = at()
		pgStopped = true
		pg('restart')
		pgStopped = false
		faultTimes.back = at()
	} else if (fault === 'pg-stop') {
		faultTimes.start = at()
		pgStopped = true
		pg('stop')
		faultTimes.stopped = at()
		await sleep(stopSeconds * 1000)
		pg('start')
		pgStopped = false
		faultTimes.back = at()
	} else if (fault === 'kill-worker') {
		const children = execFileSync('pgrep', ['-P', String(server.pid)], { encoding: 'utf8' }).trim().split('\n').map(Number)
		faultTimes.start = at()
		process.kill(children[0], 'SIGKILL')
		faultTimes.killed = children[0]
		faultTimes.back = at()
	}
	console.log(`[soak] fault ${fault}: ${JSON.stringify(faultTimes)}`)
}

// ---------------------------------------------------------------- setup
async function waitFor(url, ms = 180_000) {
	const until = Date.now() + ms
	while (Date.now() < until) {
		try {
			if ((await fetch(url, { signal: AbortSignal.timeout(5000) })).ok) return
		} catch {}
		await sleep(500)
	}
	throw new Error(`server did not start: ${url}`)
}

psql(`drop database if exists ${dbName} with (force)`, adminUrl)
psql(`create database ${dbName}`, adminUrl)
const server = spawn('node', ['server.js'], {
	env: { ...env, NODE_ENV: 'production', DATABASE_URL: dbUrl(), PORT: String(port), WEB_CONCURRENCY: String(workers), COOKIE_SECURE: 'false', DATA_DIR: `/tmp/ortaq-soak-data-${port}` },
	stdio: ['ignore', 'pipe', 'inherit'],
})
const serverLog = []
server.stdout.on('data', (chunk) => {
	for (const line of String(chunk).split('\n')) if (line && !line.startsWith('[mail]') && !line.startsWith('material ') && !line.startsWith('course ')) serverLog.push(line)
})
const hardStop = setTimeout(() => {
	console.error('[soak] did not finish in time; stopping')
	finish(1)
}, (seconds + 600) * 1000)
hardStop.unref()

let finished = false
function finish(code) {
	if (finished) return
	finished = true
	if (pgStopped || fault.startsWith('pg')) {
		try {
			execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', pgVersion, 'main', 'start'], { stdio: 'ignore', timeout: 120_000 })
		} catch {} // already running
	}
	server.kill('SIGTERM')
	setTimeout(() => process.exit(code), 4000).unref()
}
process.on('SIGINT', () => finish(130))
process.on('SIGTERM', () => finish(143))

try {
	await waitFor(`${base}/ru/`)
	// The teachers: one INSERT, the demo teacher's password hash (argon2, computed once by the seed), her school.
	psql(`begin;
		with made as (
			insert into users (email, password_hash, full_name, locale, gender, school_id)
			select 'soak-teacher-' || g || '@soak.ortaq.kz', (select password_hash from users where email = 'teacher@demo.ortaq.kz'),
				'Мұғалім ' || g, case when g % 2 = 0 then 'kk' else 'ru' end, case g % 3 when 0 then 'female' when 1 then 'male' end,
				(select school_id from users where email = 'teacher@demo.ortaq.kz')
			from generate_series(0, ${teacherCount - 1}) g
			returning id)
		insert into user_roles (user_id, role) select id, 'teacher' from made;
		commit;`)
	psql('vacuum analyze')
	const districtId = psql(`select s.district_id from users u join schools s on s.id = u.school_id where u.email = 'teacher@demo.ortaq.kz'`).trim()
	console.log(`[soak] ${teacherCount} teachers, 2 methodologists, 1 author for ${seconds}s on ${workers} app processes; fault: ${fault}${fault === 'none' ? '' : ` at ${faultAt}s`}`)
	t0.load = performance.now()
	const stopTimer = setTimeout(() => (stopping = true), seconds * 1000)
	const users = [
		...Array.from({ length: teacherCount }, (_, n) => teacher(n)),
		methodologist(districtId),
		methodologist(districtId),
		author(),
	]
	const faultRun = fault === 'none' ? Promise.resolve() : runFault(server)
	const progress = setInterval(() => {
		const total = log.length
		const bad = {}
		for (const [, , s] of log) if (!/^[23]/.test(s)) bad[s] = (bad[s] ?? 0) + 1
		console.log(`[soak] ${Math.round((performance.now() - t0.load) / 1000)}s: ${total} requests, not 2xx/3xx: ${JSON.stringify(bad)}`)
	}, 30_000)
	// Every user stops at the deadline; one still waiting after the request timeout is reported, not awaited.
	let waiting = users.length
	for (const user of users) void user.finally(() => waiting--)
	await Promise.race([Promise.all(users), (async () => {
		while (!stopping) await sleep(1000)
		await sleep(timeoutMs + 5000)
	})()])
	if (waiting) console.log(`[soak] ${waiting} virtual users still waiting ${timeoutMs / 1000 + 5} s after the end; reported without them`)
	await faultRun
	clearTimeout(stopTimer)
	clearInterval(progress)
	const elapsed = (performance.now() - t0.load) / 1000

	// ------------------------------------------------------------ the report
	const pct = (sorted, p) => (sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]) : null)
	console.log(`\n| step | count | p50 ms | p95 ms | p99 ms | not 2xx/3xx |\n|---|---|---|---|---|---|`)
	for (const [step, s] of [...steps].sort((a, b) => b[1].times.length - a[1].times.length)) {
		const sorted = [...s.times].sort((a, b) => a - b)
		const errors = Object.entries(s.statuses).filter(([k]) => !/^[23]/.test(k) || k.length > 3).map(([k, v]) => `${k}: ${v}`)
		console.log(`| ${step} | ${sorted.length} | ${pct(sorted, 50)} | ${pct(sorted, 95)} | ${pct(sorted, 99)} | ${errors.join(', ') || 0} |`)
	}
	const byStatus = {}
	for (const [, , s] of log) byStatus[s] = (byStatus[s] ?? 0) + 1
	console.log(`\n${log.length} requests in ${elapsed.toFixed(0)} s (${(log.length / elapsed).toFixed(1)}/s); by status: ${JSON.stringify(byStatus)}`)
	if (samples5xx.length) console.log('5xx samples:', JSON.stringify(samples5xx.slice(0, 5), null, 1))

	if (fault !== 'none') {
		const bad = log.filter(([, , s]) => !/^[234]/.test(s))
		const gap = {}
		for (const [, , s] of bad) gap[s] = (gap[s] ?? 0) + 1
		const firstBad = bad[0]?.[0]
		const lastBad = bad.at(-1)?.[0]
		// Recovered: from the moment the fault ended (database started again, process killed) to the
		// start of the last failed request; every request after that one was answered.
		console.log(`\nFault ${fault}: ${JSON.stringify(faultTimes)}; failed requests ${bad.length} ${JSON.stringify(gap)}; first at ${firstBad?.toFixed(1)} s, last at ${lastBad?.toFixed(1)} s; recovered ${lastBad === undefined ? 0 : Math.max(0, lastBad - faultTimes.back).toFixed(1)} s after the fault ended`)
	}

	// ------------------------------------------------------------ lost writes
	const rows = (sql) => psql(sql).trim().split('\n').filter(Boolean)
	const inDb = {
		enrolments: rows(`select u.email || '|' || c.slug from enrolments e join users u on u.id = e.user_id join courses c on c.id = e.course_id where u.email like 'soak-teacher-%'`),
		lessons: rows(`select u.email || '|' || l.slug from lesson_progress p join users u on u.id = p.user_id join lessons l on l.id = p.lesson_id where u.email like 'soak-teacher-%'`),
		attempts: rows(`select u.email || '|' || a.nonce from quiz_attempts a join users u on u.id = a.user_id where u.email like 'soak-teacher-%'`),
		certificates: rows(`select u.email || '|' || c.slug from certificates t join users u on u.id = t.user_id join courses c on c.id = t.course_id where u.email like 'soak-teacher-%'`),
	}
	let lost = 0
	let duplicates = 0
	const lostReport = {}
	for (const kind of ['enrolments', 'lessons', 'attempts', 'certificates']) {
		const present = new Set(inDb[kind])
		const missing = [...acks[kind]].filter((k) => !present.has(k))
		const dup = inDb[kind].length - present.size
		lost += missing.length
		duplicates += dup
		lostReport[kind] = { acknowledged: acks[kind].size, inDatabase: inDb[kind].length, missing: missing.length, duplicates: dup, ...(missing.length ? { examples: missing.slice(0, 3) } : {}) }
	}
	const lastDraft = acks.drafts.at(-1)
	const draftText = psql(`select coalesce((select v.source from material_versions v join material_revisions r on r.id = v.revision_id join materials m on m.id = r.material_id where m.slug = '${draftSlug}' and v.locale = 'ru' order by r.id desc limit 1), '')`)
	const draftOk = lastDraft === undefined || draftText.includes(`soak-save-${lastDraft}.`)
	if (!draftOk) lost++
	lostReport.drafts = { acknowledgedSaves: acks.drafts.length, lastAcknowledgedInDatabase: draftOk }
	console.log(`\nAcknowledged writes against the database: ${JSON.stringify(lostReport, null, 1)}`)
	console.log(`\nLOST ${lost}, DUPLICATES ${duplicates}`)
	const errors5xx = log.filter(([, , s]) => /^5|timeout|no answer/.test(s)).length
	console.log(`5xx or no answer: ${errors5xx}`)
	const tail = serverLog.filter((l) => !l.startsWith('Ortaq is running')).slice(-15)
	if (tail.length) console.log(`server output (last lines):\n${tail.join('\n')}`)
	finish(lost || duplicates ? 1 : 0)
} catch (error) {
	console.error(error)
	finish(1)
}
