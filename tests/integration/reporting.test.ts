import ExcelJS from 'exceljs'
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { I18nextProvider } from 'react-i18next'
import { createMemoryRouter, RouterProvider } from 'react-router'
import { beforeAll, expect, test } from 'vitest'
import { getDb, queryRows } from '#app/db/client.server.ts'
import { eq, sql } from 'drizzle-orm'
import { certificates, enrolments, schools, users } from '#app/db/schema/index.ts'
import { revokeCertificate } from '#app/modules/certificates/certificates.server.ts'
import { getI18n } from '#app/modules/i18n/i18n.ts'
import { getResources } from '#app/modules/i18n/resources.server.ts'
import { NOT_FOUND_IN_SCOPE } from '#app/modules/http/responses.ts'
import { completeLesson, submitQuiz } from '#app/modules/learning/progress.server.ts'
import { SchoolView } from '#app/modules/reporting/views.tsx'
import { getPublishedStructure } from '#app/modules/learning/structure.server.ts'
import { currentMonth, refreshReportSummaries } from '#app/modules/reporting/reports.server.ts'
import * as districtRoute from '#app/routes/reports.district.tsx'
import * as exportRoute from '#app/routes/reports.export.ts'
import * as homeRoute from '#app/routes/reports.home.tsx'
import * as regionRoute from '#app/routes/reports.region.tsx'
import * as schoolRoute from '#app/routes/reports.school.tsx'
import { createUser, findSchool, makeRequest, publishFixtureCourse, routeArgs, run, signedIn } from '#tests/factories.ts'

type Params = Record<string, string>
const args = <P extends Params>(path: string, cookie: string, params: P) => routeArgs(makeRequest(path, { cookie }), { lang: 'ru', ...params })

/** The loader's payload and status, whether it returned data(), a Response, or threw one. */
async function load(fn: () => Promise<unknown>) {
	const result = await run(fn)
	if (result instanceof Response) return { status: result.status, body: null, response: result }
	if (result && typeof result === 'object' && 'data' in result && 'init' in result) {
		const init = result.init && typeof result.init === 'object' && 'status' in result.init ? Number(result.init.status) : 200
		return { status: init, body: result.data, response: null }
	}
	return { status: 200, body: result, response: null }
}

type Fig = { teachers: number | null; enrolled: number; completed: number; rate: number | null; certified: number; gainN: number; gainMean: number | null }
type DashboardBody = {
	dashboard: {
		total: Fig
		byGender: ({ key: string } & Fig)[]
		byLocale: ({ key: string } & Fig)[]
		byUnit: ({ id: number; nameRu: string } & Fig)[]
		byCourse: ({ id: number } & Fig)[]
		gain: { n: number; mean: number | null; buckets: { key: string; count: number }[] }
		months: { month: string; completed: number }[]
	}
	errors: Record<string, string[]> | null
}

function dashboardOf(body: unknown): DashboardBody {
	if (!body || typeof body !== 'object' || !('dashboard' in body)) throw new Error('no dashboard in loader data')
	return body as DashboardBody
}

let karasai: { schoolId: number; districtId: number; regionId: number }
let karasai2: { schoolId: number; districtId: number; regionId: number }
let talgar: { schoolId: number; districtId: number; regionId: number }
let astana: { schoolId: number; districtId: number; regionId: number }
let courseId: number
let revisionId: number
let district: { cookie: string }
let serial = 0

async function enrolment(
	userId: number,
	values: { locale: 'kk' | 'ru'; diagnostic?: number; final?: number; completed?: boolean; certificate?: 'valid' | 'revoked'; enrolledAt?: Date },
) {
	const db = await getDb()
	await db.insert(enrolments).values({
		userId,
		courseId,
		locale: values.locale,
		enrolledAt: values.enrolledAt,
		diagnosticScore: values.diagnostic ?? null,
		finalScore: values.final ?? null,
		lessonsDone: values.completed ? 2 : 1,
		completedAt: values.completed ? new Date() : null,
	})
	if (values.certificate) {
		serial += 1
		await db.insert(certificates).values({
			serial: `T-${serial}-${userId}`,
			code: `code-${serial}-${userId}`,
			userId,
			courseId,
			revisionId,
			holderName: 'Тест',
			courseTitleKk: 'Курс',
			courseTitleRu: 'Курс',
			hours: 2,
			score: values.final ?? 0,
			revokedAt: values.certificate === 'revoked' ? new Date() : null,
		})
	}
}

