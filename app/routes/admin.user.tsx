import { useTranslation } from 'react-i18next'
import { data, Form, Link } from 'react-router'
import { FormErrors, SubmitButton } from '#app/components/form.tsx'
import { PlacePicker } from '#app/components/place-picker.tsx'
import { roleAssignmentSchema } from '#app/modules/auth/forms.ts'
import { requirePermission } from '#app/modules/auth/session.server.ts'
import { getUserForAdmin, setRole } from '#app/modules/auth/users.server.ts'
import { placePicker } from '#app/modules/geography/geography.server.ts'
import { fieldErrors, submittedValues, toId } from '#app/modules/http/forms.ts'
import { invariantResponse } from '#app/modules/http/responses.ts'
import { isLocale, pick } from '#app/modules/i18n/locales.ts'
import type { Route } from './+types/admin.user.ts'

export async function loader({ request, params }: Route.LoaderArgs) {
	await requirePermission(request, 'admin:user:any')
	const userId = toId(params.userId)
	invariantResponse(userId, 'Not found', { status: 404 })
	const user = await getUserForAdmin(userId)
	invariantResponse(user, 'Not found', { status: 404 })
	const scope = user.roles.find((r) => r.role === 'methodologist')
	const lists = await placePicker({ regionId: scope?.regionId, districtId: scope?.districtId })
	return { user, lists, scope: scope ? { regionId: String(scope.regionId ?? ''), districtId: String(scope.districtId ?? '') } : {} }
}

export async function action({ request, params }: Route.ActionArgs) {
	const actor = await requirePermission(request, 'admin:user:any')
	const formData = await request.formData()
	const values = submittedValues(formData)
	if (formData.get('intent') === 'places') {
		return data({ errors: undefined, values, saved: false, lists: await placePicker({ regionId: toId(values.regionId), districtId: toId(values.districtId) }) })
	}
	const parsed = roleAssignmentSchema.safeParse({ ...Object.fromEntries(formData), userId: params.userId })
	const lists = await placePicker({ regionId: toId(values.regionId), districtId: toId(values.districtId) })
	if (!parsed.success) return data({ errors: fieldErrors(parsed.error), values, saved: false, lists }, { status: 400 })
	const { userId, role, granted, regionId, districtId } = parsed.data
	const result = await setRole({
		actorId: actor.id,
		userId,
		role,
		granted: granted === 'on',
		regionId: typeof regionId === 'number' ? regionId : null,
		districtId: typeof districtId === 'number' ? districtId : null,
	})
	if (result.error) return data({ errors: { form: [result.error] }, values, saved: false, lists }, { status: 400 })
	return { errors: undefined, values, saved: true, lists }
}

const grantable = ['author', 'reviewer', 'methodologist', 'admin'] as const

export default function AdminUser({ loaderData, actionData, params }: Route.ComponentProps) {
	const { t } = useTranslation('admin')
	const { t: tAuth } = useTranslation('auth')
	const locale = isLocale(params.lang) ? params.lang : 'kk'
	const { user } = loaderData
	const errors: Record<string, string[] | undefined> | undefined = actionData?.errors
	const has = (role: string) => user.roles.some((r) => r.role === role)
	return (
		<div className="page narrow">
			<title>{`${user.fullName} — Ortaq`}</title>
			<p><Link to={`/${locale}/admin/users`}>← {t('users.title')}</Link></p>
			<h1>{user.fullName}</h1>
			<dl className="facts">
				<dt>{t('users.email')}</dt><dd>{user.email}</dd>
				<dt>{t('users.school')}</dt>
				<dd>{user.schoolKk ? `${pick(locale, user.schoolKk, user.schoolRu)}, ${pick(locale, user.districtKk, user.districtRu)}, ${pick(locale, user.regionKk, user.regionRu)}` : '—'}</dd>
				<dt>{tAuth('profile.position')}</dt><dd>{user.position ? tAuth(`profile.positions.${user.position}`) : '—'}</dd>
				<dt>{tAuth('profile.subject')}</dt><dd>{user.subject ? tAuth(`profile.subjects.${user.subject}`) : '—'}</dd>
			</dl>
			{actionData?.saved ? <p role="status" className="notice notice--success">{t('user.saved')}</p> : null}
			<h2>{t('user.roles')}</h2>
			<FormErrors errors={errors?.form} />
			{grantable.map((role) => (
				<Form method="post" key={role} className="role-form stack">
					<h3>{t(`roles.${role}`)}</h3>
					<p className="field__hint">{t(`roleHelp.${role}`)}</p>
					<input type="hidden" name="role" value={role} />
					{role === 'methodologist' ? (
						<PlacePicker
							locale={locale}
							lists={actionData?.values.role === role ? actionData.lists : loaderData.lists}
							values={actionData?.values.role === role ? actionData.values : loaderData.scope}
							errors={actionData?.values.role === role ? errors : undefined}
							levels="district"
						/>
					) : null}
					<p>
						{has(role) ? t('user.hasRole') : t('user.noRole')}
					</p>
					{role === 'methodologist' || !has(role) ? (
						<SubmitButton name="granted" value="on">{has(role) ? t('user.updateScope') : t('user.grant')}</SubmitButton>
					) : null}
					{has(role) ? (
						<SubmitButton name="granted" value="off" className="button button--secondary">{t('user.revoke')}</SubmitButton>
					) : null}
				</Form>
			))}
		</div>
	)
}
