import fc from 'fast-check'
import { sql } from 'drizzle-orm'
import { beforeAll, expect, test } from 'vitest'
import { almatyToday } from '#app/modules/assignments/dates.ts'
import { getDb, queryRows } from '#app/db/client.server.ts'
import { createSession, SESSION_COOKIE } from '#app/modules/auth/session.server.ts'
import { makeRequest, routeArgs } from '#tests/factories.ts'
import { manifest, paramsFor, prepareRouteWorld, routeModule, who } from '#tests/route-world.ts'

/**
 * Property-based fuzzing of every form action and every loader in the route manifest: random, oversized,
 * wrong-typed, missing and duplicated fields, unicode edge cases (lone surrogates, NUL, combining marks),
 * sent as every kind of user. A request never ends in a 500 (an error that is not a Response), and a refused
 * request (4xx) writes nothing.
 */

// Samples per route; FUZZ_RUNS=500 for a longer hunt than the suite's.
const RUNS = Number(process.env.FUZZ_RUNS ?? 20)

// The fields the app's forms use, so that random values reach the validation behind each name.
const fieldNames = [
	'intent', 'email', 'password', 'confirmPassword', 'currentPassword', 'fullName', 'gender', 'locale', 'regionId', 'districtId', 'schoolId',
	'token', 'redirectTo', 'code', 'reason', 'role', 'slug', 'type', 'topic', 'sourceKk', 'sourceRu', 'titleKk', 'titleRu', 'summaryKk',
	'summaryRu', 'overviewKk', 'overviewRu', 'hours', 'passThreshold', 'lessonSlug', 'lessonTitleKk', 'lessonTitleRu', 'quizId', 'nonce',
	'decision', 'comment', 'question', 'textKk', 'textRu', 'explanationKk', 'explanationRu', 'option1Kk', 'option1Ru', 'option1Correct',
	'option2Kk', 'option2Ru', 'q1', 'f1', 'f2', 'd1', 'attachmentId', 'from', 'to', 'q', 'page', 'format', 'at', 'course',
	'target', 'schools', 'due', 'note', 'school', 'item', 'instructionsKk', 'instructionsRu', 'submitText', 'submitFiles', 'passMark',
	'requiredForCertificate', 'rows', 'criterion1Id', 'criterion1TitleKk', 'criterion1Points', 'criterion1Remove', 'criterion13TitleKk',
]
// Values that mean something somewhere: intents, ids, locales, enum members, numbers at the edges.
const meaningful = [
	'save', 'submit', 'review', 'revise', 'approve', 'return', 'enrol', 'done', 'quiz', 'grant', 'revoke', 'addLesson', 'moveUp', 'moveDown',
	'addCriterion', 'remove', 'removeLesson', 'makeOptional', 'makeRequired', 'delete', 'profile', 'password', 'kk', 'ru', 'en', 'female', 'male', 'teacher', 'author',
	'reviewer', 'methodologist', 'admin', 'guide', 'checklist', 'inclusion', 'gender', 'single', 'multiple', 'a', 'b', 'on', '1', '0', '-1',
	'2147483648', '99999999999999999999', '1e309', 'NaN', '', ' ', '\u0000', "'; drop table users; --", '../../etc/passwd', '<script>alert(1)</script>',
	'{process.exit(1)}', 'javascript:alert(1)', 'read', 'read-all', 'n1', 'a1', 'n2147483648', 'бала & | ! ( ) : * \' \\', 'мұғалім@мектеп.kz', 'a@b.c',
]

// Characters that break naive handling: NUL (PostgreSQL text refuses it), lone surrogates, direction overrides,
// byte-order marks, line ends, escapes.
const nasty = fc.constantFrom('\u0000', '\uD800', '\uDFFF', '\u202E', '\uFEFF', '\r\n', '%00', '\\', "'", '\u0301')
const withNasty = (around: fc.Arbitrary<string>) => fc.tuple(around, nasty, around).map(([a, n, b]) => `${a}${n}${b}`)
const value = fc.oneof(
	{ weight: 3, arbitrary: fc.constantFrom(...meaningful) },
	{ weight: 3, arbitrary: withNasty(fc.string({ maxLength: 12 })) },
	{ weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
	{ weight: 1, arbitrary: fc.string({ unit: 'grapheme-composite', maxLength: 20 }) },
	{ weight: 1, arbitrary: fc.integer().map(String) },
	{ weight: 1, arbitrary: fc.constantFrom('я'.repeat(70_000), 'x'.repeat(1_100_000), `${'ә\u0301'.repeat(3000)}\u0000`) },
)
const form = fc.dictionary(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...fieldNames) }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) }), fc.oneof(value, fc.array(value, { minLength: 2, maxLength: 3 })), { maxKeys: 8 })
const query = fc.dictionary(fc.oneof(fc.constantFrom(...fieldNames), fc.string({ maxLength: 8 })), value, { maxKeys: 5 })

