import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { requirePermission } from '#app/modules/auth/session.server.ts'
import { invariantResponse } from '#app/modules/http/responses.ts'
import { isLocale, pick } from '#app/modules/i18n/locales.ts'
import { courseTranslationStatus } from '#app/modules/studio/course-translations.server.ts'
import { translationStatus } from '#app/modules/studio/materials.server.ts'
import type { Route } from './+types/studio.translations.ts'

export async function loader({ request, params }: Route.LoaderArgs) {
	invariantResponse(isLocale(params.lang), 'Not found', { status: 404 })
	await requirePermission(request, 'author:content:own')
	const locale = params.lang
	const [rows, courseRows] = await Promise.all([translationStatus(), courseTranslationStatus()])
	const courses = courseRows.map((c) => ({
		slug: c.slug,
		title: pick(locale, c.titleKk, c.titleRu),
		lessons: c.lessons.map((l) => ({ ...l, title: pick(locale, l.titles.kk, l.titles.ru) ?? l.titles.kk ?? l.titles.ru ?? l.slug })),
	}))
	const lessonsLackingKazakh = courses.flatMap((c) => c.lessons.filter((l) => !l.has.kk).map((l) => ({ course: c.title, courseSlug: c.slug, ...l })))
	return { rows, lackingKazakh: rows.filter((r) => !r.has.kk), courses, lessonsLackingKazakh }
}

export default function Translations({ loaderData: d, params }: Route.ComponentProps) {
	const { t } = useTranslation('studio')
	const cell = (has: boolean, outdated: boolean) => (
		<span className={`badge ${!has ? 'badge--warn' : outdated ? 'badge--warn' : 'badge--ok'}`}>
			{!has ? t('translations.missing') : outdated ? t('translations.outdated') : t('translations.upToDate')}
		</span>
	)
	return (
		<div className="page">
			<title>{`${t('translations.title')} — Ortaq`}</title>
			<nav aria-label={t('nav.breadcrumbs')} className="breadcrumbs">
				<Link to={`/${params.lang}/studio`}>{t('home.title')}</Link>
			</nav>
			<h1>{t('translations.title')}</h1>
			<p className="lead">{t('translations.lead')}</p>
			<div className="table-wrap">
				<table>
					<caption>{t('translations.caption')}</caption>
					<thead>
						<tr>
							<th scope="col">{t('list.title')}</th>
							<th scope="col">{t('list.status')}</th>
							<th scope="col">{t('translations.kk')}</th>
							<th scope="col">{t('translations.ru')}</th>
						</tr>
					</thead>
					<tbody>
						{d.rows.map((r) => (
							<tr key={r.slug}>
								<th scope="row">
									<Link to={`/${params.lang}/studio/materials/${r.slug}`}>{r.title}</Link>
								</th>
								<td>{t(`status.${r.status}`)}</td>
								<td>{cell(r.has.kk, r.outdated.kk)}</td>
								<td>{cell(r.has.ru, r.outdated.ru)}</td>
							</tr>
						))}
					</tbody>
				</table>
			</div>
			<section aria-labelledby="course-translations-title">
				<h2 id="course-translations-title">{t('translations.coursesTitle')}</h2>
				<p>{t('translations.coursesLead')}</p>
				{d.courses.map((c) => (
					<div className="table-wrap" key={c.slug}>
						<table>
							<caption>{t('translations.coursesCaption', { course: c.title })}</caption>
							<thead>
								<tr>
									<th scope="col">{t('translations.lesson')}</th>
									<th scope="col">{t('translations.kk')}</th>
									<th scope="col">{t('translations.ru')}</th>
								</tr>
							</thead>
							<tbody>
								{c.lessons.map((l) => (
									<tr key={l.slug}>
										<th scope="row">{l.title}</th>
										<td>{cell(l.has.kk, l.outdated.kk)}</td>
										<td>{cell(l.has.ru, l.outdated.ru)}</td>
									</tr>
								))}
							</tbody>
						</table>
					</div>
				))}
				<h3>{t('translations.lackingKazakhLessons')}</h3>
				{d.lessonsLackingKazakh.length ? (
					<ul>
						{d.lessonsLackingKazakh.map((l) => (
							<li key={`${l.courseSlug}/${l.slug}`}>
								{l.course}: {l.title}
							</li>
						))}
					</ul>
				) : (
					<p>{t('translations.allKazakhLessons')}</p>
				)}
			</section>
			<section aria-labelledby="lacking-title">
				<h2 id="lacking-title">{t('translations.lackingKazakh')}</h2>
				{d.lackingKazakh.length ? (
					<ul>
						{d.lackingKazakh.map((r) => (
							<li key={r.slug}>
								<Link to={`/${params.lang}/studio/materials/${r.slug}`}>{r.title}</Link>
							</li>
						))}
					</ul>
				) : (
					<p>{t('translations.allKazakh')}</p>
				)}
			</section>
		</div>
	)
}
