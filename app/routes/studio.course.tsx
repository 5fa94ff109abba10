import { useTranslation } from 'react-i18next'
import { data, Form, Link, redirect } from 'react-router'
import { z } from 'zod'
import { FormErrors } from '#app/components/form.tsx'
import { requirePermission } from '#app/modules/auth/session.server.ts'
import { fieldErrors, submittedValues, type FieldErrors } from '#app/modules/http/forms.ts'
import { invariantResponse } from '#app/modules/http/responses.ts'
import { isLocale } from '#app/modules/i18n/locales.ts'
import { reviewSchema } from '#app/modules/materials/forms.ts'
import { redirectRenamedCourse } from '#app/modules/content/course-slugs.server.ts'
import { courseDraftSchema, lessonMoveSchema, lessonNewSchema } from '#app/modules/studio/forms.ts'
import { addLesson, changeLesson } from '#app/modules/studio/course-authoring.server.ts'
import { getStudioCourse, reviewCourse, saveCourseDraft, startCourseRevision, submitCourse } from '#app/modules/studio/course-drafts.server.ts'
import { MdxField, TextField, type EditorProblems } from '#app/modules/studio/editor.tsx'
import { ReviewPanel, RevisionHistory, StartRevisionForm, SubmitForReviewForm } from '#app/modules/studio/review.tsx'
import type { Route } from './+types/studio.course.ts'

const noProblems: EditorProblems = {}
const notices = ['saved', 'submitted', 'approved', 'returned', 'revised', 'created', 'lessonAdded', 'lessonMoved', 'lessonRemoved', 'lessonRequired', 'lessonOptional'] as const
const fieldError = (field: string, key: string): FieldErrors => ({ [field]: [key] })

export const loader = redirectRenamedCourse(async ({ request, params }: Route.LoaderArgs) => {
	invariantResponse(isLocale(params.lang), 'Not found', { status: 404 })
	const user = await requirePermission(request, 'author:content:own')
	const found = await getStudioCourse({ user, slug: params.slug })
	invariantResponse(found, 'Not found', { status: 404 })
	const { revision: r, revisions, lessons, comments, can, quizzes } = found
	const questionsIn = (kind: 'lesson' | 'diagnostic' | 'final', lessonId: number | null = null) => quizzes.find((q) => q.kind === kind && q.lessonId === lessonId)?.questions ?? 0
	const notice = new URL(request.url).searchParams.get('done')
	return {
		slug: params.slug,
		pendingSlug: r.slug && r.slug !== params.slug ? r.slug : null,
		title: params.lang === 'kk' ? r.titleKk : r.titleRu,
		current: { number: r.number, status: r.status },
		values: {
			slug: r.slug ?? params.slug,
			titleKk: r.titleKk,
			titleRu: r.titleRu,
			summaryKk: r.summaryKk,
			summaryRu: r.summaryRu,
			hours: String(r.hours),
			passThreshold: String(r.passThreshold),
			overviewKk: r.overviewSourceKk,
			overviewRu: r.overviewSourceRu,
		},
		lessons: lessons.map((l) => ({
			slug: l.slug,
			title: (l.versions.find((v) => v.locale === params.lang) ?? l.versions[0])?.title ?? l.slug,
			languages: l.versions.map((v) => v.locale),
			required: l.required,
			questions: questionsIn('lesson', l.id),
		})),
		quizzes: { diagnostic: questionsIn('diagnostic'), final: questionsIn('final') },
		task: r.task ? { title: params.lang === 'kk' ? r.task.title.kk : r.task.title.ru, criteria: r.task.criteria.length } : null,
		revisions: revisions.map((x) => ({ number: x.number, status: x.status, authorName: x.authorName, createdAt: x.createdAt.toISOString() })),
		comments: comments.map((c) => ({ ...c, revision: revisions.find((x) => x.id === c.revisionId)?.number ?? null, createdAt: c.createdAt.toISOString() })),
		can,
		notice: notices.find((n) => n === notice) ?? null,
	}
})