// What a refused request must not change: everything a user writes (sessions, rate-limit counters and the
// audit log of failed attempts are written on purpose; compiled_mdx is a cache by content hash that checking a
// draft may fill; geography is never written by a form).
const watched = [
	'users', 'user_roles', 'password_resets', 'courses', 'course_revisions', 'lessons', 'lesson_versions', 'revision_lessons', 'quizzes', 'questions',
	'enrolments', 'lesson_progress', 'quiz_attempts', 'certificates', 'materials', 'material_revisions', 'material_versions', 'material_attachments',
	'attachments', 'review_comments', 'signing_keys', 'offline_events', 'assignments', 'assignment_schools', 'assignment_starts', 'mail_optouts',
	'notifications', 'task_submissions', 'task_versions', 'task_version_files',
]

async function fingerprint() {
	const db = await getDb()
	const parts = watched.map((t) => `select '${t}' as t, coalesce(md5(string_agg(md5(x::text), '' order by md5(x::text))), '') as h from ${t} x`)
	const rows = await queryRows<{ t: string; h: string }>(db, sql.raw(parts.join(' union all ')))
	return Object.fromEntries(rows.map((r) => [r.t, r.h]))
}

function statusOf(result: unknown) {
	if (result instanceof Response) return result.status
	if (result && typeof result === 'object' && 'init' in result && result.init && typeof result.init === 'object' && 'status' in result.init && typeof result.init.status === 'number') return result.init.status
	return 200
}

/** Runs a loader or action; a thrown Response is an answer, anything else thrown is what a user sees as a 500. */
async function answer(fn: (args: unknown) => unknown, request: Request, params: Record<string, string>) {
	try {
		const result = await fn(routeArgs(request, params))
		if (result instanceof Response && result.body) await result.body.cancel()
		return { status: statusOf(result) }
	} catch (error) {
		if (error instanceof Response) {
			if (error.body) await error.body.cancel()
			return { status: error.status }
		}
		return { status: 500, error: error instanceof Error ? `${error.name}: ${error.message.slice(0, 300)}` : String(error) }
	}
}

let world: Awaited<ReturnType<typeof prepareRouteWorld>>

beforeAll(async () => {
	world = await prepareRouteWorld()
})

async function cookieOf(w: (typeof who)[number], pattern: string) {
	const id = world.userIds[w]
	// Logging out ends the session it is sent with; the logout route gets a new session each time.
	if (pattern.endsWith('logout') && id !== undefined) return `${SESSION_COOKIE}=${await createSession({ userId: id })}`
	return world.cookies[w]
}

type Form = Record<string, string | string[]>
type Who = (typeof who)[number]

/**
 * A valid form per action and the user it is meant for: the fuzzer starts from it and keeps, drops, replaces
 * and duplicates its fields and adds others, so that random values reach each field behind a passing check.
 * An action without a row here fails the test: a new form must come with its baseline.
 */
