// The server half of offline learning (ADR 014): a batch of events a device queued offline is
// applied one event per transaction, through the same functions the online pages use, and
// answered per event; a course package tells a device what to save.
import fs from 'node:fs/promises'
import path from 'node:path'
import { and, eq, inArray, ne, sql } from 'drizzle-orm'
import { explanations, publicQuestions } from '#app/components/quiz-form.tsx'
import { getDb, type Tx } from '#app/db/client.server.ts'
import { certificates, courseRevisions, courses, offlineEvents, questions, quizzes } from '#app/db/schema/index.ts'
import type { SessionUser } from '#app/modules/auth/session.server.ts'
import { plainBody } from '#app/modules/http/spliced-gzip.server.ts'
import { pick, type Locale } from '#app/modules/i18n/locales.ts'
import { links } from '#app/root.tsx'
import { lessonDocumentParts } from './lesson-document.server.tsx'
import { courseProgress, lessonPageData } from './lesson-page.server.ts'
import { offlineEventSchema, idOf, offlineNonce, resolveAnswers, type OfflineEvent, type RefusalCode } from './offline.ts'
import { completeLesson, enrol, submitQuiz } from './progress.server.ts'
import { getPublishedStructure, lessonTitle, type CourseStructure, type QuizInfo } from './structure.server.ts'

export type EventAnswer = {
	id: string | null
	status: 'applied' | 'duplicate' | 'refused'
	reason?: RefusalCode
	result?: Record<string, unknown>
}

/** Thrown inside an event's transaction to undo it: nothing of a refused event is written. */
class Refusal extends Error {
	constructor(readonly reason: RefusalCode | 'duplicate') {
		super(reason)
	}
}

type Resolved = { course: CourseStructure } | { refused: 'unknown_course' | 'course_withdrawn' }

/** The published course of a slug, or why there is none: a course that exists without a published revision is withdrawn. */
async function resolveCourse(slug: string): Promise<Resolved> {
	const course = await getPublishedStructure(slug)
	if (course) return { course }
	const db = await getDb()
	const [known] = await db.select({ id: courses.id }).from(courses).where(eq(courses.slug, slug))
	return { refused: known ? 'course_withdrawn' : 'unknown_course' }
}

/** Option ids per question key that this quiz (same kind and lesson identity) had in the course's earlier published revisions. */
async function earlierOptions(course: CourseStructure, quiz: QuizInfo) {
	const db = await getDb()
	const rows = await db
		.select({ key: questions.key, options: questions.options })
		.from(questions)
		.innerJoin(quizzes, eq(quizzes.id, questions.quizId))
		.innerJoin(courseRevisions, eq(courseRevisions.id, quizzes.revisionId))
		.where(
			and(
				eq(courseRevisions.courseId, course.courseId),
				ne(courseRevisions.id, course.revisionId),
				inArray(courseRevisions.status, ['published', 'archived']),
				eq(quizzes.kind, quiz.kind),
				quiz.lessonId === null ? sql`${quizzes.lessonId} is null` : eq(quizzes.lessonId, quiz.lessonId),
			),
		)
	const out = new Map<string, Set<string>>()
	for (const r of rows) {
		const ids = out.get(r.key) ?? new Set<string>()
		for (const o of r.options) ids.add(o.id)
		out.set(r.key, ids)
	}
	return out
}

async function storedResult(userId: number, clientId: string) {
	const db = await getDb()
	const [row] = await db
		.select({ result: offlineEvents.result })
		.from(offlineEvents)
		.where(and(eq(offlineEvents.userId, userId), eq(offlineEvents.clientId, clientId)))
	return row?.result ?? null
}

/** The first results of the events of a batch that were applied before, by lower-case client id: one query per batch. */
async function storedResults(userId: number, raws: readonly unknown[]) {
	const ids = [...new Set(raws.map(idOf).filter((id) => id !== null).map((id) => id.toLowerCase()))]
	const out = new Map<string, Record<string, unknown>>()
	if (!ids.length) return out
	const db = await getDb()
	const rows = await db
		.select({ clientId: offlineEvents.clientId, result: offlineEvents.result })
		.from(offlineEvents)
		.where(and(eq(offlineEvents.userId, userId), inArray(offlineEvents.clientId, ids)))
	for (const r of rows) out.set(r.clientId, r.result)
	return out
}

