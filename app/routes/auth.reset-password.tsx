import { useTranslation } from 'react-i18next'
import { data, Form, Link, redirect } from 'react-router'
import { Field, FormErrors, SubmitButton } from '#app/components/form.tsx'
import { resetPasswordSchema } from '#app/modules/auth/forms.ts'
import { sessionCookie } from '#app/modules/auth/session.server.ts'
import { isResetTokenValid, resetPassword } from '#app/modules/auth/users.server.ts'
import { fieldErrors } from '#app/modules/http/forms.ts'
import type { Route } from './+types/auth.reset-password.ts'

export async function loader({ request }: Route.LoaderArgs) {
	const token = new URL(request.url).searchParams.get('token') ?? ''
	return { token, valid: token.length > 0 && token.length < 200 && (await isResetTokenValid(token)) }
}

export async function action({ request, params }: Route.ActionArgs) {
	const formData = await request.formData()
	const parsed = resetPasswordSchema.safeParse(Object.fromEntries(formData))
	if (!parsed.success) return data({ errors: fieldErrors(parsed.error) }, { status: 400 })
	const result = await resetPassword({ token: parsed.data.token, password: parsed.data.password })
	if (result.error) return data({ errors: { form: [result.error] } }, { status: 400 })
	return redirect(`/${params.lang}/my?passwordChanged=1`, { headers: { 'Set-Cookie': sessionCookie(result.token) } })
}

export default function ResetPassword({ loaderData, actionData, params }: Route.ComponentProps) {
	const { t } = useTranslation('auth')
	const errors: Record<string, string[] | undefined> | undefined = actionData?.errors
	return (
		<div className="page narrow">
			<title>{`${t('reset.title')} — Ortaq`}</title>
			<h1>{t('reset.title')}</h1>
			{loaderData.valid ? (
				<Form method="post" noValidate className="stack">
					<FormErrors errors={errors?.form} />
					<input type="hidden" name="token" value={loaderData.token} />
					<Field label={t('fields.newPassword')} hint={t('fields.passwordHint')} name="password" type="password" autoComplete="new-password" required errors={errors?.password} />
					<Field label={t('fields.confirmPassword')} name="confirmPassword" type="password" autoComplete="new-password" required errors={errors?.confirmPassword} />
					<SubmitButton>{t('reset.submit')}</SubmitButton>
				</Form>
			) : (
				<>
					<p role="alert" className="notice notice--error">{t('reset.invalid')}</p>
					<p><Link to={`/${params.lang}/forgot-password`}>{t('reset.again')}</Link></p>
				</>
			)}
		</div>
	)
}