function baselines(): Record<string, { as: Who; form: Form }> {
	const lessonQuiz = world.course.quizzes.find((q) => q.kind === 'lesson')
	const final = world.course.quizzes.find((q) => q.kind === 'final')
	const source = '---\ntitle: Сынақ\n---\n\n## Мақсаты\n\nМәтін.\n'
	return {
		':lang/login': { as: 'anonymous', form: { email: 'nobody@example.kz', password: 'correct horse battery', redirectTo: '/kk/my' } },
		':lang/logout': { as: 'teacher', form: {} },
		':lang/register': {
			as: 'anonymous',
			form: { fullName: 'Дана Ерланқызы', email: 'dana@example.kz', password: 'ұзын-құпиясөз', confirmPassword: 'ұзын-құпиясөз', regionId: world.params.regionId ?? '', districtId: world.params.districtId ?? '', schoolId: world.params.schoolId ?? '', gender: 'female', position: 'primaryTeacher', subject: '' },
		},
		':lang/forgot-password': { as: 'anonymous', form: { email: 'nobody@example.kz' } },
		':lang/reset-password': { as: 'anonymous', form: { token: 'a'.repeat(40), password: 'жаңа-құпиясөз', confirmPassword: 'жаңа-құпиясөз' } },
		// Two forms in one action: "my work" (intent=profile) and, when the fuzzer drops or changes the intent, the password form.
		':lang/account': { as: 'teacher', form: { intent: 'profile', position: 'speechTherapist', subject: 'mathematics', currentPassword: 'wrong password', password: 'жаңа-құпиясөз', confirmPassword: 'жаңа-құпиясөз' } },
		':lang/unsubscribe': { as: 'anonymous', form: { token: world.params.token ?? '', 'List-Unsubscribe': 'One-Click' } },
		':lang/admin/users/:userId': { as: 'admin', form: { role: 'author', granted: 'on', regionId: '', districtId: '' } },
		':lang/courses/:slug': { as: 'teacher', form: { intent: 'enrol' } },
		':lang/courses/:slug/lessons/:lesson': { as: 'teacher', form: { intent: 'quiz', quizId: String(lessonQuiz?.id ?? ''), nonce: crypto.randomUUID(), 'q:l1': 'a' } },
		':lang/courses/:slug/assessment/:kind': { as: 'teacher', form: { quizId: String(final?.id ?? ''), nonce: crypto.randomUUID(), 'q:f1': 'a', 'q:f2': ['a', 'b'] } },
		// The sync takes JSON only (tests/integration/offline-sync.test.ts fuzzes its JSON): a form body is refused with 415.
		':lang/offline/sync': { as: 'teacher', form: { events: '[]' } },
		':lang/admin/certificates': { as: 'admin', form: { code: world.params.code ?? '', reason: 'Қате деректер' } },
		':lang/assignments/new': {
			as: 'methodologist',
			form: { at: `district:${world.params.districtId ?? ''}`, course: String(world.course.courseId), target: 'schools', schools: [world.params.schoolId ?? ''], position: 'tutor', subject: 'music', due: almatyToday(new Date(Date.now() + 14 * 86_400_000)), note: 'Жыл соңына дейін' },
		},
		// Marking the teacher's own notification read; a mutated item is another's, unknown or malformed (404 or 400).
		':lang/notifications': { as: 'teacher', form: { intent: 'read', item: `n${world.params.notificationId ?? ''}` } },
		// The world's teacher has sent her task (it waits): another user's text is a first version; the tutor returns hers.
		':lang/courses/:slug/task': { as: 'author', form: { text: 'Сабақ жоспары бейімделді.' } },
		':lang/tasks/:submissionId': { as: 'methodologist', form: { version: '1', decision: 'return', 'score-goal': '3', 'score-adaptations': '2', feedback: 'Бейімдеулердің себебін жазыңыз.' } },
		':lang/studio/materials/new': { as: 'author', form: { slug: 'fuzz-material', type: 'guide', topic: 'inclusion', summaryKk: 'Қысқаша', summaryRu: 'Кратко', sourceKk: source, sourceRu: '' } },
		':lang/studio/materials/:slug': { as: 'author', form: { intent: 'save', type: 'guide', topic: 'inclusion', summaryKk: '', summaryRu: '', sourceKk: source, sourceRu: '' } },
		':lang/studio/courses': { as: 'reviewer', form: { slug: 'no-such-folder' } },
		':lang/studio/courses/new': { as: 'author', form: { slug: 'fuzz-course', topic: 'gender', hours: '6', passThreshold: '70', titleKk: 'Курс', titleRu: 'Курс', summaryKk: 'Қысқаша', summaryRu: 'Кратко' } },
		':lang/studio/courses/:slug': { as: 'author', form: { intent: 'save', titleKk: 'Курс', titleRu: 'Курс', summaryKk: 'Қысқаша', summaryRu: 'Кратко', hours: '6', passThreshold: '70', overviewKk: '', overviewRu: '' } },
		':lang/studio/courses/:slug/lessons/:lesson': { as: 'author', form: { sourceKk: source, sourceRu: '' } },
		':lang/studio/courses/:slug/task': {
			as: 'author',
			form: {
				intent: 'save', titleKk: 'Тапсырма', titleRu: 'Задание', instructionsKk: 'Жоспарды бейімдеңіз.', instructionsRu: 'Адаптируйте план.', submitText: 'on', rows: '3',
				criterion1Id: 'c1', criterion1TitleKk: 'Мақсат', criterion1TitleRu: 'Цель', criterion1DescriptionKk: 'Мақсат бар.', criterion1DescriptionRu: 'Цель есть.', criterion1Points: '5',
				passMark: '3', requiredForCertificate: 'on',
			},
		},
		':lang/studio/courses/:slug/quizzes/:kind/:lesson?': {
			as: 'author',
			form: { intent: 'save', type: 'single', textKk: 'Қай жауап дұрыс?', textRu: 'Какой ответ верный?', option1Kk: 'Иә', option1Ru: 'Да', option1Correct: 'on', option2Kk: 'Жоқ', option2Ru: 'Нет' },
		},
	}
}