beforeAll(async () => {
	const { course } = await publishFixtureCourse()
	courseId = course.courseId
	revisionId = course.revisionId
	karasai = await findSchool()
	karasai2 = await findSchool({ index: 1 })
	talgar = await findSchool({ district: 'talgar' })
	astana = await findSchool({ region: 'astana', district: 'almaty' })

	// Karasai, school 1: a woman who completed (gain +40, certificate), a woman still learning,
	// a man who completed (gain −5, certificate revoked); school 2: a teacher who gave no gender.
	const f1 = await createUser({ gender: 'female', schoolId: karasai.schoolId, fullName: 'Әлия Қарасайқызы' })
	const f2 = await createUser({ gender: 'female', schoolId: karasai.schoolId, fullName: 'Мария Карасаева' })
	const m1 = await createUser({ gender: 'male', schoolId: karasai.schoolId, fullName: 'Ерлан Қарасайұлы' })
	await createUser({ gender: null, schoolId: karasai2.schoolId, fullName: '=Без пола' })
	await enrolment(f1.id, { locale: 'kk', diagnostic: 40, final: 80, completed: true, certificate: 'valid' })
	await enrolment(f2.id, { locale: 'ru', diagnostic: 50 })
	await enrolment(m1.id, { locale: 'kk', diagnostic: 70, final: 65, completed: true, certificate: 'revoked' })
	// Talgar (same region, another district) and Astana (another region).
	const other = await createUser({ gender: 'female', schoolId: talgar.schoolId, fullName: 'Талгар Мұғалімі' })
	await enrolment(other.id, { locale: 'ru', diagnostic: 10, final: 90, completed: true, certificate: 'valid' })
	const far = await createUser({ gender: 'male', schoolId: astana.schoolId, fullName: 'Астана Мұғалімі' })
	await enrolment(far.id, { locale: 'kk' })

	// The methodologist works at a school in Astana, so that they do not count among Karasai's teachers.
	district = await signedIn({ role: 'methodologist', schoolId: astana.schoolId, regionId: karasai.regionId, districtId: karasai.districtId })
})

test('the district dashboard adds up a hand-built data set: totals, gender, language, schools, gain, months', async () => {
	const { status, body } = await load(() => homeRoute.loader(args('/ru/reports', district.cookie, {})))
	expect(status).toBe(200)
	const d = dashboardOf(body).dashboard
	expect(d.total).toEqual({ teachers: 4, enrolled: 3, completed: 2, rate: 66.7, certified: 1, gainN: 2, gainMean: 17.5 })
	expect(d.byGender.map((g) => [g.key, g.teachers, g.enrolled, g.completed, g.certified, g.gainMean])).toEqual([
		['female', 2, 2, 1, 1, 40],
		['male', 1, 1, 1, 0, -5],
		['none', 1, 0, 0, 0, null],
	])
	expect(d.byLocale.map((l) => [l.key, l.enrolled, l.completed])).toEqual([['kk', 2, 2], ['ru', 1, 0]])
	const school1 = d.byUnit.find((u) => u.id === karasai.schoolId)
	const school2 = d.byUnit.find((u) => u.id === karasai2.schoolId)
	expect([school1?.teachers, school1?.enrolled, school1?.completed]).toEqual([3, 3, 2])
	expect([school2?.teachers, school2?.enrolled]).toEqual([1, 0])
	expect(d.byUnit).toHaveLength(6)
	expect(d.byCourse.find((c) => c.id === courseId)?.enrolled).toBe(3)
	expect(d.gain.buckets.filter((b) => b.count > 0)).toEqual([{ key: 'lt0', count: 1 }, { key: '30', count: 1 }])
	expect(d.months).toHaveLength(12)
	expect(d.months.at(-1)?.completed).toBe(2)
})

