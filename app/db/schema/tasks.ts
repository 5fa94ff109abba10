import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique } from 'drizzle-orm/pg-core'
import { courseRevisions, courses } from './content.ts'
import { attachments } from './materials.ts'
import { users } from './users.ts'

/*
 * Practical tasks graded by a tutor (docs/decisions/018-practical-tasks.md). One submission per
 * teacher and course carries the status; every version she sent is kept with its grading.
 */
export const taskStatuses = ['submitted', 'accepted', 'returned'] as const
export type TaskStatus = (typeof taskStatuses)[number]

export const taskSubmissions = pgTable(
	'task_submissions',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		userId: integer()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		courseId: integer()
			.notNull()
			.references(() => courses.id),
		status: text({ enum: taskStatuses }).notNull(),
		/** The number of the newest version. */
		versions: integer().notNull().default(1),
		submittedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		gradedAt: timestamp({ withTimezone: true }),
		/** Points of the newest graded version in percent of the rubric's total, for the reports. */
		scorePercent: integer(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
	},
	(t) => [unique().on(t.userId, t.courseId), index().on(t.status, t.submittedAt), index().on(t.courseId)],
)

export type TaskScores = Record<string, number>

export const taskVersions = pgTable(
	'task_versions',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		submissionId: integer()
			.notNull()
			.references(() => taskSubmissions.id, { onDelete: 'cascade' }),
		number: integer().notNull(),
		/** The course revision whose task this version answers (its rubric grades it). */
		revisionId: integer()
			.notNull()
			.references(() => courseRevisions.id),
		text: text().notNull().default(''),
		submittedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		decision: text({ enum: ['accepted', 'returned'] }),
		scores: jsonb().$type<TaskScores>(),
		points: integer(),
		maxPoints: integer(),
		feedback: text().notNull().default(''),
		gradedBy: integer().references(() => users.id, { onDelete: 'set null' }),
		gradedAt: timestamp({ withTimezone: true }),
	},
	(t) => [unique().on(t.submissionId, t.number)],
)

export const taskVersionFiles = pgTable(
	'task_version_files',
	{
		versionId: integer()
			.notNull()
			.references(() => taskVersions.id, { onDelete: 'cascade' }),
		attachmentId: integer()
			.notNull()
			.references(() => attachments.id),
		position: integer().notNull().default(0),
	},
	(t) => [primaryKey({ columns: [t.versionId, t.attachmentId] }), index().on(t.attachmentId)],
)
