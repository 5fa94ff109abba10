import { useTranslation } from 'react-i18next'
import type { Remaining } from '#app/modules/learning/completion.ts'

type T = (key: string, options?: Record<string, unknown>) => string

/** "2 lessons and the final assessment are left" — exactly what stands between the learner and completion. */
export function remainingText(left: Remaining, t: T): string {
	if (left.complete) return t('remaining.complete')
	const parts: string[] = []
	if (left.lessons === 0 && left.final) parts.push(t('remaining.finalOnly'))
	else if (left.lessons > 0 && left.final) parts.push(t('remaining.lessonsAndFinal', { count: left.lessons }))
	else if (left.lessons > 0) parts.push(t('remaining.lessons', { count: left.lessons }))
	// The practical task (ADR 018) is its own sentence: it depends on a tutor, not only on the learner.
	if (left.task) parts.push(t(`remaining.task.${left.task}`))
	return parts.join(' ')
}

export function RemainingText({ left }: { left: Remaining }) {
	const { t } = useTranslation('learning')
	return <>{remainingText(left, t)}</>
}
