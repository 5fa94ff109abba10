import { and, asc, eq, inArray, isNull } from 'drizzle-orm'
import { diffLines } from 'diff'
import { getDb } from '#app/db/client.server.ts'
import { courseRevisions, courses, lessons, lessonVersions, questions, quizzes, revisionLessons } from '#app/db/schema/index.ts'
import type { QuizKind } from '#app/db/schema/content.ts'
import { recordAudit } from '#app/modules/auth/audit.server.ts'
import type { SessionUser } from '#app/modules/auth/session.server.ts'
import { quizFileSchema, type topics } from '#app/modules/content/course-files.ts'
import { checkMdx } from '#app/modules/content/mdx.server.ts'
import { courseSlugTaken } from '#app/modules/content/course-slugs.server.ts'
import { ensureCompiled } from '#app/modules/content/sync.server.ts'
import type { Locale } from '#app/modules/i18n/locales.ts'
import { editableDraft, visibleCourse } from './course-drafts.server.ts'
import type { LessonIntent, QuizQuestionInput } from './forms.ts'
import { diffDetails, diffQuizzes, type QuizSnapshot } from './course-diff.ts'
import { actorOf, type DiffPart } from './materials.server.ts'

export type NewCourseInput = {
	slug: string
	topic: (typeof topics)[number]
	hours: number
	passThreshold: number
	titleKk: string
	titleRu: string
	summaryKk: string
	summaryRu: string
}

/** A new course with an empty first draft, authored by `user`; nothing is visible to learners until published. */
export async function createCourse({ user, input }: { user: SessionUser; input: NewCourseInput }): Promise<{ ok: true } | { ok: false; error: 'not_allowed' | 'slug_taken' }> {
	if (!actorOf(user).canAuthor) return { ok: false, error: 'not_allowed' }
	// An old slug of a renamed course still redirects, and a draft may be about to take a slug: neither is free.
	if (await courseSlugTaken({ slug: input.slug })) return { ok: false, error: 'slug_taken' }
	const db = await getDb()
	const created = await db.transaction(async (tx) => {
		const [course] = await tx.insert(courses).values({ slug: input.slug, topic: input.topic }).onConflictDoNothing().returning({ id: courses.id })
		if (!course) return false
		const [revision] = await tx
			.insert(courseRevisions)
			.values({
				courseId: course.id,
				number: 1,
				slug: input.slug,
				status: 'draft',
				source: 'studio',
				hours: input.hours,
				passThreshold: input.passThreshold,
				titleKk: input.titleKk,
				titleRu: input.titleRu,
				summaryKk: input.summaryKk,
				summaryRu: input.summaryRu,
				authorId: user.id,
			})
			.returning({ id: courseRevisions.id })
		await recordAudit({ actorId: user.id, action: 'course.create', targetType: 'course_revision', targetId: revision?.id, data: { slug: input.slug } }, tx)
		return true
	})
	return created ? { ok: true } : { ok: false, error: 'slug_taken' }
}

/** Courses whose newest revision is a draft or in review, that this user wrote or may review. */
export async function listCourseDrafts({ user }: { user: SessionUser }) {
	const db = await getDb()
	const rows = await db
		.select({ courseId: courses.id, slug: courses.slug, number: courseRevisions.number, status: courseRevisions.status, authorId: courseRevisions.authorId, titleKk: courseRevisions.titleKk, titleRu: courseRevisions.titleRu })
		.from(courseRevisions)
		.innerJoin(courses, eq(courses.id, courseRevisions.courseId))
		.orderBy(asc(courses.slug), asc(courseRevisions.number))
	const newest = new Map<number, (typeof rows)[number]>()
	for (const row of rows) newest.set(row.courseId, row)
	const canReview = actorOf(user).canReview
	return [...newest.values()].filter((r) => (r.status === 'draft' || r.status === 'in_review') && (r.authorId === user.id || canReview))
}

export type StructureResult = { ok: true } | { ok: false; error: 'not_allowed' | 'wrong_status' | 'slug_taken' | 'not_found' | 'invalid' }

