import {
	index,
	integer,
	jsonb,
	pgTable,
	primaryKey,
	text,
	timestamp,
	unique,
} from 'drizzle-orm/pg-core'
import { courses, lessons, quizzes } from './content.ts'
import { users } from './users.ts'

export const enrolments = pgTable(
	'enrolments',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		userId: integer()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		courseId: integer()
			.notNull()
			.references(() => courses.id),
		/** Language of study, for reporting. */
		locale: text({ enum: ['kk', 'ru'] }).notNull(),
		enrolledAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		lastLessonId: integer().references(() => lessons.id),
		lastActivityAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		/** Required lessons done, kept current in the same transaction as lesson_progress. */
		lessonsDone: integer().notNull().default(0),
		diagnosticScore: integer(),
		finalScore: integer(),
		completedAt: timestamp({ withTimezone: true }),
	},
	(t) => [
		unique().on(t.userId, t.courseId),
		index().on(t.courseId),
		// Reporting (ADR 006): a district dashboard reads its teachers' enrolments from this index
		// alone (index-only scan), without visiting ~13 heap pages per teacher.
		index('enrolments_report_idx').on(t.userId, t.courseId, t.locale, t.enrolledAt, t.completedAt, t.diagnosticScore, t.finalScore),
	],
)

export const lessonProgress = pgTable(
	'lesson_progress',
	{
		userId: integer()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		lessonId: integer()
			.notNull()
			.references(() => lessons.id),
		completedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
	},
	(t) => [primaryKey({ columns: [t.userId, t.lessonId] })],
)

export type QuizAnswers = Record<string, string[]>

export const quizAttempts = pgTable(
	'quiz_attempts',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		userId: integer()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		quizId: integer()
			.notNull()
			.references(() => quizzes.id),
		/** One-time token rendered into the form: a repeated post of the same form counts once. */
		nonce: text().notNull(),
		answers: jsonb().$type<QuizAnswers>().notNull(),
		correct: integer().notNull(),
		total: integer().notNull(),
		score: integer().notNull(),
		passed: text({ enum: ['yes', 'no', 'n/a'] }).notNull(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
	},
	(t) => [unique().on(t.userId, t.nonce), index().on(t.userId, t.quizId)],
)

/**
 * Events a learner's device queued offline and sent later (ADR 014), keyed by the id the device gave
 * each: an event sent again returns the result it had the first time and changes nothing. Only
 * applied events are kept; a refused one writes nothing, so it can be sent again after a fix.
 */
export const offlineEvents = pgTable(
	'offline_events',
	{
		userId: integer()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		clientId: text().notNull(),
		kind: text({ enum: ['enrol', 'lessonDone', 'quizAttempt'] }).notNull(),
		status: text({ enum: ['applied'] }).notNull(),
		result: jsonb().$type<Record<string, unknown>>().notNull(),
		/** When the device says it happened; kept for the record, never trusted for progress dates. */
		occurredAt: timestamp({ withTimezone: true }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
	},
	(t) => [primaryKey({ columns: [t.userId, t.clientId] })],
)
