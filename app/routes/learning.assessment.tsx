import { useTranslation } from 'react-i18next'
import { data, Link } from 'react-router'
import { explanations, publicQuestions, QuizForm } from '#app/components/quiz-form.tsx'
import { requireUser } from '#app/modules/auth/session.server.ts'
import { invariantResponse } from '#app/modules/http/responses.ts'
import { isLocale, pick } from '#app/modules/i18n/locales.ts'
import { answersFromForm, newNonce, quizSubmissionSchema } from '#app/modules/learning/forms.ts'
import { courseProgress } from '#app/modules/learning/lesson-page.server.ts'
import { latestAttempts, submitQuiz } from '#app/modules/learning/progress.server.ts'
import { getPublishedStructure } from '#app/modules/learning/structure.server.ts'
import { followRenamedCourse } from '#app/modules/content/course-slugs.server.ts'
import type { Route } from './+types/learning.assessment.ts'

async function load(params: Route.LoaderArgs['params']) {
	invariantResponse(isLocale(params.lang), 'Not found', { status: 404 })
	invariantResponse(params.kind === 'diagnostic' || params.kind === 'final', 'Not found', { status: 404 })
	const course = await getPublishedStructure(params.slug)
	invariantResponse(course, 'Not found', { status: 404 })
	const quiz = course.quizzes.find((q) => q.kind === params.kind)
	invariantResponse(quiz, 'Not found', { status: 404 })
	return { locale: params.lang, kind: params.kind, course, quiz }
}

export const loader = followRenamedCourse(async ({ request, params }: Route.LoaderArgs) => {
	const user = await requireUser(request)
	const { locale, kind, course, quiz } = await load(params)
	const [progress, attempts] = await Promise.all([courseProgress({ userId: user.id, course }), latestAttempts({ userId: user.id, course })])
	// The score that counts (ADR 010): the best final until completion, the first diagnostic.
	const kept = kind === 'final' ? progress.enrolment?.finalScore : progress.enrolment?.diagnosticScore
	return {
		kind,
		course: { slug: course.slug, title: pick(locale, course.titleKk, course.titleRu), passThreshold: course.passThreshold },
		quiz: { id: quiz.id, questions: publicQuestions(quiz, locale), nonce: newNonce() },
		kept: kept == null ? null : { score: kept, count: attempts.get(quiz.id)?.count ?? 0 },
		left: progress.left,
		completed: Boolean(progress.enrolment?.completedAt),
	}
})

export const action = followRenamedCourse(async ({ request, params }: Route.ActionArgs) => {
	const user = await requireUser(request)
	const { locale, course, quiz } = await load(params)
	const formData = await request.formData()
	const parsed = quizSubmissionSchema.safeParse(Object.fromEntries(formData))
	const answers = answersFromForm(formData)
	if (!parsed.success || !answers || parsed.data.quizId !== quiz.id) {
		return data({ error: 'bad_quiz' as const, feedback: null, completed: false, practice: false, best: null, nonce: newNonce() }, { status: 400 })
	}
	const result = await submitQuiz({ userId: user.id, course, submission: { ...parsed.data, answers }, locale })
	if (result.error) return data({ error: 'bad_quiz' as const, feedback: null, completed: false, practice: false, best: null, nonce: newNonce() }, { status: 400 })
	const notes = explanations(quiz, locale)
	return {
		error: null,
		nonce: newNonce(),
		completed: result.completed ?? false,
		practice: result.practice ?? false,
		best: result.best ?? null,
		feedback: {
			score: result.score ?? 0,
			correct: result.correct ?? 0,
			total: result.total ?? 0,
			// A practice attempt passes or fails nothing.
			passed: result.practice ? 'n/a' : (result.passed ?? 'n/a'),
			results: (result.results ?? []).map((r) => ({ ...r, explanation: notes.get(r.key) ?? '' })),
		},
	}
})

export default function Assessment({ loaderData: d, actionData, params }: Route.ComponentProps) {
	const { t } = useTranslation('learning')
	const base = `/${params.lang}/courses/${d.course.slug}`
	const title = d.kind === 'final' ? t('assessment.finalTitle') : t('assessment.diagnosticTitle')
	// After completion the final is practice only; the attempt that completed the course is not.
	const practice = d.kind === 'final' && d.completed && !actionData?.completed
	return (
		<div className="page reading">
			<title>{`${title} — ${d.course.title} — Ortaq`}</title>
			<nav aria-label={t('lesson.breadcrumbs')} className="breadcrumbs">
				<Link to={`/${params.lang}/courses`}>{t('catalogue.title')}</Link> › <Link to={base}>{d.course.title}</Link>
			</nav>
			<h1>{title}</h1>
			{practice ? (
				<div className="notice notice--success">
					<p>{t('assessment.completedBefore', { score: d.kept?.score ?? 0 })}</p>
					<p>{t('assessment.practiceLead')}</p>
					<p><Link to={`/${params.lang}/my/certificates`}>{t('course.toCertificates')}</Link></p>
				</div>
			) : (
				<p>{d.kind === 'final' ? t('assessment.finalLead', { threshold: d.course.passThreshold }) : t('assessment.diagnosticLead')}</p>
			)}
			{d.kind === 'final' && d.left.lessons > 0 ? (
				<p className="notice notice--info">{t('assessment.lessonsFirst', { count: d.left.lessons })}</p>
			) : null}
			{d.kept && !practice ? (
				<p>{d.kind === 'final' ? t('assessment.bestScore', { score: d.kept.score, count: d.kept.count }) : t('assessment.baselineScore', { score: d.kept.score })}</p>
			) : null}
			{actionData?.completed ? (
				<div className="notice notice--success" role="status">
					<p>{t('assessment.courseCompleted')}</p>
					<p><Link to={`/${params.lang}/my/certificates`}>{t('course.toCertificates')}</Link></p>
				</div>
			) : null}
			{actionData?.error ? <p role="alert" className="notice notice--error">{t(`errors.${actionData.error}`)}</p> : null}
			<QuizForm
				quizId={d.quiz.id}
				nonce={actionData?.nonce ?? d.quiz.nonce}
				questions={d.quiz.questions}
				feedback={actionData?.feedback}
				submitLabel={practice ? t('assessment.practiceSubmit') : t('assessment.submit')}
				passThreshold={d.course.passThreshold}
				practice={practice}
				bestKept={d.kind === 'final' ? (actionData?.best ?? null) : null}
			/>
			{actionData?.feedback && d.kind === 'diagnostic' ? (
				<p><Link className="button" to={base}>{t('assessment.toLessons')}</Link></p>
			) : null}
		</div>
	)
}
