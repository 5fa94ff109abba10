import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigation } from 'react-router'

// Most fields have no errors: only a field that has some pays for a translator (useTranslation
// costs tens of microseconds per render, and a report's filter form has four fields).
function ErrorList({ id, errors }: { id: string; errors?: string[] }) {
	return errors?.length ? <Errors id={id} errors={errors} /> : null
}

function Errors({ id, errors }: { id: string; errors: string[] }) {
	const { t } = useTranslation('validation')
	return (
		<ul id={id} className="field__errors">
			{errors.map((e) => (
				<li key={e}>{t(e)}</li>
			))}
		</ul>
	)
}

/** A labelled input with its hint and localized errors wired up for screen readers. */
export function Field({
	label,
	hint,
	errors,
	...input
}: { label: ReactNode; hint?: ReactNode; errors?: string[] } & InputHTMLAttributes<HTMLInputElement>) {
	const id = useId()
	const errorId = `${id}-errors`
	const hintId = `${id}-hint`
	const describedBy = [hint ? hintId : null, errors?.length ? errorId : null].filter(Boolean).join(' ') || undefined
	return (
		<div className="field">
			<label htmlFor={id}>{label}</label>
			{hint ? <p id={hintId} className="field__hint">{hint}</p> : null}
			<input id={id} aria-invalid={errors?.length ? true : undefined} aria-describedby={describedBy} {...input} />
			<ErrorList id={errorId} errors={errors} />
		</div>
	)
}

export function SelectField({
	label,
	hint,
	errors,
	children,
	...select
}: { label: ReactNode; hint?: ReactNode; errors?: string[]; children: ReactNode } & SelectHTMLAttributes<HTMLSelectElement>) {
	const id = useId()
	const errorId = `${id}-errors`
	const hintId = `${id}-hint`
	const describedBy = [hint ? hintId : null, errors?.length ? errorId : null].filter(Boolean).join(' ') || undefined
	return (
		<div className="field">
			<label htmlFor={id}>{label}</label>
			{hint ? <p id={hintId} className="field__hint">{hint}</p> : null}
			<select id={id} aria-invalid={errors?.length ? true : undefined} aria-describedby={describedBy} {...select}>
				{children}
			</select>
			<ErrorList id={errorId} errors={errors} />
		</div>
	)
}

/** Errors about the whole form, announced when they appear. */
export function FormErrors({ errors }: { errors?: string[] }) {
	const { t } = useTranslation('validation')
	if (!errors?.length) return null
	return (
		<div role="alert" className="form-errors">
			{errors.map((e) => (
				<p key={e}>{t(e)}</p>
			))}
		</div>
	)
}

export function SubmitButton({ children, name, value, className }: { children: ReactNode; name?: string; value?: string; className?: string }) {
	const navigation = useNavigation()
	const busy = navigation.state === 'submitting'
	return (
		<button type="submit" name={name} value={value} className={className ?? 'button'} aria-disabled={busy || undefined}>
			{children}
		</button>
	)
}