async function draftLessons(revisionId: number) {
	const db = await getDb()
	return db
		.select({ id: lessons.id, slug: lessons.slug, position: revisionLessons.position })
		.from(revisionLessons)
		.innerJoin(lessons, eq(lessons.id, revisionLessons.lessonId))
		.where(eq(revisionLessons.revisionId, revisionId))
		.orderBy(asc(revisionLessons.position))
}

/** The text a new lesson starts with: only its title, which the author then writes under. */
export function starterLessonSource(title: string) {
	return `---\ntitle: ${JSON.stringify(title)}\n---\n`
}

/**
 * Adds a lesson at the end of the draft. A slug the course used before gets its old identity
 * back (so progress recorded against it still counts); a slug already in the draft is refused.
 */
export async function addLesson({ user, slug, lessonSlug, titles }: { user: SessionUser; slug: string; lessonSlug: string; titles: Record<Locale, string> }): Promise<StructureResult> {
	const found = await editableDraft(user, slug)
	if ('error' in found) return { ok: false, error: found.error }
	const current = await draftLessons(found.latest.id)
	if (current.some((l) => l.slug === lessonSlug)) return { ok: false, error: 'slug_taken' }
	const docs: { locale: Locale; source: string; hash: string; title: string }[] = []
	for (const locale of ['kk', 'ru'] as const) {
		const title = titles[locale]
		if (!title) continue
		const source = starterLessonSource(title)
		if (checkMdx(source).problems.length) return { ok: false, error: 'invalid' }
		const compiled = await ensureCompiled(source, `${locale}.mdx`)
		if (!compiled.ok) return { ok: false, error: 'invalid' }
		docs.push({ locale, source, hash: compiled.hash, title })
	}
	if (!docs.length) return { ok: false, error: 'invalid' }
	const db = await getDb()
	await db.transaction(async (tx) => {
		await tx.insert(lessons).values({ courseId: found.course.id, slug: lessonSlug }).onConflictDoNothing()
		const [lesson] = await tx.select({ id: lessons.id }).from(lessons).where(and(eq(lessons.courseId, found.course.id), eq(lessons.slug, lessonSlug)))
		if (!lesson) throw new Error('lesson not inserted')
		const position = Math.max(0, ...current.map((l) => l.position)) + 1
		await tx.insert(revisionLessons).values({ revisionId: found.latest.id, lessonId: lesson.id, position, required: true })
		await tx.insert(lessonVersions).values(docs.map((d) => ({ revisionId: found.latest.id, lessonId: lesson.id, locale: d.locale, title: d.title, minutes: null, source: d.source, hash: d.hash })))
		await recordAudit({ actorId: user.id, action: 'course.lesson.add', targetType: 'course_revision', targetId: found.latest.id, data: { slug, lesson: lessonSlug } }, tx)
	})
	return { ok: true }
}

/**
 * Takes a lesson out of the draft with its texts and quiz. Its row in `lessons` stays, so older
 * revisions and learners' progress keep pointing at the same lesson.
 */
export async function removeLesson({ user, slug, lessonSlug }: { user: SessionUser; slug: string; lessonSlug: string }): Promise<StructureResult> {
	const found = await editableDraft(user, slug)
	if ('error' in found) return { ok: false, error: found.error }
	const current = await draftLessons(found.latest.id)
	const lesson = current.find((l) => l.slug === lessonSlug)
	if (!lesson) return { ok: false, error: 'not_found' }
	const revisionId = found.latest.id
	const db = await getDb()
	await db.transaction(async (tx) => {
		await tx.delete(quizzes).where(and(eq(quizzes.revisionId, revisionId), eq(quizzes.lessonId, lesson.id)))
		await tx.delete(lessonVersions).where(and(eq(lessonVersions.revisionId, revisionId), eq(lessonVersions.lessonId, lesson.id)))
		await tx.delete(revisionLessons).where(and(eq(revisionLessons.revisionId, revisionId), eq(revisionLessons.lessonId, lesson.id)))
		const rest = current.filter((l) => l.id !== lesson.id)
		for (const [i, l] of rest.entries()) await tx.update(revisionLessons).set({ position: i + 1 }).where(and(eq(revisionLessons.revisionId, revisionId), eq(revisionLessons.lessonId, l.id)))
		await recordAudit({ actorId: user.id, action: 'course.lesson.remove', targetType: 'course_revision', targetId: revisionId, data: { slug, lesson: lessonSlug } }, tx)
	})
	return { ok: true }
}