test('filters by gender and period narrow the figures; a malformed filter is a 400 with the input kept', async () => {
	const male = await load(() => homeRoute.loader(args('/ru/reports?gender=male', district.cookie, {})))
	const m = dashboardOf(male.body).dashboard
	expect([m.total.teachers, m.total.enrolled, m.total.completed]).toEqual([1, 1, 1])
	expect(m.byGender.map((g) => g.key)).toEqual(['male'])
	const past = await load(() => homeRoute.loader(args('/ru/reports?from=2020-01&to=2020-12', district.cookie, {})))
	expect(dashboardOf(past.body).dashboard.total.enrolled).toBe(0)
	const bad = await load(() => homeRoute.loader(args('/ru/reports?from=январь&to=2020-12', district.cookie, {})))
	expect(bad.status).toBe(400)
	const b = dashboardOf(bad.body)
	expect(b.errors?.from).toEqual(['reporting:filters.errors.month'])
	expect(b).toMatchObject({ values: { from: 'январь', to: '2020-12' } })
	const reversed = await load(() => homeRoute.loader(args('/ru/reports?from=2025-05&to=2025-01', district.cookie, {})))
	expect(reversed.status).toBe(400)
	expect(dashboardOf(reversed.body).errors?.to).toEqual(['reporting:filters.errors.order'])
})

test('a district methodologist cannot open another district, its schools, the region or the country', async () => {
	const { cookie } = district
	const own = await load(() => districtRoute.loader(args(`/ru/reports/districts/${karasai.districtId}`, cookie, { districtId: String(karasai.districtId) })))
	expect(own.status).toBe(200)
	const ownSchool = await load(() => schoolRoute.loader(args(`/ru/reports/schools/${karasai.schoolId}`, cookie, { schoolId: String(karasai.schoolId) })))
	expect(ownSchool.status).toBe(200)
	const denied = [
		() => districtRoute.loader(args(`/ru/reports/districts/${talgar.districtId}`, cookie, { districtId: String(talgar.districtId) })),
		() => schoolRoute.loader(args(`/ru/reports/schools/${talgar.schoolId}`, cookie, { schoolId: String(talgar.schoolId) })),
		() => schoolRoute.loader(args(`/ru/reports/schools/${astana.schoolId}`, cookie, { schoolId: String(astana.schoolId) })),
		() => regionRoute.loader(args(`/ru/reports/regions/${karasai.regionId}`, cookie, { regionId: String(karasai.regionId) })),
		() => schoolRoute.loader(args('/ru/reports/schools/abc', cookie, { schoolId: 'abc' })),
	]
	for (const attempt of denied) {
		const res = await load(attempt)
		expect(res.status).toBe(404)
		// The error page says the place is outside the user's district or does not exist (root.tsx).
		expect(await res.response?.text()).toBe(NOT_FOUND_IN_SCOPE)
	}
	for (const at of [`district:${talgar.districtId}`, `school:${talgar.schoolId}`, `region:${karasai.regionId}`, 'country']) {
		for (const table of ['teachers', 'units', 'enrolments']) {
			const res = await load(() => exportRoute.loader(args(`/ru/reports/export/${table}?at=${at}&format=csv`, cookie, { table })))
			expect(res.status, `${table} at ${at}`).toBe(404)
		}
	}
	const teacher = await signedIn({ schoolId: astana.schoolId })
	expect((await load(() => homeRoute.loader(args('/ru/reports', teacher.cookie, {})))).status).toBe(403)
	expect((await load(() => exportRoute.loader(args(`/ru/reports/export/teachers?at=district:${karasai.districtId}&format=csv`, teacher.cookie, { table: 'teachers' })))).status).toBe(403)
})

