import { useTranslation } from 'react-i18next'
import { data, Form } from 'react-router'
import { Field, FormErrors, SubmitButton } from '#app/components/form.tsx'
import { ProfileFields } from '#app/components/profile-fields.tsx'
import { changePasswordSchema, profileSchema } from '#app/modules/auth/forms.ts'
import { requireUser, sessionCookie } from '#app/modules/auth/session.server.ts'
import { changePassword, getProfile, updateProfile } from '#app/modules/auth/users.server.ts'
import { fieldErrors } from '#app/modules/http/forms.ts'
import { mailOptOuts, setMailOptOut } from '#app/modules/reminders/reminders.server.ts'
import type { Route } from './+types/account.ts'

export async function loader({ request }: Route.LoaderArgs) {
	const user = await requireUser(request)
	const profile = await getProfile(user.id)
	const off = await mailOptOuts(user.id)
	const methodologist = user.roles.some((r) => r.role === 'methodologist')
	return {
		email: user.email,
		fullName: user.fullName,
		position: profile?.position ?? '',
		subject: profile?.subject ?? '',
		reminders: !off.has('reminders'),
		digest: methodologist ? !off.has('digest') : null,
	}
}

export async function action({ request }: Route.ActionArgs) {
	const user = await requireUser(request)
	const formData = await request.formData()
	if (formData.get('intent') === 'profile') {
		const values = { position: String(formData.get('position') ?? '').slice(0, 100), subject: String(formData.get('subject') ?? '').slice(0, 100) }
		const profile = profileSchema.safeParse(values)
		if (!profile.success) return data({ errors: fieldErrors(profile.error), changed: false, profileSaved: false, mailSaved: false, values }, { status: 400 })
		await updateProfile({ userId: user.id, ...profile.data })
		return data({ errors: undefined, changed: false, profileSaved: true, mailSaved: false, values })
	}
	if (formData.get('intent') === 'mail') {
		// A checkbox left unticked is absent: that kind of mail is turned off (ADR 016).
		await setMailOptOut({ userId: user.id, kind: 'reminders', off: formData.get('reminders') !== 'on' })
		if (user.roles.some((r) => r.role === 'methodologist')) await setMailOptOut({ userId: user.id, kind: 'digest', off: formData.get('digest') !== 'on' })
		return data({ errors: undefined, changed: false, profileSaved: false, mailSaved: true, values: null })
	}
	const parsed = changePasswordSchema.safeParse(Object.fromEntries(formData))
	if (!parsed.success) return data({ errors: fieldErrors(parsed.error), changed: false, profileSaved: false, mailSaved: false, values: null }, { status: 400 })
	const result = await changePassword({ userId: user.id, currentPassword: parsed.data.currentPassword, password: parsed.data.password })
	if ('error' in result) return data({ errors: { currentPassword: [result.error] }, changed: false, profileSaved: false, mailSaved: false, values: null }, { status: 400 })
	return data({ errors: undefined, changed: true, profileSaved: false, mailSaved: false, values: null }, { headers: { 'Set-Cookie': sessionCookie(result.token) } })
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
			<h2 id="account-profile">{t('account.profile')}</h2>
			{actionData?.profileSaved ? <p role="status" className="notice notice--success">{t('account.profileSaved')}</p> : null}
			<Form method="post" noValidate className="stack" aria-labelledby="account-profile">
				<input type="hidden" name="intent" value="profile" />
				<ProfileFields position={actionData?.values?.position ?? loaderData.position} subject={actionData?.values?.subject ?? loaderData.subject} errors={actionData?.values ? errors : undefined} />
				<SubmitButton>{t('account.profileSubmit')}</SubmitButton>
			</Form>
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
			{actionData?.mailSaved ? <p role="status" className="notice notice--success">{tMail('account.saved')}</p> : null}
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
