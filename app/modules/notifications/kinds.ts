import { z } from 'zod'

/*
 * Every kind of in-app notification and the params it needs: the one typed place the modules that
 * notify (assignments, reminders, practical tasks) and the page that renders them agree on.
 * Rows store params, never text: the page renders them in the reader's language when read
 * (docs/decisions/017-notifications.md). A localized value is a { kk, ru } pair; a day is
 * YYYY-MM-DD (Asia/Almaty); counts are whole numbers for plurals.
 */

const localized = z.object({ kk: z.string(), ru: z.string() })
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/)
const count = z.number().int().min(0)

export const notificationKinds = [
	'assignment.assigned',
	'assignment.reminder',
	'assignment.digest',
	'task.accepted',
	'task.returned',
	'task.submitted',
] as const
export type NotificationKind = (typeof notificationKinds)[number]

export const kindParams = {
	/** A course assigned to the teacher. Computed when read from the assignment's target (ADR 017). */
	'assignment.assigned': z.object({
		assignmentId: z.number().int(),
		courseTitle: localized,
		/** The place that assigned it: the district, or the region for a region-wide assignment. */
		by: localized,
		dueOn: day,
	}),
	/** Sent by the reminder job: the assigned course is due soon, or overdue. */
	'assignment.reminder': z.object({
		assignmentId: z.number().int(),
		courseTitle: localized,
		dueOn: day,
		stage: z.enum(['dueSoon', 'overdue']),
	}),
	/** The methodologist's weekly digest of her place's open assignments. */
	'assignment.digest': z.object({
		place: localized,
		/** The Monday (Almaty) of the week the digest is about. */
		weekOf: day,
		openAssignments: count,
		overdueTeachers: count,
		completedTeachers: count,
	}),
	/** To the teacher: her practical task was accepted. */
	'task.accepted': z.object({
		submissionId: z.number().int(),
		courseTitle: localized,
		/** Rubric points, when the task is scored. */
		score: count.nullable().default(null),
		maxScore: count.nullable().default(null),
	}),
	/** To the teacher: her practical task was returned for revision. */
	'task.returned': z.object({
		submissionId: z.number().int(),
		courseTitle: localized,
	}),
	/** To the tutor: a teacher submitted (or resubmitted) a practical task. */
	'task.submitted': z.object({
		submissionId: z.number().int(),
		courseTitle: localized,
		teacherName: z.string(),
	}),
} satisfies Record<NotificationKind, z.ZodType>

/** What notify() takes for a kind (defaults may be left out). */
export type NotificationParamsInput<K extends NotificationKind> = z.input<(typeof kindParams)[K]>
/** What a reader gets back for a kind, after parsing the stored params. */
export type NotificationParams<K extends NotificationKind> = z.output<(typeof kindParams)[K]>

export function isNotificationKind(value: string): value is NotificationKind {
	return Object.hasOwn(kindParams, value)
}

/** A stored notification, parsed: a known kind with params of its shape. */
export type ParsedNotification = {
	[K in NotificationKind]: { kind: K; params: NotificationParams<K> }
}[NotificationKind]

/** Parses a stored row's kind and params; null for a kind or shape this version does not know. */
export function parseNotification(kind: string, params: unknown): ParsedNotification | null {
	// One case per kind: TypeScript pairs each kind with its own params only when the kind is a literal.
	switch (kind) {
		case 'assignment.assigned':
			return parsed(kind, kindParams[kind].safeParse(params))
		case 'assignment.reminder':
			return parsed(kind, kindParams[kind].safeParse(params))
		case 'assignment.digest':
			return parsed(kind, kindParams[kind].safeParse(params))
		case 'task.accepted':
			return parsed(kind, kindParams[kind].safeParse(params))
		case 'task.returned':
			return parsed(kind, kindParams[kind].safeParse(params))
		case 'task.submitted':
			return parsed(kind, kindParams[kind].safeParse(params))
		default:
			return null
	}
}

function parsed<K extends NotificationKind, P>(kind: K, result: z.ZodSafeParseResult<P>) {
	return result.success ? { kind, params: result.data } : null
}
