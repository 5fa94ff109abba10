import { gradeRuns } from './metadata.ts'

type T = (key: string, options?: Record<string, unknown>) => string

/** Grades for people: «3-сынып», «1–4-сыныптар», «мектепалды даярлық, 1-сынып». */
export function gradesLabel(grades: readonly number[], t: T) {
	const parts: string[] = []
	for (const { from, to } of gradeRuns(grades)) {
		if (from === 0) parts.push(t('grades.preschool'))
		const start = Math.max(from, 1)
		if (to < 1) continue
		parts.push(start === to ? t('grades.one', { grade: start }) : t('grades.range', { from: start, to }))
	}
	return parts.join(', ')
}

/** Subject or need labels joined, in the fixed order they were stored in. */
export function listLabel(ids: readonly string[], group: 'subjects' | 'needs', t: T) {
	return ids.map((id) => t(`${group}.${id}`, { defaultValue: id })).join(', ')
}
