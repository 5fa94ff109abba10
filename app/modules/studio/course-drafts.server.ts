import { and, asc, count, desc, eq, inArray, max, sql } from 'drizzle-orm'
import { getDb } from '#app/db/client.server.ts'
import type { PracticalTask } from '#app/db/schema/content.ts'
import { courseRevisions, courses, lessons, lessonVersions, questions, quizzes, reviewComments, revisionLessons, users } from '#app/db/schema/index.ts'
import { recordAudit } from '#app/modules/auth/audit.server.ts'
import type { SessionUser } from '#app/modules/auth/session.server.ts'
import { checkMdx, type MdxProblem } from '#app/modules/content/mdx.server.ts'
import { ensureCompiled } from '#app/modules/content/sync.server.ts'
import type { Locale } from '#app/modules/i18n/locales.ts'
import { decide } from '#app/modules/publishing/workflow.ts'
import { courseSlugTaken, renameCourse } from '#app/modules/content/course-slugs.server.ts'
import { actorOf, type TransitionResult } from './materials.server.ts'

type TransitionError = Extract<TransitionResult, { ok: false }>['error']

type Compiled = { locale: Locale; source: string; hash: string; title: string; minutes: number | null }
export type CourseProblems = Partial<Record<Locale, MdxProblem[]>>

/** Checks and compiles the non-empty texts; compiles outside any transaction (PGlite has one connection). */
async function compileTexts(texts: Record<Locale, string>): Promise<{ ok: true; docs: Compiled[] } | { ok: false; problems: CourseProblems }> {
	const problems: CourseProblems = {}
	const docs: Compiled[] = []
	for (const locale of ['kk', 'ru'] as const) {
		const source = texts[locale]
		if (!source.trim()) continue
		const checked = checkMdx(source)
		if (checked.problems.length || !checked.frontmatter) {
			problems[locale] = checked.problems
			continue
		}
		const compiled = await ensureCompiled(source, `${locale}.mdx`)
		if (!compiled.ok) {
			problems[locale] = compiled.problems.map((p) => ({ line: p.line, column: null, code: 'syntax', detail: p.message }))
			continue
		}
		docs.push({ locale, source, hash: compiled.hash, title: checked.frontmatter.title, minutes: checked.frontmatter.minutes ?? null })
	}
	return Object.keys(problems).length ? { ok: false, problems } : { ok: true, docs }
}

export async function courseBySlug(slug: string) {
	const db = await getDb()
	const [course] = await db.select().from(courses).where(eq(courses.slug, slug))
	if (!course) return null
	const [latest] = await db.select().from(courseRevisions).where(eq(courseRevisions.courseId, course.id)).orderBy(desc(courseRevisions.number)).limit(1)
	return latest ? { course, latest } : null
}

/**
 * The course as this user may see it in the studio: a reviewer sees every course; an author sees a published or
 * archived one (to start a revision of it) and a draft or submission only when it is hers — someone else's
 * unpublished work does not exist for her, as with materials.
 */
export async function visibleCourse(user: SessionUser, slug: string) {
	const found = await courseBySlug(slug)
	if (!found) return null
	const actor = actorOf(user)
	if (!actor.canAuthor) return null
	const { latest } = found
	if (actor.canReview || latest.authorId === user.id || latest.status === 'published' || latest.status === 'archived') return found
	return null
}

