import { useTranslation } from 'react-i18next'
import { Form, Link, useLocation } from 'react-router'
import { invariantResponse } from '#app/modules/http/responses.ts'
import { isLocale } from '#app/modules/i18n/locales.ts'
import { libraryFilters, materialTypes, topics } from '#app/modules/materials/forms.ts'
import { gradesLabel, listLabel } from '#app/modules/materials/labels.ts'
import { listLibrary, versionFor } from '#app/modules/materials/library.server.ts'
import { gradeBands, gradeValues, needIds, subjectIds } from '#app/modules/materials/metadata.ts'
import type { Route } from './+types/materials.library.ts'

export async function loader({ request, params }: Route.LoaderArgs) {
	invariantResponse(isLocale(params.lang), 'Not found', { status: 404 })
	const locale = params.lang
	const filters = libraryFilters.parse(Object.fromEntries(new URL(request.url).searchParams))
	const items = await listLibrary(filters)
	return {
		filters,
		filtered: Object.values(filters).some((v) => v),
		items: items.map((m) => {
			const v = versionFor(m.versions, locale)
			return {
				slug: m.slug,
				type: m.type,
				topic: m.topic,
				subjects: m.subjects,
				grades: m.grades,
				needs: m.needs,
				title: v?.title ?? m.slug,
				titleLang: v?.locale ?? locale,
				summary: v?.summary ?? '',
				readingMinutes: v?.readingMinutes ?? 1,
				languages: m.versions.map((x) => x.locale),
			}
		}),
	}
}

function Select({ id, name, label, value, children }: { id: string; name: string; label: string; value?: string; children: React.ReactNode }) {
	const { t } = useTranslation('materials')
	return (
		<div className="field">
			<label htmlFor={id}>{label}</label>
			<select id={id} name={name} defaultValue={value ?? ''}>
				<option value="">{t('library.any')}</option>
				{children}
			</select>
		</div>
	)
}

export default function Library({ loaderData: d, params }: Route.ComponentProps) {
	const { t } = useTranslation('materials')
	const location = useLocation()
	const f = d.filters
	return (
		<div className="page">
			<title>{`${t('library.title')} — Ortaq`}</title>
			<h1>{t('library.title')}</h1>
			<p className="lead">{t('library.lead')}</p>
			{/* Keyed by the query, so that after a client-side navigation (reset, back) the fields show the filters in the URL. */}
			<Form key={location.search} method="get" className="filters" role="search" aria-label={t('library.filters')}>
				<div className="field filters__search">
					<label htmlFor="f-q">{t('library.search')}</label>
					<p id="f-q-hint" className="field__hint">{t('library.searchHint')}</p>
					<input id="f-q" type="search" name="q" defaultValue={f.q ?? ''} aria-describedby="f-q-hint" maxLength={200} />
				</div>
				<Select id="f-type" name="type" label={t('library.type')} value={f.type}>
					{materialTypes.map((type) => (
						<option key={type} value={type}>{t(`types.${type}`)}</option>
					))}
				</Select>
				<Select id="f-topic" name="topic" label={t('library.topic')} value={f.topic}>
					{topics.map((topic) => (
						<option key={topic} value={topic}>{t(`topics.${topic}`)}</option>
					))}
				</Select>
				<Select id="f-subject" name="subject" label={t('library.subject')} value={f.subject}>
					{subjectIds.map((id) => (
						<option key={id} value={id}>{t(`subjects.${id}`)}</option>
					))}
				</Select>
				<Select id="f-grade" name="grade" label={t('library.grade')} value={f.grade}>
					<optgroup label={t('library.bandsGroup')}>
						<option value="0">{t('grades.preschool')}</option>
						{Object.keys(gradeBands).map((band) => (
							<option key={band} value={band}>{t(`grades.band.${band}`)}</option>
						))}
					</optgroup>
					<optgroup label={t('library.gradesGroup')}>
						{gradeValues
							.filter((g) => g > 0)
							.map((g) => (
								<option key={g} value={String(g)}>{t('grades.one', { grade: g })}</option>
							))}
					</optgroup>
				</Select>
				<Select id="f-need" name="need" label={t('library.need')} value={f.need}>
					{needIds.map((id) => (
						<option key={id} value={id}>{t(`needs.${id}`)}</option>
					))}
				</Select>
				<Select id="f-language" name="language" label={t('library.language')} value={f.language}>
					<option value="kk">{t('languages.kk')}</option>
					<option value="ru">{t('languages.ru')}</option>
				</Select>
				<div className="filters__actions">
					<button type="submit" className="button">{t('library.apply')}</button>
					{d.filtered ? (
						<Link to={`/${params.lang}/materials`} className="button button--secondary">
							{t('library.reset')}
						</Link>
					) : null}
				</div>
			</Form>
			<section aria-labelledby="results-title">
				<h2 id="results-title" className="visually-hidden">{t('library.results')}</h2>
				<p role="status" className="results-count">{t('library.found', { count: d.items.length })}</p>
				{d.items.length ? (
					<ul className="cards">
						{d.items.map((m) => {
							const foreign = m.titleLang === params.lang ? undefined : m.titleLang
							return (
								<li key={m.slug} className="card">
									<h3 className="card__title" lang={foreign}>
										<Link to={`/${params.lang}/materials/${m.slug}`}>{m.title}</Link>
									</h3>
									{m.summary ? <p lang={foreign}>{m.summary}</p> : null}
									<dl className="card__facts">
										<dt>{t('material.type')}</dt>
										<dd>{t(`types.${m.type}`)}</dd>
										<dt>{t('material.topic')}</dt>
										<dd>{t(`topics.${m.topic}`)}</dd>
										<dt>{t('material.subjects')}</dt>
										<dd>{m.subjects.length ? listLabel(m.subjects, 'subjects', t) : t('material.general')}</dd>
										<dt>{t('material.grades')}</dt>
										<dd>{m.grades.length ? gradesLabel(m.grades, t) : t('material.general')}</dd>
										{m.needs.length ? (
											<>
												<dt>{t('material.needs')}</dt>
												<dd>{listLabel(m.needs, 'needs', t)}</dd>
											</>
										) : null}
										<dt>{t('material.languages')}</dt>
										<dd>{m.languages.map((l) => t(`languages.${l}`)).join(', ')}</dd>
										<dt>{t('material.readingTime')}</dt>
										<dd>{t('material.minutes', { count: m.readingMinutes })}</dd>
									</dl>
								</li>
							)
						})}
					</ul>
				) : (
					<p>{t('library.nothing')}</p>
				)}
			</section>
		</div>
	)
}
