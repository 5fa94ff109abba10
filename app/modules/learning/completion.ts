export type CourseState = {
	requiredLessons: number
	requiredDone: number
	finalPassed: boolean
	hasFinal: boolean
	/**
	 * A practical task the certificate waits for (ADR 018): its submission's status, null when
	 * nothing was sent yet, 'unknown' when the caller did not read it (the lesson page).
	 */
	task?: { required: boolean; status: 'submitted' | 'accepted' | 'returned' | 'unknown' | null }
}

/** What of a required practical task is left: not sent, waiting for the tutor, returned for revision, or some of those. */
export type TaskLeft = 'todo' | 'submitted' | 'returned' | 'pending'

export type Remaining = { lessons: number; final: boolean; task: TaskLeft | null; complete: boolean }

function taskLeft(task: CourseState['task']): TaskLeft | null {
	if (!task?.required || task.status === 'accepted') return null
	if (task.status === null) return 'todo'
	if (task.status === 'unknown') return 'pending'
	return task.status
}

/** What is left before the course counts as completed: required lessons, the final assessment and a required practical task. */
export function remaining(state: CourseState): Remaining {
	const lessons = Math.max(0, state.requiredLessons - state.requiredDone)
	const final = state.hasFinal && !state.finalPassed
	const task = taskLeft(state.task)
	return { lessons, final, task, complete: lessons === 0 && !final && task === null }
}

export function passes(score: number, threshold: number) {
	return score >= threshold
}
