import { useTranslation } from 'react-i18next'
import { data, Form, Link, redirect } from 'react-router'
import { Field, FormErrors, SubmitButton } from '#app/components/form.tsx'
import { PlacePicker } from '#app/components/place-picker.tsx'
import { ProfileFields } from '#app/components/profile-fields.tsx'
import { registerSchema } from '#app/modules/auth/forms.ts'
import { getUser, sessionCookie } from '#app/modules/auth/session.server.ts'
import { registerUser } from '#app/modules/auth/users.server.ts'
import { locateSchool, placePicker } from '#app/modules/geography/geography.server.ts'
import { fieldErrors, submittedValues, toId } from '#app/modules/http/forms.ts'
import { isLocale } from '#app/modules/i18n/locales.ts'
import type { Route } from './+types/auth.register.ts'

export async function loader({ request, params }: Route.LoaderArgs) {
	if (await getUser(request)) throw redirect(`/${params.lang}/my`)
	return { lists: await placePicker({}) }
}

export async function action({ request, params }: Route.ActionArgs) {
	const locale = isLocale(params.lang) ? params.lang : 'kk'
	const formData = await request.formData()
	const values = submittedValues(formData)
	const lists = await placePicker({ regionId: toId(values.regionId), districtId: toId(values.districtId) })
	if (formData.get('intent') === 'places') return data({ errors: undefined, values, lists })
	const parsed = registerSchema.safeParse(Object.fromEntries(formData))
	if (!parsed.success) return data({ errors: fieldErrors(parsed.error), values, lists }, { status: 400 })
	const place = await locateSchool({ schoolId: parsed.data.schoolId })
	if (!place || place.districtId !== parsed.data.districtId || place.regionId !== parsed.data.regionId) {
		return data({ errors: { schoolId: ['school_unknown'] }, values, lists }, { status: 400 })
	}
	const result = await registerUser({ ...parsed.data, locale })
	if (result.error) {
		const field = result.error === 'email_taken' ? 'email' : 'schoolId'
		return data({ errors: { [field]: [result.error] }, values, lists }, { status: 400 })
	}
	return redirect(`/${locale}/courses`, { headers: { 'Set-Cookie': sessionCookie(result.token) } })
}

export default function Register({ loaderData, actionData, params }: Route.ComponentProps) {
	const { t } = useTranslation('auth')
	const errors: Record<string, string[] | undefined> | undefined = actionData?.errors
	const values = actionData?.values ?? {}
	const lists = actionData?.lists ?? loaderData.lists
	const locale = isLocale(params.lang) ? params.lang : 'kk'
	return (
		<div className="page narrow">
			<title>{`${t('register.title')} — Ortaq`}</title>
			<h1>{t('register.title')}</h1>
			<p>{t('register.lead')}</p>
			<Form method="post" noValidate className="stack">
				<FormErrors errors={errors?.form} />
				<Field label={t('fields.fullName')} name="fullName" autoComplete="name" required defaultValue={values.fullName} errors={errors?.fullName} />
				<Field label={t('fields.email')} name="email" type="email" autoComplete="email" required defaultValue={values.email} errors={errors?.email} />
				<Field label={t('fields.password')} hint={t('fields.passwordHint')} name="password" type="password" autoComplete="new-password" required errors={errors?.password} />
				<Field label={t('fields.confirmPassword')} name="confirmPassword" type="password" autoComplete="new-password" required errors={errors?.confirmPassword} />
				<PlacePicker locale={locale} lists={lists} values={values} errors={errors} />
				<fieldset className="choice-group" aria-describedby="gender-why">
					<legend>{t('fields.gender')}</legend>
					<p id="gender-why" className="field__hint">{t('fields.genderWhy')}</p>
					{(['female', 'male', ''] as const).map((g) => (
						<label key={g || 'none'} className="choice">
							<input type="radio" name="gender" value={g} defaultChecked={(values.gender ?? '') === g} />
							{t(`gender.${g || 'none'}`)}
						</label>
					))}
				</fieldset>
				<ProfileFields position={values.position ?? ''} subject={values.subject ?? ''} errors={errors} />
				<SubmitButton>{t('register.submit')}</SubmitButton>
			</Form>
			<p>{t('register.haveAccount')} <Link to={`/${locale}/login`}>{t('register.login')}</Link></p>
		</div>
	)
}
