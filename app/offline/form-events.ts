// What a lesson's or an assessment's form, posted without the network, stands for in the queue (ADR 014).
import type { ClientEvent } from './store.ts'

/** The pages whose forms are kept offline: a lesson ("mark as done", its quiz) and the diagnostic and final. */
export const LESSON_OR_ASSESSMENT = /^\/(kk|ru)\/courses\/([a-z0-9-]{1,100})\/(lessons|assessment)\/([a-z0-9-]{1,100})(\.data)?$/

/** The event a lesson's or assessment's form stands for, or null when it is not one of ours. */
export function eventFromForm(path: RegExpExecArray, form: FormData, now: Date, id: string = crypto.randomUUID()): ClientEvent | null {
	const [, , courseSlug = '', section, slug = ''] = path
	const intent = form.get('intent')
	if (section === 'lessons' && intent === 'complete') return { id, kind: 'lessonDone', courseSlug, lessonSlug: slug, doneAt: now.toISOString() }
	if (intent !== 'quiz') return null
	const answers: Record<string, string[]> = {}
	for (const [name, value] of form) if (name.startsWith('q:') && typeof value === 'string') (answers[name.slice(2)] ??= []).push(value)
	if (section === 'lessons') return { id, kind: 'quizAttempt', courseSlug, quizKind: 'lesson', lessonSlug: slug, answers, answeredAt: now.toISOString() }
	if (slug === 'final' || slug === 'diagnostic') return { id, kind: 'quizAttempt', courseSlug, quizKind: slug, answers, answeredAt: now.toISOString() }
	return null
}