const lessonNotices = { moveUp: 'lessonMoved', moveDown: 'lessonMoved', removeLesson: 'lessonRemoved', makeOptional: 'lessonOptional', makeRequired: 'lessonRequired' } as const

const intentSchema = z.object({ intent: z.enum(['save', 'submit', 'review', 'revise', 'addLesson', 'moveUp', 'moveDown', 'removeLesson', 'makeOptional', 'makeRequired']) })

export const action = redirectRenamedCourse(async ({ request, params }: Route.ActionArgs) => {
	invariantResponse(isLocale(params.lang), 'Not found', { status: 404 })
	const user = await requirePermission(request, 'author:content:own')
	const slug = params.slug
	const formData = await request.formData()
	const intent = intentSchema.safeParse(Object.fromEntries(formData))
	invariantResponse(intent.success, 'Bad request', { status: 400 })
	const done = (what: (typeof notices)[number], at = slug) => redirect(`/${params.lang}/studio/courses/${at}?done=${what}`)
	const failed = (key: string) => data({ values: null, errors: fieldError('form', key), problems: noProblems }, { status: 400 })
	switch (intent.data.intent) {
		case 'save': {
			const values = submittedValues(formData)
			const parsed = courseDraftSchema.safeParse(values)
			if (!parsed.success) return data({ values, errors: fieldErrors(parsed.error), problems: noProblems }, { status: 400 })
			const result = await saveCourseDraft({ user, slug, input: parsed.data })
			if (result.ok) return done('saved')
			if ('problems' in result) return data({ values, errors: fieldError('form', 'errors.mdx'), problems: result.problems }, { status: 400 })
			if (result.error === 'slug_taken') return data({ values, errors: fieldError('slug', 'errors.courseSlugTaken'), problems: noProblems }, { status: 400 })
			return failed(`workflow.${result.error}`)
		}
		case 'submit': {
			const result = await submitCourse({ user, slug })
			return result.ok ? done('submitted') : failed(result.error === 'empty' ? 'errors.noLessons' : `workflow.${result.error}`)
		}
		case 'review': {
			await requirePermission(request, 'review:content:any')
			const parsed = reviewSchema.safeParse(Object.fromEntries(formData))
			if (!parsed.success) return data({ values: { comment: String(formData.get('comment') ?? '') }, errors: fieldErrors(parsed.error), problems: noProblems }, { status: 400 })
			const result = await reviewCourse({ user, slug, ...parsed.data })
			if (!result.ok) return failed(`workflow.${result.error}`)
			return done(parsed.data.decision === 'approve' ? 'approved' : 'returned', result.slug)
		}
		case 'addLesson': {
			const values = submittedValues(formData)
			const parsed = lessonNewSchema.safeParse(values)
			if (!parsed.success) return data({ values, errors: fieldErrors(parsed.error), problems: noProblems }, { status: 400 })
			const result = await addLesson({ user, slug, lessonSlug: parsed.data.lessonSlug, titles: { kk: parsed.data.lessonTitleKk, ru: parsed.data.lessonTitleRu } })
			if (result.ok) return done('lessonAdded')
			if (result.error === 'slug_taken') return data({ values, errors: fieldError('lessonSlug', 'errors.lessonSlugTaken'), problems: noProblems }, { status: 400 })
			if (result.error === 'invalid') return data({ values, errors: fieldError('lessonTitleKk', 'errors.lessonTitle'), problems: noProblems }, { status: 400 })
			return failed(`workflow.${result.error}`)
		}
		case 'moveUp':
		case 'moveDown':
		case 'removeLesson':
		case 'makeOptional':
		case 'makeRequired': {
			const parsed = lessonMoveSchema.safeParse(Object.fromEntries(formData))
			if (!parsed.success) return failed('workflow.not_allowed')
			const { lessonSlug, intent } = parsed.data
			const result = await changeLesson({ user, slug, lessonSlug, intent })
			if (!result.ok) return failed(`workflow.${result.error === 'wrong_status' ? 'wrong_status' : 'not_allowed'}`)
			return done(lessonNotices[intent])
		}
		case 'revise': {
			const result = await startCourseRevision({ user, slug })
			return result.ok ? done('revised') : failed(`workflow.${result.error}`)
		}
	}
})

