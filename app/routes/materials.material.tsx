import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { invariantResponse } from '#app/modules/http/responses.ts'
import { formatDate, isLocale } from '#app/modules/i18n/locales.ts'
import { formatLabel, formatSize } from '#app/modules/materials/format.ts'
import { gradesLabel, listLabel } from '#app/modules/materials/labels.ts'
import { getPublishedMaterial, materialHtml, versionFor } from '#app/modules/materials/library.server.ts'
import type { Route } from './+types/materials.material.ts'

export async function loader({ params }: Route.LoaderArgs) {
	invariantResponse(isLocale(params.lang), 'Not found', { status: 404 })
	const locale = params.lang
	const material = await getPublishedMaterial(params.slug)
	invariantResponse(material, 'Not found', { status: 404 })
	const version = versionFor(material.versions, locale)
	invariantResponse(version, 'Not found', { status: 404 })
	const html = version.hash ? await materialHtml({ hash: version.hash, locale: version.locale }) : null
	return {
		slug: material.slug,
		type: material.type,
		topic: material.topic,
		subjects: material.subjects,
		grades: material.grades,
		needs: material.needs,
		readingMinutes: version.readingMinutes,
		publishedAt: material.publishedAt?.toISOString() ?? null,
		revision: material.number,
		title: version.title,
		summary: version.summary,
		lang: version.locale,
		otherLanguageOnly: version.locale !== locale,
		languages: material.versions.map((v) => v.locale),
		html,
		// The reader's language first: a template's PDF in kk and in ru.
		attachments: material.attachments
			.map((a) => ({ id: a.id, filename: a.filename, mime: a.mime, size: a.size, locale: a.locale }))
			.sort((a, b) => Number(b.locale === locale) - Number(a.locale === locale)),
	}
}

export default function Material({ loaderData: d, params }: Route.ComponentProps) {
	const { t } = useTranslation('materials')
	const foreign = d.otherLanguageOnly ? d.lang : undefined
	return (
		<div className="page">
			<title>{`${d.title} — Ortaq`}</title>
			<nav aria-label={t('material.breadcrumbs')} className="breadcrumbs">
				<Link to={`/${params.lang}/materials`}>{t('library.title')}</Link>
			</nav>
			<h1 lang={foreign}>{d.title}</h1>
			{d.otherLanguageOnly ? <p className="notice">{t('material.otherLanguageOnly', { language: t(`languages.${d.lang}`) })}</p> : null}
			{d.summary ? <p className="lead" lang={foreign}>{d.summary}</p> : null}
			<dl className="facts">
				<dt>{t('material.type')}</dt>
				<dd>{t(`types.${d.type}`)}</dd>
				<dt>{t('material.topic')}</dt>
				<dd>{t(`topics.${d.topic}`)}</dd>
				<dt>{t('material.subjects')}</dt>
				<dd>{d.subjects.length ? listLabel(d.subjects, 'subjects', t) : t('material.general')}</dd>
				<dt>{t('material.grades')}</dt>
				<dd>{d.grades.length ? gradesLabel(d.grades, t) : t('material.general')}</dd>
				{d.needs.length ? (
					<>
						<dt>{t('material.needs')}</dt>
						<dd>{listLabel(d.needs, 'needs', t)}</dd>
					</>
				) : null}
				<dt>{t('material.languages')}</dt>
				<dd>{d.languages.map((l) => t(`languages.${l}`)).join(', ')}</dd>
				<dt>{t('material.readingTime')}</dt>
				<dd>{t('material.minutes', { count: d.readingMinutes })}</dd>
				{d.publishedAt ? (
					<>
						<dt>{t('material.published')}</dt>
						<dd>{formatDate(d.publishedAt, params.lang === 'kk' ? 'kk' : 'ru')}</dd>
					</>
				) : null}
			</dl>
			{d.attachments.length ? (
				<section aria-labelledby="files-title">
					<h2 id="files-title">{t('material.attachments')}</h2>
					<ul className="attachments downloads">
						{d.attachments.map((a) => (
							<li key={a.id}>
								<a href={`/${params.lang}/materials/${d.slug}/files/${a.id}`} download hrefLang={a.locale ?? undefined}>
									{a.locale ? `${t('material.downloadTemplate')} (${t(`languages.${a.locale}`)})` : a.filename}
								</a>{' '}
								<span className="muted">
									({t('material.fileFacts', { format: formatLabel(a.mime, a.filename), size: formatSize(a.size, params.lang) })})
								</span>
							</li>
						))}
					</ul>
				</section>
			) : null}
			{d.html ? <div className="mdx" lang={foreign} dangerouslySetInnerHTML={{ __html: d.html }} /> : null}
		</div>
	)
}
