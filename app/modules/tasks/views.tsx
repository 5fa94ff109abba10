import { useId, type TextareaHTMLAttributes } from 'react'
import { useTranslation } from 'react-i18next'
import type { PracticalTask } from '#app/db/schema/index.ts'
import { formatDate, formatNumber } from '#app/modules/i18n/format.ts'
import type { Locale } from '#app/modules/i18n/locales.ts'
import { maxPointsOf, paragraphs } from './rubric.ts'

/** Serialisable version of a submission, as the loaders send it. */
export type VersionData = {
	id: number
	number: number
	text: string
	submittedAt: string
	decision: 'accepted' | 'returned' | null
	scores: Record<string, number> | null
	points: number | null
	maxPoints: number | null
	feedback: string
	gradedAt: string | null
	grader: string | null
	task: PracticalTask | null
	files: { id: number; filename: string; mime: string; size: number }[]
}

export function toVersionData(v: { submittedAt: Date; gradedAt: Date | null } & Omit<VersionData, 'submittedAt' | 'gradedAt'>): VersionData {
	return { ...v, submittedAt: v.submittedAt.toISOString(), gradedAt: v.gradedAt?.toISOString() ?? null }
}

export function TaskInstructions({ task, lang }: { task: PracticalTask; lang: Locale }) {
	const { t } = useTranslation('tasks')
	const what = task.submit.text && task.submit.files ? 'both' : task.submit.text ? 'text' : 'files'
	return (
		<section aria-labelledby="task-instructions">
			<h2 id="task-instructions">{t('task.instructions')}</h2>
			{paragraphs(task.instructions[lang]).map((p, i) => (
				<p key={i} className="task-paragraph">{p}</p>
			))}
			<p>{t(`task.submitWhat.${what}`)}</p>
			<p>{task.requiredForCertificate ? t('task.required') : t('task.optional')}</p>
		</section>
	)
}

export function RubricTable({ task, lang, scores }: { task: PracticalTask; lang: Locale; scores?: Record<string, number> | null }) {
	const { t } = useTranslation('tasks')
	const total = maxPointsOf(task)
	return (
		<section aria-labelledby="task-rubric">
			<h2 id="task-rubric">{t('task.rubric')}</h2>
			<div className="table-wrap" role="region" aria-labelledby="task-rubric" tabIndex={0}>
				<table>
					<caption className="visually-hidden">{t('task.rubricCaption')}</caption>
					<thead>
						<tr>
							<th scope="col">{t('task.criterion')}</th>
							<th scope="col">{t('task.description')}</th>
							<th scope="col">{t('task.maxPoints')}</th>
						</tr>
					</thead>
					<tbody>
						{task.criteria.map((c) => (
							<tr key={c.id}>
								<th scope="row">{c.title[lang]}</th>
								<td>{c.description[lang]}</td>
								<td>{scores ? `${scores[c.id] ?? '—'} / ${c.maxPoints}` : t('task.points', { count: c.maxPoints })}</td>
							</tr>
						))}
					</tbody>
				</table>
			</div>
			<p>{t('task.passMark', { points: task.passMark, total })}</p>
		</section>
	)
}

/** Every version, newest first: what was sent, the files, and the tutor's scores and feedback. */
export function VersionHistory({ versions, lang, fileHref }: { versions: VersionData[]; lang: Locale; fileHref: (fileId: number) => string }) {
	const { t } = useTranslation('tasks')
	return (
		<section aria-labelledby="task-history">
			<h2 id="task-history">{t('history.title')}</h2>
			{versions.length === 0 ? <p>{t('history.none')}</p> : null}
			{versions.map((v) => (
				<article key={v.id} className="card task-version" aria-labelledby={`version-${v.id}`}>
					<h3 id={`version-${v.id}`} className="card__title">
						{t('history.version', { number: v.number })}
						{v.decision ? <>{' '}<span className={`badge ${v.decision === 'accepted' ? 'badge--ok' : 'badge--warn'}`}>{t(`status.${v.decision}`)}</span></> : null}
					</h3>
					<p className="muted">{t('history.sentAt', { date: formatDate(v.submittedAt, lang, 'dateTime') })}</p>
					<h4>{t('history.text')}</h4>
					{v.text ? paragraphs(v.text).map((p, i) => <p key={i} className="task-paragraph">{p}</p>) : <p className="muted">{t('history.noText')}</p>}
					{v.files.length ? (
						<>
							<h4>{t('history.files')}</h4>
							<ul>
								{v.files.map((f) => (
									<li key={f.id}>
										<a href={fileHref(f.id)} download>{f.filename}</a> <span className="muted">({t('history.fileSize', { size: formatNumber(Math.max(1, Math.round(f.size / 1024)), lang) })})</span>
									</li>
								))}
							</ul>
						</>
					) : null}
					{v.decision && v.task && v.points != null && v.maxPoints ? (
						<>
							<p><strong>{t('history.score', { points: v.points, total: v.maxPoints, percent: Math.round((v.points * 100) / v.maxPoints) })}</strong></p>
							<h4>{t('history.scores')}</h4>
							<ul>
								{v.task.criteria.map((c) => (
									<li key={c.id}>{c.title[lang]}: {v.scores?.[c.id] ?? '—'} / {c.maxPoints}</li>
								))}
							</ul>
							{v.feedback ? (
								<>
									<h4>{t('history.feedback')}</h4>
									{paragraphs(v.feedback).map((p, i) => <p key={i} className="task-paragraph">{p}</p>)}
								</>
							) : null}
							{v.grader && v.gradedAt ? <p className="muted">{t('history.gradedBy', { name: v.grader, date: formatDate(v.gradedAt, lang, 'dateTime') })}</p> : null}
						</>
					) : (
						<p className="muted">{t('history.notGraded')}</p>
					)}
				</article>
			))}
		</section>
	)
}

/** A labelled textarea with hint and errors (keys of the tasks namespace) wired for screen readers. */
export function TextArea({ label, hint, errors, ...rest }: { label: string; hint?: string; errors?: string[] } & TextareaHTMLAttributes<HTMLTextAreaElement>) {
	const { t } = useTranslation('tasks')
	const id = useId()
	const describedBy = [hint ? `${id}-hint` : null, errors?.length ? `${id}-errors` : null].filter(Boolean).join(' ') || undefined
	return (
		<div className="field">
			<label htmlFor={id}>{label}</label>
			{hint ? <p id={`${id}-hint`} className="field__hint">{hint}</p> : null}
			<textarea id={id} aria-invalid={errors?.length ? true : undefined} aria-describedby={describedBy} {...rest} />
			{errors?.length ? (
				<ul id={`${id}-errors`} className="field__errors">
					{errors.map((e) => <li key={e}>{t(e)}</li>)}
				</ul>
			) : null}
		</div>
	)
}

/** Field errors of the tasks namespace, for the shared Field component (which translates in `validation`). */
export function taskErrors(errors: string[] | undefined) {
	return errors?.map((e) => (e.includes(':') ? e : `tasks:${e}`))
}
