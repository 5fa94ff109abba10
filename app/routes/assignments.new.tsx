import { useTranslation } from 'react-i18next'
import { Form } from 'react-router'
import { loadNewAssignment, submitNewAssignment } from '#app/modules/assignments/page.server.ts'
import { positions, subjects } from '#app/modules/auth/profile.ts'
import { isLocale, pick } from '#app/modules/i18n/locales.ts'
import type { Route } from './+types/assignments.new.ts'

/** Two plain forms (GET for the place, POST for the assignment): works without JavaScript (ADR 008). */
export const handle = { hydrate: false }

export async function loader({ request }: Route.LoaderArgs) {
	return loadNewAssignment(request)
}

export async function action({ request, params }: Route.ActionArgs) {
	return submitNewAssignment(request, { lang: params.lang })
}

const fieldIds = {
	course: 'assignment-course',
	target: 'assignment-target-place',
	schools: 'assignment-schools',
	position: 'assignment-position',
	subject: 'assignment-subject',
	due: 'assignment-due',
	note: 'assignment-note',
} as const

function FieldErrors({ id, errors, t }: { id: string; errors: string[] | undefined; t: (key: string) => string }) {
	if (!errors?.length) return null
	return (
		<ul id={id} className="field__errors">
			{errors.map((e) => (
				<li key={e}>{t(e)}</li>
			))}
		</ul>
	)
}

