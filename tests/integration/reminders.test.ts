import { eq, sql } from 'drizzle-orm'
import type { ParsedMail } from 'mailparser'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { closeDb, getDb, queryRows } from '#app/db/client.server.ts'
import { assignments, enrolments, users } from '#app/db/schema/index.ts'
import { almatyToday } from '#app/modules/assignments/dates.ts'
import { createBoss, QUEUES, workJobs } from '#app/modules/jobs/jobs.server.ts'
import { createMailer, type Mailer } from '#app/modules/reminders/mailer.server.ts'
import { runDigest, runReminders } from '#app/modules/reminders/reminders.server.ts'
import { createUser, findSchool, makeRequest, publishFixtureCourse, routeArgs, run, signedIn } from '#tests/factories.ts'
import { recipientOf, startSmtpServer } from '#tests/smtp-server.ts'
import * as accountRoute from '#app/routes/account.tsx'
import * as unsubscribeRoute from '#app/routes/reminders.unsubscribe.tsx'

// The clock of these tests: 3 December 2026, noon in Almaty.
const NOW = new Date('2026-12-03T07:00:00Z')
const day = (n: number) => new Date(NOW.getTime() + n * 86_400_000)
const POINTS = [14, 3, -1]

let smtp: Awaited<ReturnType<typeof startSmtpServer>>
let mailer: Mailer
let courseId: number
let karasai: Awaited<ReturnType<typeof findSchool>>
let talgar: Awaited<ReturnType<typeof findSchool>>

beforeAll(async () => {
	smtp = await startSmtpServer()
	mailer = await createMailer({ url: smtp.url })
	const { course: course } = await publishFixtureCourse()
	courseId = course.courseId
	karasai = await findSchool()
	talgar = await findSchool({ district: 'talgar' })
})

afterAll(async () => {
	mailer.close()
	await smtp.close()
})

async function teacher({ locale = 'kk', schoolId = karasai.schoolId, fullName }: { locale?: 'kk' | 'ru'; schoolId?: number; fullName?: string } = {}) {
	const user = await createUser({ schoolId, fullName })
	const db = await getDb()
	if (locale !== 'kk') await db.update(users).set({ locale }).where(eq(users.id, user.id))
	return { ...user, locale }
}

async function assign({ dueOn, districtId = karasai.districtId }: { dueOn: string; districtId?: number }) {
	// Every test has its own district, so one test's assignments never reach another's teachers.
	const db = await getDb()
	const [row] = await db.insert(assignments).values({ courseId, regionId: karasai.regionId, districtId, target: 'district', dueOn }).returning({ id: assignments.id })
	if (!row) throw new Error('no assignment')
	return row.id
}

/** The messages received since `from` (an index into smtp.messages), by recipient. */
function since(from: number) {
	return smtp.messages.slice(from)
}
function to(messages: ParsedMail[], email: string) {
	return messages.filter((m) => recipientOf(m) === email)
}

/** A header exactly as it was received (mailparser folds the List-* headers into one object). */
function rawHeader(message: ParsedMail, name: string) {
	const line = message.headerLines.find((h) => h.key === name.toLowerCase())?.line ?? ''
	return line.slice(line.indexOf(':') + 1).replace(/\r?\n\s+/g, ' ').trim()
}

/** The RFC 8058 one-click address of a message's List-Unsubscribe header. */
function unsubscribeUrl(message: ParsedMail) {
	const match = /^<(https?:\/\/[^>]+)>$/.exec(rawHeader(message, 'List-Unsubscribe'))
	return new URL(match?.[1] ?? 'http://invalid/')
}

function statusOf(result: unknown) {
	if (result && typeof result === 'object' && 'init' in result && result.init && typeof result.init === 'object' && 'status' in result.init) return result.init.status
	return 200
}

