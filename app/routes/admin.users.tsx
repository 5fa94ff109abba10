import { useTranslation } from 'react-i18next'
import { Form, Link } from 'react-router'
import { z } from 'zod'
import { requirePermission } from '#app/modules/auth/session.server.ts'
import { searchUsers } from '#app/modules/auth/users.server.ts'
import { isLocale, pick } from '#app/modules/i18n/locales.ts'
import type { Route } from './+types/admin.users.ts'

const query = z.object({
	q: z.string().trim().max(200).catch(''),
	page: z.coerce.number().int().min(1).max(100_000).catch(1),
})

export async function loader({ request }: Route.LoaderArgs) {
	await requirePermission(request, 'admin:user:any')
	const { q, page } = query.parse(Object.fromEntries(new URL(request.url).searchParams))
	return { q, page, ...(await searchUsers({ q, page })) }
}

export default function AdminUsers({ loaderData, params }: Route.ComponentProps) {
	const { t } = useTranslation('admin')
	const locale = isLocale(params.lang) ? params.lang : 'kk'
	const { rows, total, page, pageSize, q } = loaderData
	const pages = Math.max(1, Math.ceil(total / pageSize))
	const pageLink = (p: number) => `?${new URLSearchParams({ q, page: String(p) })}`
	return (
		<div className="page">
			<title>{`${t('users.title')} — Ortaq`}</title>
			<h1>{t('users.title')}</h1>
			<Form method="get" role="search" className="search-form">
				<label htmlFor="user-q">{t('users.search')}</label>
				<input id="user-q" type="search" name="q" defaultValue={q} />
				<button type="submit" className="button">{t('users.searchSubmit')}</button>
			</Form>
			<p role="status">{t('users.found', { count: total })}</p>
			<div className="table-wrap">
				<table>
					<caption className="visually-hidden">{t('users.title')}</caption>
					<thead>
						<tr>
							<th scope="col">{t('users.name')}</th>
							<th scope="col">{t('users.email')}</th>
							<th scope="col">{t('users.school')}</th>
							<th scope="col">{t('users.roles')}</th>
						</tr>
					</thead>
					<tbody>
						{rows.map((u) => (
							<tr key={u.id}>
								<td><Link to={`/${locale}/admin/users/${u.id}`}>{u.fullName}</Link></td>
								<td>{u.email}</td>
								<td>{u.schoolKk ? pick(locale, u.schoolKk, u.schoolRu) : '—'}</td>
								<td>{u.roles.map((r) => t(`roles.${r}`)).join(', ')}</td>
							</tr>
						))}
					</tbody>
				</table>
			</div>
			{pages > 1 ? (
				<nav aria-label={t('users.pagination')} className="pagination">
					{page > 1 ? <Link to={pageLink(page - 1)}>{t('users.prev')}</Link> : null}
					<span>{t('users.pageOf', { page, pages })}</span>
					{page < pages ? <Link to={pageLink(page + 1)}>{t('users.next')}</Link> : null}
				</nav>
			) : null}
		</div>
	)
}
