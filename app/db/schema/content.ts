import {
	boolean,
	index,
	integer,
	jsonb,
	pgTable,
	primaryKey,
	text,
	timestamp,
	unique,
} from 'drizzle-orm/pg-core'
import { users } from './users.ts'

export const revisionStatuses = ['draft', 'in_review', 'published', 'archived'] as const
export type RevisionStatus = (typeof revisionStatuses)[number]

/** Compiled MDX keyed by the SHA-256 of its source: compiled once, read on every render. */
export const compiledMdx = pgTable('compiled_mdx', {
	hash: text().primaryKey(),
	code: text().notNull(),
	frontmatter: jsonb().$type<Record<string, unknown>>().notNull(),
	createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})

type Pair = { kk: string; ru: string }
/** A course's practical task as course.json declares it (ADR 018); kept with each revision. */
export type PracticalTask = {
	title: Pair
	instructions: Pair
	submit: { text: boolean; files: boolean }
	criteria: { id: string; title: Pair; description: Pair; maxPoints: number }[]
	passMark: number
	requiredForCertificate: boolean
}

export const courses = pgTable('courses', {
	id: integer().primaryKey().generatedAlwaysAsIdentity(),
	slug: text().notNull().unique(),
	topic: text().notNull(),
	createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})

/** Slugs a course had before it was renamed: URLs with them redirect to its current slug (ADR 013). */
export const courseOldSlugs = pgTable(
	'course_old_slugs',
	{
		slug: text().primaryKey(),
		courseId: integer()
			.notNull()
			.references(() => courses.id),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
	},
	(t) => [index().on(t.courseId)],
)

export const courseRevisions = pgTable(
	'course_revisions',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		courseId: integer()
			.notNull()
			.references(() => courses.id),
		number: integer().notNull(),
		status: text({ enum: revisionStatuses }).notNull(),
		/** The course's URL name as of this revision; publishing a revision whose slug differs renames the course (ADR 013). */
		slug: text(),
		hours: integer().notNull(),
		passThreshold: integer().notNull(),
		titleKk: text().notNull(),
		titleRu: text().notNull(),
		summaryKk: text().notNull(),
		summaryRu: text().notNull(),
		overviewSourceKk: text().notNull().default(''),
		overviewSourceRu: text().notNull().default(''),
		overviewHashKk: text().references(() => compiledMdx.hash),
		overviewHashRu: text().references(() => compiledMdx.hash),
		/** The practical task of this revision, or null when the course has none (ADR 018). */
		task: jsonb().$type<PracticalTask>(),
		/**
		 * SHA-256 over the content folder this revision was synced from, or, for a studio revision, the one its
		 * first draft was copied from (null for a course made in the studio); an unchanged folder is not synced again.
		 */
		contentHash: text(),
		source: text({ enum: ['content', 'studio'] }).notNull(),
		authorId: integer().references(() => users.id),
		reviewerId: integer().references(() => users.id),
		submittedAt: timestamp({ withTimezone: true }),
		publishedAt: timestamp({ withTimezone: true }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
	},
	(t) => [unique().on(t.courseId, t.number), index().on(t.status)],
)

/** A lesson's identity across revisions, so progress survives a new revision. */
export const lessons = pgTable(
	'lessons',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		courseId: integer()
			.notNull()
			.references(() => courses.id),
		slug: text().notNull(),
	},
	(t) => [unique().on(t.courseId, t.slug)],
)

export const revisionLessons = pgTable(
	'revision_lessons',
	{
		revisionId: integer()
			.notNull()
			.references(() => courseRevisions.id, { onDelete: 'cascade' }),
		lessonId: integer()
			.notNull()
			.references(() => lessons.id),
		position: integer().notNull(),
		required: boolean().notNull().default(true),
	},
	(t) => [primaryKey({ columns: [t.revisionId, t.lessonId] })],
)

export const lessonVersions = pgTable(
	'lesson_versions',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		revisionId: integer()
			.notNull()
			.references(() => courseRevisions.id, { onDelete: 'cascade' }),
		lessonId: integer()
			.notNull()
			.references(() => lessons.id),
		locale: text({ enum: ['kk', 'ru'] }).notNull(),
		title: text().notNull(),
		minutes: integer(),
		source: text().notNull(),
		hash: text()
			.notNull()
			.references(() => compiledMdx.hash),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
	},
	(t) => [unique().on(t.revisionId, t.lessonId, t.locale)],
)

export type QuizKind = 'lesson' | 'diagnostic' | 'final'
export type QuizOption = { id: string; kk: string; ru: string; correct: boolean }

export const quizzes = pgTable(
	'quizzes',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		revisionId: integer()
			.notNull()
			.references(() => courseRevisions.id, { onDelete: 'cascade' }),
		lessonId: integer().references(() => lessons.id),
		kind: text({ enum: ['lesson', 'diagnostic', 'final'] }).notNull(),
	},
	(t) => [unique().on(t.revisionId, t.kind, t.lessonId).nullsNotDistinct()],
)

export const questions = pgTable(
	'questions',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		quizId: integer()
			.notNull()
			.references(() => quizzes.id, { onDelete: 'cascade' }),
		key: text().notNull(),
		position: integer().notNull(),
		type: text({ enum: ['single', 'multiple'] }).notNull(),
		textKk: text().notNull(),
		textRu: text().notNull(),
		explanationKk: text().notNull().default(''),
		explanationRu: text().notNull().default(''),
		options: jsonb().$type<QuizOption[]>().notNull(),
	},
	(t) => [unique().on(t.quizId, t.key)],
)

/** Reviewer comments on a course or material revision. */
export const reviewComments = pgTable(
	'review_comments',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		subjectType: text({ enum: ['course', 'material'] }).notNull(),
		revisionId: integer().notNull(),
		authorId: integer()
			.notNull()
			.references(() => users.id),
		decision: text({ enum: ['comment', 'approve', 'return'] }).notNull(),
		body: text().notNull(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
	},
	(t) => [index().on(t.subjectType, t.revisionId)],
)
