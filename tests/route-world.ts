import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { RouteConfigEntry } from '@react-router/dev/routes'
import { and, eq } from 'drizzle-orm'
import { expect } from 'vitest'
import { getDb } from '#app/db/client.server.ts'
import { certificates, notifications, taskVersionFiles } from '#app/db/schema/index.ts'
import { validateSessionToken } from '#app/modules/auth/session.server.ts'
import { submitTask } from '#app/modules/tasks/tasks.server.ts'
import { createAssignment, resolvePlace } from '#app/modules/assignments/assignments.server.ts'
import { almatyToday } from '#app/modules/assignments/dates.ts'
import { unsubscribeToken } from '#app/modules/reminders/token.server.ts'
import { completeLesson, enrol, submitQuiz } from '#app/modules/learning/progress.server.ts'
import { notify } from '#app/modules/notifications/notifications.server.ts'
import { syncMaterials } from '#app/modules/materials/sync.server.ts'
import routes from '#app/routes.ts'
import { findSchool, makeRequest, publishFixtureCourse, routeArgs, run, signedIn } from '#tests/factories.ts'
import * as courseNewRoute from '#app/routes/studio.course-new.tsx'
import * as courseRoute from '#app/routes/studio.course.tsx'
import * as courseTaskRoute from '#app/routes/studio.course-task.tsx'
import * as materialNewRoute from '#app/routes/studio.material-new.tsx'

/**
 * The route manifest and one world to call every route in: a published course with a certificate holder,
 * an author's draft course and material, and a user of every kind. Used by the access matrix and the fuzzer.
 */
export type Who = 'anonymous' | 'teacher' | 'author' | 'otherAuthor' | 'reviewer' | 'methodologist' | 'otherMethodologist' | 'admin'
export const who: Who[] = ['anonymous', 'teacher', 'author', 'otherAuthor', 'reviewer', 'methodologist', 'otherMethodologist', 'admin']

/** Every route of the manifest with its full path pattern. */
function flatten(entries: readonly RouteConfigEntry[], prefix = ''): { pattern: string; file: string }[] {
	return entries.flatMap((e) => {
		const pattern = e.index ? (prefix ? `${prefix}/` : '') : [prefix, e.path ?? ''].filter(Boolean).join('/')
		return [{ pattern, file: e.file }, ...flatten(e.children ?? [], pattern)]
	})
}

export const manifest = flatten(routes)

export type RouteModule = { loader?: (args: unknown) => unknown; action?: (args: unknown) => unknown }

export function routeModule(file: string): Promise<RouteModule> {
	return import(path.resolve('app', file))
}

async function sessionOf(token: string) {
	const user = await validateSessionToken(token)
	if (!user) throw new Error('no session')
	return user
}

