import { diffLines } from 'diff'
import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import type { PracticalTask } from '#app/db/schema/content.ts'
import { Form, Link } from 'react-router'
import { requirePermission } from '#app/modules/auth/session.server.ts'
import { invariantResponse } from '#app/modules/http/responses.ts'
import { isLocale } from '#app/modules/i18n/locales.ts'
import { diffCourseRevisions } from '#app/modules/studio/course-authoring.server.ts'
import { DiffText } from '#app/modules/studio/diff-text.tsx'
import { revisionDiffQuery } from '#app/modules/studio/forms.ts'
import { redirectRenamedCourse } from '#app/modules/content/course-slugs.server.ts'
import type { Route } from './+types/studio.course-diff.ts'

export const loader = redirectRenamedCourse(async ({ request, params }: Route.LoaderArgs) => {
	invariantResponse(isLocale(params.lang), 'Not found', { status: 404 })
	const user = await requirePermission(request, 'author:content:own')
	const q = revisionDiffQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams))
	invariantResponse(q.success, 'Not found', { status: 404 })
	const result = await diffCourseRevisions({ user, slug: params.slug, ...q.data })
	invariantResponse(result, 'Not found', { status: 404 })
	return { ...q.data, slug: params.slug, ...result }
})

const detailLabels = {
	slug: 'course.slug',
	titleKk: 'course.titleKk',
	titleRu: 'course.titleRu',
	summaryKk: 'editor.summary.kk',
	summaryRu: 'editor.summary.ru',
	hours: 'course.hours',
	passThreshold: 'course.passThreshold',
} as const
const langOf = (field: string) => (field.endsWith('Kk') ? 'kk' : field.endsWith('Ru') ? 'ru' : undefined)

/** A task as lines of text in one language, so that a line diff shows what changed in it. */
function taskText(task: PracticalTask | null, locale: 'kk' | 'ru', t: TFunction<'studio'>) {
	if (!task) return ''
	const total = task.criteria.reduce((sum, c) => sum + c.maxPoints, 0)
	const submit = [task.submit.text ? t('task.submitText') : null, task.submit.files ? t('task.submitFiles') : null].filter(Boolean).join(', ')
	return [
		task.title[locale],
		'',
		task.instructions[locale],
		'',
		`${t('task.submit')}: ${submit}`,
		...task.criteria.map((c) => `${t('courseDiff.taskCriterion', { title: c.title[locale], points: c.maxPoints })}: ${c.description[locale]}`),
		t('courseDiff.taskPassMark', { points: task.passMark, total }),
		task.requiredForCertificate ? t('task.required') : t('courseDiff.taskOptional'),
		'',
	].join('\n')
}

type QuizChange = Route.ComponentProps['loaderData']['quizzes'][number]

/** What was and what is, in words as well as in the marks of <del> and <ins>. */
function Changed({ before, after, locale, uiLang }: { before: string | null; after: string; locale?: string; uiLang: string }) {
	const { t } = useTranslation('studio')
	if (before === null) return <span lang={locale}>{after || t('courseDiff.empty')}</span>
	return (
		<>
			<del lang={locale}>
				<span className="visually-hidden" lang={uiLang}>{t('diff.removed')} </span>
				{before || t('courseDiff.empty')}
			</del>{' '}
			<ins lang={locale}>
				<span className="visually-hidden" lang={uiLang}>{t('diff.added')} </span>
				{after || t('courseDiff.empty')}
			</ins>
		</>
	)
}

/** One quiz's changed questions: text, type, options and which are correct, explanation. */
function QuizChanges({ quiz, locale, uiLang }: { quiz: QuizChange; locale: string; uiLang: string }) {
	const { t } = useTranslation('studio')
	const id = `diff-quiz-${quiz.kind}-${quiz.lessonSlug ?? ''}`
	return (
		<section aria-labelledby={id}>
			<h3 id={id}>{quiz.kind === 'lesson' ? t('quiz.lessonTitle', { lesson: quiz.lessonTitle ?? quiz.lessonSlug }) : t(`quiz.kind.${quiz.kind}`)}</h3>
			<p>{t(`courseDiff.quiz${quiz.change === 'added' ? 'Added' : quiz.change === 'removed' ? 'Removed' : 'Changed'}`)}</p>
			{quiz.questions.map((q) => (
				<article key={q.key} aria-labelledby={`${id}-${q.key}`}>
					<h4 id={`${id}-${q.key}`}>{t('courseDiff.question', { key: q.key })}</h4>
					<p>{t(`courseDiff.question${q.change === 'added' ? 'Added' : q.change === 'removed' ? 'Removed' : 'Changed'}`)}</p>
					<dl className="facts">
						<dt>{t('courseDiff.questionText')}</dt>
						<dd>
							<Changed before={q.textBefore} after={q.text} locale={locale} uiLang={uiLang} />
						</dd>
						<dt>{t('courseDiff.questionType')}</dt>
						<dd>{q.typeBefore ? <Changed before={t(`quiz.types.${q.typeBefore}`)} after={t(`quiz.types.${q.type}`)} uiLang={uiLang} /> : t(`quiz.types.${q.type}`)}</dd>
						<dt>{t('courseDiff.options')}</dt>
						<dd>
							<ul>
								{q.options.map((o) => (
									<li key={o.id}>
										{o.change === 'removed' ? (
											<del lang={locale}>{o.text}</del>
										) : o.change === 'added' ? (
											<ins lang={locale}>{o.text}</ins>
										) : (
											<span lang={locale}>{o.text}</span>
										)}{' '}
										— {t(o.correct ? 'courseDiff.correct' : 'courseDiff.incorrect')}
										{o.change !== 'same' ? ` (${t(o.change === 'added' ? 'courseDiff.optionAdded' : 'courseDiff.optionRemoved')})` : null}
										{o.wasCorrect !== null && o.wasCorrect !== o.correct ? ` (${t(o.correct ? 'courseDiff.nowCorrect' : 'courseDiff.nowIncorrect')})` : null}
										{o.before !== null ? (
											<>
												{' ('}
												{t('courseDiff.optionWas', { text: o.before })}
												{')'}
											</>
										) : null}
									</li>
								))}
							</ul>
						</dd>
						{q.explanation || q.explanationBefore ? (
							<>
								<dt>{t('courseDiff.explanation')}</dt>
								<dd>
									<Changed before={q.explanationBefore} after={q.explanation} locale={locale} uiLang={uiLang} />
								</dd>
							</>
						) : null}
					</dl>
				</article>
			))}
		</section>
	)
}

