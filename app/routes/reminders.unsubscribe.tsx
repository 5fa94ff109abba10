import { useTranslation } from 'react-i18next'
import { data, Form, Link } from 'react-router'
import { SubmitButton } from '#app/components/form.tsx'
import { setMailOptOut, unsubscribeSubject } from '#app/modules/reminders/reminders.server.ts'
import { readUnsubscribeToken } from '#app/modules/reminders/token.server.ts'
import type { Route } from './+types/reminders.unsubscribe.ts'

/*
 * The signed link of a reminder or digest (ADR 016). GET only shows the question and a button, as
 * mail scanners open links; the POST of the button, or a mail program's RFC 8058 one-click POST
 * (`List-Unsubscribe=One-Click` to the same address), turns that kind of mail off. No login.
 */

export const handle = { hydrate: false }

async function subjectOf(token: string | null) {
	const read = readUnsubscribeToken(token)
	const subject = read ? await unsubscribeSubject(read.userId) : null
	return read && subject ? { ...read, email: subject.email } : null
}

export async function loader({ request }: Route.LoaderArgs) {
	const token = new URL(request.url).searchParams.get('token')
	const found = await subjectOf(token)
	if (!found) return data({ state: 'invalid' as const, token: '', kind: null, email: '' }, { status: 400 })
	return { state: 'ask' as const, token: token ?? '', kind: found.kind, email: found.email }
}

export async function action({ request }: Route.ActionArgs) {
	const formData = await request.formData()
	const field = formData.get('token')
	const token = typeof field === 'string' ? field : new URL(request.url).searchParams.get('token')
	const found = await subjectOf(token)
	if (!found) return data({ state: 'invalid' as const, kind: null, email: '' }, { status: 400 })
	await setMailOptOut({ userId: found.userId, kind: found.kind, off: true })
	return { state: 'done' as const, kind: found.kind, email: found.email }
}

export default function Unsubscribe({ loaderData, actionData, params }: Route.ComponentProps) {
	const { t } = useTranslation('reminders')
	const view = actionData ?? loaderData
	const digest = view.kind === 'digest'
	return (
		<div className="page narrow">
			<title>{`${t('unsubscribe.title')} — Ortaq`}</title>
			<h1>{t('unsubscribe.title')}</h1>
			{view.state === 'invalid' ? (
				<p role="alert" className="notice notice--error">{t('unsubscribe.invalid')}</p>
			) : view.state === 'done' ? (
				<p role="status" className="notice notice--success">{t(digest ? 'unsubscribe.doneDigest' : 'unsubscribe.doneReminders', { email: view.email })}</p>
			) : (
				<Form method="post" className="stack">
					<p>{t(digest ? 'unsubscribe.askDigest' : 'unsubscribe.askReminders', { email: view.email })}</p>
					<input type="hidden" name="token" value={loaderData.token} />
					<SubmitButton>{t('unsubscribe.submit')}</SubmitButton>
				</Form>
			)}
			<p><Link to={`/${params.lang}/account`}>{t('unsubscribe.account')}</Link></p>
		</div>
	)
}
