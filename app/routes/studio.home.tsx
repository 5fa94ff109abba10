import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { requirePermission } from '#app/modules/auth/session.server.ts'
import { invariantResponse } from '#app/modules/http/responses.ts'
import { isLocale } from '#app/modules/i18n/locales.ts'
import { actorOf, listStudioMaterials } from '#app/modules/studio/materials.server.ts'
import type { Route } from './+types/studio.home.ts'

export async function loader({ request, params }: Route.LoaderArgs) {
	invariantResponse(isLocale(params.lang), 'Not found', { status: 404 })
	const user = await requirePermission(request, 'author:content:own')
	const locale = params.lang
	const { materials, reviewQueue } = await listStudioMaterials({ user })
	const row = (m: (typeof materials)[number]) => ({
		slug: m.slug,
		type: m.type,
		number: m.number,
		status: m.status,
		authorName: m.authorName,
		title: m.titles[locale] ?? m.titles.kk ?? m.titles.ru ?? m.slug,
	})
	return { canReview: actorOf(user).canReview, materials: materials.map(row), reviewQueue: reviewQueue.map(row) }
}

type Row = Route.ComponentProps['loaderData']['materials'][number]

function MaterialTable({ id, caption, rows, lang }: { id: string; caption: string; rows: Row[]; lang: string }) {
	const { t } = useTranslation('studio')
	const { t: tm } = useTranslation('materials')
	return (
		<div className="table-wrap"><table>
			<caption id={id}>{caption}</caption>
			<thead>
				<tr>
					<th scope="col">{t('list.title')}</th>
					<th scope="col">{t('list.type')}</th>
					<th scope="col">{t('list.revision')}</th>
					<th scope="col">{t('list.status')}</th>
					<th scope="col">{t('list.author')}</th>
				</tr>
			</thead>
			<tbody>
				{rows.map((m) => (
					<tr key={m.slug}>
						<th scope="row">
							<Link to={`/${lang}/studio/materials/${m.slug}`}>{m.title}</Link>
						</th>
						<td>{tm(`types.${m.type}`)}</td>
						<td>{m.number}</td>
						<td>
							<span className={`status status--${m.status}`}>{t(`status.${m.status}`)}</span>
						</td>
						<td>{m.authorName ?? t('list.contentFolder')}</td>
					</tr>
				))}
			</tbody>
		</table></div>
	)
}

export default function StudioHome({ loaderData: d, params }: Route.ComponentProps) {
	const { t } = useTranslation('studio')
	return (
		<div className="page">
			<title>{`${t('home.title')} — Ortaq`}</title>
			<h1>{t('home.title')}</h1>
			<p className="course-actions">
				<Link className="button" to={`/${params.lang}/studio/materials/new`}>{t('home.newMaterial')}</Link>
				<Link className="button button--secondary" to={`/${params.lang}/studio/translations`}>{t('home.translations')}</Link>
				<Link className="button button--secondary" to={`/${params.lang}/studio/courses`}>{t('home.courses')}</Link>
			</p>
			{d.canReview ? (
				<section aria-labelledby="queue-title">
					<h2 id="queue-title">{t('home.reviewQueue')}</h2>
					{d.reviewQueue.length ? (
						<MaterialTable id="queue-caption" caption={t('home.reviewQueueCaption')} rows={d.reviewQueue} lang={params.lang} />
					) : (
						<p>{t('home.queueEmpty')}</p>
					)}
				</section>
			) : null}
			<section aria-labelledby="materials-title">
				<h2 id="materials-title">{t('home.materials')}</h2>
				{d.materials.length ? (
					<MaterialTable id="materials-caption" caption={t('home.materialsCaption')} rows={d.materials} lang={params.lang} />
				) : (
					<p>{t('home.noMaterials')}</p>
				)}
			</section>
		</div>
	)
}
