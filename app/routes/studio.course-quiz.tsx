import { useTranslation } from 'react-i18next'
import { data, Form, Link, redirect } from 'react-router'
import { z } from 'zod'
import { FormErrors } from '#app/components/form.tsx'
import { requirePermission } from '#app/modules/auth/session.server.ts'
import { submittedValues, type FieldErrors } from '#app/modules/http/forms.ts'
import { invariantResponse } from '#app/modules/http/responses.ts'
import { isLocale } from '#app/modules/i18n/locales.ts'
import { deleteQuizQuestion, getDraftQuiz, saveQuizQuestion, type QuizRef } from '#app/modules/studio/course-authoring.server.ts'
import { TextField } from '#app/modules/studio/editor.tsx'
import { OPTION_ROWS, parseQuestionForm } from '#app/modules/studio/forms.ts'
import { redirectRenamedCourse } from '#app/modules/content/course-slugs.server.ts'
import type { Route } from './+types/studio.course-quiz.ts'

const refSchema = z.union([
	z.object({ kind: z.literal('lesson'), lesson: z.string().min(1) }),
	z.object({ kind: z.enum(['diagnostic', 'final']), lesson: z.undefined() }),
])

function quizRef(params: { kind: string; lesson?: string }): QuizRef | null {
	const parsed = refSchema.safeParse({ kind: params.kind, lesson: params.lesson })
	if (!parsed.success) return null
	return { kind: parsed.data.kind, lessonSlug: parsed.data.lesson }
}

const notices = ['saved', 'deleted'] as const

export const loader = redirectRenamedCourse(async ({ request, params }: Route.LoaderArgs) => {
	invariantResponse(isLocale(params.lang), 'Not found', { status: 404 })
	const user = await requirePermission(request, 'author:content:own')
	const ref = quizRef(params)
	invariantResponse(ref, 'Not found', { status: 404 })
	const quiz = await getDraftQuiz({ user, slug: params.slug, ref })
	invariantResponse(quiz, 'Not found', { status: 404 })
	const url = new URL(request.url)
	const editing = quiz.questions.find((q) => q.key === url.searchParams.get('question')) ?? null
	const values: Record<string, string> = editing
		? {
				originalKey: editing.key,
				key: editing.key,
				type: editing.type,
				textKk: editing.textKk,
				textRu: editing.textRu,
				explanationKk: editing.explanationKk,
				explanationRu: editing.explanationRu,
				...Object.fromEntries(editing.options.flatMap((o, i) => [[`option${i + 1}Kk`, o.kk], [`option${i + 1}Ru`, o.ru], ...(o.correct ? [[`option${i + 1}Correct`, 'on']] : [])])),
			}
		: { type: 'single' }
	const notice = url.searchParams.get('done')
	const r = quiz.revision
	return {
		slug: params.slug,
		kind: ref.kind,
		courseTitle: params.lang === 'kk' ? r.titleKk : r.titleRu,
		lessonTitle: (params.lang === 'kk' ? (quiz.lessonTitle.kk ?? quiz.lessonTitle.ru) : (quiz.lessonTitle.ru ?? quiz.lessonTitle.kk)) ?? quiz.lessonSlug,
		questions: quiz.questions.map((q) => ({ key: q.key, type: q.type, text: params.lang === 'kk' ? q.textKk : q.textRu, options: q.options.length, correct: q.options.filter((o) => o.correct).length })),
		editing: editing?.key ?? null,
		rows: Math.max(OPTION_ROWS, (editing?.options.length ?? 0) + 1),
		values,
		notice: notices.find((n) => n === notice) ?? null,
	}
})

const intentSchema = z.object({ intent: z.enum(['save', 'delete']) })

export const action = redirectRenamedCourse(async ({ request, params }: Route.ActionArgs) => {
	invariantResponse(isLocale(params.lang), 'Not found', { status: 404 })
	const user = await requirePermission(request, 'author:content:own')
	const ref = quizRef(params)
	invariantResponse(ref, 'Not found', { status: 404 })
	const formData = await request.formData()
	const values = submittedValues(formData)
	const intent = intentSchema.safeParse(values)
	const here = new URL(request.url).pathname
	const failed = (errors: FieldErrors) => data({ values, errors }, { status: 400 })
	if (!intent.success) return failed({ form: ['workflow.not_allowed'] })
	if (intent.data.intent === 'delete') {
		const result = await deleteQuizQuestion({ user, slug: params.slug, ref, key: values.key ?? '' })
		return result.ok ? redirect(`${here}?done=deleted`) : failed({ form: [`workflow.${result.error === 'wrong_status' ? 'wrong_status' : 'not_allowed'}`] })
	}
	const parsed = parseQuestionForm(values)
	if (!parsed.ok) return failed({ form: ['errors.question'], ...parsed.errors })
	const result = await saveQuizQuestion({ user, slug: params.slug, ref, originalKey: values.originalKey || undefined, question: parsed.question })
	if (result.ok) return redirect(`${here}?done=saved`)
	if (result.error === 'key_taken') return failed({ form: ['errors.question'], key: ['errors.questionKeyTaken'] })
	if (result.error === 'invalid') return failed({ form: ['errors.quizInvalid'] })
	return failed({ form: [`workflow.${result.error === 'wrong_status' ? 'wrong_status' : 'not_allowed'}`] })
})

function Errors({ id, errors }: { id: string; errors?: string[] }) {
	const { t } = useTranslation('studio')
	if (!errors?.length) return null
	return (
		<ul id={id} className="field__errors">
			{errors.map((e) => (
				<li key={e}>{t(e)}</li>
			))}
		</ul>
	)
}

