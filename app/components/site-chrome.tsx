import { useTranslation } from 'react-i18next'
import { Form, Link, NavLink, useLocation, useRouteLoaderData } from 'react-router'
import { switchLocalePath, type Locale } from '#app/modules/i18n/locales.ts'

type RootData = {
	locale: Locale
	/** `unread` is the header's count of unread notifications; absent on lesson pages (ADR 017). */
	user: { id: number; fullName: string; permissions: string[]; unread?: number | null } | null
}

export function useRootData(): RootData {
	const data = useRouteLoaderData<RootData>('root')
	if (!data) throw new Error('root data is missing')
	return data
}

export function useLocale(): Locale {
	return useRootData().locale
}

export function SiteHeader() {
	const { t } = useTranslation()
	const { locale, user } = useRootData()
	const location = useLocation()
	const other: Locale = locale === 'kk' ? 'ru' : 'kk'
	const can = (p: string) => user?.permissions.includes(p) ?? false
	const l = (path: string) => `/${locale}${path}`
	return (
		<header className="site-header">
			<div className="site-header__inner">
				<Link className="brand" to={l('/')}>
					<span aria-hidden="true" className="brand__mark">◐</span> Ortaq
				</Link>
				<nav aria-label={t('nav.main')} className="site-nav">
					<ul>
						<li><NavLink to={l('/courses')}>{t('nav.courses')}</NavLink></li>
						<li><NavLink to={l('/materials')}>{t('nav.materials')}</NavLink></li>
						{user ? <li><NavLink to={l('/my')} end>{t('nav.myLearning')}</NavLink></li> : null}
						{user ? <li><NavLink to={l('/my/certificates')}>{t('nav.certificates')}</NavLink></li> : null}
						{can('author:content:own') ? <li><NavLink to={l('/studio')}>{t('nav.studio')}</NavLink></li> : null}
						{can('report:scope:own') ? <li><NavLink to={l('/reports')}>{t('nav.reports')}</NavLink></li> : null}
						{can('assign:scope:own') ? <li><NavLink to={l('/assignments')}>{t('nav.assignments')}</NavLink></li> : null}
						{/* Tutors of practical tasks (ADR 018): methodologists, reviewers, admins. */}
						{can('assign:scope:own') || can('review:content:any') ? <li><NavLink to={l('/tasks')}>{t('nav.tasks')}</NavLink></li> : null}
						{can('report:scope:own') ? <li><NavLink to={l('/certificates/scope')}>{t('nav.scopeCertificates')}</NavLink></li> : null}
						{can('admin:user:any') ? <li><NavLink to={l('/admin/users')}>{t('nav.admin')}</NavLink></li> : null}
						{can('revoke:certificate:any') ? <li><NavLink to={l('/admin/certificates')}>{t('nav.adminCertificates')}</NavLink></li> : null}
					</ul>
				</nav>
				<div className="site-tools">
					<a
						className="lang-switch"
						href={switchLocalePath(location.pathname, location.search, other)}
						hrefLang={other}
						lang={other}
					>
						<span className="visually-hidden">{t('nav.switchLanguage')}: </span>
						{other === 'kk' ? 'Қазақша' : 'Русский'}
					</a>
					{user ? (
						<>
							<NotificationsLink to={l('/notifications')} unread={user.unread ?? null} />
							<Link to={l('/account')} className="user-link">{user.fullName}</Link>
							<Form method="post" action={l('/logout')}>
								<button type="submit" className="link-button">{t('nav.logout')}</button>
							</Form>
						</>
					) : (
						<>
							<Link to={l('/login')}>{t('nav.login')}</Link>
							<Link to={l('/register')} className="button button--small">{t('nav.register')}</Link>
						</>
					)}
				</div>
			</div>
		</header>
	)
}

/**
 * "Notifications" with the unread count: the badge shows the number, the accessible name says
 * it in words with the language's plural ("Хабарламалар: 3 жаңа хабарлама"). Without a count
 * (none unread, or a lesson page) it is the plain link.
 */
function NotificationsLink({ to, unread }: { to: string; unread: number | null }) {
	const { t } = useTranslation()
	return (
		<NavLink to={to} className="notifications-link">
			{unread ? (
				<>
					{/* The name is read whole from one text: Chromium puts a space before a visually hidden part. */}
					<span className="visually-hidden">{`${t('nav.notifications')}: ${t('nav.unread', { count: unread })}`}</span>
					<span aria-hidden="true">{t('nav.notifications')}</span>
					<span className="count-badge" aria-hidden="true">{unread > 99 ? '99+' : unread}</span>
				</>
			) : (
				t('nav.notifications')
			)}
		</NavLink>
	)
}

export function SiteFooter() {
	const { t } = useTranslation()
	const { locale } = useRootData()
	return (
		<footer className="site-footer">
			<p>{t('footer.about')}</p>
			<p>
				<Link to={`/${locale}/verify`}>{t('footer.verify')}</Link>
			</p>
		</footer>
	)
}