/** The course's newest revision with its lessons, history and review comments, for the studio. */
export async function getStudioCourse({ user, slug }: { user: SessionUser; slug: string }) {
	const found = await visibleCourse(user, slug)
	if (!found) return null
	const { course, latest } = found
	const db = await getDb()
	const revisions = await db
		.select({ id: courseRevisions.id, number: courseRevisions.number, status: courseRevisions.status, source: courseRevisions.source, authorName: users.fullName, createdAt: courseRevisions.createdAt })
		.from(courseRevisions)
		.leftJoin(users, eq(users.id, courseRevisions.authorId))
		.where(eq(courseRevisions.courseId, course.id))
		.orderBy(desc(courseRevisions.number))
	const lessonRows = await db
		.select({ id: lessons.id, slug: lessons.slug, position: revisionLessons.position, required: revisionLessons.required })
		.from(revisionLessons)
		.innerJoin(lessons, eq(lessons.id, revisionLessons.lessonId))
		.where(eq(revisionLessons.revisionId, latest.id))
		.orderBy(asc(revisionLessons.position))
	const versions = await db
		.select({ lessonId: lessonVersions.lessonId, locale: lessonVersions.locale, title: lessonVersions.title, source: lessonVersions.source, hash: lessonVersions.hash })
		.from(lessonVersions)
		.where(eq(lessonVersions.revisionId, latest.id))
	const comments = await db
		.select({ id: reviewComments.id, revisionId: reviewComments.revisionId, decision: reviewComments.decision, body: reviewComments.body, createdAt: reviewComments.createdAt, authorName: users.fullName })
		.from(reviewComments)
		.innerJoin(users, eq(users.id, reviewComments.authorId))
		.where(and(eq(reviewComments.subjectType, 'course'), inArray(reviewComments.revisionId, revisions.map((r) => r.id))))
		.orderBy(desc(reviewComments.createdAt))
	const quizRows = await db
		.select({ kind: quizzes.kind, lessonId: quizzes.lessonId, questions: count(questions.id) })
		.from(quizzes)
		.leftJoin(questions, eq(questions.quizId, quizzes.id))
		.where(eq(quizzes.revisionId, latest.id))
		.groupBy(quizzes.id)
	const actor = actorOf(user)
	const can = (action: 'edit' | 'submit' | 'approve') => decide(action, latest, actor).ok
	return {
		course,
		revision: latest,
		revisions,
		lessons: lessonRows.map((l) => ({ ...l, versions: versions.filter((v) => v.lessonId === l.id) })),
		comments,
		quizzes: quizRows,
		can: { edit: can('edit'), submit: can('submit'), review: can('approve'), revise: actor.canAuthor && (latest.status === 'published' || latest.status === 'archived') },
	}
}

/**
 * A draft copy of the newest revision: texts, lessons and quizzes; the published one stays as it is. It keeps the
 * content hash of the folder the course was last synced from, so that an unchanged folder never replaces it (ADR 020).
 */
export async function startCourseRevision({ user, slug }: { user: SessionUser; slug: string }): Promise<TransitionResult> {
	const found = await courseBySlug(slug)
	if (!found || !actorOf(user).canAuthor) return { ok: false, error: 'not_allowed' }
	const { course, latest } = found
	if (latest.status === 'draft' || latest.status === 'in_review') return { ok: false, error: 'wrong_status' }
	const db = await getDb()
	await db.transaction(async (tx) => {
		const [last] = await tx.select({ n: max(courseRevisions.number) }).from(courseRevisions).where(eq(courseRevisions.courseId, course.id))
		const { id: _id, number: _number, createdAt: _createdAt, ...fields } = latest
		const [draft] = await tx
			.insert(courseRevisions)
			.values({ ...fields, number: (last?.n ?? 0) + 1, status: 'draft', source: 'studio', authorId: user.id, reviewerId: null, submittedAt: null, publishedAt: null })
			.returning({ id: courseRevisions.id })
		if (!draft) throw new Error('revision not inserted')
		const lessonRows = await tx.select().from(revisionLessons).where(eq(revisionLessons.revisionId, latest.id))
		if (lessonRows.length) await tx.insert(revisionLessons).values(lessonRows.map((l) => ({ ...l, revisionId: draft.id })))
		const versionRows = await tx.select().from(lessonVersions).where(eq(lessonVersions.revisionId, latest.id))
		if (versionRows.length) await tx.insert(lessonVersions).values(versionRows.map(({ id: _v, ...v }) => ({ ...v, revisionId: draft.id })))
		for (const quiz of await tx.select().from(quizzes).where(eq(quizzes.revisionId, latest.id))) {
			const [copy] = await tx.insert(quizzes).values({ revisionId: draft.id, lessonId: quiz.lessonId, kind: quiz.kind }).returning({ id: quizzes.id })
			if (!copy) throw new Error('quiz not inserted')
			const qs = await tx.select().from(questions).where(eq(questions.quizId, quiz.id))
			if (qs.length) await tx.insert(questions).values(qs.map(({ id: _q, ...q }) => ({ ...q, quizId: copy.id })))
		}
		await recordAudit({ actorId: user.id, action: 'course.revise', targetType: 'course_revision', targetId: draft.id, data: { slug, from: latest.number } }, tx)
	})
	return { ok: true, status: 'draft' }
}

export type CourseMetaInput = { slug?: string; titleKk: string; titleRu: string; summaryKk: string; summaryRu: string; hours: number; passThreshold: number; overviewKk: string; overviewRu: string }
export type CourseSaveResult = { ok: true } | { ok: false; error: 'not_allowed' | 'wrong_status' | 'empty' | 'slug_taken' } | { ok: false; problems: CourseProblems }

