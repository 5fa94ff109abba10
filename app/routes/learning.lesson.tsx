import { useTranslation } from 'react-i18next'
import { data, redirect } from 'react-router'
import { LessonQuiz } from '#app/components/lesson-quiz.tsx'
import { explanations } from '#app/components/quiz-form.tsx'
import { requireUser } from '#app/modules/auth/session.server.ts'
import { isLocale } from '#app/modules/i18n/locales.ts'
import { answersFromForm, newNonce, quizSubmissionSchema } from '#app/modules/learning/forms.ts'
import { lessonBottomHtml, lessonPageTitle, lessonTopHtml } from '#app/modules/learning/lesson-markup.ts'
import { findLesson, lessonPageData } from '#app/modules/learning/lesson-page.server.ts'
import { completeLesson, submitQuiz } from '#app/modules/learning/progress.server.ts'
import { followRenamedCourse } from '#app/modules/content/course-slugs.server.ts'
import type { Route } from './+types/learning.lesson.ts'

/** Lessons are read on slow connections: a cold load ships HTML and CSS only (see root.tsx). */
export const handle = { hydrate: false }

export const loader = followRenamedCourse(async ({ request, params }: Route.LoaderArgs) => {
	const user = await requireUser(request)
	const page = await lessonPageData(user, params)
	// After "mark as done" the redirect names the lesson (?done=slug): confirm it if it is done.
	const done = new URL(request.url).searchParams.get('done')
	return { ...page, markedDone: page.outline.find((l) => l.slug === done && l.done)?.title ?? null }
})

export const action = followRenamedCourse(async ({ request, params }: Route.ActionArgs) => {
	const user = await requireUser(request)
	const { locale, course, lesson, index } = await findLesson(params)
	const formData = await request.formData()
	const intent = formData.get('intent')
	if (intent === 'complete') {
		await completeLesson({ userId: user.id, course, lessonId: lesson.id, locale })
		const next = course.lessons[index + 1]
		const target = next ? `/${locale}/courses/${course.slug}/lessons/${next.slug}` : `/${locale}/courses/${course.slug}`
		return redirect(`${target}?done=${lesson.slug}`)
	}
	if (intent === 'quiz') {
		const parsed = quizSubmissionSchema.safeParse(Object.fromEntries(formData))
		const answers = answersFromForm(formData)
		const quiz = course.quizzes.find((q) => q.kind === 'lesson' && q.lessonId === lesson.id)
		if (!parsed.success || !answers || !quiz || parsed.data.quizId !== quiz.id) {
			return data({ error: 'bad_quiz' as const, feedback: null, nonce: newNonce() }, { status: 400 })
		}
		const result = await submitQuiz({ userId: user.id, course, submission: { ...parsed.data, answers }, locale })
		if (result.error) return data({ error: 'bad_quiz' as const, feedback: null, nonce: newNonce() }, { status: 400 })
		const notes = explanations(quiz, locale)
		return {
			error: null,
			nonce: newNonce(),
			feedback: {
				score: result.score ?? 0,
				correct: result.correct ?? 0,
				total: result.total ?? 0,
				passed: result.passed ?? 'n/a',
				results: (result.results ?? []).map((r) => ({ ...r, explanation: notes.get(r.key) ?? '' })),
			},
		}
	}
	return data({ error: 'bad_intent' as const, feedback: null, nonce: newNonce() }, { status: 400 })
})

export default function Lesson({ loaderData, actionData, params }: Route.ComponentProps) {
	const { t } = useTranslation('learning')
	const d = loaderData
	const lang = isLocale(params.lang) ? params.lang : 'kk'
	// The markup outside the quiz comes from the same functions as the direct lesson path (ADR 009).
	return (
		<div className="page lesson-layout">
			<title>{d.markedDone ? `${t('lesson.markedDoneTitle')} — ${lessonPageTitle(d)}` : lessonPageTitle(d)}</title>
			<div className="contents" dangerouslySetInnerHTML={{ __html: lessonTopHtml(d, t, lang).value }} />
			{d.quiz ? <LessonQuiz quiz={d.quiz} answer={actionData} /> : null}
			<div className="contents" dangerouslySetInnerHTML={{ __html: lessonBottomHtml(d, t, lang).value }} />
		</div>
	)
}
