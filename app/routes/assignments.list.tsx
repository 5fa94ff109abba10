import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { loadAssignmentList } from '#app/modules/assignments/page.server.ts'
import { daysLeftText, dueDate, targetText } from '#app/modules/assignments/views.tsx'
import { isLocale, pick } from '#app/modules/i18n/locales.ts'
import reportCss from '#app/modules/reporting/reporting.css?url'
import type { Route } from './+types/assignments.list.ts'

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: reportCss }]

/** Tables and links: plain HTML (ADR 008). */
export const handle = { hydrate: false }

export async function loader({ request }: Route.LoaderArgs) {
	return loadAssignmentList(request)
}

export default function AssignmentList({ loaderData: d, params }: Route.ComponentProps) {
	const { t } = useTranslation('assignments')
	const lang = isLocale(params.lang) ? params.lang : 'kk'
	const now = new Date(d.now)
	return (
		<div className="page report">
			<title>{`${t('list.title')} — Ortaq`}</title>
			<h1>{t('list.title')}</h1>
			<p>{t('list.intro')}</p>
			<p><Link className="button" to={`/${lang}/assignments/new`}>{t('list.new')}</Link></p>
			{d.assignments.length === 0 ? (
				<p>{t('list.empty')}</p>
			) : (
				<div className="table-wrap" role="region" aria-label={t('list.title')} tabIndex={0}>
					<table>
						<caption className="visually-hidden">{t('list.caption')}</caption>
						<thead>
							<tr>
								<th scope="col">{t('columns.course')}</th>
								<th scope="col">{t('columns.by')}</th>
								<th scope="col">{t('columns.target')}</th>
								<th scope="col">{t('columns.due')}</th>
							</tr>
						</thead>
						<tbody>
							{d.assignments.map((a) => (
								<tr key={a.id}>
									<th scope="row"><Link to={`/${lang}/assignments/${a.id}`}>{pick(lang, a.titleKk, a.titleRu)}</Link></th>
									<td>{pick(lang, a.by.nameKk, a.by.nameRu)}</td>
									<td>{targetText(t, a)}</td>
									<td>{dueDate(a.dueOn, lang)} ({daysLeftText(t, a.dueOn, now)})</td>
								</tr>
							))}
						</tbody>
					</table>
				</div>
			)}
		</div>
	)
}
