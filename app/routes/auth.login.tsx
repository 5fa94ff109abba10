import { useTranslation } from 'react-i18next'
import { data, Form, Link, redirect, useSearchParams } from 'react-router'
import { Field, FormErrors, SubmitButton } from '#app/components/form.tsx'
import { loginSchema } from '#app/modules/auth/forms.ts'
import { getUser, sessionCookie } from '#app/modules/auth/session.server.ts'
import { login } from '#app/modules/auth/users.server.ts'
import { fieldErrors, submittedValues } from '#app/modules/http/forms.ts'
import { safeRedirect } from '#app/modules/http/responses.ts'
import type { Route } from './+types/auth.login.ts'

export async function loader({ request, params }: Route.LoaderArgs) {
	if (await getUser(request)) throw redirect(`/${params.lang}/my`)
	return null
}

export async function action({ request, params }: Route.ActionArgs) {
	const formData = await request.formData()
	const parsed = loginSchema.safeParse(Object.fromEntries(formData))
	const values = submittedValues(formData)
	if (!parsed.success) return data({ errors: fieldErrors(parsed.error), values }, { status: 400 })
	const result = await login({ email: parsed.data.email, password: parsed.data.password, request })
	if (result.error) {
		const status = result.error === 'rate_limited' ? 429 : 400
		const headers: HeadersInit = result.error === 'rate_limited' ? { 'Retry-After': String(result.retryAfterSeconds) } : {}
		return data({ errors: { form: [result.error] }, values }, { status, headers })
	}
	const target = safeRedirect(parsed.data.redirectTo, `/${params.lang}/my`)
	return redirect(target, { headers: { 'Set-Cookie': sessionCookie(result.token) } })
}

export default function Login({ actionData, params }: Route.ComponentProps) {
	const { t } = useTranslation('auth')
	const [search] = useSearchParams()
	const errors: Record<string, string[] | undefined> | undefined = actionData?.errors
	const values = actionData?.values
	return (
		<div className="page narrow">
			<title>{`${t('login.title')} — Ortaq`}</title>
			<h1>{t('login.title')}</h1>
			<Form method="post" noValidate className="stack">
				<FormErrors errors={errors?.form} />
				<input type="hidden" name="redirectTo" value={values?.redirectTo ?? search.get('redirectTo') ?? ''} />
				<Field label={t('fields.email')} name="email" type="email" autoComplete="email" required defaultValue={values?.email} errors={errors?.email} />
				<Field label={t('fields.password')} name="password" type="password" autoComplete="current-password" required errors={errors?.password} />
				<SubmitButton>{t('login.submit')}</SubmitButton>
			</Form>
			<p><Link to={`/${params.lang}/forgot-password`}>{t('login.forgot')}</Link></p>
			<p>{t('login.noAccount')} <Link to={`/${params.lang}/register`}>{t('login.register')}</Link></p>
		</div>
	)
}
