import { useTranslation } from 'react-i18next'
import { data, Form, Link, useNavigation } from 'react-router'
import { z } from 'zod'
import { requirePermission } from '#app/modules/auth/session.server.ts'
import { revokeCertificate, searchCertificates } from '#app/modules/certificates/certificates.server.ts'
import { normalizeCode } from '#app/modules/certificates/codes.ts'
import { WITHOUT_NUL } from '#app/modules/http/forms.ts'
import { invariantResponse } from '#app/modules/http/responses.ts'
import { formatDate, isLocale, pick } from '#app/modules/i18n/locales.ts'
import type { Route } from './+types/admin.certificates.ts'
import { useLocale } from '#app/components/site-chrome.tsx'

const query = z.object({ q: z.string().trim().max(200).catch('') })
const revokeSchema = z.object({
	code: z.string().transform((c, ctx) => normalizeCode(c) ?? (ctx.addIssue({ code: 'custom', message: 'code' }), z.NEVER)),
	reason: z.string().trim().min(5).max(500).regex(WITHOUT_NUL),
})

export async function loader({ request, params }: Route.LoaderArgs) {
	await requirePermission(request, 'revoke:certificate:any')
	invariantResponse(isLocale(params.lang), 'Not found', { status: 404 })
	const { q } = query.parse(Object.fromEntries(new URL(request.url).searchParams))
	const rows = await searchCertificates({ q })
	const locale = params.lang
	return {
		q,
		rows: rows.map((c) => ({
			code: c.code,
			serial: c.serial,
			holderName: c.holderName,
			title: pick(locale, c.courseTitleKk, c.courseTitleRu),
			issuedAt: c.issuedAt.toISOString(),
			revokedAt: c.revokedAt?.toISOString() ?? null,
			revokedReason: c.revokedReason,
		})),
	}
}

export async function action({ request }: Route.ActionArgs) {
	const user = await requirePermission(request, 'revoke:certificate:any')
	const formData = await request.formData()
	const parsed = revokeSchema.safeParse(Object.fromEntries(formData))
	const code = String(formData.get('code') ?? '')
	if (!parsed.success) return data({ code, error: 'reasonRequired' as const, reason: String(formData.get('reason') ?? '').slice(0, 500), revoked: null }, { status: 400 })
	const row = await revokeCertificate({ code: parsed.data.code, reason: parsed.data.reason, actorId: user.id })
	if (!row) return data({ code, error: 'alreadyRevoked' as const, reason: parsed.data.reason, revoked: null }, { status: 400 })
	return { code, error: null, reason: '', revoked: row.serial }
}

export default function AdminCertificates({ loaderData: d, actionData, params }: Route.ComponentProps) {
	const { t } = useTranslation('certificates')
	const navigation = useNavigation()
	const locale = useLocale()
	const date = (iso: string) => formatDate(iso, locale, 'short')
	return (
		<div className="page">
			<title>{`${t('admin.title')} — Ortaq`}</title>
			<h1>{t('admin.title')}</h1>
			<Form method="get" role="search" className="search-form">
				<label htmlFor="certificate-q">{t('admin.search')}</label>
				<input id="certificate-q" type="search" name="q" defaultValue={d.q} />
				<button type="submit" className="button">{t('admin.searchSubmit')}</button>
			</Form>
			{actionData?.revoked ? <p role="status" className="notice notice--success">{t('admin.revokedOk', { serial: actionData.revoked })}</p> : null}
			<p>{t('admin.found', { count: d.rows.length })}</p>
			<ul className="card-list">
				{d.rows.map((c) => {
					const failed = actionData?.error && actionData.code === c.code ? actionData : null
					const fieldId = `reason-${c.code}`
					return (
						<li key={c.code} className="card">
							<h2>{c.serial}: {c.holderName}</h2>
							<p>{c.title} · {date(c.issuedAt)} · <Link to={`/${params.lang}/verify/${c.code}`}>{c.code}</Link></p>
							{c.revokedAt ? (
								<p><strong>{t('my.revoked')}</strong>: {date(c.revokedAt)}, {c.revokedReason}</p>
							) : (
								<Form method="post" className="inline-form">
									<input type="hidden" name="code" value={c.code} />
									<div className="field">
										<label htmlFor={fieldId}>{t('admin.reason')}</label>
										<input
											id={fieldId}
											name="reason"
											defaultValue={failed?.reason ?? ''}
											required
											minLength={5}
											maxLength={500}
											aria-invalid={failed ? true : undefined}
											aria-describedby={failed ? `${fieldId}-error` : undefined}
										/>
										{failed?.error ? <p id={`${fieldId}-error`} className="field-error">{t(`admin.${failed.error}`)}</p> : null}
									</div>
									<button type="submit" className="button button--danger" disabled={navigation.state === 'submitting'} aria-label={`${t('admin.revoke')}: ${c.serial}`}>
										{t('admin.revoke')}
									</button>
								</Form>
							)}
						</li>
					)
				})}
			</ul>
		</div>
	)
}
