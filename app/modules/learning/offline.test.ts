import { expect, test } from 'vitest'
import { idOf, offlineEventSchema, offlineNonce, resolveAnswers } from './offline.ts'

const id = '6f1c2a9e-3b4d-4c5e-8f70-1a2b3c4d5e6f'
const quiz = [
	{ key: 'q1', options: [{ id: 'a' }, { id: 'b' }] },
	{ key: 'q2', options: [{ id: 'a' }, { id: 'b' }, { id: 'c' }] },
]

test('answers to the current questions are kept as they are', () => {
	expect(resolveAnswers({ current: quiz, earlier: new Map(), answers: { q1: ['a'], q2: ['b', 'c'] } })).toEqual({ ok: true, answers: { q1: ['a'], q2: ['b', 'c'] }, ignored: [] })
})

test('an answer to a question removed in a new revision is dropped and named; one the quiz never had refuses the event', () => {
	const earlier = new Map([['q0', new Set(['a', 'b'])], ['q2', new Set(['a', 'b', 'c', 'd'])]])
	expect(resolveAnswers({ current: quiz, earlier, answers: { q0: ['a'], q1: ['b'] } })).toEqual({ ok: true, answers: { q1: ['b'] }, ignored: ['q0'] })
	// An option the question had before but no longer has: that answer is dropped too.
	expect(resolveAnswers({ current: quiz, earlier, answers: { q2: ['d'] } })).toEqual({ ok: true, answers: {}, ignored: ['q2'] })
	expect(resolveAnswers({ current: quiz, earlier, answers: { f1: ['a'] } })).toEqual({ ok: false })
	expect(resolveAnswers({ current: quiz, earlier, answers: { q1: ['z'] } })).toEqual({ ok: false })
	expect(resolveAnswers({ current: quiz, earlier, answers: { q0: ['z'] } })).toEqual({ ok: false })
})

test('events are checked field by field: wrong types, unknown fields, NUL, huge strings and prototype keys are invalid', () => {
	const good = { id, kind: 'quizAttempt', courseSlug: 'mini-course', quizKind: 'final', answers: { f1: ['a'] }, answeredAt: '2026-12-01T10:00:00Z' }
	expect(offlineEventSchema.safeParse(good).success).toBe(true)
	expect(offlineEventSchema.safeParse({ id, kind: 'enrol', courseSlug: 'mini-course', locale: 'kk' }).success).toBe(true)
	expect(offlineEventSchema.safeParse({ id, kind: 'lessonDone', courseSlug: 'mini-course', lessonSlug: '01-first', doneAt: '2026-12-01T10:00:00+05:00' }).success).toBe(true)
	const bad: unknown[] = [
		{ ...good, id: 'not-a-uuid' },
		{ ...good, kind: 'grantCertificate' },
		{ ...good, courseSlug: 'Mini Course' },
		{ ...good, courseSlug: 'mini-course\u0000' },
		{ ...good, courseSlug: 'a'.repeat(200) },
		{ ...good, answers: { f1: 'a' } },
		{ ...good, answers: { f1: ['a\u0000'] } },
		{ ...good, answers: { f1: ['x'.repeat(1000)] } },
		{ ...good, answers: JSON.parse('{"__proto__": ["a"]}') },
		{ ...good, answers: { constructor: ['a'] } },
		{ ...good, answers: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, ['a']])) },
		{ ...good, answeredAt: 'yesterday' },
		{ ...good, answeredAt: '2999-01-01T00:00:00Z' },
		{ ...good, answeredAt: 1733040000000 },
		{ ...good, score: 100 },
		{ ...good, userId: 1 },
		null,
		'event',
		[],
	]
	for (const event of bad) expect(offlineEventSchema.safeParse(event).success, JSON.stringify(event)?.slice(0, 80)).toBe(false)
})

test('the id of an invalid event is given back when it is a uuid, else null; the quiz nonce comes from it', () => {
	expect(idOf({ id, kind: 'nonsense' })).toBe(id)
	expect(idOf({ id: 'x'.repeat(10_000) })).toBeNull()
	expect(idOf(42)).toBeNull()
	expect(offlineNonce(id.toUpperCase())).toBe(`offline-${id}`)
	expect(offlineNonce(id)).toMatch(/^[\w-]{16,64}$/)
})