/**
 * Runs one event's change with its record in one transaction. The record is inserted first: a
 * concurrent sync of the same event waits for it, finds the id taken and is answered as a duplicate.
 * The change's statements follow the insert without waiting for its answer (postgres.js pipelines
 * them on the transaction's connection, PGlite runs them in turn): the database still runs the
 * insert first, and when the id turns out to be taken, whatever the change did is rolled back.
 */
async function applyRecorded(
	{ userId, event }: { userId: number; event: OfflineEvent },
	change: (tx: Tx) => Promise<Record<string, unknown>>,
): Promise<EventAnswer> {
	const clientId = event.id.toLowerCase()
	const occurredAt = event.kind === 'lessonDone' ? event.doneAt : event.kind === 'quizAttempt' ? event.answeredAt : null
	const db = await getDb()
	try {
		const result = await db.transaction(async (tx) => {
			const claim = tx
				.insert(offlineEvents)
				.values({ userId, clientId, kind: event.kind, status: 'applied', result: {}, occurredAt })
				.onConflictDoNothing()
				.returning({ clientId: offlineEvents.clientId })
				.execute()
			const [claimed, changed] = await Promise.allSettled([claim, change(tx)])
			if (claimed.status === 'rejected') throw claimed.reason
			if (!claimed.value[0]) throw new Refusal('duplicate')
			if (changed.status === 'rejected') throw changed.reason
			const result = changed.value
			await tx
				.update(offlineEvents)
				.set({ result })
				.where(and(eq(offlineEvents.userId, userId), eq(offlineEvents.clientId, clientId)))
			return result
		})
		return { id: event.id, status: 'applied', result }
	} catch (error) {
		if (!(error instanceof Refusal)) throw error
		if (error.reason === 'duplicate') return { id: event.id, status: 'duplicate', result: (await storedResult(userId, clientId)) ?? {} }
		return { id: event.id, status: 'refused', reason: error.reason }
	}
}

type Batch = {
	/** Courses by slug, resolved once per batch. */
	resolved: Map<string, Resolved>
	/** First results by lower-case client id: those recorded before the batch, and those it applies. */
	recorded: Map<string, Record<string, unknown>>
}