/**
 * Makes a lesson of the draft required for the certificate or optional. An optional lesson stays in
 * the course and counts as done when done, but "what is left" and completion no longer wait for it.
 */
export async function setLessonRequired({ user, slug, lessonSlug, required }: { user: SessionUser; slug: string; lessonSlug: string; required: boolean }): Promise<StructureResult> {
	const found = await editableDraft(user, slug)
	if ('error' in found) return { ok: false, error: found.error }
	const lesson = (await draftLessons(found.latest.id)).find((l) => l.slug === lessonSlug)
	if (!lesson) return { ok: false, error: 'not_found' }
	const revisionId = found.latest.id
	const db = await getDb()
	await db.transaction(async (tx) => {
		await tx.update(revisionLessons).set({ required }).where(and(eq(revisionLessons.revisionId, revisionId), eq(revisionLessons.lessonId, lesson.id)))
		await recordAudit({ actorId: user.id, action: 'course.lesson.required', targetType: 'course_revision', targetId: revisionId, data: { slug, lesson: lessonSlug, required } }, tx)
	})
	return { ok: true }
}

/** Swaps a lesson with its neighbour above or below; at either end nothing changes. */
export async function moveLesson({ user, slug, lessonSlug, direction }: { user: SessionUser; slug: string; lessonSlug: string; direction: 'up' | 'down' }): Promise<StructureResult> {
	const found = await editableDraft(user, slug)
	if ('error' in found) return { ok: false, error: found.error }
	const current = await draftLessons(found.latest.id)
	const order = current.map((l) => l.id)
	const index = current.findIndex((l) => l.slug === lessonSlug)
	if (index < 0) return { ok: false, error: 'not_found' }
	const other = direction === 'up' ? index - 1 : index + 1
	if (other < 0 || other >= order.length) return { ok: true }
	const a = order[index]
	const b = order[other]
	if (a === undefined || b === undefined) return { ok: true }
	order[index] = b
	order[other] = a
	const revisionId = found.latest.id
	const db = await getDb()
	await db.transaction(async (tx) => {
		for (const [i, id] of order.entries()) await tx.update(revisionLessons).set({ position: i + 1 }).where(and(eq(revisionLessons.revisionId, revisionId), eq(revisionLessons.lessonId, id)))
		await recordAudit({ actorId: user.id, action: 'course.lesson.move', targetType: 'course_revision', targetId: revisionId, data: { slug, lesson: lessonSlug, direction } }, tx)
	})
	return { ok: true }
}

/** One change to a lesson of the draft, as its button in the studio asked. */
export function changeLesson({ user, slug, lessonSlug, intent }: { user: SessionUser; slug: string; lessonSlug: string; intent: LessonIntent }): Promise<StructureResult> {
	switch (intent) {
		case 'removeLesson':
			return removeLesson({ user, slug, lessonSlug })
		case 'makeOptional':
		case 'makeRequired':
			return setLessonRequired({ user, slug, lessonSlug, required: intent === 'makeRequired' })
		case 'moveUp':
		case 'moveDown':
			return moveLesson({ user, slug, lessonSlug, direction: intent === 'moveUp' ? 'up' : 'down' })
	}
}

export type QuizRef = { kind: QuizKind; lessonSlug?: string }

