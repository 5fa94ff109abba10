import { useTranslation } from 'react-i18next'
import { Form, Link } from 'react-router'
import { invariantResponse } from '#app/modules/http/responses.ts'
import { isLocale } from '#app/modules/i18n/locales.ts'
import { libraryFilters, materialTypes, topics } from '#app/modules/materials/forms.ts'
import { listLibrary, versionFor } from '#app/modules/materials/library.server.ts'
import type { Route } from './+types/materials.library.ts'

export async function loader({ request, params }: Route.LoaderArgs) {
	invariantResponse(isLocale(params.lang), 'Not found', { status: 404 })
	const locale = params.lang
	const filters = libraryFilters.parse(Object.fromEntries(new URL(request.url).searchParams))
	const items = await listLibrary(filters)
	return {
		filters,
		items: items.map((m) => {
			const v = versionFor(m.versions, locale)
			return {
				slug: m.slug,
				type: m.type,
				topic: m.topic,
				title: v?.title ?? m.slug,
				titleLang: v?.locale ?? locale,
				summary: v?.summary ?? '',
				languages: m.versions.map((x) => x.locale),
			}
		}),
	}
}

export default function Library({ loaderData: d, params }: Route.ComponentProps) {
	const { t } = useTranslation('materials')
	return (
		<div className="page">
			<title>{`${t('library.title')} — Ortaq`}</title>
			<h1>{t('library.title')}</h1>
			<p className="lead">{t('library.lead')}</p>
			<Form method="get" className="filters" role="search" aria-label={t('library.filters')}>
				<div className="field">
					<label htmlFor="f-q">{t('library.search')}</label>
					<input id="f-q" type="search" name="q" defaultValue={d.filters.q ?? ''} />
				</div>
				<div className="field">
					<label htmlFor="f-type">{t('library.type')}</label>
					<select id="f-type" name="type" defaultValue={d.filters.type ?? ''}>
						<option value="">{t('library.any')}</option>
						{materialTypes.map((type) => (
							<option key={type} value={type}>{t(`types.${type}`)}</option>
						))}
					</select>
				</div>
				<div className="field">
					<label htmlFor="f-topic">{t('library.topic')}</label>
					<select id="f-topic" name="topic" defaultValue={d.filters.topic ?? ''}>
						<option value="">{t('library.any')}</option>
						{topics.map((topic) => (
							<option key={topic} value={topic}>{t(`topics.${topic}`)}</option>
						))}
					</select>
				</div>
				<div className="field">
					<label htmlFor="f-language">{t('library.language')}</label>
					<select id="f-language" name="language" defaultValue={d.filters.language ?? ''}>
						<option value="">{t('library.any')}</option>
						<option value="kk">{t('languages.kk')}</option>
						<option value="ru">{t('languages.ru')}</option>
					</select>
				</div>
				<button type="submit" className="button">{t('library.apply')}</button>
			</Form>
			<p role="status">{t('library.found', { count: d.items.length })}</p>
			{d.items.length ? (
				<ul className="cards">
					{d.items.map((m) => (
						<li key={m.slug} className="card">
							<h2 className="card__title" lang={m.titleLang === params.lang ? undefined : m.titleLang}>
								<Link to={`/${params.lang}/materials/${m.slug}`}>{m.title}</Link>
							</h2>
							{m.summary ? <p lang={m.titleLang === params.lang ? undefined : m.titleLang}>{m.summary}</p> : null}
							<p className="muted">
								{t(`types.${m.type}`)} · {t(`topics.${m.topic}`)} · {m.languages.map((l) => t(`languages.${l}`)).join(', ')}
							</p>
						</li>
					))}
				</ul>
			) : (
				<p>{t('library.nothing')}</p>
			)}
		</div>
	)
}
