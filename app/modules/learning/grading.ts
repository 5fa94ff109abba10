export type GradableQuestion = {
	key: string
	type: 'single' | 'multiple'
	options: { id: string; correct: boolean }[]
}

export type QuestionResult = { key: string; correct: boolean; chosen: string[]; correctOptions: string[] }

/**
 * Grades answers against the questions. Answers to unknown questions and unknown option ids
 * are dropped; a single-choice question with several answers is wrong; a multiple-choice
 * question is right only when exactly the correct options are chosen.
 */
export function grade(questions: readonly GradableQuestion[], answers: Readonly<Record<string, readonly string[]>>) {
	const results: QuestionResult[] = questions.map((q) => {
		const valid = new Set(q.options.map((o) => o.id))
		const chosen = [...new Set((answers[q.key] ?? []).filter((id) => valid.has(id)))].sort()
		const correctOptions = q.options.filter((o) => o.correct).map((o) => o.id).sort()
		const correct =
			(q.type === 'single' ? chosen.length === 1 : chosen.length > 0) &&
			chosen.length === correctOptions.length &&
			chosen.every((id, i) => id === correctOptions[i])
		return { key: q.key, correct, chosen, correctOptions }
	})
	const correct = results.filter((r) => r.correct).length
	const total = questions.length
	const score = total === 0 ? 0 : Math.round((correct / total) * 100)
	return { results, correct, total, score }
}

/** Whether the submitted answers name only questions of this quiz (tampered forms get 400). */
export function answersBelongTo(questions: readonly GradableQuestion[], answers: Readonly<Record<string, readonly string[]>>) {
	const byKey = new Map(questions.map((q) => [q.key, new Set(q.options.map((o) => o.id))]))
	return Object.entries(answers).every(([key, ids]) => {
		const options = byKey.get(key)
		return options !== undefined && ids.every((id) => options.has(id))
	})
}
