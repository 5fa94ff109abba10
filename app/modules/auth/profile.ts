/*
 * What a teacher may record about her work (optional, ADR 019): one position and one subject from
 * fixed lists, so that assignments can target them ("every speech therapist of the district").
 * Labels are in the auth namespace: `profile.positions.<value>` and `profile.subjects.<value>`.
 */
import { positions, subjects, type Position, type Subject } from '#app/db/schema/users.ts'

export { positions, subjects, type Position, type Subject }

export function isPosition(value: unknown): value is Position {
	return positions.some((p) => p === value)
}

export function isSubject(value: unknown): value is Subject {
	return subjects.some((s) => s === value)
}