/** The newest revision when it is a draft this user may edit, else why not. */
export async function editableDraft(user: SessionUser, slug: string) {
	const found = await courseBySlug(slug)
	if (!found) return { error: 'not_allowed' as const }
	const decision = decide('edit', found.latest, actorOf(user))
	if (!decision.ok) return { error: decision.reason === 'wrong_status' ? ('wrong_status' as const) : ('not_allowed' as const) }
	return found
}

/**
 * Saves the course's slug, title, summary, hours, pass mark and overview texts on its draft. A new
 * slug is the draft's until it is published (ADR 013); one another course has, had or is to take is refused.
 */
export async function saveCourseDraft({ user, slug, input }: { user: SessionUser; slug: string; input: CourseMetaInput }): Promise<CourseSaveResult> {
	const found = await editableDraft(user, slug)
	if ('error' in found) return { ok: false, error: found.error }
	const newSlug = input.slug ?? found.latest.slug ?? found.course.slug
	if (newSlug !== found.course.slug && (await courseSlugTaken({ slug: newSlug, courseId: found.course.id }))) return { ok: false, error: 'slug_taken' }
	const compiled = await compileTexts({ kk: input.overviewKk, ru: input.overviewRu })
	if (!compiled.ok) return { ok: false, problems: compiled.problems }
	const doc = (l: Locale) => compiled.docs.find((d) => d.locale === l)
	const db = await getDb()
	await db.transaction(async (tx) => {
		await tx
			.update(courseRevisions)
			.set({
				slug: newSlug,
				titleKk: input.titleKk,
				titleRu: input.titleRu,
				summaryKk: input.summaryKk,
				summaryRu: input.summaryRu,
				hours: input.hours,
				passThreshold: input.passThreshold,
				overviewSourceKk: doc('kk')?.source ?? '',
				overviewSourceRu: doc('ru')?.source ?? '',
				overviewHashKk: doc('kk')?.hash ?? null,
				overviewHashRu: doc('ru')?.hash ?? null,
			})
			.where(and(eq(courseRevisions.id, found.latest.id), eq(courseRevisions.status, 'draft')))
		await recordAudit({ actorId: user.id, action: 'course.save', targetType: 'course_revision', targetId: found.latest.id, data: { slug, ...(newSlug !== slug ? { newSlug } : {}) } }, tx)
	})
	return { ok: true }
}

/** Saves one lesson's kk and ru texts on the draft; the lesson keeps its identity (and learners' progress). */
export async function saveLessonDraft({ user, slug, lessonSlug, texts }: { user: SessionUser; slug: string; lessonSlug: string; texts: Record<Locale, string> }): Promise<CourseSaveResult> {
	const found = await editableDraft(user, slug)
	if ('error' in found) return { ok: false, error: found.error }
	const db = await getDb()
	const [lesson] = await db
		.select({ id: lessons.id })
		.from(revisionLessons)
		.innerJoin(lessons, eq(lessons.id, revisionLessons.lessonId))
		.where(and(eq(revisionLessons.revisionId, found.latest.id), eq(lessons.slug, lessonSlug)))
	if (!lesson) return { ok: false, error: 'not_allowed' }
	const compiled = await compileTexts(texts)
	if (!compiled.ok) return { ok: false, problems: compiled.problems }
	if (!compiled.docs.length) return { ok: false, error: 'empty' }
	await db.transaction(async (tx) => {
		await tx.delete(lessonVersions).where(and(eq(lessonVersions.revisionId, found.latest.id), eq(lessonVersions.lessonId, lesson.id)))
		await tx.insert(lessonVersions).values(compiled.docs.map((d) => ({ revisionId: found.latest.id, lessonId: lesson.id, ...d })))
		await recordAudit({ actorId: user.id, action: 'course.lesson.save', targetType: 'course_revision', targetId: found.latest.id, data: { slug, lesson: lessonSlug } }, tx)
	})
	return { ok: true }
}

