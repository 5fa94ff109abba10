import { date, index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core'
import { courses } from './content.ts'
import { districts, regions, schools } from './geography.ts'
import { positions, subjects, users } from './users.ts'

/*
 * Training assignments (docs/decisions/015-assignments.md). Who is assigned is not stored: it is
 * the teachers whose school is in the target now, computed when read, so a teacher who joins a
 * targeted school later has the assignment at once and one who leaves no longer has it.
 */
export const assignments = pgTable(
	'assignments',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		courseId: integer()
			.notNull()
			.references(() => courses.id),
		createdBy: integer().references(() => users.id, { onDelete: 'set null' }),
		/** The place the assignment belongs to (and is reported under): a region, or a district of it. */
		regionId: integer()
			.notNull()
			.references(() => regions.id),
		districtId: integer().references(() => districts.id),
		/** 'region' and 'district' target the whole place; 'schools' the rows of assignment_schools (in the district). */
		target: text({ enum: ['region', 'district', 'schools'] }).notNull(),
		/** Narrow the target to teachers whose profile records this position / subject (null: any; ADR 019). */
		position: text({ enum: positions }),
		subject: text({ enum: subjects }),
		/** A calendar day in Asia/Almaty: the assignment is overdue from the next day on. */
		dueOn: date({ mode: 'string' }).notNull(),
		note: text().notNull().default(''),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
	},
	(t) => [index().on(t.regionId, t.districtId, t.dueOn), index().on(t.courseId)],
)

export const assignmentSchools = pgTable(
	'assignment_schools',
	{
		assignmentId: integer()
			.notNull()
			.references(() => assignments.id, { onDelete: 'cascade' }),
		schoolId: integer()
			.notNull()
			.references(() => schools.id),
	},
	(t) => [primaryKey({ columns: [t.assignmentId, t.schoolId] }), index().on(t.schoolId)],
)

/**
 * A teacher who started the assigned course while her school was in the target, and that school.
 * Written once, when her enrolment is created (or when the assignment is created, for enrolments
 * that existed before): if she moves out of the target later, the report still lists her, as moved out.
 */
export const assignmentStarts = pgTable(
	'assignment_starts',
	{
		assignmentId: integer()
			.notNull()
			.references(() => assignments.id, { onDelete: 'cascade' }),
		userId: integer()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		schoolId: integer()
			.notNull()
			.references(() => schools.id),
		startedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
	},
	(t) => [primaryKey({ columns: [t.assignmentId, t.userId] }), index().on(t.userId)],
)