test('the school page lists each teacher with courses, progress and certificates', async () => {
	const res = await load(() => schoolRoute.loader(args(`/ru/reports/schools/${karasai.schoolId}`, district.cookie, { schoolId: String(karasai.schoolId) })))
	const body = res.body
	if (!body || typeof body !== 'object' || !('teachers' in body) || !Array.isArray(body.teachers)) throw new Error('no teachers')
	expect(body.teachers.map((t: { fullName: string }) => t.fullName).sort()).toEqual(['Әлия Қарасайқызы', 'Ерлан Қарасайұлы', 'Мария Карасаева'].sort())
	const erlan = body.teachers.find((t: { fullName: string }) => t.fullName === 'Ерлан Қарасайұлы')
	expect(erlan.enrolments[0]).toMatchObject({ lessonsDone: 2, required: 2, finalScore: 65, certificate: { revoked: true } })
})

test('CSV exports stream localized headers and only rows in scope; XLSX carries the same headers', async () => {
	const csv = await load(() => exportRoute.loader(args(`/ru/reports/export/teachers?at=district:${karasai.districtId}&format=csv`, district.cookie, { table: 'teachers' })))
	expect(csv.status).toBe(200)
	expect(csv.response?.headers.get('Content-Type')).toBe('text/csv; charset=utf-8')
	const text = (await csv.response?.text()) ?? ''
	const lines = text.replace(/^\uFEFF/, '').trim().split('\r\n')
	expect(lines[0]).toBe('ФИО,Пол,Школа,Район,Область,Записались,Завершили,Сертификаты')
	expect(lines).toHaveLength(5)
	expect(text).not.toContain('Талгар Мұғалімі')
	expect(text).not.toContain('Астана Мұғалімі')
	// A name that looks like a formula is written as text.
	expect(text).toContain("'=Без пола")
	// Each row is one person: the singular, not the group's plural label.
	expect(lines.find((l) => l.startsWith('Мария Карасаева,'))).toMatch(/^Мария Карасаева,женский,/)
	expect(lines.find((l) => l.startsWith('Ерлан Қарасайұлы,'))).toMatch(/^Ерлан Қарасайұлы,мужской,/)
	expect(lines.find((l) => l.startsWith("'=Без пола,"))).toMatch(/^'=Без пола,не указан,/)
	const kkTeachers = await load(() => exportRoute.loader({ ...args(`/kk/reports/export/teachers?at=district:${karasai.districtId}&format=csv`, district.cookie, { table: 'teachers' }), params: { lang: 'kk', table: 'teachers' } }))
	const kkTeacherLines = ((await kkTeachers.response?.text()) ?? '').replace(/^\uFEFF/, '').trim().split('\r\n')
	expect(kkTeacherLines.find((l) => l.startsWith('Әлия Қарасайқызы,'))).toMatch(/^Әлия Қарасайқызы,әйел,/)
	expect(kkTeacherLines.find((l) => l.startsWith('Ерлан Қарасайұлы,'))).toMatch(/^Ерлан Қарасайұлы,ер,/)
	expect(kkTeacherLines.join('\n')).not.toMatch(/Әйелдер|Ерлер/)
	const enrolmentsCsv = await load(() => exportRoute.loader({ ...args(`/kk/reports/export/enrolments?at=school:${karasai.schoolId}&format=csv`, district.cookie, { table: 'enrolments' }), params: { lang: 'kk', table: 'enrolments' } }))
	const enrolmentText = (await enrolmentsCsv.response?.text()) ?? ''
	expect(enrolmentText).toContain('Әлия Қарасайқызы,әйел,')
	expect(enrolmentText).not.toMatch(/Әйелдер|Ерлер/)

	const kk = await load(() => exportRoute.loader({ ...args(`/kk/reports/export/gender?at=district:${karasai.districtId}&format=csv`, district.cookie, { table: 'gender' }), params: { lang: 'kk', table: 'gender' } }))
	const kkLines = ((await kk.response?.text()) ?? '').replace(/^\uFEFF/, '').trim().split('\r\n')
	expect(kkLines[0]).toBe('Жынысы,Тіркелген мұғалімдер,Жазылды,Аяқтады,"Аяқтағандар үлесі, %",Сертификаттар,"Орташа білім өсімі, п. т."')
	expect(kkLines[1]).toBe('Әйелдер,2,2,1,50,1,40')

	const xlsx = await load(() => exportRoute.loader(args(`/ru/reports/export/units?at=district:${karasai.districtId}&format=xlsx`, district.cookie, { table: 'units' })))
	expect(xlsx.status).toBe(200)
	const workbook = new ExcelJS.Workbook()
	await workbook.xlsx.load(await (xlsx.response ?? new Response()).arrayBuffer())
	const sheet = workbook.worksheets[0]
	expect(sheet?.getRow(1).values).toEqual([undefined, 'Школа', 'Зарегистрировано учителей', 'Записались', 'Завершили', 'Доля завершивших, %', 'Сертификаты'])
	expect(sheet?.rowCount).toBe(7)

	const unknown = await load(() => exportRoute.loader(args(`/ru/reports/export/teachers?at=district:${karasai.districtId}&format=pdf`, district.cookie, { table: 'teachers' })))
	expect(unknown.status).toBe(400)
})

test('region and country reports read the summaries: a region methodologist sees districts, an admin sees regions', async () => {
	await refreshReportSummaries()
	const region = await signedIn({ role: 'methodologist', schoolId: astana.schoolId, regionId: karasai.regionId })
	const r = await load(() => homeRoute.loader(args('/ru/reports', region.cookie, {})))
	const rd = dashboardOf(r.body).dashboard
	expect([rd.total.teachers, rd.total.enrolled, rd.total.completed, rd.total.certified]).toEqual([5, 4, 3, 2])
	expect(rd.byUnit.find((u) => u.id === talgar.districtId)?.completed).toBe(1)
	expect(rd.byUnit.find((u) => u.id === karasai.districtId)?.enrolled).toBe(3)
	expect(rd.gain.mean).toBe(38.3)
	// With a period the figures come from the monthly summaries, without one from the totals: they agree.
	const period = await load(() => homeRoute.loader(args('/ru/reports?from=2020-01&to=2099-12', region.cookie, {})))
	const pd = dashboardOf(period.body).dashboard
	expect([pd.total.enrolled, pd.total.completed, pd.total.certified, pd.gain.mean]).toEqual([4, 3, 2, 38.3])
	expect(pd.byUnit.find((u) => u.id === karasai.districtId)?.enrolled).toBe(3)
	const future = await load(() => homeRoute.loader(args('/ru/reports?from=2099-01', region.cookie, {})))
	expect(dashboardOf(future.body).dashboard.total.enrolled).toBe(0)
	const outside = await load(() => districtRoute.loader(args(`/ru/reports/districts/${astana.districtId}`, region.cookie, { districtId: String(astana.districtId) })))
	expect(outside.status).toBe(404)

	const admin = await signedIn({ role: 'admin', schoolId: astana.schoolId })
	const c = await load(() => homeRoute.loader(args('/ru/reports', admin.cookie, {})))
	const cd = dashboardOf(c.body).dashboard
	expect(cd.byUnit).toHaveLength(20)
	expect(cd.byUnit.find((u) => u.id === karasai.regionId)?.enrolled).toBe(4)
	expect(cd.byUnit.find((u) => u.id === astana.regionId)?.enrolled).toBe(1)
	// Users signed in for this test were created after the refresh: the country view does not count them yet.
	expect(cd.total.enrolled).toBe(5)
})

test('edge cases: the chart counts completions whenever the teacher enrolled; a certificate counts only for a completed course; no gender; an empty selection', async () => {
	// Two more Karasai teachers without a gender: one enrolled three months ago and completed now
	// (gain +55, valid certificate); one enrolled now, still learning, yet holding a certificate.
	const earlier = await createUser({ gender: null, schoolId: karasai2.schoolId, fullName: 'Ранняя Запись' })
	await enrolment(earlier.id, { locale: 'ru', diagnostic: 20, final: 75, completed: true, certificate: 'valid', enrolledAt: new Date(Date.now() - 95 * 86_400_000) })
	const learning = await createUser({ gender: null, schoolId: karasai2.schoolId, fullName: 'Ещё Учится' })
	await enrolment(learning.id, { locale: 'kk', diagnostic: 30, certificate: 'valid' })
	const month = currentMonth()
	const get = async (query: string) => dashboardOf((await load(() => homeRoute.loader(args(`/ru/reports${query}`, district.cookie, {})))).body).dashboard

	const none = await get('?gender=none')
	expect(none.total).toEqual({ teachers: 3, enrolled: 2, completed: 1, rate: 50, certified: 1, gainN: 1, gainMean: 55 })
	expect(none.byGender.map((g) => g.key)).toEqual(['none'])
	expect(none.byLocale.map((l) => [l.key, l.enrolled, l.completed, l.certified])).toEqual([['kk', 1, 0, 0], ['ru', 1, 1, 1]])
	expect(none.byUnit.find((u) => u.id === karasai2.schoolId)).toMatchObject({ teachers: 3, enrolled: 2, completed: 1, certified: 1 })
	expect(none.byUnit.find((u) => u.id === karasai.schoolId)).toMatchObject({ teachers: 0, enrolled: 0, rate: null })
	expect(none.gain.buckets.filter((b) => b.count > 0)).toEqual([{ key: '50', count: 1 }])
	expect(none.months.at(-1)).toEqual({ month, completed: 1 })

	// This month's enrolments only: the early enrolment leaves the figures but its completion stays on the chart.
	const thisMonth = await get(`?gender=none&from=${month}&to=${month}`)
	expect(thisMonth.total).toEqual({ teachers: 3, enrolled: 1, completed: 0, rate: 0, certified: 0, gainN: 0, gainMean: null })
	expect(thisMonth.gain.buckets.every((b) => b.count === 0)).toBe(true)
	expect(thisMonth.months).toEqual([{ month, completed: 1 }])
	const everyone = await get(`?from=${month}&to=${month}`)
	expect([everyone.total.enrolled, everyone.total.completed, everyone.total.certified]).toEqual([4, 2, 1])
	expect(everyone.months).toEqual([{ month, completed: 3 }])

	// A selection without a single enrolment: teachers still counted, every figure empty.
	const nothing = await get('?course=999999')
	expect(nothing.total).toEqual({ teachers: 6, enrolled: 0, completed: 0, rate: null, certified: 0, gainN: 0, gainMean: null })
	expect(nothing.byGender.map((g) => [g.key, g.teachers, g.enrolled, g.rate])).toEqual([['female', 2, 0, null], ['male', 1, 0, null], ['none', 3, 0, null]])
	expect(nothing.byCourse).toEqual([])
	expect(nothing.gain).toEqual({ n: 0, mean: null, buckets: ['lt0', '0', '10', '20', '30', '50'].map((key) => ({ key, count: 0 })) })
	expect(nothing.months.every((m) => m.completed === 0)).toBe(true)
})

test('a region page shows the figures of the last rebuild of the summaries, however often it is read, and follows each rebuild', async () => {
	await refreshReportSummaries()
	const region = await signedIn({ role: 'methodologist', schoolId: astana.schoolId, regionId: karasai.regionId })
	const karasaiEnrolled = async () =>
		dashboardOf((await load(() => homeRoute.loader(args('/ru/reports', region.cookie, {})))).body).dashboard.byUnit.find((u) => u.id === karasai.districtId)?.enrolled ?? -1
	const before = await karasaiEnrolled()
	expect(before).toBeGreaterThan(0)
	await enrolment((await createUser({ schoolId: karasai.schoolId })).id, { locale: 'kk' })
	expect(await karasaiEnrolled()).toBe(before)
	await refreshReportSummaries()
	expect(await karasaiEnrolled()).toBe(before + 1)
})

test('the district dashboard, kept between requests, shows every write at once: a new teacher, quizzes, completion, a revoked certificate, a changed gender or school', async () => {
	const db = await getDb()
	const course = await getPublishedStructure('mini-course')
	const [l1, l2] = course?.lessons ?? []
	const diagnostic = course?.quizzes.find((q) => q.kind === 'diagnostic')
	const final = course?.quizzes.find((q) => q.kind === 'final')
	if (!course || !l1 || !l2 || !diagnostic || !final) throw new Error('mini-course incomplete')
	const get = async () => dashboardOf((await load(() => homeRoute.loader(args('/ru/reports', district.cookie, {})))).body).dashboard
	const male = (d: DashboardBody['dashboard']) => d.byGender.find((g) => g.key === 'male')
	const version = async () => (await queryRows<{ version: string }>(db, sql`select version::text from report_versions where district_id = ${karasai.districtId}`))[0]?.version
	const start = await get()
	expect(await get()).toEqual(start)

	const teacher = await createUser({ gender: 'male', schoolId: karasai.schoolId })
	expect([(await get()).total.teachers, male(await get())?.teachers]).toEqual([(start.total.teachers ?? 0) + 1, (male(start)?.teachers ?? 0) + 1])

	const quiz = (quizId: number, answers: Record<string, string[]>) =>
		submitQuiz({ userId: teacher.id, course, locale: 'kk', submission: { quizId, nonce: crypto.randomUUID(), answers } })
	await quiz(diagnostic.id, { d1: ['b'], d2: ['a', 'b'] })
	expect((await get()).total.enrolled).toBe(start.total.enrolled + 1)

	// Lesson progress alone changes nothing the dashboard shows, and does not make it compute again.
	const before = await version()
	await completeLesson({ userId: teacher.id, course, lessonId: l1.id, locale: 'kk' })
	await completeLesson({ userId: teacher.id, course, lessonId: l2.id, locale: 'kk' })
	expect(await version()).toBe(before)

	await quiz(final.id, { f1: ['a'], f2: ['a', 'b'] })
	const done = await get()
	expect([done.total.completed, done.total.certified]).toEqual([start.total.completed + 1, start.total.certified + 1])
	expect(done.gain.buckets.find((b) => b.key === '50')?.count).toBe((start.gain.buckets.find((b) => b.key === '50')?.count ?? 0) + 1)

	const [certificate] = await db.select().from(certificates).where(eq(certificates.userId, teacher.id))
	if (!certificate) throw new Error('no certificate issued')
	await revokeCertificate({ code: certificate.code, reason: 'test', actorId: teacher.id })
	expect((await get()).total.certified).toBe(start.total.certified)

	await db.update(users).set({ gender: null }).where(eq(users.id, teacher.id))
	expect(male(await get())?.teachers).toBe(male(start)?.teachers)

	await db.update(users).set({ schoolId: talgar.schoolId }).where(eq(users.id, teacher.id))
	const moved = await get()
	expect([moved.total.teachers, moved.total.enrolled, moved.total.completed]).toEqual([start.total.teachers, start.total.enrolled, start.total.completed])

	// A school moved to another district leaves with its teachers, and comes back with them.
	const [school] = await db.select().from(schools).where(eq(schools.id, karasai2.schoolId))
	if (!school) throw new Error('school missing')
	await db.update(schools).set({ districtId: talgar.districtId, code: `${school.code}-moved` }).where(eq(schools.id, school.id))
	expect((await get()).total.teachers).toBe((start.total.teachers ?? 0) - (start.byUnit.find((u) => u.id === school.id)?.teachers ?? 0))
	await db.update(schools).set({ districtId: karasai.districtId, code: school.code }).where(eq(schools.id, school.id))
	expect(await get()).toEqual(start)
})

test('the school page writes one row per enrolment and one for a teacher without courses, every name escaped', async () => {
	const teacher = await createUser({ gender: 'female', schoolId: karasai.schoolId, fullName: '<b>Жанар & "Ко"</b>' })
	await enrolment(teacher.id, { locale: 'ru', diagnostic: 30, final: 90, completed: true, certificate: 'revoked' })
	await createUser({ gender: 'male', schoolId: karasai.schoolId, fullName: 'Бекзат Жазылмаған' })
	const path = `/ru/reports/schools/${karasai.schoolId}`
	const res = await load(() => schoolRoute.loader(args(path, district.cookie, { schoolId: String(karasai.schoolId) })))
	type SchoolProps = Parameters<typeof SchoolView>[0]['d']
	const d = res.body as SchoolProps
	const router = createMemoryRouter([{ path: '*', element: createElement(SchoolView, { d, lang: 'ru' }) }], { initialEntries: [path] })
	const page = renderToStaticMarkup(createElement(I18nextProvider, { i18n: getI18n('ru', getResources('ru')) }, createElement(RouterProvider, { router })))
	router.dispose()
	const rows = [...page.matchAll(/<tr><th scope="row">(.*?)<\/tr>/g)].map((m) => m[1] ?? '')
	const escaped = rows.filter((r) => r.startsWith('&lt;b&gt;Жанар &amp; &quot;Ко&quot;&lt;/b&gt;</th>'))
	expect(escaped).toHaveLength(1)
	// One person's gender, not the group's label («Женщины»).
	expect(escaped[0]).toContain('<td>женский</td><td>Мини-курс</td><td>русский</td>')
	expect(escaped[0]).toContain('<progress max="2" value="2"></progress>')
	expect(escaped[0]).toMatch(/<td class="num">30<\/td><td class="num">90<\/td>/)
	expect(escaped[0]).toMatch(/<td>T-\d+-\d+ \(отозван\)<\/td>$/)
	expect(page).not.toContain('<b>Жанар')
	const none = rows.filter((r) => r.startsWith('Бекзат Жазылмаған</th>'))
	expect(none).toEqual(['Бекзат Жазылмаған</th><td>мужской</td><td colspan="7">Не записан(а) на курсы</td>'])
	const enrolmentsShown = d.teachers.reduce((n, t) => n + Math.max(1, t.enrolments.length), 0)
	expect(rows).toHaveLength(enrolmentsShown)
})

test('knowledge gain counts only teachers who took both the diagnostic and the final: one who skipped the diagnostic is not counted as gaining from 0', async () => {
	const get = async () => dashboardOf((await load(() => homeRoute.loader(args('/ru/reports', district.cookie, {})))).body).dashboard
	const before = await get()
	const skipped = await createUser({ gender: 'female', schoolId: karasai.schoolId, fullName: 'Диагностикасыз Мұғалім' })
	await enrolment(skipped.id, { locale: 'kk', final: 100, completed: true, certificate: 'valid' })
	const after = await get()
	expect(after.total.completed).toBe(before.total.completed + 1)
	expect([after.gain.n, after.gain.mean, after.gain.buckets]).toEqual([before.gain.n, before.gain.mean, before.gain.buckets])
	expect(after.byGender.find((g) => g.key === 'female')?.gainN).toBe(before.byGender.find((g) => g.key === 'female')?.gainN)
	// The page says how many results were counted and that those who skipped the diagnostic are not.
	const t = getI18n('kk', getResources('kk')).getFixedT('kk', 'reporting')
	expect(t('gain.n', { count: after.gain.n })).toContain('Диагностиканы өткізіп жібергендер есепке алынбайды')
	await refreshReportSummaries()
	const region = await signedIn({ role: 'methodologist', schoolId: astana.schoolId, regionId: karasai.regionId })
	const summary = dashboardOf((await load(() => homeRoute.loader(args('/ru/reports', region.cookie, {})))).body).dashboard
	const karasaiRow = summary.byUnit.find((u) => u.id === karasai.districtId)
	expect(karasaiRow?.completed).toBe(after.total.completed)
	expect(karasaiRow?.gainN).toBe(after.total.gainN)
})
