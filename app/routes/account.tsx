import { useTranslation } from 'react-i18next'
import { data, Form } from 'react-router'
import { Field, FormErrors, SubmitButton } from '#app/components/form.tsx'
import { changePasswordSchema } from '#app/modules/auth/forms.ts'
import { requireUser, sessionCookie } from '#app/modules/auth/session.server.ts'
import { changePassword } from '#app/modules/auth/users.server.ts'
import { fieldErrors } from '#app/modules/http/forms.ts'
import { mailOptOuts, setMailOptOut } from '#app/modules/reminders/reminders.server.ts'
import type { Route } from './+types/account.ts'

export async function loader({ request }: Route.LoaderArgs) {
	const user = await requireUser(request)
	const off = await mailOptOuts(user.id)
	const methodologist = user.roles.some((r) => r.role === 'methodologist')
	return { email: user.email, fullName: user.fullName, reminders: !off.has('reminders'), digest: methodologist ? !off.has('digest') : null }
}

export async function action({ request }: Route.ActionArgs) {
	const user = await requireUser(request)
	const formData = await request.formData()
	if (formData.get('intent') === 'mail') {
		// A checkbox left unticked is absent: that kind of mail is turned off (ADR 016).
		await setMailOptOut({ userId: user.id, kind: 'reminders', off: formData.get('reminders') !== 'on' })
		if (user.roles.some((r) => r.role === 'methodologist')) await setMailOptOut({ userId: user.id, kind: 'digest', off: formData.get('digest') !== 'on' })
		return data({ errors: undefined, changed: false, mailSaved: true })
	}
	const parsed = changePasswordSchema.safeParse(Object.fromEntries(formData))
	if (!parsed.success) return data({ errors: fieldErrors(parsed.error), changed: false }, { status: 400 })
	const result = await changePassword({ userId: user.id, currentPassword: parsed.data.currentPassword, password: parsed.data.password })
	if ('error' in result) return data({ errors: { currentPassword: [result.error] }, changed: false }, { status: 400 })
	return data({ errors: undefined, changed: true }, { headers: { 'Set-Cookie': sessionCookie(result.token) } })
}

export default function Account({ loaderData, actionData }: Route.ComponentProps) {
	const { t } = useTranslation('auth')
	const { t: tMail } = useTranslation('reminders')
	const errors: Record<string, string[] | undefined> | undefined = actionData?.errors
	return (
		<div className="page narrow">
			<title>{`${t('account.title')} — Ortaq`}</title>
			<h1>{t('account.title')}</h1>
			<dl className="facts">
				<dt>{t('fields.fullName')}</dt><dd>{loaderData.fullName}</dd>
				<dt>{t('fields.email')}</dt><dd>{loaderData.email}</dd>
			</dl>
			<h2>{t('account.changePassword')}</h2>
			{actionData?.changed ? <p role="status" className="notice notice--success">{t('account.changed')}</p> : null}
			<Form method="post" noValidate className="stack">
				<FormErrors errors={errors?.form} />
				<Field label={t('fields.currentPassword')} name="currentPassword" type="password" autoComplete="current-password" required errors={errors?.currentPassword} />
				<Field label={t('fields.newPassword')} hint={t('fields.passwordHint')} name="password" type="password" autoComplete="new-password" required errors={errors?.password} />
				<Field label={t('fields.confirmPassword')} name="confirmPassword" type="password" autoComplete="new-password" required errors={errors?.confirmPassword} />
				<SubmitButton>{t('account.submit')}</SubmitButton>
			</Form>
			<h2 id="account-mail">{tMail('account.title')}</h2>
			{actionData && 'mailSaved' in actionData ? <p role="status" className="notice notice--success">{tMail('account.saved')}</p> : null}
			<Form method="post" className="stack" aria-labelledby="account-mail">
				<input type="hidden" name="intent" value="mail" />
				<ul className="checkbox-list">
					<li>
						<input type="checkbox" id="mail-reminders" name="reminders" defaultChecked={loaderData.reminders} />{' '}
						<label htmlFor="mail-reminders">{tMail('account.reminders')}</label>
					</li>
					{loaderData.digest === null ? null : (
						<li>
							<input type="checkbox" id="mail-digest" name="digest" defaultChecked={loaderData.digest} />{' '}
							<label htmlFor="mail-digest">{tMail('account.digest')}</label>
						</li>
					)}
				</ul>
				<SubmitButton>{tMail('account.submit')}</SubmitButton>
			</Form>
		</div>
	)
}
