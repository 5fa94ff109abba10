import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { requireUser } from '#app/modules/auth/session.server.ts'
import { listMyCertificates } from '#app/modules/certificates/certificates.server.ts'
import { invariantResponse } from '#app/modules/http/responses.ts'
import { formatDate, isLocale, pick } from '#app/modules/i18n/locales.ts'
import type { Route } from './+types/certificates.mine.ts'
import { useLocale } from '#app/components/site-chrome.tsx'

export async function loader({ request, params }: Route.LoaderArgs) {
	const user = await requireUser(request)
	invariantResponse(isLocale(params.lang), 'Not found', { status: 404 })
	const locale = params.lang
	const rows = await listMyCertificates({ userId: user.id })
	return {
		items: rows.map(({ certificate: c }) => ({
			code: c.code,
			serial: c.serial,
			title: pick(locale, c.courseTitleKk, c.courseTitleRu),
			hours: c.hours,
			issuedAt: c.issuedAt.toISOString(),
			revoked: c.revokedAt !== null,
		})),
	}
}

export default function MyCertificates({ loaderData: d, params }: Route.ComponentProps) {
	const { t } = useTranslation('certificates')
	const locale = useLocale()
	const date = (iso: string) => formatDate(iso, locale)
	return (
		<div className="page">
			<title>{`${t('my.title')} — Ortaq`}</title>
			<h1>{t('my.title')}</h1>
			{d.items.length === 0 ? <p>{t('my.empty')}</p> : null}
			<ul className="card-list">
				{d.items.map((c) => (
					<li key={c.code} className="card">
						<h2>{c.title}</h2>
						<p>
							{c.serial} · {t('pdf.hours', { count: c.hours })} · {date(c.issuedAt)}
							{c.revoked ? <strong> · {t('my.revoked')}</strong> : null}
						</p>
						<ul className="inline-list">
							<li><a href={`/${params.lang}/my/certificates/${c.code}/pdf`} aria-label={`${t('my.pdf')}: ${c.title}`}>{t('my.pdf')}</a></li>
							<li><a href={`/${params.lang}/my/certificates/${c.code}/credential`} aria-label={`${t('my.credential')}: ${c.title}`}>{t('my.credential')}</a></li>
							<li><Link to={`/${params.lang}/verify/${c.code}`} aria-label={`${t('my.verifyLink')}: ${c.title}`}>{t('my.verifyLink')}</Link></li>
						</ul>
					</li>
				))}
			</ul>
		</div>
	)
}
