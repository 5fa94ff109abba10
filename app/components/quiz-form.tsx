import { useTranslation } from 'react-i18next'
import { Form } from 'react-router'
import { pick, type Locale } from '#app/modules/i18n/locales.ts'
import type { QuizInfo } from '#app/modules/learning/structure.server.ts'

export type PublicQuestion = {
	key: string
	type: 'single' | 'multiple'
	text: string
	options: { id: string; text: string }[]
}

export type QuizFeedback = {
	score: number
	correct: number
	total: number
	passed: string
	results: { key: string; correct: boolean; chosen: string[]; correctOptions: string[]; explanation: string }[]
}

/** Questions as the learner sees them: no correct flags leave the server. */
export function publicQuestions(quiz: QuizInfo, locale: Locale): PublicQuestion[] {
	return quiz.questions.map((q) => ({
		key: q.key,
		type: q.type,
		text: pick(locale, q.textKk, q.textRu),
		options: q.options.map((o) => ({ id: o.id, text: pick(locale, o.kk, o.ru) })),
	}))
}

export function explanations(quiz: QuizInfo, locale: Locale) {
	return new Map(quiz.questions.map((q) => [q.key, pick(locale, q.explanationKk, q.explanationRu)]))
}

export function QuizForm({
	quizId,
	nonce,
	questions,
	feedback,
	submitLabel,
	headingLevel = 2,
	passThreshold,
	practice = false,
	bestKept = null,
}: {
	quizId: number
	nonce: string
	questions: PublicQuestion[]
	feedback?: QuizFeedback | null
	submitLabel: string
	headingLevel?: 2 | 3
	passThreshold?: number
	/** The feedback is for a practice attempt: nothing was stored. */
	practice?: boolean
	/** The final assessment's kept (best) score, to say a failed attempt did not lose an earlier pass. */
	bestKept?: number | null
}) {
	const { t } = useTranslation('learning')
	const results = new Map(feedback?.results.map((r) => [r.key, r]))
	const Heading = headingLevel === 2 ? 'h3' : 'h4'
	return (
		<Form method="post" className="quiz stack" preventScrollReset>
			<input type="hidden" name="intent" value="quiz" />
			<input type="hidden" name="quizId" value={quizId} />
			<input type="hidden" name="nonce" value={nonce} />
			{feedback ? (
				<div role="status" className={`notice ${practice ? 'notice--info' : feedback.passed === 'no' ? 'notice--error' : 'notice--success'}`}>
					<p>
						<strong>{t('quiz.result', { correct: feedback.correct, total: feedback.total, score: feedback.score })}</strong>
					</p>
					{practice ? <p>{t('quiz.practice')}</p> : null}
					{feedback.passed === 'yes' ? <p>{t('quiz.passed')}</p> : null}
					{feedback.passed === 'no' && bestKept != null && bestKept >= (passThreshold ?? 0) ? (
						<p>{t('quiz.notPassedBestKept', { threshold: passThreshold ?? 0, best: bestKept })}</p>
					) : feedback.passed === 'no' ? (
						<p>{t('quiz.notPassed', { threshold: passThreshold ?? 0 })}</p>
					) : null}
				</div>
			) : null}
			{questions.map((q, index) => {
				const r = results.get(q.key)
				return (
					<fieldset key={q.key} className={`question${r ? (r.correct ? ' question--right' : ' question--wrong') : ''}`}>
						<legend>
							<Heading className="question__title">
								{index + 1}. {q.text}
							</Heading>
						</legend>
						<p className="field__hint">{q.type === 'single' ? t('quiz.single') : t('quiz.multiple')}</p>
						{q.options.map((o) => (
							<label key={o.id} className="choice">
								<input
									type={q.type === 'single' ? 'radio' : 'checkbox'}
									name={`q:${q.key}`}
									value={o.id}
									defaultChecked={r?.chosen.includes(o.id)}
								/>
								<span>
									{o.text}
									{r && r.correctOptions.includes(o.id) ? <span className="badge badge--ok"> {t('quiz.correctOption')}</span> : null}
								</span>
							</label>
						))}
						{r ? (
							<div className="question__feedback">
								<p>
									<strong>{r.correct ? t('quiz.right') : t('quiz.wrong')}</strong>
								</p>
								{r.explanation ? <p>{r.explanation}</p> : null}
							</div>
						) : null}
					</fieldset>
				)
			})}
			<button type="submit" className="button">
				{feedback && !practice ? t('quiz.tryAgain') : submitLabel}
			</button>
		</Form>
	)
}