export default function StudioCourseQuiz({ loaderData: d, actionData, params }: Route.ComponentProps) {
	const { t } = useTranslation('studio')
	const v: Record<string, string | undefined> = actionData?.values ?? d.values
	const e: FieldErrors = actionData?.errors ?? {}
	const base = `/${params.lang}/studio/courses/${d.slug}`
	const title = d.kind === 'lesson' ? t('quiz.lessonTitle', { lesson: d.lessonTitle }) : t(`quiz.kind.${d.kind}`)
	const editing = v.originalKey || null
	return (
		<div className="page">
			<title>{`${title} — ${d.courseTitle} — Ortaq`}</title>
			<nav aria-label={t('nav.breadcrumbs')} className="breadcrumbs">
				<Link to={`/${params.lang}/studio`}>{t('home.title')}</Link> / <Link to={base}>{d.courseTitle}</Link>
			</nav>
			<h1>{title}</h1>
			{d.notice && !actionData ? (
				<p role="status" className="notice notice--success">
					{t(`quiz.notice.${d.notice}`)}
				</p>
			) : null}
			<section aria-labelledby="questions-title">
				<h2 id="questions-title">{t('quiz.questions')}</h2>
				{d.questions.length ? (
					<div className="table-wrap">
						<table>
							<caption>{t('quiz.caption')}</caption>
							<thead>
								<tr>
									<th scope="col">{t('quiz.key')}</th>
									<th scope="col">{t('quiz.text')}</th>
									<th scope="col">{t('quiz.type')}</th>
									<th scope="col">{t('quiz.options')}</th>
									<th scope="col">{t('courses.folder')}</th>
								</tr>
							</thead>
							<tbody>
								{d.questions.map((q) => (
									<tr key={q.key}>
										<th scope="row">
											<code>{q.key}</code>
										</th>
										<td lang={params.lang}>{q.text}</td>
										<td>{t(`quiz.types.${q.type}`)}</td>
										<td>{t('quiz.optionSummary', { count: q.options, correct: q.correct })}</td>
										<td>
											<Link to={`?question=${encodeURIComponent(q.key)}#question-form-title`}>
												{t('quiz.edit')}
												<span className="visually-hidden"> {q.key}</span>
											</Link>
											<Form method="post">
												<input type="hidden" name="intent" value="delete" />
												<input type="hidden" name="key" value={q.key} />
												<button type="submit" className="button button--secondary">
													{t('quiz.delete')}
													<span className="visually-hidden"> {q.key}</span>
												</button>
											</Form>
										</td>
									</tr>
								))}
							</tbody>
						</table>
					</div>
				) : (
					<p>{t('quiz.empty')}</p>
				)}
			</section>
			<section aria-labelledby="question-form-title">
				<h2 id="question-form-title">{editing ? t('quiz.editTitle', { key: editing }) : t('quiz.newTitle')}</h2>
				<FormErrors errors={e.form?.map((x) => `studio:${x}`)} />
				<Form method="post" action={editing ? `?question=${encodeURIComponent(editing)}` : '?'} className="editor" noValidate>
					<input type="hidden" name="intent" value="save" />
					{editing ? <input type="hidden" name="originalKey" value={editing} /> : null}
					<TextField name="key" label={t('quiz.key')} hint={t('quiz.keyHint')} value={v.key} errors={e.key} />
					<div className="field">
						<label htmlFor="f-type">{t('quiz.type')}</label>
						<select id="f-type" name="type" defaultValue={v.type ?? 'single'} aria-invalid={e.type ? true : undefined} aria-describedby={e.type ? 'f-type-errors' : undefined}>
							<option value="single">{t('quiz.types.single')}</option>
							<option value="multiple">{t('quiz.types.multiple')}</option>
						</select>
						<Errors id="f-type-errors" errors={e.type} />
					</div>
					<TextField name="textKk" lang="kk" label={t('quiz.textKk')} value={v.textKk} errors={e.textKk} />
					<TextField name="textRu" lang="ru" label={t('quiz.textRu')} value={v.textRu} errors={e.textRu} />
					<fieldset className="editor-language" aria-describedby={e.options ? 'f-options-hint f-options-errors' : 'f-options-hint'}>
						<legend>{t('quiz.options')}</legend>
						<p id="f-options-hint" className="field__hint">{t('quiz.optionsHint')}</p>
						<Errors id="f-options-errors" errors={e.options} />
						{Array.from({ length: d.rows }, (_, i) => i + 1).map((n) => (
							<div key={n} className="quiz-option">
								<TextField name={`option${n}Kk`} lang="kk" label={t('quiz.optionKk', { n })} value={v[`option${n}Kk`]} errors={e[`option${n}Kk`]} />
								<TextField name={`option${n}Ru`} lang="ru" label={t('quiz.optionRu', { n })} value={v[`option${n}Ru`]} errors={e[`option${n}Ru`]} />
								<div className="field field--check">
									<input id={`f-option${n}Correct`} type="checkbox" name={`option${n}Correct`} defaultChecked={v[`option${n}Correct`] === 'on'} />
									<label htmlFor={`f-option${n}Correct`}>{t('quiz.correct', { n })}</label>
								</div>
							</div>
						))}
					</fieldset>
					<TextField name="explanationKk" lang="kk" label={t('quiz.explanationKk')} value={v.explanationKk} errors={e.explanationKk} />
					<TextField name="explanationRu" lang="ru" label={t('quiz.explanationRu')} value={v.explanationRu} errors={e.explanationRu} />
					<button type="submit" className="button">{t('quiz.save')}</button>{' '}
					{editing ? <Link to=".">{t('quiz.cancel')}</Link> : null}
				</Form>
			</section>
		</div>
	)
}
