import { bigint, date, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core'

/*
 * Summaries for reports above district level (region, country), rebuilt set-based from the
 * learning tables by refreshReportSummaries(); see docs/decisions/006-reporting-aggregates.md.
 * District and school pages read the learning tables directly and are always current.
 * No foreign keys: the tables are replaced whole on every refresh.
 */

/**
 * A counter per district, raised by triggers (drizzle/0004) in the same transaction as every
 * write that changes what the district's live dashboard shows: enrolments, assessments,
 * completions, certificates and revocations, a teacher's gender or school, a school's district.
 * A dashboard computed at one version stays right until the counter moves (ADR 006, "Revision 4").
 * A district without a row has never changed since the counters were added: version 0.
 */
export const reportVersions = pgTable('report_versions', {
	districtId: integer().primaryKey(),
	version: bigint({ mode: 'number' }).notNull(),
})

/** Enrolments by district, course, gender, language of study and month of enrolment. */
export const reportEnrolmentStats = pgTable(
	'report_enrolment_stats',
	{
		districtId: integer().notNull(),
		courseId: integer().notNull(),
		/** female | male | none (not stated) */
		gender: text().notNull(),
		locale: text().notNull(),
		month: date().notNull(),
		enrolled: integer().notNull(),
		completed: integer().notNull(),
		certified: integer().notNull(),
		/** Enrolments with both a diagnostic and a final score, and the sum of their gains. */
		gainN: integer().notNull(),
		gainSum: integer().notNull(),
		gainLt0: integer().notNull(),
		gain0: integer().notNull(),
		gain10: integer().notNull(),
		gain20: integer().notNull(),
		gain30: integer().notNull(),
		gain50: integer().notNull(),
	},
	(t) => [primaryKey({ columns: [t.districtId, t.courseId, t.gender, t.locale, t.month] })],
)

/**
 * The same figures without the month: what a region or country page reads when no period is
 * chosen (the usual case). About 40 times fewer rows than report_enrolment_stats nationally.
 */
export const reportEnrolmentTotals = pgTable(
	'report_enrolment_totals',
	{
		districtId: integer().notNull(),
		courseId: integer().notNull(),
		gender: text().notNull(),
		locale: text().notNull(),
		enrolled: integer().notNull(),
		completed: integer().notNull(),
		certified: integer().notNull(),
		gainN: integer().notNull(),
		gainSum: integer().notNull(),
		gainLt0: integer().notNull(),
		gain0: integer().notNull(),
		gain10: integer().notNull(),
		gain20: integer().notNull(),
		gain30: integer().notNull(),
		gain50: integer().notNull(),
	},
	(t) => [primaryKey({ columns: [t.districtId, t.courseId, t.gender, t.locale] })],
)

/** Course completions by district, course, gender, language of study and month of completion. */
export const reportCompletionStats = pgTable(
	'report_completion_stats',
	{
		districtId: integer().notNull(),
		courseId: integer().notNull(),
		gender: text().notNull(),
		locale: text().notNull(),
		month: date().notNull(),
		completed: integer().notNull(),
	},
	(t) => [primaryKey({ columns: [t.districtId, t.courseId, t.gender, t.locale, t.month] })],
)

/** Registered teachers by district and gender. */
export const reportTeacherStats = pgTable(
	'report_teacher_stats',
	{
		districtId: integer().notNull(),
		gender: text().notNull(),
		teachers: integer().notNull(),
	},
	(t) => [primaryKey({ columns: [t.districtId, t.gender] })],
)

/** When the summaries were last rebuilt (one row; its id names the summaries' shape, see reports.server.ts). */
export const reportRefreshes = pgTable('report_refreshes', {
	id: text().primaryKey(),
	refreshedAt: timestamp({ withTimezone: true }).notNull(),
	durationMs: integer().notNull(),
})
