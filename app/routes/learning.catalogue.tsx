import { useTranslation } from 'react-i18next'
import { Form, Link } from 'react-router'
import { z } from 'zod'
import { invariantResponse } from '#app/modules/http/responses.ts'
import { isLocale, pick } from '#app/modules/i18n/locales.ts'
import { languagesOf, listCatalogue } from '#app/modules/learning/catalogue.server.ts'
import { topics } from '#app/modules/content/course-files.ts'
import type { Route } from './+types/learning.catalogue.ts'

const filters = z.object({
	topic: z.enum(topics).optional().catch(undefined),
	language: z.enum(['kk', 'ru']).optional().catch(undefined),
	hours: z.enum(['upTo24', '25to48', 'over48']).optional().catch(undefined),
	q: z.string().trim().max(200).optional().catch(undefined),
})

export async function loader({ request, params }: Route.LoaderArgs) {
	invariantResponse(isLocale(params.lang), 'Not found', { status: 404 })
	const locale = params.lang
	const f = filters.parse(Object.fromEntries(new URL(request.url).searchParams))
	const list = await listCatalogue(f)
	return {
		filters: f,
		courses: list.map((c) => ({
			slug: c.slug,
			title: pick(locale, c.titleKk, c.titleRu),
			summary: pick(locale, c.summaryKk, c.summaryRu),
			hours: c.hours,
			topic: c.topic,
			lessons: c.lessons.length,
			languages: languagesOf(c),
		})),
	}
}

export default function Catalogue({ loaderData: d, params }: Route.ComponentProps) {
	const { t } = useTranslation('learning')
	return (
		<div className="page">
			<title>{`${t('catalogue.title')} — Ortaq`}</title>
			<h1>{t('catalogue.title')}</h1>
			<Form method="get" className="filters" role="search" aria-label={t('catalogue.filters')}>
				<div className="field">
					<label htmlFor="f-q">{t('catalogue.search')}</label>
					<input id="f-q" type="search" name="q" defaultValue={d.filters.q ?? ''} />
				</div>
				<div className="field">
					<label htmlFor="f-topic">{t('catalogue.topic')}</label>
					<select id="f-topic" name="topic" defaultValue={d.filters.topic ?? ''}>
						<option value="">{t('catalogue.any')}</option>
						{topics.map((topic) => (
							<option key={topic} value={topic}>{t(`topics.${topic}`)}</option>
						))}
					</select>
				</div>
				<div className="field">
					<label htmlFor="f-language">{t('catalogue.language')}</label>
					<select id="f-language" name="language" defaultValue={d.filters.language ?? ''}>
						<option value="">{t('catalogue.any')}</option>
						<option value="kk">{t('languages.kk')}</option>
						<option value="ru">{t('languages.ru')}</option>
					</select>
				</div>
				<div className="field">
					<label htmlFor="f-hours">{t('catalogue.hours')}</label>
					<select id="f-hours" name="hours" defaultValue={d.filters.hours ?? ''}>
						<option value="">{t('catalogue.any')}</option>
						<option value="upTo24">{t('catalogue.hoursUpTo24')}</option>
						<option value="25to48">{t('catalogue.hours25to48')}</option>
						<option value="over48">{t('catalogue.hoursOver48')}</option>
					</select>
				</div>
				<button type="submit" className="button">{t('catalogue.apply')}</button>
			</Form>
			<p role="status">{t('catalogue.found', { count: d.courses.length })}</p>
			<ul className="cards">
				{d.courses.map((c) => (
					<li key={c.slug} className="card">
						<h2 className="card__title">
							<Link to={`/${params.lang}/courses/${c.slug}`}>{c.title}</Link>
						</h2>
						<p>{c.summary}</p>
						<p className="muted">
							{t(`topics.${c.topic}`)} · {t('course.hoursValue', { count: c.hours })} · {t('catalogue.lessonCount', { count: c.lessons })} ·{' '}
							{c.languages.map((l) => t(`languages.${l}`)).join(', ')}
						</p>
					</li>
				))}
			</ul>
		</div>
	)
}
