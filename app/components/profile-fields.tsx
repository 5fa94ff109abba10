import { useTranslation } from 'react-i18next'
import { positions, subjects } from '#app/modules/auth/profile.ts'
import { SelectField } from './form.tsx'

/** The optional position and subject selects of registration and the account page (ADR 019). */
export function ProfileFields({ position, subject, errors }: { position: string; subject: string; errors?: { position?: string[]; subject?: string[] } }) {
	const { t } = useTranslation('auth')
	return (
		<>
			<SelectField label={t('profile.position')} hint={t('profile.hint')} name="position" defaultValue={position} errors={errors?.position}>
				<option value="">{t('profile.none')}</option>
				{positions.map((p) => (
					<option key={p} value={p}>{t(`profile.positions.${p}`)}</option>
				))}
			</SelectField>
			<SelectField label={t('profile.subject')} name="subject" defaultValue={subject} errors={errors?.subject}>
				<option value="">{t('profile.none')}</option>
				{subjects.map((s) => (
					<option key={s} value={s}>{t(`profile.subjects.${s}`)}</option>
				))}
			</SelectField>
		</>
	)
}