test('14 days before: each teacher of the target not yet done gets one reminder, in her language, with links and one-click headers', async () => {
	const id = await assign({ dueOn: '2026-12-17' })
	const aigerim = await teacher({ fullName: 'Айгерім Сәрсенова' })
	const olga = await teacher({ locale: 'ru', fullName: 'Ольга Петрова' })
	const done = await teacher()
	const elsewhere = await teacher({ schoolId: talgar.schoolId })
	const db = await getDb()
	await db.insert(enrolments).values({ userId: done.id, courseId, locale: 'kk', completedAt: day(-1) })

	const from = smtp.messages.length
	const result = await runReminders({ now: NOW, mailer, points: POINTS })
	const received = since(from)
	expect(result.sent).toBe(received.length)
	expect(to(received, done.email)).toHaveLength(0)
	expect(to(received, elsewhere.email)).toHaveLength(0)

	const [kk] = to(received, aigerim.email)
	const [ru] = to(received, olga.email)
	if (!kk || !ru) throw new Error('a reminder is missing')
	expect(to(received, aigerim.email)).toHaveLength(1)
	expect(kk.subject).toContain('«Шағын курс»')
	expect(kk.text).toContain('Сәлеметсіз бе, Айгерім Сәрсенова!')
	expect(kk.text).toContain('Тағайындаған: Қарасай ауданы')
	expect(kk.text).toContain('Мерзімі: 2026 ж. 17 желтоқсан. 14 күн қалды.')
	expect(kk.text).toContain('14 күн қалды')
	expect(kk.text).toContain('http://localhost:3000/kk/courses/mini-course')
	expect(ru.subject).toContain('«Мини-курс» нужно пройти до 17 декабря 2026')
	expect(ru.text).toContain('Осталось 14 дней')
	expect(ru.text).toContain('Назначил: Карасайский район')
	expect(ru.text).toContain('http://localhost:3000/ru/courses/mini-course')
	expect(rawHeader(ru, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click')
	const link = unsubscribeUrl(ru)
	expect(link.pathname).toBe('/ru/unsubscribe')
	expect(ru.text).toContain(link.toString())

	// The same day again, and the next day (the point's catch-up day): nothing new.
	const again = smtp.messages.length
	expect((await runReminders({ now: NOW, mailer, points: POINTS })).sent).toBe(0)
	expect((await runReminders({ now: day(1), mailer, points: POINTS })).sent).toBe(0)
	expect(since(again).filter((m) => [aigerim.email, olga.email].includes(recipientOf(m)))).toHaveLength(0)
	const rows = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from reminder_deliveries where assignment_id = ${id} and point = 14 and sent_at is not null`)
	expect(rows[0]?.n).toBe(result.sent)
	// The in-app notice of the same reminder (ADR 017), once as well, linking to the course.
	const notices = await queryRows<{ user_id: number; kind: string; link: string; stage: string }>(
		db,
		sql`select user_id, kind, link, params->>'stage' as stage from notifications where dedupe_key = ${`assignment.reminder:${id}:14`} order by user_id`,
	)
	expect(notices.map((n) => n.user_id)).toEqual([aigerim.id, olga.id].sort((x, y) => x - y))
	expect(notices[0]).toMatchObject({ kind: 'assignment.reminder', link: '/courses/mini-course', stage: 'dueSoon' })
})

test('a late joiner gets the points still ahead; the 3-day point has the right plurals; the day after the due day says overdue', async () => {
	const balkhash = await findSchool({ district: 'balkhash' })
	await assign({ dueOn: '2026-12-17', districtId: balkhash.districtId }) // 14 days ahead of NOW
	const early = await teacher({ locale: 'ru', schoolId: balkhash.schoolId })
	await runReminders({ now: NOW, mailer, points: POINTS })
	// Joins on 8 December (9 days left): no point today, and not the 14-day one she missed.
	const late = await teacher({ locale: 'ru', schoolId: balkhash.schoolId })
	const lateKk = await teacher({ schoolId: balkhash.schoolId })
	let from = smtp.messages.length
	await runReminders({ now: day(5), mailer, points: POINTS })
	expect(to(since(from), late.email)).toHaveLength(0)

	from = smtp.messages.length
	await runReminders({ now: day(11), mailer, points: POINTS }) // 3 days left
	const three = since(from)
	const [lateMail] = to(three, late.email)
	expect(to(three, late.email)).toHaveLength(1)
	expect(to(three, early.email)).toHaveLength(1)
	expect(lateMail?.text).toContain('Осталось 3 дня')
	expect(to(three, lateKk.email)[0]?.text).toContain('3 күн қалды')

	from = smtp.messages.length
	await runReminders({ now: day(15), mailer, points: POINTS }) // 18 December: one day overdue
	const [overdue] = to(since(from), late.email)
	expect(overdue?.subject).toContain('срок курса «Мини-курс» прошёл')
	expect(overdue?.text).toContain('Просрочено на 1 день')
	expect(to(since(from), lateKk.email)[0]?.text).toContain('Мерзімі 1 күн бұрын өтті')

	// Every point once: a rerun on each of those days sends nothing more to them.
	from = smtp.messages.length
	for (const n of [11, 12, 15, 16]) await runReminders({ now: day(n), mailer, points: POINTS })
	expect(since(from).filter((m) => [early.email, late.email, lateKk.email].includes(recipientOf(m)))).toHaveLength(0)
})

test('unsubscribe: GET changes nothing, the one-click POST turns reminders off for every later run, the account page turns them on again', async () => {
	const school = await findSchool({ district: 'enbekshikazakh' })
	await assign({ dueOn: '2026-12-06', districtId: school.districtId }) // 3 days ahead of NOW
	const reader = await signedIn({ schoolId: school.schoolId })
	let from = smtp.messages.length
	await runReminders({ now: NOW, mailer, points: POINTS })
	const [mail] = to(since(from), reader.user.email)
	if (!mail) throw new Error('no reminder')
	const link = unsubscribeUrl(mail)

	const page = await run(() => unsubscribeRoute.loader(routeArgs(makeRequest(`${link.pathname}${link.search}`), { lang: 'kk' })))
	expect(page).toMatchObject({ state: 'ask', kind: 'reminders' })
	// A mail scanner's GET did not unsubscribe her: the overdue point still reaches her.
	expect(await accountRoute.loader(routeArgs(makeRequest('/kk/account', { cookie: reader.cookie }), { lang: 'kk' }))).toMatchObject({ reminders: true })

	// RFC 8058: the mail program POSTs List-Unsubscribe=One-Click to the header's address.
	const oneClick = await run(() =>
		unsubscribeRoute.action(routeArgs(makeRequest(`${link.pathname}${link.search}`, { form: { 'List-Unsubscribe': 'One-Click' } }), { lang: 'kk' })),
	)
	expect(oneClick).toMatchObject({ state: 'done', kind: 'reminders' })
	expect(await accountRoute.loader(routeArgs(makeRequest('/kk/account', { cookie: reader.cookie }), { lang: 'kk' }))).toMatchObject({ reminders: false })

	from = smtp.messages.length
	await runReminders({ now: day(4), mailer, points: POINTS }) // the day after the due day
	expect(to(since(from), reader.user.email)).toHaveLength(0)

	// Turned on again on the account page: the next point (its catch-up day) reaches her.
	const saved = await run(() => accountRoute.action(routeArgs(makeRequest('/kk/account', { cookie: reader.cookie, form: { intent: 'mail', reminders: 'on' } }), { lang: 'kk' })))
	expect(statusOf(saved)).toBe(200)
	expect(await accountRoute.loader(routeArgs(makeRequest('/kk/account', { cookie: reader.cookie }), { lang: 'kk' }))).toMatchObject({ reminders: true })
	from = smtp.messages.length
	await runReminders({ now: day(5), mailer, points: POINTS })
	expect(to(since(from), reader.user.email)).toHaveLength(1)
})

test('a tampered or malformed unsubscribe token answers a localized 400 page and changes nothing', async () => {
	const school = await findSchool({ district: 'zhambyl' })
	await assign({ dueOn: '2026-12-06', districtId: school.districtId })
	const victim = await teacher({ schoolId: school.schoolId })
	const from = smtp.messages.length
	await runReminders({ now: NOW, mailer, points: POINTS })
	const [mail] = to(since(from), victim.email)
	if (!mail) throw new Error('no reminder')
	const token = unsubscribeUrl(mail).searchParams.get('token') ?? ''
	// Another user's id with this signature; a changed signature; the digest kind; rubbish.
	const otherId = token.replace(/^r(\d+)/, (_m, n: string) => `r${Number(n) + 1}`)
	const otherSig = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A')
	const otherKind = `d${token.slice(1)}`
	for (const bad of [otherId, otherSig, otherKind, 'r1.x', '', '%00', 'r99999999999.AAAAAAAAAAAAAAAAAAAAAA']) {
		const url = `/ru/unsubscribe?token=${encodeURIComponent(bad)}`
		const page = await run(() => unsubscribeRoute.loader(routeArgs(makeRequest(url), { lang: 'ru' })))
		expect(statusOf(page)).toBe(400)
		const post = await run(() => unsubscribeRoute.action(routeArgs(makeRequest(url, { form: { 'List-Unsubscribe': 'One-Click' } }), { lang: 'ru' })))
		expect(statusOf(post)).toBe(400)
	}
	const db = await getDb()
	const rows = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from mail_optouts where user_id in (${victim.id}, ${victim.id + 1})`)
	expect(rows[0]?.n).toBe(0)
})

test('two runs at once, and a restart between runs, send each reminder once', async () => {
	const school = await findSchool({ district: 'ile' })
	const id = await assign({ dueOn: '2026-12-17', districtId: school.districtId })
	const many = await Promise.all(Array.from({ length: 30 }, () => teacher({ schoolId: school.schoolId })))
	const second = await createMailer({ url: smtp.url })
	const from = smtp.messages.length
	const [a, b] = await Promise.all([runReminders({ now: NOW, mailer, points: POINTS }), runReminders({ now: NOW, mailer: second, points: POINTS })])
	second.close()
	const received = since(from)
	for (const t of many) expect(to(received, t.email)).toHaveLength(1)
	expect(a.sent + b.sent).toBe(received.length)

	// The process restarts (the database connection is closed and opened again): nothing is sent again.
	await closeDb()
	const after = smtp.messages.length
	expect((await runReminders({ now: NOW, mailer, points: POINTS })).sent).toBe(0)
	expect(since(after)).toHaveLength(0)
	const db = await getDb()
	const [rows] = await queryRows<{ n: number; d: number }>(db, sql`select count(*)::int as n, count(distinct user_id)::int as d from reminder_deliveries where assignment_id = ${id}`)
	expect(rows?.n).toBe(rows?.d)
})

test('two pg-boss workers on the same queue: the scheduled run happens once and each reminder is sent once', async () => {
	// pg-boss runs jobs on the real clock: an assignment due three Almaty days from today.
	const today = almatyToday(new Date())
	const due = new Date(Date.parse(`${today}T00:00:00Z`) + 3 * 86_400_000).toISOString().slice(0, 10)
	await assign({ dueOn: due, districtId: talgar.districtId })
	const inTalgar = await Promise.all(Array.from({ length: 5 }, () => teacher({ schoolId: talgar.schoolId })))
	const first = await createBoss({ schedule: false })
	const second = await createBoss({ schedule: false })
	const from = smtp.messages.length
	const done = new Promise<void>((resolve) => {
		let left = 2
		const check = () => {
			left -= 1
			if (left === 0) resolve()
		}
		void first.boss.send(QUEUES.reminders, {}).then(check)
		void second.boss.send(QUEUES.reminders, {}).then(check)
	})
	await done
	await workJobs(first.boss, { pollingIntervalSeconds: 0.5, mailer })
	await workJobs(second.boss, { pollingIntervalSeconds: 0.5, mailer })
	// Wait until both jobs are finished (pg-boss polls; no fixed sleep).
	for (let i = 0; i < 200; i++) {
		const size = await first.boss.getQueueSize(QUEUES.reminders, { before: 'completed' })
		if (size === 0 && to(since(from), inTalgar[4]?.email ?? '').length > 0) break
		await new Promise((resolve) => setTimeout(resolve, 100))
	}
	await Promise.all([first.boss.stop({ close: false, graceful: true, wait: true }), second.boss.stop({ close: false, graceful: true, wait: true })])
	for (const t of inTalgar) expect(to(since(from), t.email)).toHaveLength(1)
})

test('the weekly digest: each methodologist once per ISO week, her scope only, in her language, with counts and report links', async () => {
	const db = await getDb()
	const id = await assign({ dueOn: '2026-12-01' }) // two days overdue on NOW
	const finished = await teacher()
	await db.insert(enrolments).values({ userId: finished.id, courseId, locale: 'kk', completedAt: day(-3) })
	const district = await signedIn({ role: 'methodologist', regionId: karasai.regionId, districtId: karasai.districtId })
	await db.update(users).set({ locale: 'ru' }).where(eq(users.id, district.user.id))
	const region = await signedIn({ role: 'methodologist', regionId: karasai.regionId })
	const other = await signedIn({ role: 'methodologist', regionId: talgar.regionId, districtId: talgar.districtId, schoolId: talgar.schoolId })

	let from = smtp.messages.length
	await runDigest({ now: NOW, mailer })
	const week = since(from)
	const [ru] = to(week, district.user.email)
	const [kk] = to(week, region.user.email)
	if (!ru || !kk) throw new Error('a digest is missing')
	expect(ru.subject).toContain('2026-W49')
	expect(ru.text).toContain(`http://localhost:3000/ru/assignments/${id}`)
	expect(ru.text).toMatch(/учител(ь|я|ей): завершили [1-9]\d*, просрочили \d+/)
	expect(rawHeader(ru, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click')
	expect(kk.text).toContain(`http://localhost:3000/kk/assignments/${id}`)
	expect(kk.text).toContain('аяқтағандар')
	// Talgar's methodologist sees only Talgar's assignments: the Karasai one is not in hers.
	for (const m of to(week, other.user.email)) expect(m.text).not.toContain(`/assignments/${id}`)

	// Later the same week: nothing; the next Monday: once more.
	from = smtp.messages.length
	await runDigest({ now: day(3), mailer })
	expect(to(since(from), district.user.email)).toHaveLength(0)
	await runDigest({ now: day(4), mailer })
	expect(to(since(from), region.user.email)).toHaveLength(1)
	// One in-app digest notice per week as well.
	const notices = await queryRows<{ key: string; open: number }>(db, sql`select dedupe_key as key, (params->>'openAssignments')::int as open from notifications where user_id = ${region.user.id} and kind = 'assignment.digest' order by dedupe_key`)
	expect(notices.map((n) => n.key)).toEqual(['assignment.digest:2026-W49', 'assignment.digest:2026-W50'])
	expect(to(since(from), region.user.email)[0]?.subject).toContain('2026-W50')
})
