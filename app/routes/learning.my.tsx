import { useTranslation } from 'react-i18next'
import { Link, useSearchParams } from 'react-router'
import { SavedCourses } from '#app/components/offline.tsx'
import { RemainingText } from '#app/components/remaining.tsx'
import { assignmentsForTeacher } from '#app/modules/assignments/assignments.server.ts'
import { AssignedLine } from '#app/modules/assignments/views.tsx'
import { requireUser } from '#app/modules/auth/session.server.ts'
import { invariantResponse } from '#app/modules/http/responses.ts'
import { isLocale, pick } from '#app/modules/i18n/locales.ts'
import { listMyLearning } from '#app/modules/learning/catalogue.server.ts'
import { courseProgress } from '#app/modules/learning/lesson-page.server.ts'
import type { Route } from './+types/learning.my.ts'

export async function loader({ request, params }: Route.LoaderArgs) {
	const user = await requireUser(request)
	invariantResponse(isLocale(params.lang), 'Not found', { status: 404 })
	const locale = params.lang
	const [rows, assigned] = await Promise.all([listMyLearning({ userId: user.id }), assignmentsForTeacher({ userId: user.id })])
	const items = await Promise.all(
		rows.map(async (r) => {
			const progress = await courseProgress({ userId: user.id, course: r.structure })
			return {
				slug: r.slug,
				title: pick(locale, r.structure.titleKk, r.structure.titleRu),
				done: progress.requiredDone,
				required: progress.requiredCount,
				left: progress.left,
				resume: progress.resume?.slug ?? null,
				completedAt: r.completedAt?.toISOString() ?? null,
				certificateCode: r.certificateCode,
			}
		}),
	)
	const assignments = assigned.map((a) => ({
		id: a.id,
		slug: a.slug,
		title: pick(locale, a.titleKk, a.titleRu),
		by: a.by,
		dueOn: a.dueOn,
		status: a.completed ? ('completed' as const) : a.enrolled ? ('inProgress' as const) : ('notStarted' as const),
		completed: a.completed,
	}))
	return { items, assignments, now: new Date().toISOString() }
}

export default function MyLearning({ loaderData: d, params }: Route.ComponentProps) {
	const { t } = useTranslation('learning')
	const ta = useTranslation('assignments').t
	const lang = params.lang === 'ru' ? 'ru' : 'kk'
	const [search] = useSearchParams()
	return (
		<div className="page">
			<title>{`${t('my.title')} — Ortaq`}</title>
			{/* Where offline learning starts (ADR 014); lesson pages do not link the manifest, to stay light. */}
			<link rel="manifest" href={`/${params.lang}/manifest.webmanifest`} />
			<h1>{t('my.title')}</h1>
			{search.get('passwordChanged') ? <p role="status" className="notice notice--success">{t('my.passwordChanged')}</p> : null}
			{d.assignments.length ? (
				<section aria-labelledby="assigned-title">
					<h2 id="assigned-title">{ta('mine.title')}</h2>
					<p className="muted">{ta('mine.caption')}</p>
					<ul className="cards">
						{d.assignments.map((a) => (
							<li key={a.id} className="card">
								<h3 className="card__title">
									<Link to={`/${params.lang}/courses/${a.slug}`}>{a.title}</Link>
								</h3>
								<p><AssignedLine a={a} lang={lang} now={new Date(d.now)} /></p>
								<p>{ta(`status.${a.status}`)}</p>
							</li>
						))}
					</ul>
				</section>
			) : null}
			{d.items.length === 0 ? (
				<p>
					{t('my.empty')} <Link to={`/${params.lang}/courses`}>{t('my.browse')}</Link>
				</p>
			) : (
				<ul className="cards">
					{d.items.map((c) => (
						<li key={c.slug} className="card">
							<h2 className="card__title">
								<Link to={`/${params.lang}/courses/${c.slug}`}>{c.title}</Link>
							</h2>
							<label className="progress-label">
								{t('my.progress', { done: c.done, total: c.required })}
								<progress className="progress" max={c.required} value={c.done} />
							</label>
							<p>
								<RemainingText left={c.left} />
							</p>
							{c.completedAt ? null : c.resume ? (
								<Link className="button" to={`/${params.lang}/courses/${c.slug}/lessons/${c.resume}`}>{t('my.resume')}</Link>
							) : (
								<Link className="button" to={`/${params.lang}/courses/${c.slug}/assessment/final`}>{t('course.takeFinal')}</Link>
							)}
							{c.certificateCode ? (
								<p><Link to={`/${params.lang}/my/certificates`}>{t('my.certificate')}</Link></p>
							) : null}
						</li>
					))}
				</ul>
			)}
			<SavedCourses lang={lang} />
		</div>
	)
}
