import { useTranslation } from 'react-i18next'
import { data, Form, Link, redirect } from 'react-router'
import { RemainingText } from '#app/components/remaining.tsx'
import { explanations, publicQuestions, QuizForm } from '#app/components/quiz-form.tsx'
import { requireUser } from '#app/modules/auth/session.server.ts'
import { invariantResponse } from '#app/modules/http/responses.ts'
import { isLocale, pick } from '#app/modules/i18n/locales.ts'
import { answersFromForm, newNonce, quizSubmissionSchema } from '#app/modules/learning/forms.ts'
import { courseProgress, documentHtml } from '#app/modules/learning/lesson-page.server.ts'
import { completeLesson, submitQuiz, touchLesson } from '#app/modules/learning/progress.server.ts'
import { getPublishedStructure, lessonTitle } from '#app/modules/learning/structure.server.ts'
import type { Route } from './+types/learning.lesson.ts'

/** Lessons are read on slow connections: a cold load ships HTML and CSS only (see root.tsx). */
export const handle = { hydrate: false }

async function load(params: Route.LoaderArgs['params']) {
	invariantResponse(isLocale(params.lang), 'Not found', { status: 404 })
	const course = await getPublishedStructure(params.slug)
	invariantResponse(course, 'Not found', { status: 404 })
	const index = course.lessons.findIndex((l) => l.slug === params.lesson)
	const lesson = course.lessons[index]
	invariantResponse(lesson, 'Not found', { status: 404 })
	return { locale: params.lang, course, lesson, index }
}

export async function loader({ request, params }: Route.LoaderArgs) {
	const user = await requireUser(request)
	const { locale, course, lesson, index } = await load(params)
	const other = locale === 'kk' ? 'ru' : 'kk'
	const shownLocale = lesson.versions[locale] ? locale : other
	const version = lesson.versions[shownLocale]
	invariantResponse(version, 'Not found', { status: 404 })
	const [html, progress] = await Promise.all([documentHtml({ hash: version.hash, locale: shownLocale }), courseProgress({ userId: user.id, course })])
	invariantResponse(html !== null, 'Lesson not compiled', { status: 500 })
	if (progress.enrolment && progress.enrolment.lastLessonId !== lesson.id) {
		await touchLesson({ userId: user.id, courseId: course.courseId, lessonId: lesson.id })
	}
	const quiz = course.quizzes.find((q) => q.kind === 'lesson' && q.lessonId === lesson.id)
	const nav = (i: number) => {
		const l = course.lessons[i]
		return l ? { slug: l.slug, title: lessonTitle(l, locale) } : null
	}
	return {
		course: { slug: course.slug, title: pick(locale, course.titleKk, course.titleRu) },
		lesson: { id: lesson.id, slug: lesson.slug, title: version.title, minutes: version.minutes, done: progress.done.has(lesson.id) },
		shownLocale,
		fallback: shownLocale !== locale,
		html,
		position: index + 1,
		count: course.lessons.length,
		outline: course.lessons.map((l) => ({ slug: l.slug, title: lessonTitle(l, locale), done: progress.done.has(l.id), current: l.id === lesson.id })),
		prev: nav(index - 1),
		next: nav(index + 1),
		left: progress.left,
		quiz: quiz ? { id: quiz.id, questions: publicQuestions(quiz, locale), nonce: newNonce() } : null,
	}
}

export async function action({ request, params }: Route.ActionArgs) {
	const user = await requireUser(request)
	const { locale, course, lesson, index } = await load(params)
	const formData = await request.formData()
	const intent = formData.get('intent')
	if (intent === 'complete') {
		await completeLesson({ userId: user.id, course, lessonId: lesson.id, locale })
		const next = course.lessons[index + 1]
		const target = next ? `/${locale}/courses/${course.slug}/lessons/${next.slug}` : `/${locale}/courses/${course.slug}`
		return redirect(target)
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
}

export default function Lesson({ loaderData, actionData, params }: Route.ComponentProps) {
	const { t } = useTranslation('learning')
	const d = loaderData
	const base = `/${params.lang}/courses/${d.course.slug}`
	return (
		<div className="page lesson-layout">
			<title>{`${d.lesson.title} — ${d.course.title} — Ortaq`}</title>
			<nav aria-label={t('lesson.breadcrumbs')} className="breadcrumbs">
				<Link to={`/${params.lang}/courses`}>{t('catalogue.title')}</Link> › <Link to={base}>{d.course.title}</Link>
			</nav>
			<div className="lesson-grid">
				<article className="lesson" lang={d.shownLocale}>
					<p className="lesson__meta">
						{t('lesson.position', { position: d.position, count: d.count })}
						{d.lesson.minutes ? ` · ${t('lesson.minutes', { count: d.lesson.minutes })}` : null}
					</p>
					<h1>{d.lesson.title}</h1>
					{d.fallback ? (
						<p className="notice notice--info" lang={params.lang}>
							{t('lesson.fallback')}
						</p>
					) : null}
					<div className="mdx" dangerouslySetInnerHTML={{ __html: d.html }} />
				</article>
				<aside className="lesson-aside" aria-labelledby="outline-title">
					<h2 id="outline-title">{t('lesson.outline')}</h2>
					<ol className="outline">
						{d.outline.map((l) => (
							<li key={l.slug} className={l.done ? 'outline__done' : undefined}>
								<Link to={`${base}/lessons/${l.slug}`} aria-current={l.current ? 'page' : undefined}>
									{l.title}
								</Link>
								{l.done ? <span className="visually-hidden"> ({t('lesson.done')})</span> : null}
								{l.done ? <span aria-hidden="true"> ✓</span> : null}
							</li>
						))}
					</ol>
					<p><RemainingText left={d.left} /></p>
				</aside>
			</div>
			{d.quiz ? (
				<section aria-labelledby="quiz-title" className="lesson-quiz">
					<h2 id="quiz-title">{t('lesson.quiz')}</h2>
					{actionData?.error ? <p role="alert" className="notice notice--error">{t(`errors.${actionData.error}`)}</p> : null}
					<QuizForm
						quizId={d.quiz.id}
						nonce={actionData?.nonce ?? d.quiz.nonce}
						questions={d.quiz.questions}
						feedback={actionData?.feedback}
						submitLabel={t('quiz.check')}
					/>
				</section>
			) : null}
			<section className="lesson-complete" aria-labelledby="complete-title">
				<h2 id="complete-title" className="visually-hidden">{t('lesson.markDone')}</h2>
				{d.lesson.done ? (
					<p className="badge badge--ok">{t('lesson.isDone')}</p>
				) : (
					<Form method="post">
						<input type="hidden" name="intent" value="complete" />
						<button type="submit" className="button">{t('lesson.markDone')}</button>
					</Form>
				)}
			</section>
			<nav aria-label={t('lesson.pager')} className="pager">
				{d.prev ? <Link rel="prev" to={`${base}/lessons/${d.prev.slug}`}>← {d.prev.title}</Link> : <span />}
				{d.next ? <Link rel="next" to={`${base}/lessons/${d.next.slug}`}>{d.next.title} →</Link> : <Link to={base}>{t('lesson.backToCourse')}</Link>}
			</nav>
		</div>
	)
}