export default function StudioCourse({ loaderData: d, actionData, params }: Route.ComponentProps) {
	const { t } = useTranslation('studio')
	const v: Record<string, string | undefined> = { ...d.values, ...(actionData?.values ?? {}) }
	const e = actionData?.errors ?? {}
	const p = actionData?.problems ?? {}
	const base = `/${params.lang}/studio/courses/${d.slug}`
	return (
		<div className="page">
			<title>{`${d.title} — ${t('home.title')} — Ortaq`}</title>
			<nav aria-label={t('nav.breadcrumbs')} className="breadcrumbs">
				<Link to={`/${params.lang}/studio`}>{t('home.title')}</Link> / <Link to={`/${params.lang}/studio/courses`}>{t('courses.title')}</Link>
			</nav>
			<h1>{d.title}</h1>
			<dl className="facts">
				<dt>{t('material.revision')}</dt>
				<dd>{d.current.number}</dd>
				<dt>{t('material.status')}</dt>
				<dd>
					<span className={`status status--${d.current.status}`}>{t(`status.${d.current.status}`)}</span>
				</dd>
				<dt>{t('course.address')}</dt>
				<dd>
					<code>{d.slug}</code>
					{d.pendingSlug ? (
						<>
							{' '}
							<span className="muted">({t('course.pendingSlug', { slug: d.pendingSlug })})</span>
						</>
					) : null}
				</dd>
			</dl>
			{d.notice ? (
				<p role="status" className="notice notice--success">
					{t(`courseNotice.${d.notice}`)}
				</p>
			) : null}
			<FormErrors errors={e.form?.map((x) => `studio:${x}`)} />
			<ReviewPanel comments={d.comments} lang={params.lang} canReview={d.can.review} comment={v.comment} errors={e.comment} />
			{d.can.revise ? <StartRevisionForm hint={t('course.reviseHint')} /> : null}
			{d.can.edit ? (
				<section aria-labelledby="edit-title">
					<h2 id="edit-title">{t('course.edit')}</h2>
					<Form method="post" className="editor" noValidate>
						<input type="hidden" name="intent" value="save" />
						<TextField name="slug" label={t('course.slug')} hint={t('course.slugHint')} value={v.slug} errors={e.slug} />
						<TextField name="titleKk" lang="kk" label={t('course.titleKk')} value={v.titleKk} errors={e.titleKk} />
						<TextField name="titleRu" lang="ru" label={t('course.titleRu')} value={v.titleRu} errors={e.titleRu} />
						<TextField name="summaryKk" lang="kk" label={t('editor.summary.kk')} value={v.summaryKk} errors={e.summaryKk} />
						<TextField name="summaryRu" lang="ru" label={t('editor.summary.ru')} value={v.summaryRu} errors={e.summaryRu} />
						<TextField name="hours" type="number" label={t('course.hours')} value={v.hours} errors={e.hours} />
						<TextField name="passThreshold" type="number" label={t('course.passThreshold')} value={v.passThreshold} errors={e.passThreshold} />
						<MdxField name="overviewKk" lang="kk" label={t('course.overviewKk')} value={v.overviewKk} problems={p.kk} errors={e.overviewKk} />
						<MdxField name="overviewRu" lang="ru" label={t('course.overviewRu')} value={v.overviewRu} problems={p.ru} errors={e.overviewRu} />
						<button type="submit" className="button">{t('material.save')}</button>
					</Form>
					{d.can.submit ? <SubmitForReviewForm /> : null}
				</section>
			) : null}
			<section aria-labelledby="lessons-title">
				<h2 id="lessons-title">{t('course.lessons')}</h2>
				{d.lessons.length ? null : <p>{t('course.noLessons')}</p>}
				<ol className="outline">
					{d.lessons.map((l, i) => (
						<li key={l.slug}>
							{d.can.edit ? <Link to={`${base}/lessons/${l.slug}`}>{l.title}</Link> : <span>{l.title}</span>}{' '}
							<span className="muted">({l.languages.map((x) => x.toUpperCase()).join(', ')})</span>
							{l.required ? null : (
								<>
									{' '}
									<span className="badge">{t('course.optional')}</span>
								</>
							)}
							{d.can.edit ? (
								<>
									{' · '}
									<Link to={`${base}/quizzes/lesson/${l.slug}`}>
										{t('course.lessonQuiz', { count: l.questions })}
										<span className="visually-hidden"> {l.title}</span>
									</Link>
									<Form method="post" className="lesson-actions">
										<input type="hidden" name="lessonSlug" value={l.slug} />
										{i > 0 ? (
											<button type="submit" name="intent" value="moveUp" className="button button--secondary" aria-label={`${t('course.moveUp')}: ${l.title}`}>
												{t('course.moveUp')}
											</button>
										) : null}{' '}
										{i < d.lessons.length - 1 ? (
											<button type="submit" name="intent" value="moveDown" className="button button--secondary" aria-label={`${t('course.moveDown')}: ${l.title}`}>
												{t('course.moveDown')}
											</button>
										) : null}{' '}
										<button
											type="submit"
											name="intent"
											value={l.required ? 'makeOptional' : 'makeRequired'}
											className="button button--secondary"
											aria-label={`${t(l.required ? 'course.makeOptional' : 'course.makeRequired')}: ${l.title}`}
										>
											{t(l.required ? 'course.makeOptional' : 'course.makeRequired')}
										</button>{' '}
										<button type="submit" name="intent" value="removeLesson" className="button button--secondary" aria-label={`${t('course.removeLesson')}: ${l.title}`}>
											{t('course.removeLesson')}
										</button>
									</Form>
								</>
							) : null}
						</li>
					))}
				</ol>
				{d.can.edit ? (
					<>
						<p className="field__hint">{t('course.removeHint')}</p>
						<p className="field__hint">{t('course.requiredHint')}</p>
						<h3 id="add-lesson-title">{t('course.addLesson')}</h3>
						<Form method="post" className="editor" noValidate aria-labelledby="add-lesson-title">
							<input type="hidden" name="intent" value="addLesson" />
							<TextField name="lessonSlug" label={t('course.lessonSlug')} hint={t('course.lessonSlugHint')} value={v.lessonSlug} errors={e.lessonSlug} />
							<TextField name="lessonTitleKk" lang="kk" label={t('course.lessonTitleKk')} value={v.lessonTitleKk} errors={e.lessonTitleKk} />
							<TextField name="lessonTitleRu" lang="ru" label={t('course.lessonTitleRu')} value={v.lessonTitleRu} errors={e.lessonTitleRu} />
							<button type="submit" className="button">{t('course.addLessonButton')}</button>
						</Form>
					</>
				) : null}
			</section>
			{d.can.edit ? (
				<section aria-labelledby="quizzes-title">
					<h2 id="quizzes-title">{t('course.quizzes')}</h2>
					<ul>
						<li>
							<Link to={`${base}/quizzes/diagnostic`}>{t('quiz.kind.diagnostic')}</Link> <span className="muted">({t('quiz.questionCount', { count: d.quizzes.diagnostic })})</span>
						</li>
						<li>
							<Link to={`${base}/quizzes/final`}>{t('quiz.kind.final')}</Link> <span className="muted">({t('quiz.questionCount', { count: d.quizzes.final })})</span>
						</li>
					</ul>
				</section>
			) : null}
			{d.can.edit ? (
				<section aria-labelledby="task-title">
					<h2 id="task-title">{t('task.heading')}</h2>
					<p>
						<Link to={`${base}/task`}>{d.task ? t('task.editLink') : t('task.addLink')}</Link>{' '}
						<span className="muted">{d.task ? t('task.summary', { title: d.task.title, count: d.task.criteria }) : t('task.none')}</span>
					</p>
				</section>
			) : null}
			<RevisionHistory revisions={d.revisions} base={base} lang={params.lang} />
		</div>
	)
}