async function resolveQuiz(revisionId: number, ref: QuizRef) {
	let lessonId: number | null = null
	let lessonSlug: string | null = null
	if (ref.kind === 'lesson') {
		const lesson = (await draftLessons(revisionId)).find((l) => l.slug === ref.lessonSlug)
		if (!lesson) return null
		lessonId = lesson.id
		lessonSlug = lesson.slug
	} else if (ref.lessonSlug) return null
	const db = await getDb()
	const [quiz] = await db
		.select({ id: quizzes.id })
		.from(quizzes)
		.where(and(eq(quizzes.revisionId, revisionId), eq(quizzes.kind, ref.kind), lessonId === null ? isNull(quizzes.lessonId) : eq(quizzes.lessonId, lessonId)))
	const rows = quiz ? await db.select().from(questions).where(eq(questions.quizId, quiz.id)).orderBy(asc(questions.position)) : []
	return { quizId: quiz?.id ?? null, lessonId, lessonSlug, questions: rows }
}

/** A quiz of the user's editable draft with its questions; null when there is no such draft or lesson. */
export async function getDraftQuiz({ user, slug, ref }: { user: SessionUser; slug: string; ref: QuizRef }) {
	const found = await editableDraft(user, slug)
	if ('error' in found) return null
	const quiz = await resolveQuiz(found.latest.id, ref)
	if (!quiz) return null
	let lessonTitle: Record<Locale, string | null> = { kk: null, ru: null }
	if (quiz.lessonId !== null) {
		const db = await getDb()
		const versions = await db.select({ locale: lessonVersions.locale, title: lessonVersions.title }).from(lessonVersions).where(and(eq(lessonVersions.revisionId, found.latest.id), eq(lessonVersions.lessonId, quiz.lessonId)))
		lessonTitle = { kk: versions.find((v) => v.locale === 'kk')?.title ?? null, ru: versions.find((v) => v.locale === 'ru')?.title ?? null }
	}
	return { revision: found.latest, lessonTitle, ...quiz }
}

export type QuizSaveResult = { ok: true; key: string } | { ok: false; error: 'not_allowed' | 'wrong_status' | 'not_found' | 'key_taken' | 'invalid' }

/**
 * Adds a question to a quiz of the draft, or replaces the one keyed `originalKey`. The whole quiz
 * is checked with the rules of a quiz file, so the course can still be exported and synced.
 */
export async function saveQuizQuestion({ user, slug, ref, originalKey, question }: { user: SessionUser; slug: string; ref: QuizRef; originalKey?: string; question: QuizQuestionInput }): Promise<QuizSaveResult> {
	const found = await editableDraft(user, slug)
	if ('error' in found) return { ok: false, error: found.error }
	const quiz = await resolveQuiz(found.latest.id, ref)
	if (!quiz) return { ok: false, error: 'not_found' }
	const existing = originalKey ? quiz.questions.find((q) => q.key === originalKey) : undefined
	if (originalKey && !existing) return { ok: false, error: 'not_found' }
	const others = quiz.questions.filter((q) => q !== existing)
	let key = question.id || existing?.key || ''
	if (!key) {
		let n = quiz.questions.length + 1
		while (others.some((q) => q.key === `q${n}`)) n++
		key = `q${n}`
	}
	if (others.some((q) => q.key === key)) return { ok: false, error: 'key_taken' }
	const asFile = (q: (typeof quiz.questions)[number]): QuizQuestionInput => ({
		id: q.key,
		type: q.type,
		text: { kk: q.textKk, ru: q.textRu },
		options: q.options.map((o) => ({ id: o.id, text: { kk: o.kk, ru: o.ru }, correct: o.correct })),
		explanation: { kk: q.explanationKk, ru: q.explanationRu },
	})
	const candidate = { ...question, id: key }
	if (!quizFileSchema.safeParse({ questions: [...others.map(asFile), candidate] }).success) return { ok: false, error: 'invalid' }
	const row = {
		key,
		type: candidate.type,
		textKk: candidate.text.kk,
		textRu: candidate.text.ru,
		explanationKk: candidate.explanation?.kk ?? '',
		explanationRu: candidate.explanation?.ru ?? '',
		options: candidate.options.map((o) => ({ id: o.id, kk: o.text.kk, ru: o.text.ru, correct: o.correct })),
	}
	const revisionId = found.latest.id
	const db = await getDb()
	await db.transaction(async (tx) => {
		let quizId = quiz.quizId
		if (quizId === null) {
			const [created] = await tx.insert(quizzes).values({ revisionId, lessonId: quiz.lessonId, kind: ref.kind }).returning({ id: quizzes.id })
			if (!created) throw new Error('quiz not inserted')
			quizId = created.id
		}
		if (existing) await tx.update(questions).set(row).where(eq(questions.id, existing.id))
		else await tx.insert(questions).values({ ...row, quizId, position: Math.max(0, ...quiz.questions.map((q) => q.position)) + 1 })
		await recordAudit({ actorId: user.id, action: 'course.quiz.save', targetType: 'course_revision', targetId: revisionId, data: { slug, kind: ref.kind, lesson: quiz.lessonSlug, question: key } }, tx)
	})
	return { ok: true, key }
}

