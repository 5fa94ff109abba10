import { useTranslation } from 'react-i18next'
import { QuizForm, type PublicQuestion, type QuizFeedback } from './quiz-form.tsx'

export type LessonQuizAnswer = { error: 'bad_quiz' | 'bad_intent' | null; nonce: string; feedback: QuizFeedback | null }

/** The lesson's quiz: questions, and after a post the feedback or the error. */
export function LessonQuiz({ quiz, answer }: { quiz: { id: number; questions: PublicQuestion[]; nonce: string }; answer?: LessonQuizAnswer }) {
	const { t } = useTranslation('learning')
	return (
		<section aria-labelledby="quiz-title" className="lesson-quiz">
			<h2 id="quiz-title">{t('lesson.quiz')}</h2>
			{answer?.error ? <p role="alert" className="notice notice--error">{t(`errors.${answer.error}`)}</p> : null}
			<QuizForm quizId={quiz.id} nonce={answer?.nonce ?? quiz.nonce} questions={quiz.questions} feedback={answer?.feedback} submitLabel={t('quiz.check')} />
		</section>
	)
}