function mutated(base: Form) {
	const fields = Object.entries(base).map(([k, v]) =>
		fc.oneof(
			{ weight: 4, arbitrary: fc.constant<[string, string | string[]][]>([[k, v]]) },
			{ weight: 1, arbitrary: fc.constant<[string, string | string[]][]>([]) },
			{ weight: 3, arbitrary: value.map((x): [string, string | string[]][] => [[k, x]]) },
			{ weight: 2, arbitrary: withNasty(fc.constant([v].flat().join(''))).map((x): [string, string | string[]][] => [[k, x]]) },
			{ weight: 1, arbitrary: value.map((x): [string, string | string[]][] => [[k, [...[v].flat(), x]]]) },
		),
	)
	return fc.tuple(fc.tuple(...fields), form).map(([kept, extra]) => ({ ...extra, ...Object.fromEntries(kept.flat()) }))
}

const actions = manifest.filter((r) => r.pattern)
test.each(actions.map((r) => [r.pattern, r] as const))('POST %s: mutated forms from every kind of user never get a 500, and a refused one writes nothing', { timeout: 240_000 }, async (_, { pattern, file }) => {
	const mod = await routeModule(file)
	const action = mod.action
	if (!action) return
	const baseline = baselines()[pattern]
	if (!baseline) throw new Error(`${pattern} has an action but no baseline form in this test`)
	const { url, params } = paramsFor(pattern, world.params)
	const user = fc.oneof({ weight: who.length, arbitrary: fc.constant(baseline.as) }, fc.constantFrom(...who))
	await fc.assert(
		fc.asyncProperty(user, mutated(baseline.form), async (w, fields) => {
			const before = await fingerprint()
			const request = makeRequest(url, { cookie: await cookieOf(w, pattern), form: fields, headers: { 'X-Forwarded-For': '192.0.2.99' } })
			const result = await answer(action, request, params)
			expect(result.status, result.error).toBeLessThan(500)
			if (result.status >= 400) expect(await fingerprint()).toEqual(before)
		}),
		{ numRuns: RUNS },
	)
})

test.each(manifest.map((r) => [r.pattern || '/', r] as const))('GET %s with random query parameters from every kind of user never gets a 500', { timeout: 120_000 }, async (_, { pattern, file }) => {
	const mod = await routeModule(file)
	const loader = mod.loader
	if (!loader) return
	const { url, params } = paramsFor(pattern, world.params)
	await fc.assert(
		fc.asyncProperty(fc.constantFrom(...who), query, async (w, search) => {
			const target = new URL(url, 'http://localhost:3000')
			for (const [k, v] of Object.entries(search)) target.searchParams.append(k, v)
			const result = await answer(loader, makeRequest(`${target.pathname}${target.search}`, { cookie: await cookieOf(w, pattern) }), params)
			expect(result.status, result.error).toBeLessThan(500)
		}),
		{ numRuns: Math.ceil(RUNS / 2) },
	)
})
