import { useTranslation } from 'react-i18next'
import type { Remaining } from '#app/modules/learning/completion.ts'

type T = (key: string, options?: Record<string, unknown>) => string

/** "2 lessons and the final assessment are left" — exactly what stands between the learner and completion. */
export function remainingText(left: Remaining, t: T): string {
	if (left.complete) return t('remaining.complete')
	if (left.lessons === 0) return t('remaining.finalOnly')
	if (left.final) return t('remaining.lessonsAndFinal', { count: left.lessons })
	return t('remaining.lessons', { count: left.lessons })
}

export function RemainingText({ left }: { left: Remaining }) {
	const { t } = useTranslation('learning')
	return <>{remainingText(left, t)}</>
}
