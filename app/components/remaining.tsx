import { useTranslation } from 'react-i18next'

/** "2 lessons and the final assessment are left" — exactly what stands between the learner and completion. */
export function RemainingText({ left }: { left: { lessons: number; final: boolean; complete: boolean } }) {
	const { t } = useTranslation('learning')
	if (left.complete) return <>{t('remaining.complete')}</>
	if (left.lessons === 0) return <>{t('remaining.finalOnly')}</>
	if (left.final) return <>{t('remaining.lessonsAndFinal', { count: left.lessons })}</>
	return <>{t('remaining.lessons', { count: left.lessons })}</>
}
