import { useTranslation } from 'react-i18next'
import { data, Link } from 'react-router'
import { verifyCertificate } from '#app/modules/certificates/verification.server.ts'
import { invariantResponse } from '#app/modules/http/responses.ts'
import { formatDate, isLocale, pick } from '#app/modules/i18n/locales.ts'
import type { Route } from './+types/certificates.verify.ts'
import { useLocale } from '#app/components/site-chrome.tsx'

export async function loader({ request, params }: Route.LoaderArgs) {
	invariantResponse(isLocale(params.lang), 'Not found', { status: 404 })
	const result = await verifyCertificate({ code: params.code, request })
	if (result.status === 'limited') return data({ result: { status: 'limited' as const, retryMinutes: result.retryMinutes } }, { status: 429, headers: { 'Retry-After': String(result.retryMinutes * 60) } })
	if (result.status !== 'found') return data({ result: { status: result.status } }, { status: 404 })
	const c = result.certificate
	return {
		result: {
			status: 'found' as const,
			signatureValid: result.signatureValid,
			certificate: {
				code: c.code,
				serial: c.serial,
				holderName: c.holderName,
				courseTitle: pick(params.lang, c.courseTitleKk, c.courseTitleRu),
				courseTitleOther: pick(params.lang, c.courseTitleRu, c.courseTitleKk),
				hours: c.hours,
				score: c.score,
				issuedAt: c.issuedAt.toISOString(),
				revokedAt: c.revokedAt?.toISOString() ?? null,
				revokedReason: c.revokedReason,
			},
		},
	}
}

export default function Verify({ loaderData: { result }, params }: Route.ComponentProps) {
	const { t } = useTranslation('certificates')
	const locale = useLocale()
	const date = (iso: string) => formatDate(iso, locale)
	if (result.status !== 'found') {
		return (
			<div className="page page--narrow">
				<title>{`${t('verify.title')} — Ortaq`}</title>
				<h1>{t('verify.title')}</h1>
				<p role="alert" className="notice notice--error">
					{result.status === 'limited' ? t('verify.tooMany', { minutes: result.retryMinutes }) : result.status === 'invalid' ? t('verify.invalidCode') : t('verify.notFound')}
				</p>
				<p><Link to={`/${params.lang}/verify`}>{t('verify.submit')}</Link></p>
			</div>
		)
	}
	const c = result.certificate
	return (
		<div className="page page--narrow">
			<title>{`${t('verify.title')}: ${c.serial} — Ortaq`}</title>
			<h1>{t('verify.title')}</h1>
			<p role="status" className={c.revokedAt ? 'notice notice--error' : 'notice notice--success'}>
				<strong>{t('fields.status')}: </strong>
				{c.revokedAt ? t('verify.revoked', { date: date(c.revokedAt), reason: c.revokedReason ?? '' }) : t('verify.valid')}
			</p>
			<dl className="facts">
				<dt>{t('fields.holder')}</dt>
				<dd>{c.holderName}</dd>
				<dt>{t('fields.course')}</dt>
				<dd>
					{c.courseTitle}
					<br />
					<span lang={params.lang === 'kk' ? 'ru' : 'kk'} className="muted">{c.courseTitleOther}</span>
				</dd>
				<dt>{t('fields.hours')}</dt>
				<dd>{t('pdf.hours', { count: c.hours })}</dd>
				<dt>{t('fields.issued')}</dt>
				<dd>{date(c.issuedAt)}</dd>
				<dt>{t('fields.score')}</dt>
				<dd>{c.score}%</dd>
				<dt>{t('fields.serial')}</dt>
				<dd>{c.serial}</dd>
				<dt>{t('fields.code')}</dt>
				<dd>{c.code}</dd>
				<dt>{t('fields.signature')}</dt>
				<dd>{result.signatureValid ? t('verify.signatureOk') : t('verify.signatureBad')}</dd>
			</dl>
			<p>{t('verify.compare')}</p>
			<p><a href={`/credentials/${c.code}`}>{t('verify.credentialLink')}</a></p>
		</div>
	)
}
