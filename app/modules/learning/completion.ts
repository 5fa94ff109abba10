export type CourseState = {
	requiredLessons: number
	requiredDone: number
	finalPassed: boolean
	hasFinal: boolean
}

export type Remaining = { lessons: number; final: boolean; complete: boolean }

/** What is left before the course counts as completed: required lessons and the final assessment. */
export function remaining(state: CourseState): Remaining {
	const lessons = Math.max(0, state.requiredLessons - state.requiredDone)
	const final = state.hasFinal && !state.finalPassed
	return { lessons, final, complete: lessons === 0 && !final }
}

export function passes(score: number, threshold: number) {
	return score >= threshold
}
