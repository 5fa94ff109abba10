import fs from 'node:fs/promises'
import path from 'node:path'
import { and, desc, eq, inArray, max } from 'drizzle-orm'
import type { z } from 'zod'
import { getDb, type Tx } from '#app/db/client.server.ts'
import {
	compiledMdx,
	courseRevisions,
	courses,
	lessons,
	lessonVersions,
	questions,
	quizzes,
	revisionLessons,
} from '#app/db/schema/index.ts'
import { courseFileSchema, quizFileSchema, type CourseFile, type QuizFile } from './course-files.ts'
import { renamedCourseSlug } from './course-slugs.server.ts'
import { compileMdx, hashText } from './mdx.server.ts'

export type SyncProblem = { file: string; line: number | null; message: string }
export type SyncResult = { slug: string; status: 'published' | 'unchanged' | 'failed'; revision?: number; problems: SyncProblem[] }

const locales = ['kk', 'ru'] as const

async function listFiles(dir: string, base = dir): Promise<string[]> {
	const entries = await fs.readdir(dir, { withFileTypes: true })
	const nested = await Promise.all(
		entries.map((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name), base) : Promise.resolve([path.relative(base, path.join(dir, e.name))]))),
	)
	return nested.flat().sort()
}

function zodProblems(file: string, error: z.ZodError): SyncProblem[] {
	return error.issues.map((i) => ({ file, line: null, message: `${i.path.join('.') || '(root)'}: ${i.message}` }))
}

/** Compiles MDX unless the same source is already compiled; returns its hash and front matter. */
export async function ensureCompiled(source: string, file: string) {
	const db = await getDb()
	const hash = hashText(source)
	const [cached] = await db.select({ frontmatter: compiledMdx.frontmatter }).from(compiledMdx).where(eq(compiledMdx.hash, hash))
	if (cached) return { ok: true as const, hash, frontmatter: cached.frontmatter, compiled: false }
	const result = await compileMdx(source)
	if (!result.ok) {
		return {
			ok: false as const,
			problems: result.problems.map((p) => ({ file, line: p.line, message: p.detail ? `${p.code}: ${p.detail}` : p.code })),
		}
	}
	await db.insert(compiledMdx).values({ hash: result.hash, code: result.code, frontmatter: result.frontmatter }).onConflictDoNothing()
	return { ok: true as const, hash: result.hash, frontmatter: result.frontmatter, compiled: true }
}

type LoadedLesson = {
	slug: string
	required: boolean
	versions: { locale: 'kk' | 'ru'; title: string; minutes: number | null; source: string; hash: string }[]
	quiz: QuizFile | null
}

type LoadedCourse = {
	meta: CourseFile
	overview: Partial<Record<'kk' | 'ru', { source: string; hash: string }>>
	lessons: LoadedLesson[]
	diagnostic: QuizFile | null
	final: QuizFile | null
}

async function readJson<T>(dir: string, file: string, schema: z.ZodType<T>, problems: SyncProblem[]): Promise<T | null> {
	let text: string
	try {
		text = await fs.readFile(path.join(dir, file), 'utf8')
	} catch {
		return null
	}
	let raw: unknown
	try {
		raw = JSON.parse(text)
	} catch (error) {
		problems.push({ file, line: null, message: `invalid JSON: ${error instanceof Error ? error.message : String(error)}` })
		return null
	}
	const parsed = schema.safeParse(raw)
	if (!parsed.success) {
		problems.push(...zodProblems(file, parsed.error))
		return null
	}
	return parsed.data
}

async function loadMdx(dir: string, file: string, problems: SyncProblem[]) {
	let source: string
	try {
		source = await fs.readFile(path.join(dir, file), 'utf8')
	} catch {
		return null
	}
	const compiled = await ensureCompiled(source, file)
	if (!compiled.ok) {
		problems.push(...compiled.problems)
		return null
	}
	const title = typeof compiled.frontmatter.title === 'string' ? compiled.frontmatter.title : ''
	const minutes = typeof compiled.frontmatter.minutes === 'number' ? compiled.frontmatter.minutes : null
	return { source, hash: compiled.hash, title, minutes }
}