export default function NewAssignment({ loaderData, actionData, params }: Route.ComponentProps) {
	const { t } = useTranslation('assignments')
	const lang = isLocale(params.lang) ? params.lang : 'kk'
	const d = actionData ?? loaderData
	const errors: Record<string, string[]> | null = d.errors
	const v = d.values
	const placeName = pick(lang, d.place.nameKk, d.place.nameRu)
	const described = (field: keyof typeof fieldIds, hint?: string) => [hint, errors?.[field]?.length ? `${fieldIds[field]}-errors` : null].filter(Boolean).join(' ') || undefined
	const invalid = (field: string) => (errors?.[field]?.length ? true : undefined)
	const summary = errors ? Object.entries(errors).filter(([, list]) => list.length) : []
	return (
		<div className="page">
			<title>{`${errors ? `${t('new.errorSummary')} ` : ''}${t('new.title')} — Ortaq`}</title>
			<h1>{t('new.title')}</h1>
			{summary.length ? (
				<div className="form-errors" role="alert" aria-labelledby="assignment-error-summary">
					<p id="assignment-error-summary">{t('new.errorSummary')}</p>
					<ul>
						{summary.map(([field, list]) => (
							<li key={field}>
								<a href={`#${field in fieldIds ? fieldIds[field as keyof typeof fieldIds] : fieldIds.course}`}>{list.map((e) => t(e)).join(' ')}</a>
							</li>
						))}
					</ul>
				</div>
			) : null}
			{d.places.length ? (
				<Form method="get" className="report-filters">
					<div className="field">
						<label htmlFor="assignment-at">{t('new.place')}</label>
						<select id="assignment-at" name="at" defaultValue={d.place.at}>
							{d.places.map((p) => (
								<option key={p.at} value={p.at}>
									{p.level === 'region' ? pick(lang, p.nameKk, p.nameRu) : `${pick(lang, p.regionKk, p.regionRu)} / ${pick(lang, p.nameKk, p.nameRu)}`}
								</option>
							))}
						</select>
					</div>
					<p><button type="submit" className="button button--secondary">{t('new.choosePlace')}</button></p>
				</Form>
			) : null}
			<Form method="post" noValidate>
				<input type="hidden" name="at" value={d.place.at} />
				<p>{t('new.placeIs', { place: placeName })}</p>
				<div className="field">
					<label htmlFor={fieldIds.course}>{t('new.course')}</label>
					<select id={fieldIds.course} name="course" defaultValue={v.course} aria-invalid={invalid('course')} aria-describedby={described('course')}>
						<option value="">{t('new.chooseCourse')}</option>
						{d.courses.map((c) => (
							<option key={c.id} value={String(c.id)}>{pick(lang, c.titleKk, c.titleRu)}</option>
						))}
					</select>
					<FieldErrors id={`${fieldIds.course}-errors`} errors={errors?.course} t={t} />
				</div>
				<fieldset className="field" aria-describedby={described('target')}>
					<legend>{t('new.targetLegend')}</legend>
					<p>
						<input type="radio" id={fieldIds.target} name="target" value="place" defaultChecked={v.target !== 'schools'} />{' '}
						<label htmlFor={fieldIds.target}>{t(d.place.district ? 'new.wholeDistrict' : 'new.wholeRegion', { place: placeName })}</label>
					</p>
					{d.place.district ? (
						<p>
							<input type="radio" id="assignment-target-schools" name="target" value="schools" defaultChecked={v.target === 'schools'} />{' '}
							<label htmlFor="assignment-target-schools">{t('new.chosenSchools')}</label>
						</p>
					) : null}
					<FieldErrors id={`${fieldIds.target}-errors`} errors={errors?.target} t={t} />
				</fieldset>
				{d.place.district ? (
					<fieldset className="field" id={fieldIds.schools} aria-describedby={described('schools', 'assignment-schools-hint')}>
						<legend>{t('new.schoolsLegend')}</legend>
						<p id="assignment-schools-hint" className="field__hint">{t('new.schoolsHint')}</p>
						{d.schools.length === 0 ? <p>{t('new.noSchools')}</p> : null}
						<ul className="checkbox-list">
							{d.schools.map((s) => (
								<li key={s.id}>
									<input type="checkbox" id={`assignment-school-${s.id}`} name="schools" value={String(s.id)} defaultChecked={v.schools.includes(String(s.id))} />{' '}
									<label htmlFor={`assignment-school-${s.id}`}>{pick(lang, s.nameKk, s.nameRu)}</label>
								</li>
							))}
						</ul>
						<FieldErrors id={`${fieldIds.schools}-errors`} errors={errors?.schools} t={t} />
					</fieldset>
				) : null}
				<p id="assignment-narrow-hint" className="field__hint">{t('new.narrowHint')}</p>
				<div className="field">
					<label htmlFor={fieldIds.position}>{t('new.position')}</label>
					<select id={fieldIds.position} name="position" defaultValue={v.position} aria-invalid={invalid('position')} aria-describedby={described('position', 'assignment-narrow-hint')}>
						<option value="">{t('new.anyPosition')}</option>
						{positions.map((p) => (
							<option key={p} value={p}>{t(`profile.positions.${p}`, { ns: 'auth' })}</option>
						))}
					</select>
					<FieldErrors id={`${fieldIds.position}-errors`} errors={errors?.position} t={t} />
				</div>
				<div className="field">
					<label htmlFor={fieldIds.subject}>{t('new.subject')}</label>
					<select id={fieldIds.subject} name="subject" defaultValue={v.subject} aria-invalid={invalid('subject')} aria-describedby={described('subject', 'assignment-narrow-hint')}>
						<option value="">{t('new.anySubject')}</option>
						{subjects.map((s) => (
							<option key={s} value={s}>{t(`profile.subjects.${s}`, { ns: 'auth' })}</option>
						))}
					</select>
					<FieldErrors id={`${fieldIds.subject}-errors`} errors={errors?.subject} t={t} />
				</div>
				<div className="field">
					<label htmlFor={fieldIds.due}>{t('new.due')}</label>
					<p id="assignment-due-hint" className="field__hint">{t('new.dueHint')}</p>
					<input type="date" id={fieldIds.due} name="due" defaultValue={v.due} required aria-invalid={invalid('due')} aria-describedby={described('due', 'assignment-due-hint')} />
					<FieldErrors id={`${fieldIds.due}-errors`} errors={errors?.due} t={t} />
				</div>
				<div className="field">
					<label htmlFor={fieldIds.note}>{t('new.note')}</label>
					<p id="assignment-note-hint" className="field__hint">{t('new.noteHint')}</p>
					<textarea id={fieldIds.note} name="note" rows={3} maxLength={1000} defaultValue={v.note} aria-invalid={invalid('note')} aria-describedby={described('note', 'assignment-note-hint')} />
					<FieldErrors id={`${fieldIds.note}-errors`} errors={errors?.note} t={t} />
				</div>
				<p><button type="submit" className="button">{t('new.submit')}</button></p>
			</Form>
		</div>
	)
}
