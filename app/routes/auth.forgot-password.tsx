import { useTranslation } from 'react-i18next'
import { data, Form } from 'react-router'
import { Field, FormErrors, SubmitButton } from '#app/components/form.tsx'
import { forgotPasswordSchema } from '#app/modules/auth/forms.ts'
import { requestPasswordReset } from '#app/modules/auth/users.server.ts'
import { fieldErrors, submittedValues } from '#app/modules/http/forms.ts'
import { isLocale } from '#app/modules/i18n/locales.ts'
import type { Route } from './+types/auth.forgot-password.ts'

export async function action({ request, params }: Route.ActionArgs) {
	const formData = await request.formData()
	const values = submittedValues(formData)
	const parsed = forgotPasswordSchema.safeParse(Object.fromEntries(formData))
	if (!parsed.success) return data({ sent: false, errors: fieldErrors(parsed.error), values }, { status: 400 })
	const result = await requestPasswordReset({ email: parsed.data.email, locale: isLocale(params.lang) ? params.lang : 'kk', request })
	if (result.error) {
		return data(
			{ sent: false, errors: { form: ['rate_limited'] }, values },
			{ status: 429, headers: { 'Retry-After': String(result.retryAfterSeconds) } },
		)
	}
	return { sent: true, errors: undefined, values }
}

export default function ForgotPassword({ actionData }: Route.ComponentProps) {
	const { t } = useTranslation('auth')
	const errors: Record<string, string[] | undefined> | undefined = actionData?.errors
	return (
		<div className="page narrow">
			<title>{`${t('forgot.title')} — Ortaq`}</title>
			<h1>{t('forgot.title')}</h1>
			{actionData?.sent ? (
				<p role="status" className="notice notice--success">{t('forgot.sent')}</p>
			) : (
				<>
					<p>{t('forgot.lead')}</p>
					<Form method="post" noValidate className="stack">
						<FormErrors errors={errors?.form} />
						<Field label={t('fields.email')} name="email" type="email" autoComplete="email" required defaultValue={actionData?.values.email} errors={errors?.email} />
						<SubmitButton>{t('forgot.submit')}</SubmitButton>
					</Form>
				</>
			)}
		</div>
	)
}