export async function prepareRouteWorld() {
	if (process.env.DATABASE_URL) process.env.DATA_DIR = await fs.mkdtemp(path.join(os.tmpdir(), 'ortaq-attachments-'))
	const { course } = await publishFixtureCourse()
	// One published material is enough to call the library's routes; syncing all of content/materials is slow.
	const materialsRoot = await fs.mkdtemp(path.join(os.tmpdir(), 'ortaq-materials-'))
	await fs.cp(path.resolve('content/materials/case-autism-rural-school'), path.join(materialsRoot, 'case-autism-rural-school'), { recursive: true })
	await syncMaterials({ root: materialsRoot })
	const karasai = await findSchool()
	const talgar = await findSchool({ district: 'talgar' })
	const teacher = await signedIn({ fullName: 'Гүлнар Сәрсенбайқызы' })
	const author = await signedIn({ role: 'author' })
	const methodologist = await signedIn({ role: 'methodologist', regionId: karasai.regionId, districtId: karasai.districtId })
	const otherMethodologist = await signedIn({ role: 'methodologist', regionId: talgar.regionId, districtId: talgar.districtId, schoolId: talgar.schoolId })
	const [otherAuthor, reviewer, admin] = [await signedIn({ role: 'author' }), await signedIn({ role: 'reviewer' }), await signedIn({ role: 'admin' })]
	const all = { teacher, author, otherAuthor, reviewer, methodologist, otherMethodologist, admin }
	const cookies: Record<Who, string | undefined> = { anonymous: undefined, teacher: teacher.cookie, author: author.cookie, otherAuthor: otherAuthor.cookie, reviewer: reviewer.cookie, methodologist: methodologist.cookie, otherMethodologist: otherMethodologist.cookie, admin: admin.cookie }
	const userIds: Partial<Record<Who, number>> = Object.fromEntries(Object.entries(all).map(([w, u]) => [w, u.user.id]))

	// The teacher finishes the course and holds a certificate.
	const final = course.quizzes.find((q) => q.kind === 'final')
	if (!final) throw new Error('no final')
	for (const lesson of course.lessons) await completeLesson({ userId: teacher.user.id, course, lessonId: lesson.id, locale: 'kk' })
	await submitQuiz({ userId: teacher.user.id, course, locale: 'kk', submission: { quizId: final.id, nonce: crypto.randomUUID(), answers: { f1: ['a'], f2: ['a', 'b'] } } })
	// Everyone signed in is enrolled, so the routes for enrolled users answer the same whichever rows ran before.
	for (const u of Object.values(all)) await enrol({ userId: u.user.id, course, locale: 'kk' })
	const db = await getDb()
	const [certificate] = await db.select().from(certificates).where(and(eq(certificates.userId, teacher.user.id), eq(certificates.courseId, course.courseId)))
	if (!certificate) throw new Error('no certificate')

	// The author owns a draft course with a lesson and a draft material.
	const draft = { slug: 'matrix-course', topic: 'inclusion', hours: '4', passThreshold: '70', titleKk: 'Жоба курс', titleRu: 'Черновик курса', summaryKk: 'Қысқаша', summaryRu: 'Кратко' }
	expect(await run(() => courseNewRoute.action(routeArgs(makeRequest('/kk/studio/courses/new', { cookie: author.cookie, form: draft }), { lang: 'kk' })))).toMatchObject({ status: 302 })
	const lessonForm = { intent: 'addLesson', lessonSlug: 'first-step', lessonTitleKk: 'Алғашқы қадам', lessonTitleRu: 'Первый шаг' }
	expect(await run(() => courseRoute.action(routeArgs(makeRequest('/kk/studio/courses/matrix-course', { cookie: author.cookie, form: lessonForm }), { lang: 'kk', slug: 'matrix-course' })))).toMatchObject({ status: 302 })
	// Its draft has a practical task written in the studio, so the task page shows a filled rubric.
	const taskForm = { intent: 'save', titleKk: 'Жоспарды бейімдеу', titleRu: 'Адаптация плана', instructionsKk: 'Жоспарды бейімдеңіз.', instructionsRu: 'Адаптируйте план.', submitText: 'on', submitFiles: 'on', criterion1TitleKk: 'Мақсат', criterion1TitleRu: 'Цель', criterion1DescriptionKk: 'Мақсат бар.', criterion1DescriptionRu: 'Цель есть.', criterion1Points: '5', passMark: '3' }
	expect(await run(() => courseTaskRoute.action(routeArgs(makeRequest('/kk/studio/courses/matrix-course/task', { cookie: author.cookie, form: taskForm }), { lang: 'kk', slug: 'matrix-course' })))).toMatchObject({ status: 302 })
	const materialForm = { slug: 'matrix-material', type: 'guide', topic: 'inclusion', sourceKk: '---\ntitle: Жоба\n---\n\n## Мақсаты\n\nМәтін.\n', sourceRu: '' }
	expect(await run(() => materialNewRoute.action(routeArgs(makeRequest('/kk/studio/materials/new', { cookie: author.cookie, form: materialForm }), { lang: 'kk' })))).toMatchObject({ status: 302 })

	// An assignment of the methodologist's district, due in a month.
	const place = await resolvePlace({ scope: { kind: 'district', regionId: karasai.regionId, districtId: karasai.districtId }, at: `district:${karasai.districtId}` })
	if (!place) throw new Error('no place')
	const assignment = await createAssignment({ place, createdBy: methodologist.user.id, input: { course: course.courseId, target: 'place', schools: [], position: null, subject: null, due: almatyToday(new Date(Date.now() + 30 * 86_400_000)), note: '' } })
	if (!assignment.ok) throw new Error('assignment not created')
	// The teacher has a stored notification (and the assignment's notice, computed when read).
	await notify(db, { userId: teacher.user.id, kind: 'task.returned', params: { submissionId: 1, courseTitle: { kk: 'Шағын курс', ru: 'Мини-курс' } }, link: '/courses/mini-course', dedupeKey: 'task.returned:1' })
	const [notification] = await db.select({ id: notifications.id }).from(notifications).where(eq(notifications.userId, teacher.user.id))
	if (!notification) throw new Error('no notification')

	// The teacher (in Karasai) sent the practical task with a file: the Karasai methodologist tutors it, the Talgar one does not.
	const sent = await submitTask({ user: await sessionOf(teacher.token), course, text: 'Бейімделген жоспар', files: [{ name: 'plan.pdf', type: 'application/pdf', bytes: new TextEncoder().encode('%PDF-1.4\n%âãÏÓ\n1 0 obj\n<< >>\nendobj\n') }], locale: 'kk' })
	if (!sent.ok) throw new Error('task not sent')
	const [taskFile] = await db.select({ id: taskVersionFiles.attachmentId }).from(taskVersionFiles)
	if (!taskFile) throw new Error('no task file')

	const params: Record<string, string> = {
		submissionId: String(sent.submissionId),
		fileId: String(taskFile.id),
		assignmentId: String(assignment.id),
		notificationId: String(notification.id),
		lang: 'kk',
		code: certificate.code,
		userId: String(teacher.user.id),
		lesson: course.lessons[0]?.slug ?? '',
		kind: 'final',
		attachmentId: '999999',
		regionId: String(karasai.regionId),
		districtId: String(karasai.districtId),
		schoolId: String(karasai.schoolId),
		table: 'teachers',
		// The teacher's signed unsubscribe link (ADR 016): a valid one, as a mail carries it.
		token: unsubscribeToken({ kind: 'reminders', userId: teacher.user.id }),
		'*': 'no-such-page',
	}
	return { course, cookies, userIds, params }
}