async function loadCourse(dir: string, problems: SyncProblem[]): Promise<LoadedCourse | null> {
	const meta = await readJson(dir, 'course.json', courseFileSchema, problems)
	if (!meta) {
		if (!problems.length) problems.push({ file: 'course.json', line: null, message: 'missing' })
		return null
	}
	const overview: LoadedCourse['overview'] = {}
	for (const locale of locales) {
		const doc = await loadMdx(dir, `${locale}.mdx`, problems)
		if (doc) overview[locale] = { source: doc.source, hash: doc.hash }
	}
	const loaded: LoadedLesson[] = []
	for (const lesson of meta.lessons) {
		const versions: LoadedLesson['versions'] = []
		for (const locale of locales) {
			const doc = await loadMdx(dir, `lessons/${lesson.slug}/${locale}.mdx`, problems)
			if (doc) versions.push({ locale, title: doc.title, minutes: doc.minutes, source: doc.source, hash: doc.hash })
		}
		if (versions.length === 0 && !problems.some((p) => p.file.startsWith(`lessons/${lesson.slug}/`))) {
			problems.push({ file: `lessons/${lesson.slug}/`, line: null, message: 'no kk.mdx or ru.mdx' })
		}
		const quiz = await readJson(dir, `lessons/${lesson.slug}/quiz.json`, quizFileSchema, problems)
		loaded.push({ slug: lesson.slug, required: lesson.required, versions, quiz })
	}
	const diagnostic = await readJson(dir, 'diagnostic.json', quizFileSchema, problems)
	const final = await readJson(dir, 'final.json', quizFileSchema, problems)
	if (!final) problems.push({ file: 'final.json', line: null, message: 'a course needs a final assessment' })
	return { meta, overview, lessons: loaded, diagnostic, final }
}

async function insertQuiz(tx: Tx, revisionId: number, kind: 'lesson' | 'diagnostic' | 'final', lessonId: number | null, quiz: QuizFile) {
	const [row] = await tx.insert(quizzes).values({ revisionId, lessonId, kind }).returning({ id: quizzes.id })
	if (!row) throw new Error('quiz not inserted')
	await tx.insert(questions).values(
		quiz.questions.map((q, position) => ({
			quizId: row.id,
			key: q.id,
			position,
			type: q.type,
			textKk: q.text.kk,
			textRu: q.text.ru,
			explanationKk: q.explanation?.kk ?? '',
			explanationRu: q.explanation?.ru ?? '',
			options: q.options.map((o) => ({ id: o.id, kk: o.text.kk, ru: o.text.ru, correct: o.correct })),
		})),
	)
}

/**
 * Publishes a loaded course as a new immutable revision: lessons keep their identity by slug,
 * the previous published revision is archived.
 */
export async function publishCourseRevision({
	course,
	contentHash,
	source,
	authorId = null,
	reviewerId = null,
	tx,
}: {
	course: LoadedCourse
	contentHash: string | null
	source: 'content' | 'studio'
	authorId?: number | null
	reviewerId?: number | null
	tx: Tx
}) {
	const { meta } = course
	const [existing] = await tx.select({ id: courses.id }).from(courses).where(eq(courses.slug, meta.slug))
	const courseId =
		existing?.id ??
		(await tx.insert(courses).values({ slug: meta.slug, topic: meta.topic }).returning({ id: courses.id }))[0]?.id
	if (!courseId) throw new Error('course not inserted')
	if (existing) await tx.update(courses).set({ topic: meta.topic }).where(eq(courses.id, courseId))
	const [last] = await tx.select({ n: max(courseRevisions.number) }).from(courseRevisions).where(eq(courseRevisions.courseId, courseId))
	const number = (last?.n ?? 0) + 1
	await tx
		.update(courseRevisions)
		.set({ status: 'archived' })
		.where(and(eq(courseRevisions.courseId, courseId), eq(courseRevisions.status, 'published')))
	const [revision] = await tx
		.insert(courseRevisions)
		.values({
			courseId,
			number,
			slug: meta.slug,
			status: 'published',
			hours: meta.hours,
			passThreshold: meta.passThreshold,
			titleKk: meta.title.kk,
			titleRu: meta.title.ru,
			summaryKk: meta.summary.kk,
			summaryRu: meta.summary.ru,
			overviewSourceKk: course.overview.kk?.source ?? '',
			overviewSourceRu: course.overview.ru?.source ?? '',
			overviewHashKk: course.overview.kk?.hash ?? null,
			overviewHashRu: course.overview.ru?.hash ?? null,
			task: meta.task ?? null,
			contentHash,
			source,
			authorId,
			reviewerId,
			publishedAt: new Date(),
		})
		.returning({ id: courseRevisions.id })
	if (!revision) throw new Error('revision not inserted')
	for (const [position, lesson] of course.lessons.entries()) {
		await tx.insert(lessons).values({ courseId, slug: lesson.slug }).onConflictDoNothing()
		const [row] = await tx
			.select({ id: lessons.id })
			.from(lessons)
			.where(and(eq(lessons.courseId, courseId), eq(lessons.slug, lesson.slug)))
		if (!row) throw new Error('lesson not inserted')
		await tx.insert(revisionLessons).values({ revisionId: revision.id, lessonId: row.id, position, required: lesson.required })
		if (lesson.versions.length) {
			await tx.insert(lessonVersions).values(lesson.versions.map((v) => ({ revisionId: revision.id, lessonId: row.id, ...v })))
		}
		if (lesson.quiz) await insertQuiz(tx, revision.id, 'lesson', row.id, lesson.quiz)
	}
	if (course.diagnostic) await insertQuiz(tx, revision.id, 'diagnostic', null, course.diagnostic)
	if (course.final) await insertQuiz(tx, revision.id, 'final', null, course.final)
	return { courseId, revisionId: revision.id, number }
}