/** One event: checked, resolved against the current revision, applied or refused with a reason. */
async function applyEvent({ user, locale, raw, batch }: { user: SessionUser; locale: Locale; raw: unknown; batch: Batch }): Promise<{ answer: EventAnswer; slug?: string }> {
	const parsed = offlineEventSchema.safeParse(raw)
	if (!parsed.success) return { answer: { id: idOf(raw), status: 'refused', reason: 'invalid_event' } }
	const event = parsed.data
	const userId = user.id
	const refused = (reason: RefusalCode) => ({ answer: { id: event.id, status: 'refused' as const, reason }, slug: event.courseSlug })
	// A replay is answered from the record before anything else is looked at: the course may have changed since.
	// One sent by another sync meanwhile is found by its record's primary key in applyRecorded.
	const stored = batch.recorded.get(event.id.toLowerCase())
	if (stored) return { answer: { id: event.id, status: 'duplicate', result: stored }, slug: event.courseSlug }
	const { resolved } = batch
	let found = resolved.get(event.courseSlug)
	if (!found) {
		found = await resolveCourse(event.courseSlug)
		resolved.set(event.courseSlug, found)
	}
	if ('refused' in found) return refused(found.refused)
	const { course } = found
	const slug = course.slug

	if (event.kind === 'enrol') {
		const answer = await applyRecorded({ userId, event }, async (tx) => {
			await enrol({ userId, course, locale: event.locale, tx })
			return { enrolled: true }
		})
		return { answer, slug }
	}

	if (event.kind === 'lessonDone') {
		const lesson = course.lessons.find((l) => l.slug === event.lessonSlug)
		if (!lesson) return refused('unknown_lesson')
		const answer = await applyRecorded({ userId, event }, async (tx) => {
			const done = await completeLesson({ userId, course, lessonId: lesson.id, locale, tx })
			if ('error' in done) throw new Refusal(done.error)
			return { lessonSlug: lesson.slug, completed: done.completed }
		})
		return { answer, slug }
	}

	let quiz: QuizInfo | undefined
	if (event.quizKind === 'lesson') {
		const lesson = course.lessons.find((l) => l.slug === event.lessonSlug)
		if (!lesson) return refused(event.lessonSlug ? 'unknown_lesson' : 'invalid_event')
		quiz = course.quizzes.find((q) => q.kind === 'lesson' && q.lessonId === lesson.id)
	} else {
		if (event.lessonSlug !== undefined) return refused('invalid_event')
		quiz = course.quizzes.find((q) => q.kind === event.quizKind)
	}
	if (!quiz) return refused('unknown_quiz')
	const current = quiz.questions
	const needsHistory = Object.entries(event.answers).some(([k, ids]) => {
		const q = current.find((x) => x.key === k)
		return !q || ids.some((id) => !q.options.some((o) => o.id === id))
	})
	const answers = resolveAnswers({ current, earlier: needsHistory ? await earlierOptions(course, quiz) : new Map(), answers: event.answers })
	if (!answers.ok) return refused('foreign_answers')
	const quizInfo = quiz
	const notes = explanations(quizInfo, locale)
	const answer = await applyRecorded({ userId, event }, async (tx) => {
		const r = await submitQuiz({ userId, course, locale, tx, submission: { quizId: quizInfo.id, nonce: offlineNonce(event.id), answers: answers.answers } })
		if (r.error) throw new Refusal(r.error)
		// What the online page shows after a submission, no more (app/components/quiz-form.tsx).
		return {
			quizKind: quizInfo.kind,
			lessonSlug: event.quizKind === 'lesson' ? event.lessonSlug : null,
			score: r.score,
			correct: r.correct,
			total: r.total,
			// A practice attempt (the final after completion, ADR 010) passes or fails nothing.
			passed: r.practice ? 'n/a' : r.passed,
			practice: r.practice,
			completed: r.completed,
			best: r.best,
			ignored: answers.ignored,
			results: r.results.map((x) => ({ ...x, explanation: notes.get(x.key) ?? '' })),
		}
	})
	return { answer, slug }
}

/** Where a learner stands in a course, as the course page shows it, for a device to update what it shows. */
export async function offlineCourseState({ userId, course, progress: known }: { userId: number; course: CourseStructure; progress?: Awaited<ReturnType<typeof courseProgress>> }) {
	const progress = known ?? (await courseProgress({ userId, course }))
	const db = await getDb()
	const [certificate] = await db
		.select({ code: certificates.code, revokedAt: certificates.revokedAt })
		.from(certificates)
		.where(and(eq(certificates.userId, userId), eq(certificates.courseId, course.courseId)))
	const enrolment = progress.enrolment
	return {
		courseSlug: course.slug,
		revisionId: course.revisionId,
		enrolled: Boolean(enrolment),
		lessonsDone: course.lessons.filter((l) => progress.done.has(l.id)).map((l) => l.slug),
		lessonsLeft: course.lessons.filter((l) => l.required && !progress.done.has(l.id)).map((l) => l.slug),
		left: progress.left,
		completed: Boolean(enrolment?.completedAt),
		diagnosticScore: enrolment?.diagnosticScore ?? null,
		finalScore: enrolment?.finalScore ?? null,
		certificate: certificate && !certificate.revokedAt ? certificate.code : null,
	}
}

export type OfflineCourseState = Awaited<ReturnType<typeof offlineCourseState>>

/**
 * Applies a batch of offline events in order, each in its own transaction, so a sync cut halfway
 * leaves the applied prefix and a retry applies the rest; one bad event never stops the others.
 */
