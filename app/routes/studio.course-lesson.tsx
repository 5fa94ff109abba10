import { useTranslation } from 'react-i18next'
import { data, Form, Link, redirect } from 'react-router'
import { FormErrors } from '#app/components/form.tsx'
import { requirePermission } from '#app/modules/auth/session.server.ts'
import { fieldErrors, submittedValues, type FieldErrors } from '#app/modules/http/forms.ts'
import { invariantResponse } from '#app/modules/http/responses.ts'
import { isLocale } from '#app/modules/i18n/locales.ts'
import { lessonDraftSchema } from '#app/modules/studio/forms.ts'
import { getStudioCourse, saveLessonDraft } from '#app/modules/studio/course-drafts.server.ts'
import { MdxField, type EditorProblems } from '#app/modules/studio/editor.tsx'
import { redirectRenamedCourse } from '#app/modules/content/course-slugs.server.ts'
import type { Route } from './+types/studio.course-lesson.ts'

const noProblems: EditorProblems = {}
const fieldError = (field: string, key: string): FieldErrors => ({ [field]: [key] })

export const loader = redirectRenamedCourse(async ({ request, params }: Route.LoaderArgs) => {
	invariantResponse(isLocale(params.lang), 'Not found', { status: 404 })
	const user = await requirePermission(request, 'author:content:own')
	const found = await getStudioCourse({ user, slug: params.slug })
	invariantResponse(found?.can.edit, 'Not found', { status: 404 })
	const lesson = found.lessons.find((l) => l.slug === params.lesson)
	invariantResponse(lesson, 'Not found', { status: 404 })
	const kk = lesson.versions.find((v) => v.locale === 'kk')
	const ru = lesson.versions.find((v) => v.locale === 'ru')
	return {
		courseTitle: params.lang === 'kk' ? found.revision.titleKk : found.revision.titleRu,
		title: (params.lang === 'kk' ? (kk ?? ru) : (ru ?? kk))?.title ?? lesson.slug,
		values: { sourceKk: kk?.source ?? '', sourceRu: ru?.source ?? '' },
	}
})

export const action = redirectRenamedCourse(async ({ request, params }: Route.ActionArgs) => {
	invariantResponse(isLocale(params.lang), 'Not found', { status: 404 })
	const user = await requirePermission(request, 'author:content:own')
	const values = submittedValues(await request.formData())
	const parsed = lessonDraftSchema.safeParse(values)
	if (!parsed.success) return data({ values, errors: fieldErrors(parsed.error), problems: noProblems }, { status: 400 })
	const result = await saveLessonDraft({ user, slug: params.slug, lessonSlug: params.lesson, texts: { kk: parsed.data.sourceKk, ru: parsed.data.sourceRu } })
	if (result.ok) return redirect(`/${params.lang}/studio/courses/${params.slug}?done=saved`)
	if ('problems' in result) return data({ values, errors: fieldError('form', 'errors.mdx'), problems: result.problems }, { status: 400 })
	return data({ values, errors: fieldError('form', `workflow.${result.error}`), problems: noProblems }, { status: 400 })
})

export default function StudioLesson({ loaderData: d, actionData, params }: Route.ComponentProps) {
	const { t } = useTranslation('studio')
	const v: Record<string, string | undefined> = { ...d.values, ...(actionData?.values ?? {}) }
	const e = actionData?.errors ?? {}
	return (
		<div className="page">
			<title>{`${d.title} — ${t('home.title')} — Ortaq`}</title>
			<nav aria-label={t('nav.breadcrumbs')} className="breadcrumbs">
				<Link to={`/${params.lang}/studio/courses/${params.slug}`}>{d.courseTitle}</Link>
			</nav>
			<h1>{d.title}</h1>
			<FormErrors errors={e.form?.map((x) => `studio:${x}`)} />
			<Form method="post" className="editor" noValidate>
				<MdxField name="sourceKk" lang="kk" label={t('editor.source.kk')} value={v.sourceKk} problems={actionData?.problems.kk} errors={e.sourceKk} />
				<MdxField name="sourceRu" lang="ru" label={t('editor.source.ru')} value={v.sourceRu} problems={actionData?.problems.ru} errors={e.sourceRu} />
				<button type="submit" className="button">{t('course.saveLesson')}</button>
			</Form>
		</div>
	)
}