export default function CourseDiff({ loaderData: d, params }: Route.ComponentProps) {
	const { t } = useTranslation('studio')
	const { t: tm } = useTranslation('materials')
	const heading = t('diff.title', { from: d.from, to: d.to })
	return (
		<div className="page page--wide">
			<title>{`${heading} — ${d.title} — Ortaq`}</title>
			<nav aria-label={t('nav.breadcrumbs')} className="breadcrumbs">
				<Link to={`/${params.lang}/studio`}>{t('home.title')}</Link> / <Link to={`/${params.lang}/studio/courses/${d.slug}`}>{d.title}</Link>
			</nav>
			<h1>{heading}</h1>
			<Form method="get" className="filters">
				<input type="hidden" name="from" value={d.from} />
				<input type="hidden" name="to" value={d.to} />
				<div className="field">
					<label htmlFor="f-locale">{t('diff.language')}</label>
					<select id="f-locale" name="locale" defaultValue={d.locale}>
						<option value="kk">{tm('languages.kk')}</option>
						<option value="ru">{tm('languages.ru')}</option>
					</select>
				</div>
				<button type="submit" className="button">{t('diff.show')}</button>
			</Form>
			<p role="status">{d.changed ? t('diff.legend') : t('courseDiff.nothing')}</p>
			<section aria-labelledby="diff-details">
				<h2 id="diff-details">{t('courseDiff.details')}</h2>
				{d.details.length ? (
					<div className="table-wrap">
						<table>
							<caption>{t('courseDiff.detailsCaption')}</caption>
							<thead>
								<tr>
									<th scope="col">{t('courseDiff.field')}</th>
									<th scope="col">{t('courseDiff.before')}</th>
									<th scope="col">{t('courseDiff.after')}</th>
								</tr>
							</thead>
							<tbody>
								{d.details.map((c) => (
									<tr key={c.field}>
										<th scope="row">{t(detailLabels[c.field])}</th>
										<td lang={langOf(c.field)}>
											<del>{c.before || t('courseDiff.empty')}</del>
										</td>
										<td lang={langOf(c.field)}>
											<ins>{c.after || t('courseDiff.empty')}</ins>
										</td>
									</tr>
								))}
							</tbody>
						</table>
					</div>
				) : (
					<p>{t('courseDiff.detailsSame')}</p>
				)}
				<h3>{t(d.locale === 'kk' ? 'course.overviewKk' : 'course.overviewRu')}</h3>
				{d.overview.changed ? <DiffText parts={d.overview.parts} locale={d.locale} uiLang={params.lang} /> : <p>{t('courseDiff.overviewSame')}</p>}
			</section>
			<section aria-labelledby="diff-task">
				<h2 id="diff-task">{t('task.heading')}</h2>
				{d.task.changed ? (
					<DiffText
						parts={diffLines(taskText(d.task.before, d.locale, t), taskText(d.task.after, d.locale, t)).map((p) => ({ kind: p.added ? 'added' : p.removed ? 'removed' : 'same', text: p.value }))}
						locale={d.locale}
						uiLang={params.lang}
					/>
				) : (
					<p>{t('courseDiff.taskSame')}</p>
				)}
			</section>
			<section aria-labelledby="diff-quizzes">
				<h2 id="diff-quizzes">{t('courseDiff.quizzes')}</h2>
				{d.quizzes.length ? null : <p>{t('courseDiff.quizzesSame')}</p>}
				{d.quizzes.map((q) => (
					<QuizChanges key={`${q.kind}-${q.lessonSlug ?? ''}`} quiz={q} locale={d.locale} uiLang={params.lang} />
				))}
			</section>
			{d.lessons.map((l) => (
				<section key={l.slug} aria-labelledby={`diff-${l.slug}`}>
					<h2 id={`diff-${l.slug}`} lang={d.locale}>
						{l.title}
					</h2>
					<p>{t(`courseDiff.${l.change === 'same' ? 'unchanged' : l.change}`)}</p>
					{l.required ? <p>{t(`courseDiff.${l.required}`)}</p> : null}
					{l.change === 'same' ? null : (
						<DiffText parts={l.parts} locale={d.locale} uiLang={params.lang} />
					)}
				</section>
			))}
		</div>
	)
}
