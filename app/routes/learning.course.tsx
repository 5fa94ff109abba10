import { useTranslation } from 'react-i18next'
import { Form, Link, redirect } from 'react-router'
import { OfflineSave } from '#app/components/offline.tsx'
import { RemainingText } from '#app/components/remaining.tsx'
import { assignmentsForTeacher } from '#app/modules/assignments/assignments.server.ts'
import { AssignedLine } from '#app/modules/assignments/views.tsx'
import { getUser, requireUser } from '#app/modules/auth/session.server.ts'
import { invariantResponse } from '#app/modules/http/responses.ts'
import { isLocale, pick } from '#app/modules/i18n/locales.ts'
import { languagesOf } from '#app/modules/learning/catalogue.server.ts'
import { courseProgress, documentHtml } from '#app/modules/learning/lesson-page.server.ts'
import { enrol, latestAttempts } from '#app/modules/learning/progress.server.ts'
import { getPublishedStructure, lessonTitle } from '#app/modules/learning/structure.server.ts'
import { followRenamedCourse } from '#app/modules/content/course-slugs.server.ts'
import type { Route } from './+types/learning.course.ts'

export const loader = followRenamedCourse(async ({ request, params }: Route.LoaderArgs) => {
	invariantResponse(isLocale(params.lang), 'Not found', { status: 404 })
	const locale = params.lang
	const course = await getPublishedStructure(params.slug)
	invariantResponse(course, 'Not found', { status: 404 })
	const user = await getUser(request)
	const overviewHash = pick(locale, course.overviewHashKk, course.overviewHashRu) ?? pick(locale, course.overviewHashRu, course.overviewHashKk)
	const [overview, progress, attempts, assigned] = await Promise.all([
		overviewHash ? documentHtml({ hash: overviewHash, locale }) : Promise.resolve(null),
		user ? courseProgress({ userId: user.id, course }) : Promise.resolve(null),
		user ? latestAttempts({ userId: user.id, course }) : Promise.resolve(null),
		user ? assignmentsForTeacher({ userId: user.id, courseId: course.courseId }) : Promise.resolve([]),
	])
	// After the last lesson is marked as done, the redirect names it (?done=slug).
	const doneSlug = new URL(request.url).searchParams.get('done')
	const markedDone = course.lessons.find((l) => l.slug === doneSlug && progress?.done.has(l.id))
	const diagnostic = course.quizzes.find((q) => q.kind === 'diagnostic')
	const final = course.quizzes.find((q) => q.kind === 'final')
	return {
		signedIn: Boolean(user),
		now: new Date().toISOString(),
		// Soonest due first (ADR 015): what the teacher was assigned this course by, and when it is due.
		assignments: assigned.map((a) => ({ id: a.id, by: a.by, dueOn: a.dueOn, note: a.note, completed: a.completed })),
		course: {
			slug: course.slug,
			title: pick(locale, course.titleKk, course.titleRu),
			summary: pick(locale, course.summaryKk, course.summaryRu),
			hours: course.hours,
			passThreshold: course.passThreshold,
			topic: course.topic,
			languages: languagesOf(course),
			requiredCount: course.lessons.filter((l) => l.required).length,
		},
		overview,
		lessons: course.lessons.map((l) => ({
			slug: l.slug,
			title: lessonTitle(l, locale),
			minutes: (l.versions[locale] ?? l.versions.kk ?? l.versions.ru)?.minutes ?? null,
			required: l.required,
			missingHere: !l.versions[locale],
			done: progress?.done.has(l.id) ?? false,
		})),
		// The practical task (ADR 018): its own page; the status when the learner has one.
		task: course.task
			? { title: pick(locale, course.task.title.kk, course.task.title.ru), required: course.task.requiredForCertificate, status: progress && progress.taskStatus !== 'unknown' ? progress.taskStatus : null }
			: null,
		enrolled: Boolean(progress?.enrolment),
		completed: Boolean(progress?.enrolment?.completedAt),
		left: progress?.left ?? null,
		resume: progress?.resume ? progress.resume.slug : null,
		markedDone: markedDone ? lessonTitle(markedDone, locale) : null,
		// The first diagnostic is the baseline the reports compare with, so that is the score shown.
		diagnostic: diagnostic ? { taken: attempts?.has(diagnostic.id) ?? false, score: progress?.enrolment?.diagnosticScore ?? null } : null,
		final: final ? { attempts: attempts?.get(final.id)?.count ?? 0, best: progress?.enrolment?.finalScore ?? null } : null,
	}
})

export const action = followRenamedCourse(async ({ request, params }: Route.ActionArgs) => {
	const user = await requireUser(request)
	invariantResponse(isLocale(params.lang), 'Not found', { status: 404 })
	const course = await getPublishedStructure(params.slug)
	invariantResponse(course, 'Not found', { status: 404 })
	await enrol({ userId: user.id, course, locale: params.lang })
	const first = course.quizzes.some((q) => q.kind === 'diagnostic')
		? `/${params.lang}/courses/${course.slug}/assessment/diagnostic`
		: `/${params.lang}/courses/${course.slug}/lessons/${course.lessons[0]?.slug ?? ''}`
	return redirect(first)
})

