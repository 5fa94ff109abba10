import { useTranslation } from 'react-i18next'
import { Form, Link } from 'react-router'
import { formatDate } from '#app/modules/i18n/locales.ts'
import { CommentList, ReviewForm, type ReviewComment } from './editor.tsx'

/** The reviewers' comments on every revision and, for a reviewer of a submission, the form to approve or return it. */
export function ReviewPanel({ comments, lang, canReview, comment, errors }: { comments: ReviewComment[]; lang: string; canReview: boolean; comment?: string; errors?: string[] }) {
	return (
		<>
			<CommentList comments={comments} lang={lang} />
			{canReview ? <ReviewForm comment={comment} errors={errors} /> : null}
		</>
	)
}

/** The author's box under a draft that sends it to review (the action's intent `submit`). */
export function SubmitForReviewForm() {
	const { t } = useTranslation('studio')
	return (
		<Form method="post" className="submit-box">
			<input type="hidden" name="intent" value="submit" />
			<p className="field__hint">{t('material.submitHint')}</p>
			<button type="submit" className="button">{t('material.submit')}</button>
		</Form>
	)
}

/** The button that opens a new draft of a published course or material (the action's intent `revise`). */
export function StartRevisionForm({ hint }: { hint: string }) {
	const { t } = useTranslation('studio')
	return (
		<Form method="post">
			<input type="hidden" name="intent" value="revise" />
			<p className="field__hint">{hint}</p>
			<button type="submit" className="button button--secondary">{t('material.revise')}</button>
		</Form>
	)
}

export type HistoryRevision = { number: number; status: string; authorName: string | null; createdAt: string }

/** The revisions of a course or material, newest first, each with a link to its diff from the one before. */
export function RevisionHistory({ revisions, base, lang }: { revisions: HistoryRevision[]; base: string; lang: string }) {
	const { t } = useTranslation('studio')
	return (
		<section aria-labelledby="history-title">
			<h2 id="history-title">{t('history.title')}</h2>
			<div className="table-wrap">
				<table>
					<caption>{t('history.caption')}</caption>
					<thead>
						<tr>
							<th scope="col">{t('list.revision')}</th>
							<th scope="col">{t('list.status')}</th>
							<th scope="col">{t('list.author')}</th>
							<th scope="col">{t('history.created')}</th>
							<th scope="col">{t('history.changes')}</th>
						</tr>
					</thead>
					<tbody>
						{revisions.map((r) => (
							<tr key={r.number}>
								<th scope="row">{r.number}</th>
								<td>{t(`status.${r.status}`)}</td>
								<td>{r.authorName ?? t('list.contentFolder')}</td>
								<td>{formatDate(r.createdAt, lang === 'kk' ? 'kk' : 'ru', 'dateTime')}</td>
								<td>
									{r.number > 1 ? (
										<Link to={`${base}/diff?from=${r.number - 1}&to=${r.number}&locale=${lang}`}>{t('history.diff', { from: r.number - 1, to: r.number })}</Link>
									) : (
										'—'
									)}
								</td>
							</tr>
						))}
					</tbody>
				</table>
			</div>
		</section>
	)
}
