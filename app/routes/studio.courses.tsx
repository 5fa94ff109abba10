import { useTranslation } from 'react-i18next'
import { data, Form, Link } from 'react-router'
import { z } from 'zod'
import { FormErrors } from '#app/components/form.tsx'
import { requirePermission } from '#app/modules/auth/session.server.ts'
import { invariantResponse } from '#app/modules/http/responses.ts'
import { isLocale, pick } from '#app/modules/i18n/locales.ts'
import { importCourseFolder, listStudioCourses } from '#app/modules/studio/courses.server.ts'
import { listCourseDrafts } from '#app/modules/studio/course-authoring.server.ts'
import { hasPermission } from '#app/modules/auth/permissions.ts'
import type { Route } from './+types/studio.courses.ts'

export async function loader({ request, params }: Route.LoaderArgs) {
	invariantResponse(isLocale(params.lang), 'Not found', { status: 404 })
	const user = await requirePermission(request, 'author:content:own')
	const locale = params.lang
	const list = await listStudioCourses()
	const drafts = await listCourseDrafts({ user })
	return {
		drafts: drafts.map((c) => ({ slug: c.slug, number: c.number, status: c.status, title: pick(locale, c.titleKk, c.titleRu) })),
		canImport: hasPermission(user.roles, 'publish:content:any'),
		courses: list.map((c) => ({ slug: c.slug, number: c.number, title: pick(locale, c.titleKk, c.titleRu), source: c.source })),
	}
}

const importSchema = z.object({ slug: z.string().trim().regex(/^[a-z0-9][a-z0-9-]{0,80}$/, 'courses.slugInvalid') })

export async function action({ request, params }: Route.ActionArgs) {
	invariantResponse(isLocale(params.lang), 'Not found', { status: 404 })
	const user = await requirePermission(request, 'publish:content:any')
	const parsed = importSchema.safeParse(Object.fromEntries(await request.formData()))
	if (!parsed.success) return data({ slug: '', result: null, error: 'courses.slugInvalid' }, { status: 400 })
	const result = await importCourseFolder({ slug: parsed.data.slug, userId: user.id })
	if (result.status === 'missing') return data({ slug: parsed.data.slug, result: null, error: 'courses.folderMissing' }, { status: 400 })
	return data(
		{ slug: parsed.data.slug, result: { status: result.status, revision: result.revision ?? null, problems: result.problems }, error: null },
		{ status: result.status === 'failed' ? 400 : 200 },
	)
}

export default function StudioCourses({ loaderData: d, actionData, params }: Route.ComponentProps) {
	const { t } = useTranslation('studio')
	return (
		<div className="page">
			<title>{`${t('courses.title')} — Ortaq`}</title>
			<nav aria-label={t('nav.breadcrumbs')} className="breadcrumbs">
				<Link to={`/${params.lang}/studio`}>{t('home.title')}</Link>
			</nav>
			<h1>{t('courses.title')}</h1>
			<p className="lead">{t('courses.lead')}</p>
			<p>
				<Link to={`/${params.lang}/studio/courses/new`} className="button">{t('courseNew.title')}</Link>
			</p>
			{d.drafts.length ? (
				<div className="table-wrap">
					<table>
						<caption>{t('courses.draftsCaption')}</caption>
						<thead>
							<tr>
								<th scope="col">{t('list.title')}</th>
								<th scope="col">{t('list.revision')}</th>
								<th scope="col">{t('list.status')}</th>
							</tr>
						</thead>
						<tbody>
							{d.drafts.map((c) => (
								<tr key={c.slug}>
									<th scope="row">
										<Link to={`/${params.lang}/studio/courses/${c.slug}`}>{c.title}</Link>
									</th>
									<td>{c.number}</td>
									<td>{t(`status.${c.status}`)}</td>
								</tr>
							))}
						</tbody>
					</table>
				</div>
			) : null}
			<div className="table-wrap">
				<table>
					<caption>{t('courses.caption')}</caption>
					<thead>
						<tr>
							<th scope="col">{t('list.title')}</th>
							<th scope="col">{t('list.revision')}</th>
							<th scope="col">{t('courses.folder')}</th>
						</tr>
					</thead>
					<tbody>
						{d.courses.map((c) => (
							<tr key={c.slug}>
								<th scope="row">
									<Link to={`/${params.lang}/courses/${c.slug}`}>{c.title}</Link>
								</th>
								<td>{c.number}</td>
								<td>
									<Link to={`/${params.lang}/studio/courses/${c.slug}`}>
										{t('courses.edit')}
										<span className="visually-hidden"> {c.title}</span>
									</Link>{' '}
									·{' '}
									<a href={`/${params.lang}/studio/courses/${c.slug}/export`} download>
										{t('courses.export')}
										<span className="visually-hidden"> {c.title}</span>
									</a>
								</td>
							</tr>
						))}
					</tbody>
				</table>
			</div>
			{d.canImport ? (
				<section aria-labelledby="import-title">
					<h2 id="import-title">{t('courses.importTitle')}</h2>
					<p>{t('courses.importHint')}</p>
					{actionData?.error ? <FormErrors errors={[`studio:${actionData.error}`]} /> : null}
					{actionData?.result ? (
						<div role="status" className={actionData.result.status === 'failed' ? 'notice notice--error' : 'notice notice--success'}>
							<p>{t(`courses.result.${actionData.result.status}`, { revision: actionData.result.revision })}</p>
							{actionData.result.problems.length ? (
								<ul>
									{actionData.result.problems.map((p, i) => (
										<li key={i}>
											<code>{`${p.file}${p.line ? `:${p.line}` : ''}`}</code> {p.message}
										</li>
									))}
								</ul>
							) : null}
						</div>
					) : null}
					<Form method="post" className="filters">
						<div className="field">
							<label htmlFor="f-course-slug">{t('courses.slug')}</label>
							<input id="f-course-slug" name="slug" required defaultValue={actionData?.slug ?? ''} autoComplete="off" />
						</div>
						<button type="submit" className="button">{t('courses.import')}</button>
					</Form>
				</section>
			) : null}
		</div>
	)
}
