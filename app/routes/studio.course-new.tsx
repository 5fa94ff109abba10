import { useTranslation } from 'react-i18next'
import { data, Form, Link, redirect } from 'react-router'
import { FormErrors } from '#app/components/form.tsx'
import { requirePermission } from '#app/modules/auth/session.server.ts'
import { topics } from '#app/modules/content/course-files.ts'
import { fieldErrors, submittedValues } from '#app/modules/http/forms.ts'
import { invariantResponse } from '#app/modules/http/responses.ts'
import { isLocale } from '#app/modules/i18n/locales.ts'
import { createCourse } from '#app/modules/studio/course-authoring.server.ts'
import { TextField } from '#app/modules/studio/editor.tsx'
import { courseNewSchema } from '#app/modules/studio/forms.ts'
import type { Route } from './+types/studio.course-new.ts'

export async function loader({ request, params }: Route.LoaderArgs) {
	invariantResponse(isLocale(params.lang), 'Not found', { status: 404 })
	await requirePermission(request, 'author:content:own')
	return null
}

export async function action({ request, params }: Route.ActionArgs) {
	invariantResponse(isLocale(params.lang), 'Not found', { status: 404 })
	const user = await requirePermission(request, 'author:content:own')
	const values = submittedValues(await request.formData())
	const parsed = courseNewSchema.safeParse(values)
	if (!parsed.success) return data({ values, errors: fieldErrors(parsed.error) }, { status: 400 })
	const result = await createCourse({ user, input: parsed.data })
	if (result.ok) return redirect(`/${params.lang}/studio/courses/${parsed.data.slug}?done=created`)
	const errors = result.error === 'slug_taken' ? { slug: ['errors.courseSlugTaken'] } : { form: ['workflow.not_allowed'] }
	return data({ values, errors }, { status: 400 })
}

export default function StudioCourseNew({ actionData, params }: Route.ComponentProps) {
	const { t } = useTranslation('studio')
	const { t: tm } = useTranslation('materials')
	const v: Record<string, string | undefined> = actionData?.values ?? { hours: '36', passThreshold: '70' }
	const e: Record<string, string[] | undefined> = actionData?.errors ?? {}
	return (
		<div className="page">
			<title>{`${t('courseNew.title')} — Ortaq`}</title>
			<nav aria-label={t('nav.breadcrumbs')} className="breadcrumbs">
				<Link to={`/${params.lang}/studio`}>{t('home.title')}</Link> / <Link to={`/${params.lang}/studio/courses`}>{t('courses.title')}</Link>
			</nav>
			<h1>{t('courseNew.title')}</h1>
			<p className="lead">{t('courseNew.lead')}</p>
			<FormErrors errors={e.form?.map((x) => `studio:${x}`)} />
			<Form method="post" className="editor" noValidate>
				<TextField name="slug" label={t('courseNew.slug')} hint={t('courseNew.slugHint')} value={v.slug} errors={e.slug} />
				<div className="field">
					<label htmlFor="f-topic">{t('editor.topic')}</label>
					<select id="f-topic" name="topic" defaultValue={v.topic ?? 'inclusion'} aria-invalid={e.topic ? true : undefined} aria-describedby={e.topic ? 'f-topic-errors' : undefined}>
						{topics.map((topic) => (
							<option key={topic} value={topic}>{tm(`topics.${topic}`)}</option>
						))}
					</select>
					{e.topic ? (
						<ul id="f-topic-errors" className="field__errors">
							{e.topic.map((x) => (
								<li key={x}>{t(x)}</li>
							))}
						</ul>
					) : null}
				</div>
				<TextField name="titleKk" lang="kk" label={t('course.titleKk')} value={v.titleKk} errors={e.titleKk} />
				<TextField name="titleRu" lang="ru" label={t('course.titleRu')} value={v.titleRu} errors={e.titleRu} />
				<TextField name="summaryKk" lang="kk" label={t('editor.summary.kk')} value={v.summaryKk} errors={e.summaryKk} />
				<TextField name="summaryRu" lang="ru" label={t('editor.summary.ru')} value={v.summaryRu} errors={e.summaryRu} />
				<TextField name="hours" type="number" label={t('course.hours')} value={v.hours} errors={e.hours} />
				<TextField name="passThreshold" type="number" label={t('course.passThreshold')} value={v.passThreshold} errors={e.passThreshold} />
				<button type="submit" className="button">{t('courseNew.create')}</button>
			</Form>
		</div>
	)
}