export async function submitCourse({ user, slug }: { user: SessionUser; slug: string }): Promise<TransitionResult> {
	const found = await courseBySlug(slug)
	if (!found) return { ok: false, error: 'not_allowed' }
	const decision = decide('submit', found.latest, actorOf(user))
	if (!decision.ok) return { ok: false, error: decision.reason }
	const db = await getDb()
	// A course made in the studio starts with no lessons; there is nothing to review until it has one.
	const [lesson] = await db.select({ id: revisionLessons.lessonId }).from(revisionLessons).where(eq(revisionLessons.revisionId, found.latest.id)).limit(1)
	if (!lesson) return { ok: false, error: 'empty' }
	await db.transaction(async (tx) => {
		await tx.update(courseRevisions).set({ status: 'in_review', submittedAt: new Date() }).where(and(eq(courseRevisions.id, found.latest.id), eq(courseRevisions.status, 'draft')))
		await recordAudit({ actorId: user.id, action: 'course.submit', targetType: 'course_revision', targetId: found.latest.id, data: { slug } }, tx)
	})
	return { ok: true, status: decision.to }
}

export type CourseReviewResult = { ok: true; status: string; slug: string } | { ok: false; error: TransitionError | 'slug_taken' }

/**
 * Approving publishes the revision and archives the one before it, renaming the course when the
 * revision carries a new slug (the old one then redirects); returning sends it back with a comment.
 */
export async function reviewCourse({ user, slug, decision: action, comment }: { user: SessionUser; slug: string; decision: 'approve' | 'return'; comment: string }): Promise<CourseReviewResult> {
	const found = await courseBySlug(slug)
	if (!found) return { ok: false, error: 'not_allowed' }
	const decision = decide(action, found.latest, actorOf(user))
	if (!decision.ok) return { ok: false, error: decision.reason }
	const { course, latest } = found
	const db = await getDb()
	const newSlug = action === 'approve' && latest.slug && latest.slug !== course.slug ? latest.slug : null
	const done = await db.transaction(async (tx) => {
		const [current] = await tx.select({ status: courseRevisions.status }).from(courseRevisions).where(eq(courseRevisions.id, latest.id)).for('update')
		if (current?.status !== 'in_review') return 'wrong_status' as const
		if (newSlug) {
			// Courses are renamed one at a time, so two drafts claiming one slug cannot both get it.
			await tx.execute(sql`select pg_advisory_xact_lock(hashtext('ortaq:course-slugs'))`)
			if (await courseSlugTaken({ slug: newSlug, courseId: course.id, db: tx })) return 'slug_taken' as const
			await renameCourse({ tx, courseId: course.id, from: course.slug, to: newSlug })
		}
		if (action === 'approve') {
			await tx.update(courseRevisions).set({ status: 'archived' }).where(and(eq(courseRevisions.courseId, course.id), eq(courseRevisions.status, 'published')))
			await tx.update(courseRevisions).set({ status: 'published', reviewerId: user.id, publishedAt: new Date() }).where(eq(courseRevisions.id, latest.id))
		} else {
			await tx.update(courseRevisions).set({ status: 'draft', reviewerId: user.id }).where(eq(courseRevisions.id, latest.id))
		}
		if (comment || action === 'return') await tx.insert(reviewComments).values({ subjectType: 'course', revisionId: latest.id, authorId: user.id, decision: action, body: comment })
		await recordAudit({ actorId: user.id, action: action === 'approve' ? 'course.publish' : 'course.return', targetType: 'course_revision', targetId: latest.id, data: { slug, ...(newSlug ? { newSlug } : {}) } }, tx)
		return 'done' as const
	})
	return done === 'done' ? { ok: true, status: decision.to, slug: newSlug ?? course.slug } : { ok: false, error: done }
}

/** The draft's practical task for the studio task form, when this user may edit the draft. */
export async function getDraftTask({ user, slug }: { user: SessionUser; slug: string }) {
	const found = await editableDraft(user, slug)
	if ('error' in found) return null
	return { revision: found.latest, task: found.latest.task ?? null }
}

/**
 * Saves (or, with null, removes) the practical task on the course's draft only (ADR 018); the published revision
 * keeps its task until a reviewer publishes this draft, which then carries the new one.
 */
export async function saveTaskDraft({ user, slug, task }: { user: SessionUser; slug: string; task: PracticalTask | null }): Promise<CourseSaveResult> {
	const found = await editableDraft(user, slug)
	if ('error' in found) return { ok: false, error: found.error }
	const db = await getDb()
	await db.transaction(async (tx) => {
		await tx.update(courseRevisions).set({ task }).where(and(eq(courseRevisions.id, found.latest.id), eq(courseRevisions.status, 'draft')))
		await recordAudit({ actorId: user.id, action: task ? 'course.task.save' : 'course.task.remove', targetType: 'course_revision', targetId: found.latest.id, data: { slug } }, tx)
	})
	return { ok: true }
}
