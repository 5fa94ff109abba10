import type { PracticalTask, TaskScores } from '#app/db/schema/index.ts'

export type RubricResult =
	| { ok: true; scores: TaskScores; points: number; maxPoints: number; percent: number; passed: boolean }
	| { ok: false; errors: Record<string, string[]> }

/** The rubric's total points. */
export function maxPointsOf(task: PracticalTask) {
	return task.criteria.reduce((sum, c) => sum + c.maxPoints, 0)
}

/**
 * Checks a tutor's scores against the rubric: every criterion scored, a whole number from 0 to
 * its maximum; errors are keys of the tasks namespace by field name `score-<criterion>`.
 */
export function scoreRubric(task: PracticalTask, raw: Record<string, string | undefined>): RubricResult {
	const errors: Record<string, string[]> = {}
	const scores: TaskScores = {}
	for (const c of task.criteria) {
		const value = (raw[c.id] ?? '').trim()
		const n = /^\d{1,3}$/.test(value) ? Number(value) : NaN
		if (!Number.isInteger(n) || n < 0 || n > c.maxPoints) (errors[`score-${c.id}`] ??= []).push('errors.score')
		else scores[c.id] = n
	}
	if (Object.keys(errors).length) return { ok: false, errors }
	const points = Object.values(scores).reduce((a, b) => a + b, 0)
	const maxPoints = maxPointsOf(task)
	return { ok: true, scores, points, maxPoints, percent: Math.round((points * 100) / maxPoints), passed: points >= task.passMark }
}

export type TaskStatusValue = 'submitted' | 'accepted' | 'returned'

/** What may happen next: a teacher sends when nothing was sent or it came back; a tutor grades what waits. */
export function maySubmit(status: TaskStatusValue | null) {
	return status === null || status === 'returned'
}

export function mayGrade(status: TaskStatusValue) {
	return status === 'submitted'
}

/** Instructions are plain text; a blank line starts a paragraph. */
export function paragraphs(text: string) {
	return text
		.split(/\n\s*\n/)
		.map((p) => p.trim())
		.filter(Boolean)
}
