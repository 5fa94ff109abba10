import { useTranslation } from 'react-i18next'
import { data, Form, Link, redirect } from 'react-router'
import { FormErrors } from '#app/components/form.tsx'
import { requirePermission } from '#app/modules/auth/session.server.ts'
import { fieldErrors, type FieldErrors } from '#app/modules/http/forms.ts'
import { invariantResponse } from '#app/modules/http/responses.ts'
import { isLocale } from '#app/modules/i18n/locales.ts'
import { newMaterialSchema } from '#app/modules/materials/forms.ts'
import { editorValues, MaterialFields, type EditorProblems } from '#app/modules/studio/editor.tsx'
import { createMaterial } from '#app/modules/studio/materials.server.ts'
import type { Route } from './+types/studio.material-new.ts'

const noProblems: EditorProblems = {}
const fieldError = (field: string, key: string): FieldErrors => ({ [field]: [key] })

export async function loader({ request, params }: Route.LoaderArgs) {
	invariantResponse(isLocale(params.lang), 'Not found', { status: 404 })
	await requirePermission(request, 'author:content:own')
	return null
}

export async function action({ request, params }: Route.ActionArgs) {
	invariantResponse(isLocale(params.lang), 'Not found', { status: 404 })
	const user = await requirePermission(request, 'author:content:own')
	const formData = await request.formData()
	const values = editorValues(formData)
	const parsed = newMaterialSchema.safeParse(values)
	if (!parsed.success) return data({ values, errors: fieldErrors(parsed.error), problems: noProblems }, { status: 400 })
	const { slug, ...input } = parsed.data
	const result = await createMaterial({ user, slug, input })
	if (result.ok) return redirect(`/${params.lang}/studio/materials/${slug}?done=saved`)
	if ('problems' in result) return data({ values, errors: fieldError('form', 'errors.mdx'), problems: result.problems }, { status: 400 })
	if (result.error === 'slug_taken') return data({ values, errors: fieldError('slug', 'errors.slugTaken'), problems: noProblems }, { status: 400 })
	throw new Response('Forbidden', { status: 403 })
}

export default function NewMaterial({ actionData, params }: Route.ComponentProps) {
	const { t } = useTranslation('studio')
	return (
		<div className="page page--wide">
			<title>{`${t('new.title')} — Ortaq`}</title>
			<nav aria-label={t('nav.breadcrumbs')} className="breadcrumbs">
				<Link to={`/${params.lang}/studio`}>{t('home.title')}</Link>
			</nav>
			<h1>{t('new.title')}</h1>
			<Form method="post" className="editor" noValidate>
				{actionData?.errors.form ? <FormErrors errors={actionData.errors.form.map((e) => `studio:${e}`)} /> : null}
				<MaterialFields values={actionData?.values ?? {}} errors={actionData?.errors} problems={actionData?.problems} withSlug />
				<button type="submit" className="button">{t('new.create')}</button>
			</Form>
		</div>
	)
}
