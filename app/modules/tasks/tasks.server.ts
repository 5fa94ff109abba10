import crypto from 'node:crypto'
import { and, asc, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm'
import { getDb, type Tx } from '#app/db/client.server.ts'
import {
	attachments,
	courseRevisions,
	courses,
	districts,
	schools,
	taskSubmissions,
	userRoles,
	taskVersionFiles,
	taskVersions,
	users,
	type PracticalTask,
	type TaskStatus,
} from '#app/db/schema/index.ts'
import { recordAudit } from '#app/modules/auth/audit.server.ts'
import type { SessionUser } from '#app/modules/auth/session.server.ts'
import { cleanFilename, localStorage, lockAttachmentHash, type AttachmentStorage } from '#app/modules/materials/attachments.server.ts'
import { inspectUpload } from '#app/modules/materials/upload-checks.server.ts'
import { completeIfDone, enrol } from '#app/modules/learning/progress.server.ts'
import { notify } from '#app/modules/notifications/notifications.server.ts'
import { getPublishedStructure, getRevisionStructure, type CourseStructure } from '#app/modules/learning/structure.server.ts'
import { MAX_TASK_FILE_BYTES, MAX_TASK_FILES, taskFileTypes } from './forms.ts'
import { mayGrade, maySubmit, scoreRubric } from './rubric.ts'

/*
 * Practical tasks (docs/decisions/018-practical-tasks.md): a teacher sends versions, a tutor
 * grades the newest one. Who tutors a submission is decided here, in one place: an admin; a
 * methodologist whose district or region holds the teacher's school now; the reviewer who
 * approved the course's published revision.
 */

export type Tutor = { userId: number; all: boolean; districtIds: number[]; regionIds: number[]; reviewer: boolean }

/** The user's tutoring reach, or null when she tutors nothing. */
export function tutorOf(user: SessionUser): Tutor | null {
	const all = user.roles.some((r) => r.role === 'admin')
	const methodologist = user.roles.filter((r) => r.role === 'methodologist')
	const districtIds = methodologist.flatMap((r) => (r.districtId != null ? [r.districtId] : []))
	const regionIds = methodologist.flatMap((r) => (r.districtId == null && r.regionId != null ? [r.regionId] : []))
	const reviewer = user.roles.some((r) => r.role === 'reviewer')
	if (!all && !districtIds.length && !regionIds.length && !reviewer) return null
	return { userId: user.id, all, districtIds, regionIds, reviewer }
}

/** The condition a submission row (joined to its teacher's school and district) must meet for this tutor. */
function inScope(tutor: Tutor): SQL {
	if (tutor.all) return sql`true`
	const parts: SQL[] = []
	if (tutor.districtIds.length) parts.push(inArray(schools.districtId, tutor.districtIds))
	if (tutor.regionIds.length) parts.push(inArray(districts.regionId, tutor.regionIds))
	if (tutor.reviewer) {
		parts.push(
			sql`exists (select 1 from ${courseRevisions} where ${courseRevisions.courseId} = ${taskSubmissions.courseId} and ${courseRevisions.status} = 'published' and ${courseRevisions.reviewerId} = ${tutor.userId})`,
		)
	}
	return or(...parts) ?? sql`false`
}

const publishedRevision = and(eq(courseRevisions.courseId, taskSubmissions.courseId), eq(courseRevisions.status, 'published'))

export type QueueRow = {
	id: number
	status: TaskStatus
	versions: number
	submittedAt: Date
	gradedAt: Date | null
	scorePercent: number | null
	teacher: string
	schoolKk: string | null
	schoolRu: string | null
	courseSlug: string
	titleKk: string
	titleRu: string
}

/** The tutor's queue: waiting submissions first, the longest waiting first; the others after them, newest grading first. */
export async function listQueue({ tutor, courseSlug, waitingOnly }: { tutor: Tutor; courseSlug?: string; waitingOnly: boolean }): Promise<QueueRow[]> {
	const db = await getDb()
	const conditions = [inScope(tutor)]
	if (courseSlug) conditions.push(eq(courses.slug, courseSlug))
	if (waitingOnly) conditions.push(eq(taskSubmissions.status, 'submitted'))
	return db
		.select({
			id: taskSubmissions.id,
			status: taskSubmissions.status,
			versions: taskSubmissions.versions,
			submittedAt: taskSubmissions.submittedAt,
			gradedAt: taskSubmissions.gradedAt,
			scorePercent: taskSubmissions.scorePercent,
			teacher: users.fullName,
			schoolKk: schools.nameKk,
			schoolRu: schools.nameRu,
			courseSlug: courses.slug,
			titleKk: courseRevisions.titleKk,
			titleRu: courseRevisions.titleRu,
		})
		.from(taskSubmissions)
		.innerJoin(users, eq(users.id, taskSubmissions.userId))
		.innerJoin(courses, eq(courses.id, taskSubmissions.courseId))
		.innerJoin(courseRevisions, publishedRevision)
		.leftJoin(schools, eq(schools.id, users.schoolId))
		.leftJoin(districts, eq(districts.id, schools.districtId))
		.where(and(...conditions))
		.orderBy(sql`case when ${taskSubmissions.status} = 'submitted' then 0 else 1 end`, sql`case when ${taskSubmissions.status} = 'submitted' then ${taskSubmissions.submittedAt} end asc`, desc(taskSubmissions.gradedAt), asc(taskSubmissions.id))
		.limit(500)
}

/** Courses with a submission in the tutor's scope, for the queue's filter. */
export async function queueCourses({ tutor }: { tutor: Tutor }) {
	const db = await getDb()
	return db
		.selectDistinct({ slug: courses.slug, titleKk: courseRevisions.titleKk, titleRu: courseRevisions.titleRu })
		.from(taskSubmissions)
		.innerJoin(users, eq(users.id, taskSubmissions.userId))
		.innerJoin(courses, eq(courses.id, taskSubmissions.courseId))
		.innerJoin(courseRevisions, publishedRevision)
		.leftJoin(schools, eq(schools.id, users.schoolId))
		.leftJoin(districts, eq(districts.id, schools.districtId))
		.where(inScope(tutor))
		.orderBy(asc(courses.slug))
}

export type VersionView = {
	id: number
	number: number
	text: string
	submittedAt: Date
	decision: 'accepted' | 'returned' | null
	scores: Record<string, number> | null
	points: number | null
	maxPoints: number | null
	feedback: string
	gradedAt: Date | null
	grader: string | null
	task: PracticalTask | null
	files: { id: number; filename: string; mime: string; size: number }[]
}

/** Every version of a submission, newest first, with its files, grading and the rubric it answered. */
async function versionsOf(submissionId: number): Promise<VersionView[]> {
	const db = await getDb()
	const rows = await db
		.select({
			id: taskVersions.id,
			number: taskVersions.number,
			revisionId: taskVersions.revisionId,
			text: taskVersions.text,
			submittedAt: taskVersions.submittedAt,
			decision: taskVersions.decision,
			scores: taskVersions.scores,
			points: taskVersions.points,
			maxPoints: taskVersions.maxPoints,
			feedback: taskVersions.feedback,
			gradedAt: taskVersions.gradedAt,
			grader: users.fullName,
		})
		.from(taskVersions)
		.leftJoin(users, eq(users.id, taskVersions.gradedBy))
		.where(eq(taskVersions.submissionId, submissionId))
		.orderBy(desc(taskVersions.number))
	const files = rows.length
		? await db
				.select({ versionId: taskVersionFiles.versionId, id: attachments.id, filename: attachments.filename, mime: attachments.mime, size: attachments.size })
				.from(taskVersionFiles)
				.innerJoin(attachments, eq(attachments.id, taskVersionFiles.attachmentId))
				.where(inArray(taskVersionFiles.versionId, rows.map((r) => r.id)))
				.orderBy(asc(taskVersionFiles.position))
		: []
	const out: VersionView[] = []
	for (const { revisionId, ...r } of rows) {
		const structure = await getRevisionStructure(revisionId)
		out.push({ ...r, task: structure?.task ?? null, files: files.filter((f) => f.versionId === r.id).map(({ versionId: _v, ...f }) => f) })
	}
	return out
}

/** The teacher's own submission for a course, or null when she has sent nothing. */
export async function getMyTask({ userId, courseId }: { userId: number; courseId: number }) {
	const db = await getDb()
	const [row] = await db
		.select()
		.from(taskSubmissions)
		.where(and(eq(taskSubmissions.userId, userId), eq(taskSubmissions.courseId, courseId)))
	if (!row) return null
	return { ...row, history: await versionsOf(row.id) }
}

/** A submission the tutor may see, with its teacher, course and versions; null outside her scope (the route answers 404). */
export async function getSubmissionForTutor({ tutor, submissionId }: { tutor: Tutor; submissionId: number }) {
	const db = await getDb()
	const [row] = await db
		.select({
			id: taskSubmissions.id,
			userId: taskSubmissions.userId,
			courseId: taskSubmissions.courseId,
			status: taskSubmissions.status,
			versions: taskSubmissions.versions,
			submittedAt: taskSubmissions.submittedAt,
			teacher: users.fullName,
			gender: users.gender,
			schoolKk: schools.nameKk,
			schoolRu: schools.nameRu,
			courseSlug: courses.slug,
			titleKk: courseRevisions.titleKk,
			titleRu: courseRevisions.titleRu,
		})
		.from(taskSubmissions)
		.innerJoin(users, eq(users.id, taskSubmissions.userId))
		.innerJoin(courses, eq(courses.id, taskSubmissions.courseId))
		.innerJoin(courseRevisions, publishedRevision)
		.leftJoin(schools, eq(schools.id, users.schoolId))
		.leftJoin(districts, eq(districts.id, schools.districtId))
		.where(and(eq(taskSubmissions.id, submissionId), inScope(tutor)))
	if (!row) return null
	return { ...row, history: await versionsOf(row.id) }
}

export type SubmitFile = { name: string; type?: string; bytes: Uint8Array }
export type SubmitError =
	| { field: 'text' | 'files'; key: string; name?: string }
	| { field: 'form'; key: 'errors.noTask' | 'errors.wrongStatus' | 'errors.tooManyFiles' }

/** Checks every file by its bytes; the first refusal names the file. */
async function checkFiles(files: SubmitFile[]): Promise<{ ok: true; checked: { file: SubmitFile; mime: string; ext: string }[] } | { ok: false; error: SubmitError }> {
	if (files.length > MAX_TASK_FILES) return { ok: false, error: { field: 'form', key: 'errors.tooManyFiles' } }
	const checked = []
	for (const file of files) {
		if (file.bytes.byteLength > MAX_TASK_FILE_BYTES) return { ok: false, error: { field: 'files', key: 'upload.too_large', name: file.name } }
		const result = await inspectUpload(file)
		if (!result.ok) return { ok: false, error: { field: 'files', key: `upload.${result.error}`, name: file.name } }
		if (!(taskFileTypes as readonly string[]).includes(result.mime)) return { ok: false, error: { field: 'files', key: 'upload.type', name: file.name } }
		checked.push({ file, mime: result.mime, ext: result.ext })
	}
	return { ok: true, checked }
}


/**
 * The teacher sends a version: text and/or files as the task asks. Allowed when she has sent
 * nothing yet or the tutor returned the last version; enrols her if she was not. Files are
 * stored by content hash in the materials' attachment storage.
 */
export async function submitTask({
	user,
	course,
	text,
	files,
	locale,
	storage = localStorage,
}: {
	user: SessionUser
	course: CourseStructure
	text: string
	files: SubmitFile[]
	locale: 'kk' | 'ru'
	storage?: AttachmentStorage
}): Promise<{ ok: true; submissionId: number; version: number } | { ok: false; error: SubmitError }> {
	const task = course.task
	if (!task) return { ok: false, error: { field: 'form', key: 'errors.noTask' } }
	if (!task.submit.text && text) return { ok: false, error: { field: 'text', key: 'errors.textNotAsked' } }
	if (!task.submit.files && files.length) return { ok: false, error: { field: 'files', key: 'errors.filesNotAsked' } }
	if (!text && !files.length) return { ok: false, error: { field: task.submit.text ? 'text' : 'files', key: task.submit.text && task.submit.files ? 'errors.empty' : task.submit.text ? 'errors.textRequired' : 'errors.filesRequired' } }
	const checked = await checkFiles(files)
	if (!checked.ok) return checked
	const db = await getDb()
	const result = await db.transaction(async (tx) => {
		const [existing] = await tx
			.select()
			.from(taskSubmissions)
			.where(and(eq(taskSubmissions.userId, user.id), eq(taskSubmissions.courseId, course.courseId)))
			.for('update')
		if (existing && !maySubmit(existing.status)) return null
		await enrol({ userId: user.id, course, locale, tx })
		const number = existing ? existing.versions + 1 : 1
		const now = new Date()
		let submissionId: number
		if (existing) {
			await tx.update(taskSubmissions).set({ status: 'submitted', versions: number, submittedAt: now }).where(eq(taskSubmissions.id, existing.id))
			submissionId = existing.id
		} else {
			// Two first sends at once: the second waits on the unique key, then finds the row and fails like a repeat.
			const [created] = await tx
				.insert(taskSubmissions)
				.values({ userId: user.id, courseId: course.courseId, status: 'submitted', versions: 1, submittedAt: now })
				.onConflictDoNothing()
				.returning({ id: taskSubmissions.id })
			if (!created) return null
			submissionId = created.id
		}
		const [version] = await tx
			.insert(taskVersions)
			.values({ submissionId, number, revisionId: course.revisionId, text, submittedAt: now })
			.returning({ id: taskVersions.id })
		if (!version) throw new Error('task version not inserted')
		for (const [position, { file, mime, ext }] of checked.checked.entries()) {
			const hash = crypto.createHash('sha256').update(file.bytes).digest('hex')
			await lockAttachmentHash(tx, hash)
			await storage.put(hash, file.bytes)
			const [row] = await tx
				.insert(attachments)
				.values({ hash, filename: cleanFilename(file.name, ext), mime, size: file.bytes.byteLength, uploadedBy: user.id })
				.returning({ id: attachments.id })
			if (!row) throw new Error('attachment not inserted')
			await tx.insert(taskVersionFiles).values({ versionId: version.id, attachmentId: row.id, position })
		}
		// Told to the methodologists of her district, not to the region's or the admins, whom every district's sends would flood.
		if (user.districtId != null) {
			const tutors = await tx.select({ userId: userRoles.userId }).from(userRoles).where(and(eq(userRoles.role, 'methodologist'), eq(userRoles.districtId, user.districtId)))
			for (const t of tutors) {
				await notify(tx, {
					userId: t.userId,
					kind: 'task.submitted',
					params: { submissionId, courseTitle: { kk: course.titleKk, ru: course.titleRu }, teacherName: user.fullName },
					link: `/tasks/${submissionId}`,
					dedupeKey: `task.submitted:${submissionId}:${number}`,
				})
			}
		}
		await recordAudit({ actorId: user.id, action: 'task.submit', targetType: 'task_submission', targetId: submissionId, data: { course: course.slug, version: number } }, tx)
		return { submissionId, version: number }
	})
	if (!result) return { ok: false, error: { field: 'form', key: 'errors.wrongStatus' } }
	return { ok: true, ...result }
}

export type GradeInput = { version: number; decision: 'accept' | 'return'; feedback: string; scores: Record<string, string | undefined> }
export type GradeResult =
	| { ok: true; teacherId: number; courseSlug: string; status: 'accepted' | 'returned'; completed: boolean }
	| { ok: false; error: 'not_found' }
	| { ok: false; error: 'fields'; errors: Record<string, string[]> }

/**
 * The tutor grades the newest version: every criterion scored; acceptance needs the pass mark,
 * a return needs feedback. Acceptance completes the course in the same transaction when nothing
 * else is left, issuing the certificate exactly once (ADR 007).
 */
export async function gradeSubmission({ tutor, submissionId, input }: { tutor: Tutor; submissionId: number; input: GradeInput }): Promise<GradeResult> {
	const found = await getSubmissionForTutor({ tutor, submissionId })
	if (!found) return { ok: false, error: 'not_found' }
	const newest = found.history[0]
	if (!mayGrade(found.status) || !newest || newest.number !== input.version) return { ok: false, error: 'fields', errors: { form: ['errors.stale'] } }
	const task = newest.task
	if (!task) return { ok: false, error: 'fields', errors: { form: ['errors.noTask'] } }
	const scored = scoreRubric(task, input.scores)
	if (!scored.ok) return { ok: false, error: 'fields', errors: scored.errors }
	if (input.decision === 'accept' && !scored.passed) return { ok: false, error: 'fields', errors: { decision: ['errors.belowPassMark'] } }
	if (input.decision === 'return' && !input.feedback) return { ok: false, error: 'fields', errors: { feedback: ['errors.feedbackRequired'] } }
	// Read before the transaction: PGlite has one connection, so nothing may query outside `tx` inside it.
	const published = await getPublishedStructure(found.courseSlug)
	const db = await getDb()
	const status = input.decision === 'accept' ? ('accepted' as const) : ('returned' as const)
	const outcome = await db.transaction(async (tx: Tx) => {
		const [locked] = await tx.select().from(taskSubmissions).where(eq(taskSubmissions.id, submissionId)).for('update')
		// Graded meanwhile by another tutor, or a new version arrived: the form is stale.
		if (!locked || locked.status !== 'submitted' || locked.versions !== input.version) return null
		const now = new Date()
		await tx
			.update(taskVersions)
			.set({ decision: status, scores: scored.scores, points: scored.points, maxPoints: scored.maxPoints, feedback: input.feedback, gradedBy: tutor.userId, gradedAt: now })
			.where(eq(taskVersions.id, newest.id))
		await tx.update(taskSubmissions).set({ status, gradedAt: now, scorePercent: scored.percent }).where(eq(taskSubmissions.id, submissionId))
		const courseTitle = { kk: found.titleKk, ru: found.titleRu }
		const link = `/courses/${found.courseSlug}/task`
		const dedupeKey = `task.${status}:${submissionId}:${input.version}`
		if (status === 'accepted') {
			await notify(tx, { userId: locked.userId, kind: 'task.accepted', params: { submissionId, courseTitle, score: scored.points, maxScore: scored.maxPoints }, link, dedupeKey })
		} else {
			await notify(tx, { userId: locked.userId, kind: 'task.returned', params: { submissionId, courseTitle }, link, dedupeKey })
		}
		await recordAudit({ actorId: tutor.userId, action: `task.${status}`, targetType: 'task_submission', targetId: submissionId, data: { version: input.version, points: scored.points } }, tx)
		const completed = status === 'accepted' && published ? await completeIfDone(tx, { userId: locked.userId, course: published }) : false
		return { completed }
	})
	if (!outcome) return { ok: false, error: 'fields', errors: { form: ['errors.stale'] } }
	return { ok: true, teacherId: found.userId, courseSlug: found.courseSlug, status, completed: outcome.completed }
}

/**
 * A submitted file for its teacher or a tutor in scope; null for anyone else, as for a missing
 * file (the route answers 404 either way). Each upload is its own attachment row of one version.
 */
export async function taskFileFor({ user, attachmentId, storage = localStorage }: { user: SessionUser; attachmentId: number; storage?: AttachmentStorage }) {
	const db = await getDb()
	const [file] = await db
		.select({ submissionId: taskVersions.submissionId, ownerId: taskSubmissions.userId, hash: attachments.hash, filename: attachments.filename, mime: attachments.mime })
		.from(taskVersionFiles)
		.innerJoin(taskVersions, eq(taskVersions.id, taskVersionFiles.versionId))
		.innerJoin(taskSubmissions, eq(taskSubmissions.id, taskVersions.submissionId))
		.innerJoin(attachments, eq(attachments.id, taskVersionFiles.attachmentId))
		.where(eq(taskVersionFiles.attachmentId, attachmentId))
	if (!file) return null
	if (file.ownerId !== user.id) {
		const tutor = tutorOf(user)
		if (!tutor || !(await getSubmissionForTutor({ tutor, submissionId: file.submissionId }))) return null
	}
	const bytes = await storage.read(file.hash)
	return bytes ? { filename: file.filename, mime: file.mime, bytes } : null
}
