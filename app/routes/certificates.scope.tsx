import { useTranslation } from 'react-i18next'
import { reportScopeOf } from '#app/modules/auth/permissions.ts'
import { requirePermission } from '#app/modules/auth/session.server.ts'
import { scopeCourseCounts } from '#app/modules/certificates/certificates.server.ts'
import { invariantResponse } from '#app/modules/http/responses.ts'
import { isLocale, pick } from '#app/modules/i18n/locales.ts'
import type { Route } from './+types/certificates.scope.ts'

export async function loader({ request, params }: Route.LoaderArgs) {
	const user = await requirePermission(request, 'report:scope:own')
	invariantResponse(isLocale(params.lang), 'Not found', { status: 404 })
	const scope = reportScopeOf(user.roles)
	invariantResponse(scope, 'Forbidden', { status: 403 })
	const rows = await scopeCourseCounts({ scope })
	const locale = params.lang
	return { courses: rows.map((r) => ({ slug: r.slug, title: pick(locale, r.titleKk, r.titleRu), count: r.count })) }
}

export default function ScopeCertificates({ loaderData: d, params }: Route.ComponentProps) {
	const { t } = useTranslation('certificates')
	return (
		<div className="page">
			<title>{`${t('scope.title')} — Ortaq`}</title>
			<h1>{t('scope.title')}</h1>
			<p>{t('scope.intro')}</p>
			{d.courses.length === 0 ? (
				<p>{t('scope.empty')}</p>
			) : (
				<div className="table-wrap">
					<table>
						<caption className="visually-hidden">{t('scope.title')}</caption>
						<thead>
							<tr>
								<th scope="col">{t('fields.course')}</th>
								<th scope="col">{t('scope.count')}</th>
								<th scope="col"><span className="visually-hidden">{t('scope.zip')}</span></th>
							</tr>
						</thead>
						<tbody>
							{d.courses.map((c) => (
								<tr key={c.slug}>
									<th scope="row">{c.title}</th>
									<td>{c.count}</td>
									<td><a href={`/${params.lang}/certificates/scope/${c.slug}/zip`} aria-label={t('scope.zipFor', { course: c.title })}>{t('scope.zip')}</a></td>
								</tr>
							))}
						</tbody>
					</table>
				</div>
			)}
		</div>
	)
}