export async function syncOfflineEvents({ user, locale, events }: { user: SessionUser; locale: Locale; events: readonly unknown[] }) {
	const batch: Batch = { resolved: new Map(), recorded: await storedResults(user.id, events) }
	const answers: EventAnswer[] = []
	const touched = new Set<string>()
	for (const raw of events) {
		const { answer, slug } = await applyEvent({ user, locale, raw, batch })
		answers.push(answer)
		if (answer.id && (answer.status === 'applied' || answer.status === 'duplicate')) batch.recorded.set(answer.id.toLowerCase(), answer.result ?? {})
		if (slug) touched.add(slug)
	}
	const states: OfflineCourseState[] = []
	for (const slug of touched) {
		const found = batch.resolved.get(slug) ?? (await resolveCourse(slug))
		if ('course' in found) states.push(await offlineCourseState({ userId: user.id, course: found.course }))
	}
	return { events: answers, courses: states }
}

const assetSizes = new Map<string, number | null>()

/** Bytes of a static asset the pages link (built CSS in production, the source file under the dev server); null when not found. */
async function assetBytes(href: string) {
	if (assetSizes.has(href)) return assetSizes.get(href) ?? null
	let bytes: number | null = null
	const clean = href.split('?')[0] ?? ''
	for (const root of ['build/client', 'public', '.']) {
		try {
			const stat = await fs.stat(path.resolve(root, `.${clean}`))
			if (!stat.isFile()) continue
			bytes = stat.size
			break
		} catch {
			// not in this folder
		}
	}
	assetSizes.set(href, bytes)
	return bytes
}

/**
 * What a device saves of a course for offline learning: the current revision's lesson pages in the
 * learner's language (the other one where a lesson lacks hers, as online), measured as the page
 * she would load, the quizzes' questions without correct answers or explanations (grading stays
 * on the server), the stylesheets, and her progress. Enrolled learners only.
 */
export async function offlinePackage({ user, locale, course }: { user: SessionUser; locale: Locale; course: CourseStructure }) {
	const progress = await courseProgress({ userId: user.id, course })
	if (!progress.enrolment) return null
	const state = await offlineCourseState({ userId: user.id, course, progress })
	const done = [...progress.done]
	const lessons = []
	for (const l of course.lessons) {
		// As the lesson page would be rendered for her now; the enrolment's "last lesson" is this one so that measuring touches nothing.
		const view = await lessonPageData(user, { lang: locale, slug: course.slug, lesson: l.slug }, { revisionId: course.revisionId, enrolment: { ...progress.enrolment, lastLessonId: l.id }, done })
		const bytes = plainBody(lessonDocumentParts({ lang: locale, slug: course.slug, lesson: l.slug, user, view })).length
		lessons.push({
			slug: l.slug,
			title: lessonTitle(l, locale),
			locale: view.shownLocale,
			required: l.required,
			url: `/${locale}/courses/${course.slug}/lessons/${l.slug}`,
			bytes,
			quiz: view.quiz ? { questions: view.quiz.questions } : null,
		})
	}
	const assessment = (kind: 'diagnostic' | 'final') => {
		const quiz = course.quizzes.find((q) => q.kind === kind)
		return quiz ? { url: `/${locale}/courses/${course.slug}/assessment/${kind}`, questions: publicQuestions(quiz, locale) } : null
	}
	const assets = []
	for (const link of links()) {
		if (!('rel' in link) || (link.rel !== 'stylesheet' && link.rel !== 'icon') || typeof link.href !== 'string' || !link.href.startsWith('/')) continue
		assets.push({ url: link.href, bytes: await assetBytes(link.href) })
	}
	const body = {
		version: 1,
		courseSlug: course.slug,
		revisionId: course.revisionId,
		locale,
		title: pick(locale, course.titleKk, course.titleRu),
		passThreshold: course.passThreshold,
		courseUrl: `/${locale}/courses/${course.slug}`,
		syncUrl: `/${locale}/offline/sync`,
		lessons,
		diagnostic: assessment('diagnostic'),
		final: assessment('final'),
		assets,
		state,
	}
	const pages = lessons.reduce((sum, l) => sum + l.bytes, 0)
	const assetTotal = assets.reduce((sum, a) => sum + (a.bytes ?? 0), 0)
	// The package itself is saved too: its JSON without the total, plus the few bytes the total adds.
	const self = Buffer.byteLength(JSON.stringify(body)) + 32
	return { ...body, totalBytes: pages + assetTotal + self }
}
