import { useTranslation } from 'react-i18next'
import { Form, Link } from 'react-router'
import { formatDate, isLocale, type Locale } from '#app/modules/i18n/locales.ts'
import { parseNotification } from '#app/modules/notifications/kinds.ts'
import { loadNotifications, submitNotifications } from '#app/modules/notifications/page.server.ts'
import { notificationText } from '#app/modules/notifications/text.ts'
import type { Route } from './+types/notifications.list.ts'

export async function loader({ request }: Route.LoaderArgs) {
	return loadNotifications(request)
}

export async function action({ request, params }: Route.ActionArgs) {
	return submitNotifications(request, { lang: params.lang })
}

export default function Notifications({ loaderData: d, actionData, params }: Route.ComponentProps) {
	const { t } = useTranslation('notifications')
	const { t: assignmentsT } = useTranslation('assignments')
	const lang: Locale = isLocale(params.lang) ? params.lang : 'kk'
	const now = new Date(d.now)
	const here = (page: number) => `/${lang}/notifications${page > 1 ? `?page=${page}` : ''}`
	return (
		<div className="page narrow notifications">
			<title>{`${t('title')} — Ortaq`}</title>
			<h1>{t('title')}</h1>
			{actionData?.error ? <div role="alert" className="form-errors"><p>{t(actionData.error)}</p></div> : null}
			{d.marked ? <p role="status">{t('markedAll')}</p> : null}
			{d.unread > 0 ? (
				<div className="notifications__bar">
					<p>{t('intro', { count: d.unread })}</p>
					<Form method="post" action={here(d.page)}>
						<input type="hidden" name="intent" value="read-all" />
						<button type="submit" className="button button--small">{t('markAllRead')}</button>
					</Form>
				</div>
			) : d.items.length > 0 ? (
				<p>{t('allRead')}</p>
			) : null}
			{d.items.length === 0 ? (
				d.page > 1 ? (
					<p>{t('emptyPage')} <Link to={here(1)}>{t('firstPage')}</Link></p>
				) : (
					<p>{t('empty')}</p>
				)
			) : (
				<ol className="notification-list" aria-label={t('listLabel')}>
					{d.items.map((item) => {
						const parsed = parseNotification(item.kind, item.params)
						if (!parsed) return null
						const key = item.id !== null ? `n${item.id}` : `a${item.assignmentId}`
						const text = notificationText(parsed, { t, assignmentsT, lang, now })
						const unread = item.readAt === null
						return (
							<li key={key} className={unread ? 'notification notification--unread' : 'notification'}>
								<p id={`text-${key}`} className="notification__text">
									{unread ? <><span className="badge badge--warn">{t('unread')}</span>{' '}</> : null}
									{item.link ? <Link to={`/${lang}${item.link}`}>{text}</Link> : text}
								</p>
								<p className="notification__meta">
									<span className="visually-hidden">{t('received')}: </span>
									<time dateTime={item.createdAt}>{formatDate(item.createdAt, lang, 'dateTime')}</time>
								</p>
								{unread ? (
									<Form method="post" action={here(d.page)}>
										<input type="hidden" name="intent" value="read" />
										<input type="hidden" name="item" value={key} />
										<button type="submit" className="link-button" aria-describedby={`text-${key}`}>{t('markRead')}</button>
									</Form>
								) : null}
							</li>
						)
					})}
				</ol>
			)}
			{d.page > 1 || d.hasMore ? (
				<nav aria-label={t('pages')} className="pager">
					{d.page > 1 ? <Link to={here(d.page - 1)} rel="prev">{t('previous')}</Link> : null}
					<span>{t('pageN', { page: d.page })}</span>
					{d.hasMore ? <Link to={here(d.page + 1)} rel="next">{t('next')}</Link> : null}
				</nav>
			) : null}
		</div>
	)
}