/** Removes a question; a quiz left with none is removed too, as a quiz file needs at least one. */
export async function deleteQuizQuestion({ user, slug, ref, key }: { user: SessionUser; slug: string; ref: QuizRef; key: string }): Promise<StructureResult> {
	const found = await editableDraft(user, slug)
	if ('error' in found) return { ok: false, error: found.error }
	const quiz = await resolveQuiz(found.latest.id, ref)
	const target = quiz?.questions.find((q) => q.key === key)
	if (!quiz?.quizId || !target) return { ok: false, error: 'not_found' }
	const quizId = quiz.quizId
	const db = await getDb()
	await db.transaction(async (tx) => {
		if (quiz.questions.length === 1) await tx.delete(quizzes).where(eq(quizzes.id, quizId))
		else await tx.delete(questions).where(eq(questions.id, target.id))
		await recordAudit({ actorId: user.id, action: 'course.quiz.delete', targetType: 'course_revision', targetId: found.latest.id, data: { slug, kind: ref.kind, lesson: quiz.lessonSlug, question: key } }, tx)
	})
	return { ok: true }
}

/** `nowRequired`/`nowOptional`: in both revisions, and the newer one changed whether the certificate needs it. */
export type LessonDiff = { slug: string; title: string; change: 'added' | 'removed' | 'changed' | 'same'; required: 'nowRequired' | 'nowOptional' | null; parts: DiffPart[] }

/**
 * Between two revisions of a course, in one language: the course details that changed, the line
 * diff of its overview, the quizzes' changed questions and, per lesson, the line diff of its text.
 */
