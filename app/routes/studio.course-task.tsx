import { useTranslation } from 'react-i18next'
import { data, Form, Link, redirect } from 'react-router'
import { z } from 'zod'
import { FormErrors } from '#app/components/form.tsx'
import { requirePermission } from '#app/modules/auth/session.server.ts'
import { submittedValues, type FieldErrors } from '#app/modules/http/forms.ts'
import { invariantResponse } from '#app/modules/http/responses.ts'
import { isLocale } from '#app/modules/i18n/locales.ts'
import { redirectRenamedCourse } from '#app/modules/content/course-slugs.server.ts'
import { getDraftTask, saveTaskDraft } from '#app/modules/studio/course-drafts.server.ts'
import { FieldErrors as Errors, TextField } from '#app/modules/studio/editor.tsx'
import { filledTaskRows, MAX_TASK_ROWS, parseTaskForm, taskFormValues } from '#app/modules/studio/forms.ts'
import type { Route } from './+types/studio.course-task.ts'

/** Empty criterion rows shown after the filled ones (no JavaScript needed to add one); at most 12 rows in all unless more were typed. */
const SPARE_ROWS = 2
const SHOWN_ROWS = 12
function rowsFor(values: Record<string, string | undefined>, extra = 0) {
	const filled = filledTaskRows(values)
	const shown = Number.parseInt(values.rows ?? '', 10)
	const base = Math.max(filled, Math.min(SHOWN_ROWS, Math.max(3, filled + SPARE_ROWS)), Number.isFinite(shown) ? Math.min(shown, MAX_TASK_ROWS) : 0)
	return Math.min(MAX_TASK_ROWS, base + extra)
}

const notices = ['saved', 'removed'] as const

export const loader = redirectRenamedCourse(async ({ request, params }: Route.LoaderArgs) => {
	invariantResponse(isLocale(params.lang), 'Not found', { status: 404 })
	const user = await requirePermission(request, 'author:content:own')
	const found = await getDraftTask({ user, slug: params.slug })
	invariantResponse(found, 'Not found', { status: 404 })
	const values = taskFormValues(found.task)
	const notice = new URL(request.url).searchParams.get('done')
	return {
		courseTitle: params.lang === 'kk' ? found.revision.titleKk : found.revision.titleRu,
		hasTask: !!found.task,
		values,
		rows: rowsFor(values),
		notice: notices.find((n) => n === notice) ?? null,
	}
})

const intentSchema = z.object({ intent: z.enum(['save', 'addCriterion', 'remove']) })

export const action = redirectRenamedCourse(async ({ request, params }: Route.ActionArgs) => {
	invariantResponse(isLocale(params.lang), 'Not found', { status: 404 })
	const user = await requirePermission(request, 'author:content:own')
	const values = submittedValues(await request.formData())
	const here = new URL(request.url).pathname
	const failed = (errors: FieldErrors, status = 400) => data({ values, errors, rows: rowsFor(values) }, { status })
	const intent = intentSchema.safeParse(values)
	if (!intent.success) return failed({ form: ['workflow.not_allowed'] })
	const workflow = (error: string) => failed({ form: [`workflow.${error === 'wrong_status' ? 'wrong_status' : 'not_allowed'}`] })
	if (intent.data.intent === 'addCriterion') {
		// Shows one more empty row and saves nothing; the author's text comes back as typed.
		if (!(await getDraftTask({ user, slug: params.slug }))) return workflow('not_allowed')
		return data({ values, errors: {} as FieldErrors, rows: rowsFor(values, 1) }, { status: 200 })
	}
	if (intent.data.intent === 'remove') {
		const result = await saveTaskDraft({ user, slug: params.slug, task: null })
		return result.ok ? redirect(`${here}?done=removed`) : workflow('error' in result ? result.error : 'not_allowed')
	}
	const parsed = parseTaskForm(values)
	if (!parsed.ok) return failed({ form: ['errors.task'], ...parsed.errors })
	const result = await saveTaskDraft({ user, slug: params.slug, task: parsed.task })
	return result.ok ? redirect(`${here}?done=saved`) : workflow('error' in result ? result.error : 'not_allowed')
})

function TextArea({ name, label, lang, value, errors, rows = 4, hint }: { name: string; label: string; lang: string; value?: string; errors?: string[]; rows?: number; hint?: string }) {
	const id = `f-${name}`
	const describedBy = [hint ? `${id}-hint` : null, errors?.length ? `${id}-errors` : null].filter(Boolean).join(' ') || undefined
	return (
		<div className="field field--wide">
			<label htmlFor={id}>{label}</label>
			{hint ? <p id={`${id}-hint`} className="field__hint">{hint}</p> : null}
			<textarea id={id} name={name} lang={lang} rows={rows} defaultValue={value ?? ''} aria-invalid={errors?.length ? true : undefined} aria-describedby={describedBy} />
			<Errors id={`${id}-errors`} errors={errors} />
		</div>
	)
}

function Check({ name, label, checked }: { name: string; label: string; checked: boolean }) {
	return (
		<div className="field field--check">
			<input id={`f-${name}`} type="checkbox" name={name} defaultChecked={checked} />
			<label htmlFor={`f-${name}`}>{label}</label>
		</div>
	)
}