export default function Course({ loaderData: d, params }: Route.ComponentProps) {
	const { t } = useTranslation('learning')
	const { t: tt } = useTranslation('tasks')
	const base = `/${params.lang}/courses/${d.course.slug}`
	return (
		<div className="page">
			<title>{d.markedDone ? `${t('lesson.markedDoneTitle')} — ${d.course.title} — Ortaq` : `${d.course.title} — Ortaq`}</title>
			{/* A course is saved for offline learning from here (ADR 014); lesson pages do not link the manifest. */}
			<link rel="manifest" href={`/${params.lang}/manifest.webmanifest`} />
			<nav aria-label={t('lesson.breadcrumbs')} className="breadcrumbs">
				<Link to={`/${params.lang}/courses`}>{t('catalogue.title')}</Link>
			</nav>
			{d.markedDone ? <p className="notice notice--success" role="status">{t('lesson.markedDone', { title: d.markedDone })}</p> : null}
			<h1>{d.course.title}</h1>
			<p className="lead">{d.course.summary}</p>
			{d.assignments.map((a) => (
				<div key={a.id} className="notice">
					<p><AssignedLine a={a} lang={params.lang === 'ru' ? 'ru' : 'kk'} now={new Date(d.now)} /></p>
					{a.note ? <p>{a.note}</p> : null}
				</div>
			))}
			<dl className="facts">
				<dt>{t('course.hours')}</dt>
				<dd>{t('course.hoursValue', { count: d.course.hours })}</dd>
				<dt>{t('course.languages')}</dt>
				<dd>{d.course.languages.map((l) => t(`languages.${l}`)).join(', ')}</dd>
				<dt>{t('course.certificate')}</dt>
				<dd>{t('course.requirement', { count: d.course.requiredCount, threshold: d.course.passThreshold })}</dd>
			</dl>
			<section aria-labelledby="status-title" className="course-status">
				<h2 id="status-title">{t('course.yourProgress')}</h2>
				{!d.signedIn ? (
					<p>
						<Link className="button" to={`/${params.lang}/login?redirectTo=${encodeURIComponent(base)}`}>{t('course.loginToEnrol')}</Link>
					</p>
				) : !d.enrolled ? (
					<Form method="post">
						<button type="submit" className="button">{t('course.enrol')}</button>
					</Form>
				) : (
					<>
						<p className={d.completed ? 'notice notice--success' : undefined}>
							{d.left ? <RemainingText left={d.left} /> : null}
						</p>
						<p className="course-actions">
							{d.resume ? <Link className="button" to={`${base}/lessons/${d.resume}`}>{t('course.continue')}</Link> : null}
							{d.diagnostic && !d.diagnostic.taken ? (
								<Link className="button button--secondary" to={`${base}/assessment/diagnostic`}>{t('course.takeDiagnostic')}</Link>
							) : null}
							{d.final && !d.completed ? (
								<Link className={d.left?.lessons === 0 ? 'button' : 'button button--secondary'} to={`${base}/assessment/final`}>
									{t('course.takeFinal')}
								</Link>
							) : null}
							{d.completed ? <Link className="button" to={`/${params.lang}/my/certificates`}>{t('course.toCertificates')}</Link> : null}
						</p>
						{d.diagnostic && !d.diagnostic.taken && !d.completed ? <p className="field__hint">{t('course.diagnosticOptional')}</p> : null}
						{d.diagnostic?.taken ? <p>{t('course.diagnosticScore', { score: d.diagnostic.score })}</p> : null}
						{d.final?.best != null ? <p>{t('course.finalBest', { score: d.final.best, count: d.final.attempts })}</p> : null}
					</>
				)}
			</section>
			{d.task ? (
				<section aria-labelledby="task-title">
					<h2 id="task-title">{d.task.title}</h2>
					<p>
						{tt(d.task.required ? 'task.required' : 'task.optional')}{' '}
						{d.signedIn ? <>{tt('task.yourStatus')}: {tt(`status.${d.task.status ?? 'none'}`)}.</> : null}
					</p>
					<p>
						<Link className={d.task.status === 'returned' ? 'button' : 'button button--secondary'} to={`${base}/task`}>{tt('task.open')}</Link>
					</p>
				</section>
			) : null}
			{d.enrolled ? <OfflineSave lang={params.lang === 'ru' ? 'ru' : 'kk'} slug={d.course.slug} /> : null}
			<section aria-labelledby="outline-title">
				<h2 id="outline-title">{t('course.outline')}</h2>
				<ol className="outline outline--wide">
					{d.lessons.map((l) => (
						<li key={l.slug}>
							{d.signedIn ? <Link to={`${base}/lessons/${l.slug}`}>{l.title}</Link> : <span>{l.title}</span>}
							{/* The spaces stand outside the badges: an inline-block drops its own leading space from the text a screen reader reads. */}
							{l.minutes ? <span className="muted"> · {t('lesson.minutes', { count: l.minutes })}</span> : null}
							{!l.required ? <>{' '}<span className="badge">{t('course.optional')}</span></> : null}
							{l.missingHere ? <>{' '}<span className="badge badge--warn">{t('course.otherLanguageOnly')}</span></> : null}
							{l.done ? <>{' '}<span className="badge badge--ok">{t('lesson.done')}</span></> : null}
						</li>
					))}
					{d.final ? <li>{t('course.finalAssessment', { threshold: d.course.passThreshold })}</li> : null}
				</ol>
			</section>
			{d.overview ? (
				<section aria-labelledby="about-title">
					<h2 id="about-title">{t('course.about')}</h2>
					<div className="mdx" dangerouslySetInnerHTML={{ __html: d.overview }} />
				</section>
			) : null}
		</div>
	)
}
