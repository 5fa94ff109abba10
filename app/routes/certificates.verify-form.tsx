import { useTranslation } from 'react-i18next'
import { Form, redirect } from 'react-router'
import { normalizeCode } from '#app/modules/certificates/codes.ts'
import { invariantResponse } from '#app/modules/http/responses.ts'
import { isLocale } from '#app/modules/i18n/locales.ts'
import type { Route } from './+types/certificates.verify-form.ts'

export function loader({ request, params }: Route.LoaderArgs) {
	invariantResponse(isLocale(params.lang), 'Not found', { status: 404 })
	const raw = new URL(request.url).searchParams.get('code')
	if (raw === null) return { code: '', invalid: false }
	const code = normalizeCode(raw)
	if (code) throw redirect(`/${params.lang}/verify/${code}`)
	return { code: raw.slice(0, 40), invalid: true }
}

export default function VerifyForm({ loaderData: d }: Route.ComponentProps) {
	const { t } = useTranslation('certificates')
	return (
		<div className="page page--narrow">
			<title>{`${t('verify.title')} — Ortaq`}</title>
			<h1>{t('verify.title')}</h1>
			<p>{t('verify.intro')}</p>
			<Form method="get" className="stack">
				<div className="field">
					<label htmlFor="verify-code">{t('verify.codeLabel')}</label>
					<p id="verify-code-hint" className="hint">{t('verify.codeHint')}</p>
					<input
						id="verify-code"
						name="code"
						defaultValue={d.code}
						autoComplete="off"
						autoCapitalize="characters"
						spellCheck={false}
						aria-describedby={d.invalid ? 'verify-code-hint verify-code-error' : 'verify-code-hint'}
						aria-invalid={d.invalid || undefined}
					/>
					{d.invalid ? <p id="verify-code-error" className="field-error">{t('verify.invalidCode')}</p> : null}
				</div>
				<button type="submit" className="button">{t('verify.submit')}</button>
			</Form>
		</div>
	)
}