export default function StudioCourseTask({ loaderData: d, actionData, params }: Route.ComponentProps) {
	const { t } = useTranslation('studio')
	const v: Record<string, string | undefined> = actionData?.values ?? d.values
	const e: FieldErrors = actionData?.errors ?? {}
	const rows = actionData?.rows ?? d.rows
	const base = `/${params.lang}/studio/courses/${params.slug}`
	return (
		<div className="page">
			<title>{`${t('task.title')} — ${d.courseTitle} — Ortaq`}</title>
			<nav aria-label={t('nav.breadcrumbs')} className="breadcrumbs">
				<Link to={`/${params.lang}/studio`}>{t('home.title')}</Link> / <Link to={base}>{d.courseTitle}</Link>
			</nav>
			<h1>{t('task.title')}</h1>
			<p>{t('task.intro')}</p>
			{d.notice && !actionData ? (
				<p role="status" className="notice notice--success">
					{t(`task.notice.${d.notice}`)}
				</p>
			) : null}
			<FormErrors errors={e.form?.map((x) => `studio:${x}`)} />
			<Form method="post" className="editor" noValidate key={rows} id="task-form">
				<input type="hidden" name="rows" value={rows} />
				<TextField name="titleKk" lang="kk" label={t('task.titleKk')} value={v.titleKk} errors={e.titleKk} />
				<TextField name="titleRu" lang="ru" label={t('task.titleRu')} value={v.titleRu} errors={e.titleRu} />
				<TextArea name="instructionsKk" lang="kk" rows={8} label={t('task.instructionsKk')} hint={t('task.instructionsHint')} value={v.instructionsKk} errors={e.instructionsKk} />
				<TextArea name="instructionsRu" lang="ru" rows={8} label={t('task.instructionsRu')} hint={t('task.instructionsHint')} value={v.instructionsRu} errors={e.instructionsRu} />
				<fieldset className="editor-language" aria-describedby={e.submit ? 'f-submit-errors' : undefined}>
					<legend>{t('task.submit')}</legend>
					<Errors id="f-submit-errors" errors={e.submit} />
					<Check name="submitText" label={t('task.submitText')} checked={v.submitText === 'on'} />
					<Check name="submitFiles" label={t('task.submitFiles')} checked={v.submitFiles === 'on'} />
				</fieldset>
				<fieldset className="editor-language" aria-describedby={e.criteria ? 'f-criteria-hint f-criteria-errors' : 'f-criteria-hint'}>
					<legend>{t('task.criteria')}</legend>
					<p id="f-criteria-hint" className="field__hint">{t('task.criteriaHint')}</p>
					<Errors id="f-criteria-errors" errors={e.criteria} />
					{Array.from({ length: rows }, (_, i) => i + 1).map((n) => (
						<fieldset key={n} className="quiz-option">
							<legend>{t('task.criterion', { n })}</legend>
							{v[`criterion${n}Id`] ? <input type="hidden" name={`criterion${n}Id`} value={v[`criterion${n}Id`]} /> : null}
							<TextField name={`criterion${n}TitleKk`} lang="kk" label={t('task.criterionTitleKk', { n })} value={v[`criterion${n}TitleKk`]} errors={e[`criterion${n}TitleKk`]} />
							<TextField name={`criterion${n}TitleRu`} lang="ru" label={t('task.criterionTitleRu', { n })} value={v[`criterion${n}TitleRu`]} errors={e[`criterion${n}TitleRu`]} />
							<TextArea name={`criterion${n}DescriptionKk`} lang="kk" rows={2} label={t('task.criterionDescriptionKk', { n })} value={v[`criterion${n}DescriptionKk`]} errors={e[`criterion${n}DescriptionKk`]} />
							<TextArea name={`criterion${n}DescriptionRu`} lang="ru" rows={2} label={t('task.criterionDescriptionRu', { n })} value={v[`criterion${n}DescriptionRu`]} errors={e[`criterion${n}DescriptionRu`]} />
							<TextField name={`criterion${n}Points`} type="number" label={t('task.criterionPoints', { n })} value={v[`criterion${n}Points`]} errors={e[`criterion${n}Points`]} />
							<Check name={`criterion${n}Remove`} label={t('task.criterionRemove', { n })} checked={v[`criterion${n}Remove`] === 'on'} />
						</fieldset>
					))}
				</fieldset>
				<TextField name="passMark" type="number" label={t('task.passMark')} hint={t('task.passMarkHint')} value={v.passMark} errors={e.passMark} />
				<Check name="requiredForCertificate" label={t('task.required')} checked={v.requiredForCertificate === 'on'} />
				<button type="submit" name="intent" value="save" className="button">
					{t('task.save')}
				</button>{' '}
				{d.hasTask ? (
					<button type="submit" name="intent" value="remove" className="button button--secondary">
						{t('task.remove')}
					</button>
				) : null}
			</Form>
			{rows < SHOWN_ROWS ? (
				// After the form, so that Enter in a field saves rather than adds a row.
				<p>
					<button type="submit" form="task-form" name="intent" value="addCriterion" className="button button--secondary">
						{t('task.addCriterion')}
					</button>
				</p>
			) : null}
		</div>
	)
}
