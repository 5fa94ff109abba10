import { useTranslation } from 'react-i18next'
import { Form, Link } from 'react-router'
import { requirePermission } from '#app/modules/auth/session.server.ts'
import { invariantResponse } from '#app/modules/http/responses.ts'
import { isLocale } from '#app/modules/i18n/locales.ts'
import { diffCourseRevisions } from '#app/modules/studio/course-authoring.server.ts'
import { DiffText } from '#app/modules/studio/diff-text.tsx'
import { revisionDiffQuery } from '#app/modules/studio/forms.ts'
import { redirectRenamedCourse } from '#app/modules/content/course-slugs.server.ts'
import type { Route } from './+types/studio.course-diff.ts'

export const loader = redirectRenamedCourse(async ({ request, params }: Route.LoaderArgs) => {
	invariantResponse(isLocale(params.lang), 'Not found', { status: 404 })
	const user = await requirePermission(request, 'author:content:own')
	const q = revisionDiffQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams))
	invariantResponse(q.success, 'Not found', { status: 404 })
	const result = await diffCourseRevisions({ user, slug: params.slug, ...q.data })
	invariantResponse(result, 'Not found', { status: 404 })
	return { ...q.data, slug: params.slug, ...result }
})

export default function CourseDiff({ loaderData: d, params }: Route.ComponentProps) {
	const { t } = useTranslation('studio')
	const { t: tm } = useTranslation('materials')
	const heading = t('diff.title', { from: d.from, to: d.to })
	return (
		<div className="page page--wide">
			<title>{`${heading} — ${d.title} — Ortaq`}</title>
			<nav aria-label={t('nav.breadcrumbs')} className="breadcrumbs">
				<Link to={`/${params.lang}/studio`}>{t('home.title')}</Link> / <Link to={`/${params.lang}/studio/courses/${d.slug}`}>{d.title}</Link>
			</nav>
			<h1>{heading}</h1>
			<Form method="get" className="filters">
				<input type="hidden" name="from" value={d.from} />
				<input type="hidden" name="to" value={d.to} />
				<div className="field">
					<label htmlFor="f-locale">{t('diff.language')}</label>
					<select id="f-locale" name="locale" defaultValue={d.locale}>
						<option value="kk">{tm('languages.kk')}</option>
						<option value="ru">{tm('languages.ru')}</option>
					</select>
				</div>
				<button type="submit" className="button">{t('diff.show')}</button>
			</Form>
			<p role="status">{d.changed ? t('diff.legend') : t('courseDiff.same')}</p>
			{d.lessons.map((l) => (
				<section key={l.slug} aria-labelledby={`diff-${l.slug}`}>
					<h2 id={`diff-${l.slug}`} lang={d.locale}>
						{l.title}
					</h2>
					<p>{t(`courseDiff.${l.change === 'same' ? 'unchanged' : l.change}`)}</p>
					{l.required ? <p>{t(`courseDiff.${l.required}`)}</p> : null}
					{l.change === 'same' ? null : (
						<DiffText parts={l.parts} locale={d.locale} uiLang={params.lang} />
					)}
				</section>
			))}
		</div>
	)
}
