import { useTranslation } from 'react-i18next'
import { Form, Link } from 'react-router'
import { requireUser } from '#app/modules/auth/session.server.ts'
import { invariantResponse } from '#app/modules/http/responses.ts'
import { formatDate } from '#app/modules/i18n/format.ts'
import { isLocale, pick } from '#app/modules/i18n/locales.ts'
import reportCss from '#app/modules/reporting/reporting.css?url'
import { queueFilters } from '#app/modules/tasks/forms.ts'
import { listQueue, queueCourses, tutorOf } from '#app/modules/tasks/tasks.server.ts'
import type { Route } from './+types/tasks.queue.ts'

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: reportCss }]

/** A table, a GET filter and links: plain HTML (ADR 008). */
export const handle = { hydrate: false }

/** The tutor's queue of practical tasks in her scope (ADR 018): waiting ones first, the oldest first. */
export async function loader({ request, params }: Route.LoaderArgs) {
	const lang = params.lang
	invariantResponse(isLocale(lang), 'Not found', { status: 404 })
	const user = await requireUser(request)
	const tutor = tutorOf(user)
	invariantResponse(tutor, 'Forbidden', { status: 403 })
	const url = new URL(request.url)
	const filters = queueFilters.parse(Object.fromEntries(url.searchParams))
	const waitingOnly = filters.status !== 'all'
	const [rows, courses] = await Promise.all([listQueue({ tutor, courseSlug: filters.course, waitingOnly }), queueCourses({ tutor })])
	return {
		filters: { course: filters.course ?? '', status: waitingOnly ? 'waiting' : 'all' },
		courses: courses.map((c) => ({ slug: c.slug, title: pick(lang, c.titleKk, c.titleRu) })),
		rows: rows.map((r) => ({
			id: r.id,
			status: r.status,
			versions: r.versions,
			submittedAt: r.submittedAt.toISOString(),
			scorePercent: r.scorePercent,
			teacher: r.teacher,
			school: pick(lang, r.schoolKk ?? '', r.schoolRu ?? ''),
			course: pick(lang, r.titleKk, r.titleRu),
		})),
	}
}

export default function TaskQueue({ loaderData: d, params }: Route.ComponentProps) {
	const { t } = useTranslation('tasks')
	const lang = params.lang === 'ru' ? 'ru' : 'kk'
	return (
		<div className="page report">
			<title>{`${t('queue.title')} — Ortaq`}</title>
			<h1>{t('queue.title')}</h1>
			<p>{t('queue.lead')}</p>
			<Form method="get" className="filters" aria-label={t('queue.filters')}>
				<div className="field">
					<label htmlFor="queue-course">{t('queue.course')}</label>
					<select id="queue-course" name="course" defaultValue={d.filters.course}>
						<option value="">{t('queue.allCourses')}</option>
						{d.courses.map((c) => (
							<option key={c.slug} value={c.slug}>{c.title}</option>
						))}
					</select>
				</div>
				<div className="field">
					<label htmlFor="queue-status">{t('queue.show')}</label>
					<select id="queue-status" name="status" defaultValue={d.filters.status}>
						<option value="waiting">{t('queue.waiting')}</option>
						<option value="all">{t('queue.all')}</option>
					</select>
				</div>
				<button type="submit" className="button">{t('queue.apply')}</button>
			</Form>
			{d.rows.length === 0 ? (
				<p>{t('queue.empty')}</p>
			) : (
				<div className="table-wrap" role="region" aria-label={t('queue.caption')} tabIndex={0}>
					<table>
						<caption className="visually-hidden">{t('queue.caption')}</caption>
						<thead>
							<tr>
								<th scope="col">{t('queue.teacher')}</th>
								<th scope="col">{t('queue.school')}</th>
								<th scope="col">{t('queue.course')}</th>
								<th scope="col">{t('queue.status')}</th>
								<th scope="col">{t('queue.version')}</th>
								<th scope="col">{t('queue.submittedAt')}</th>
								<th scope="col">{t('queue.score')}</th>
							</tr>
						</thead>
						<tbody>
							{d.rows.map((r) => (
								<tr key={r.id}>
									<th scope="row"><Link to={`/${lang}/tasks/${r.id}`}>{r.teacher}</Link></th>
									<td>{r.school}</td>
									<td>{r.course}</td>
									<td>{t(`status.${r.status}`)}</td>
									<td>{r.versions}</td>
									<td>{formatDate(r.submittedAt, lang, 'dateTime')}</td>
									<td>{r.scorePercent ?? '—'}</td>
								</tr>
							))}
						</tbody>
					</table>
				</div>
			)}
		</div>
	)
}