export async function diffCourseRevisions({ user, slug, from, to, locale }: { user: SessionUser; slug: string; from: number; to: number; locale: Locale }) {
	const found = await visibleCourse(user, slug)
	if (!found) return null
	const db = await getDb()
	const revs = await db
		.select()
		.from(courseRevisions)
		.where(and(eq(courseRevisions.courseId, found.course.id), inArray(courseRevisions.number, [from, to])))
	const a = revs.find((r) => r.number === from)
	const b = revs.find((r) => r.number === to)
	if (!a || !b) return null
	const outline = await db
		.select({ revisionId: revisionLessons.revisionId, lessonId: lessons.id, slug: lessons.slug, position: revisionLessons.position, required: revisionLessons.required })
		.from(revisionLessons)
		.innerJoin(lessons, eq(lessons.id, revisionLessons.lessonId))
		.where(inArray(revisionLessons.revisionId, [a.id, b.id]))
		.orderBy(asc(revisionLessons.position))
	const texts = await db
		.select({ revisionId: lessonVersions.revisionId, lessonId: lessonVersions.lessonId, title: lessonVersions.title, source: lessonVersions.source })
		.from(lessonVersions)
		.where(and(inArray(lessonVersions.revisionId, [a.id, b.id]), eq(lessonVersions.locale, locale)))
	// Lessons of the newer revision in its order, then those it dropped.
	const ordered = [...outline.filter((l) => l.revisionId === b.id), ...outline.filter((l) => l.revisionId === a.id && !outline.some((x) => x.revisionId === b.id && x.lessonId === l.lessonId))]
	const lessonsDiff: LessonDiff[] = ordered.map((l) => {
		const inA = outline.find((x) => x.revisionId === a.id && x.lessonId === l.lessonId)
		const inB = outline.find((x) => x.revisionId === b.id && x.lessonId === l.lessonId)
		const before = texts.find((t) => t.revisionId === a.id && t.lessonId === l.lessonId)
		const after = texts.find((t) => t.revisionId === b.id && t.lessonId === l.lessonId)
		const parts: DiffPart[] = diffLines(inA ? (before?.source ?? '') : '', inB ? (after?.source ?? '') : '').map((p) => ({ kind: p.added ? 'added' : p.removed ? 'removed' : 'same', text: p.value }))
		const change = !inA ? 'added' : !inB ? 'removed' : parts.some((p) => p.kind !== 'same') ? 'changed' : 'same'
		const required = inA && inB && inA.required !== inB.required ? (inB.required ? 'nowRequired' : 'nowOptional') : null
		return { slug: l.slug, title: after?.title ?? before?.title ?? l.slug, change, required, parts }
	})
	const withSlug = (r: typeof a) => ({ ...r, slug: r.slug ?? found.course.slug })
	const details = diffDetails(withSlug(a), withSlug(b))
	const overviewOf = (r: typeof a) => (locale === 'kk' ? r.overviewSourceKk : r.overviewSourceRu)
	const overviewParts: DiffPart[] = diffLines(overviewOf(a), overviewOf(b)).map((p) => ({ kind: p.added ? 'added' : p.removed ? 'removed' : 'same', text: p.value }))
	const overview = { changed: overviewParts.some((p) => p.kind !== 'same'), parts: overviewParts }
	const quizzes = diffQuizzes(locale, await quizSnapshots(a.id), await quizSnapshots(b.id)).map((q) => {
		const lesson = q.lessonId === null ? null : ordered.find((l) => l.lessonId === q.lessonId)
		const title = lesson ? (lessonsDiff.find((l) => l.slug === lesson.slug)?.title ?? lesson.slug) : null
		return { ...q, lessonSlug: lesson?.slug ?? null, lessonTitle: title }
	})
	const lessonsChanged = lessonsDiff.some((l) => l.change !== 'same' || l.required)
	// The practical task (ADR 018) of each revision; the page shows it as text in the diff's language.
	const task = { before: a.task ?? null, after: b.task ?? null, changed: JSON.stringify(a.task ?? null) !== JSON.stringify(b.task ?? null) }
	return {
		title: locale === 'kk' ? found.latest.titleKk : found.latest.titleRu,
		details,
		overview,
		quizzes,
		lessons: lessonsDiff,
		lessonsChanged,
		task,
		changed: lessonsChanged || details.length > 0 || overview.changed || quizzes.length > 0 || task.changed,
	}
}

/** A revision's quizzes with their questions in order, for a diff. */
async function quizSnapshots(revisionId: number): Promise<QuizSnapshot[]> {
	const db = await getDb()
	const quizRows = await db.select().from(quizzes).where(eq(quizzes.revisionId, revisionId)).orderBy(asc(quizzes.id))
	const rows = quizRows.length ? await db.select().from(questions).where(inArray(questions.quizId, quizRows.map((q) => q.id))).orderBy(asc(questions.position)) : []
	// Diagnostic first, lesson quizzes, final last: the order a learner meets them.
	const rank = { diagnostic: 0, lesson: 1, final: 2 }
	return quizRows.sort((x, y) => rank[x.kind] - rank[y.kind]).map((q) => ({ kind: q.kind, lessonId: q.lessonId, questions: rows.filter((r) => r.quizId === q.id) }))
}
