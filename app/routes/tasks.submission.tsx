import { useTranslation } from 'react-i18next'
import { data, Form, Link, redirect } from 'react-router'
import { Field, FormErrors } from '#app/components/form.tsx'
import { requireUser } from '#app/modules/auth/session.server.ts'
import { fieldErrors, idSchema, submittedValues } from '#app/modules/http/forms.ts'
import { invariantResponse, NOT_FOUND_IN_SCOPE } from '#app/modules/http/responses.ts'
import { isLocale, pick } from '#app/modules/i18n/locales.ts'
import { gradeTaskSchema } from '#app/modules/tasks/forms.ts'
import { mayGrade } from '#app/modules/tasks/rubric.ts'
import { getSubmissionForTutor, gradeSubmission, tutorOf } from '#app/modules/tasks/tasks.server.ts'
import { RubricTable, taskErrors, TextArea, toVersionData, VersionHistory } from '#app/modules/tasks/views.tsx'
import type { Route } from './+types/tasks.submission.ts'

async function requireTutor(request: Request) {
	const user = await requireUser(request)
	const tutor = tutorOf(user)
	invariantResponse(tutor, 'Forbidden', { status: 403 })
	return tutor
}

/** One submission with every version, for a tutor in scope (404 outside it, ADR 018). */
export async function loader({ request, params }: Route.LoaderArgs) {
	invariantResponse(isLocale(params.lang), 'Not found', { status: 404 })
	const tutor = await requireTutor(request)
	const id = idSchema.safeParse(params.submissionId)
	invariantResponse(id.success, NOT_FOUND_IN_SCOPE, { status: 404 })
	const found = await getSubmissionForTutor({ tutor, submissionId: id.data })
	invariantResponse(found, NOT_FOUND_IN_SCOPE, { status: 404 })
	const notice = new URL(request.url).searchParams.get('done')
	return {
		id: found.id,
		status: found.status,
		teacher: found.teacher,
		school: pick(params.lang, found.schoolKk ?? '', found.schoolRu ?? ''),
		course: pick(params.lang, found.titleKk, found.titleRu),
		versions: found.history.map(toVersionData),
		notice: notice === 'accepted' || notice === 'returned' ? notice : null,
	}
}

export async function action({ request, params }: Route.ActionArgs) {
	invariantResponse(isLocale(params.lang), 'Not found', { status: 404 })
	const tutor = await requireTutor(request)
	const id = idSchema.safeParse(params.submissionId)
	invariantResponse(id.success, NOT_FOUND_IN_SCOPE, { status: 404 })
	// Outside her scope the submission does not exist, whatever the form holds.
	invariantResponse(await getSubmissionForTutor({ tutor, submissionId: id.data }), NOT_FOUND_IN_SCOPE, { status: 404 })
	const formData = await request.formData().catch(() => new FormData())
	const values = submittedValues(formData)
	const parsed = gradeTaskSchema.safeParse(values)
	if (!parsed.success) return data({ values, errors: fieldErrors(parsed.error) }, { status: 400 })
	const scores: Record<string, string | undefined> = {}
	for (const [key, value] of Object.entries(values)) if (key.startsWith('score-')) scores[key.slice('score-'.length)] = value
	const result = await gradeSubmission({ tutor, submissionId: id.data, input: { ...parsed.data, scores } })
	invariantResponse(result.ok || result.error !== 'not_found', NOT_FOUND_IN_SCOPE, { status: 404 })
	if (!result.ok) return data({ values, errors: 'errors' in result ? result.errors : {} }, { status: 400 })
	return redirect(`/${params.lang}/tasks/${id.data}?done=${result.status}`)
}

export default function Submission({ loaderData: d, actionData, params }: Route.ComponentProps) {
	const { t } = useTranslation('tasks')
	const lang = params.lang === 'ru' ? 'ru' : 'kk'
	const newest = d.versions[0]
	const task = newest?.task
	const values = actionData?.values ?? {}
	const errors = actionData?.errors ?? {}
	return (
		<div className="page">
			<title>{`${t('grade.title', { teacher: d.teacher })} — ${d.course} — Ortaq`}</title>
			<nav aria-label={t('grade.back')} className="breadcrumbs">
				<Link to={`/${lang}/tasks`}>{t('grade.back')}</Link>
			</nav>
			{d.notice && !actionData ? <p role="status" className="notice notice--success">{t(`notice.${d.notice}`)}</p> : null}
			<h1>{t('grade.title', { teacher: d.teacher })}</h1>
			<dl className="facts">
				<dt>{t('grade.teacher')}</dt>
				<dd>{d.teacher}</dd>
				<dt>{t('grade.school')}</dt>
				<dd>{d.school || '—'}</dd>
				<dt>{t('grade.course')}</dt>
				<dd>{d.course}</dd>
				<dt>{t('task.yourStatus')}</dt>
				<dd>{t(`status.${d.status}`)}</dd>
			</dl>
			{task && newest && mayGrade(d.status) ? (
				<section aria-labelledby="grade-form">
					<h2 id="grade-form">{t('grade.formTitle', { number: newest.number })}</h2>
					<FormErrors errors={taskErrors(errors.form)} />
					<Form method="post" className="grade-form">
						<input type="hidden" name="version" value={newest.number} />
						{task.criteria.map((c) => (
							<Field
								key={c.id}
								label={t('grade.scoreLabel', { criterion: c.title[lang], max: c.maxPoints })}
								hint={c.description[lang]}
								name={`score-${c.id}`}
								type="number"
								inputMode="numeric"
								min={0}
								max={c.maxPoints}
								step={1}
								required
								defaultValue={values[`score-${c.id}`] ?? ''}
								errors={taskErrors(errors[`score-${c.id}`])}
							/>
						))}
						<TextArea label={t('grade.feedback')} hint={t('grade.feedbackHint')} name="feedback" rows={8} defaultValue={values.feedback ?? ''} errors={errors.feedback} />
						<fieldset className="field">
							<legend>{t('grade.decisionLegend')}</legend>
							{errors.decision?.length ? (
								<ul className="field__errors">{errors.decision.map((e) => <li key={e}>{t(e)}</li>)}</ul>
							) : null}
							<p className="course-actions">
								<button type="submit" name="decision" value="accept" className="button">{t('grade.accept')}</button>
								<button type="submit" name="decision" value="return" className="button button--secondary">{t('grade.return')}</button>
							</p>
						</fieldset>
					</Form>
				</section>
			) : d.status === 'submitted' ? null : (
				<p className="notice">{t('grade.waitingOther')}</p>
			)}
			{task ? <RubricTable task={task} lang={lang} /> : null}
			<VersionHistory versions={d.versions} lang={lang} fileHref={(fileId) => `/${lang}/tasks/files/${fileId}`} />
		</div>
	)
}