/** Syncs one course folder; a folder whose files have not changed is left alone. */
export async function syncCourseFolder(dir: string): Promise<SyncResult> {
	const slug = path.basename(dir)
	const files = await listFiles(dir)
	const contents = await Promise.all(files.map(async (f) => `${f}\n${await fs.readFile(path.join(dir, f), 'utf8')}`))
	const contentHash = hashText(contents.join('\n\u0000\n'))
	const db = await getDb()
	const [latest] = await db
		.select({ contentHash: courseRevisions.contentHash })
		.from(courseRevisions)
		.innerJoin(courses, eq(courses.id, courseRevisions.courseId))
		.where(and(eq(courses.slug, slug), inArray(courseRevisions.status, ['published'])))
		.orderBy(desc(courseRevisions.number))
		.limit(1)
	if (latest?.contentHash === contentHash) return { slug, status: 'unchanged', problems: [] }
	if (!latest) {
		// A folder still named after a course's old slug would otherwise become a second course (ADR 013).
		const renamed = await renamedCourseSlug(slug)
		if (renamed) return { slug, status: 'failed', problems: [{ file: 'course.json', line: null, message: `the course was renamed to "${renamed}" in the studio: rename the folder to content/courses/${renamed}/ and its "slug" in course.json` }] }
	}
	const problems: SyncProblem[] = []
	const course = await loadCourse(dir, problems)
	if (course && course.meta.slug !== slug) problems.push({ file: 'course.json', line: null, message: `slug must match the folder name "${slug}"` })
	if (!course || problems.length) return { slug, status: 'failed', problems }
	const { number } = await db.transaction((tx) => publishCourseRevision({ course, contentHash, source: 'content', tx }))
	return { slug, status: 'published', revision: number, problems: [] }
}

/** Syncs every course under content/courses; a broken course never stops the others. */
export async function syncContent({ root = path.resolve('content/courses') }: { root?: string } = {}) {
	let entries: string[] = []
	try {
		entries = (await fs.readdir(root, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort()
	} catch {
		return []
	}
	const results: SyncResult[] = []
	for (const name of entries) {
		try {
			results.push(await syncCourseFolder(path.join(root, name)))
		} catch (error) {
			results.push({ slug: name, status: 'failed', problems: [{ file: '', line: null, message: error instanceof Error ? error.message : String(error) }] })
		}
	}
	return results
}

export function formatSyncReport(results: SyncResult[]) {
	return results
		.map((r) => {
			const head = `${r.slug}: ${r.status}${r.revision ? ` (revision ${r.revision})` : ''}`
			const lines = r.problems.map((p) => `  content/courses/${r.slug}/${p.file}${p.line ? `:${p.line}` : ''} — ${p.message}`)
			return [head, ...lines].join('\n')
		})
		.join('\n')
}