/** The URL and params of a pattern: studio routes name the author's drafts, the others the published course. */
export function paramsFor(pattern: string, params: Record<string, string>) {
	const studio = pattern.includes('studio/') && !pattern.endsWith('/export')
	const slug = studio ? (pattern.includes('materials') ? 'matrix-material' : 'matrix-course') : pattern.includes('materials/') ? 'case-autism-rural-school' : 'mini-course'
	const values: Record<string, string> = { ...params, slug }
	if (studio && pattern.includes('lessons/')) values.lesson = 'first-step'
	if (pattern.includes('quizzes/')) {
		values.kind = 'diagnostic'
		delete values.lesson
	}
	const names = [...pattern.matchAll(/:(\w+)\??|\*/g)].map((m) => m[1] ?? '*')
	const picked = Object.fromEntries(names.map((n) => [n, values[n]]).filter(([, v]) => v !== undefined))
	const query = pattern.endsWith('/diff')
		? '?from=1&to=1'
		: pattern.includes('reports/export')
			? `?format=csv&at=district:${values.districtId}`
			: pattern.includes('assignments/') && pattern.includes('/export/')
				? '?format=csv'
				: pattern.endsWith('/unsubscribe')
					? `?token=${values.token ?? ''}`
					: ''
	const url = `/${pattern.replace(/:(\w+)\??|\*/g, (_, n: string | undefined) => values[n ?? '*'] ?? '').replace(/\/+$/, '')}`
	return { url: `${url}${query}`, params: picked }
}
