// The offline sync protocol (ADR 014): what a device may send, checked field by field, and the
// pure rules that resolve queued answers against the course's current revision.
import { z } from 'zod'
import { WITHOUT_NUL } from '#app/modules/http/forms.ts'

export const MAX_EVENTS = 500
export const MAX_BODY_BYTES = 1024 * 1024

/** Stable codes a device shows with the texts of `learning:offline.refused.<code>`. */
export const refusalCodes = ['invalid_event', 'unknown_course', 'course_withdrawn', 'unknown_lesson', 'unknown_quiz', 'foreign_answers', 'not_enrolled'] as const
export type RefusalCode = (typeof refusalCodes)[number]

// Keys that would reach an object's prototype if a careless consumer copied them.
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype'])
const slug = z.string().max(100).regex(/^[a-z0-9][a-z0-9-]{0,99}$/)
const key = z
	.string()
	.max(64)
	.regex(/^[\w-]{1,64}$/)
	.refine((k) => !RESERVED_KEYS.has(k))
// A device's clock: an ISO instant, not absurdly far in the future (a day of clock skew is allowed).
const instant = z.iso
	.datetime({ offset: true })
	.regex(WITHOUT_NUL)
	.transform((s) => new Date(s))
	.refine((d) => !Number.isNaN(d.getTime()) && d.getTime() <= Date.now() + 24 * 60 * 60 * 1000 && d.getUTCFullYear() >= 2020)

export const eventId = z.uuid()

const base = { id: eventId, courseSlug: slug }

export const offlineEventSchema = z.discriminatedUnion('kind', [
	z.strictObject({ ...base, kind: z.literal('enrol'), locale: z.enum(['kk', 'ru']) }),
	z.strictObject({ ...base, kind: z.literal('lessonDone'), lessonSlug: slug, doneAt: instant }),
	z.strictObject({
		...base,
		kind: z.literal('quizAttempt'),
		quizKind: z.enum(['lesson', 'diagnostic', 'final']),
		lessonSlug: slug.optional(),
		// zod drops an own "__proto__" key silently; such an event is refused instead.
		answers: z
			.unknown()
			.refine((a) => typeof a !== 'object' || a === null || !Object.hasOwn(a, '__proto__'))
			.pipe(z.record(key, z.array(z.string().max(40).regex(/^[\w-]{1,40}$/)).max(20)).refine((a) => Object.keys(a).length <= 100)),
		answeredAt: instant,
	}),
])

export type OfflineEvent = z.infer<typeof offlineEventSchema>

/** The id of an event for the answer, even when the rest of it is invalid; null when the id itself is. */
export function idOf(raw: unknown) {
	if (typeof raw !== 'object' || raw === null || !('id' in raw)) return null
	const parsed = eventId.safeParse(raw.id)
	return parsed.success ? parsed.data : null
}

/** The body's shape before each event is checked on its own: one bad event never stops the others. */
export const batchSchema = z.object({ events: z.array(z.unknown()).max(MAX_EVENTS) })

/** The quiz nonce of an offline attempt: derived from the event id, so a replay is also deduplicated by the quiz. */
export function offlineNonce(id: string) {
	return `offline-${id.toLowerCase()}`
}

type Question = { key: string; options: readonly { id: string }[] }

/**
 * Resolves queued answers against the current revision's quiz. An answer to a question (or an
 * option) this quiz had in an earlier revision but no longer has is dropped and named in `ignored`;
 * an answer naming a question or option this quiz never had is foreign: the event is refused.
 */
export function resolveAnswers({
	current,
	earlier,
	answers,
}: {
	current: readonly Question[]
	/** Option ids per question key in this quiz's earlier revisions (same lesson identity and kind). */
	earlier: ReadonlyMap<string, ReadonlySet<string>>
	answers: Readonly<Record<string, readonly string[]>>
}): { ok: true; answers: Record<string, string[]>; ignored: string[] } | { ok: false } {
	const now = new Map(current.map((q) => [q.key, new Set(q.options.map((o) => o.id))]))
	const kept: Record<string, string[]> = {}
	const ignored: string[] = []
	for (const [k, ids] of Object.entries(answers)) {
		const options = now.get(k)
		if (options && ids.every((id) => options.has(id))) {
			kept[k] = [...ids]
			continue
		}
		const before = earlier.get(k)
		if (!before || !ids.every((id) => before.has(id) || options?.has(id))) return { ok: false }
		ignored.push(k)
	}
	return { ok: true, answers: kept, ignored: ignored.sort() }
}
