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
import { readFormData } from '#app/modules/http/body.server.ts'
import type { SyncProblem } from '#app/modules/content/sync.server.ts'
import { importCourseZip, MAX_COURSE_ZIP_BYTES } from '#app/modules/studio/course-import.server.ts'
import { describeProblem } from '#app/modules/studio/import-problems.ts'
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

type ImportAnswer = {
	/** which form answered: the folder by name, or the uploaded zip */
	from: 'folder' | 'zip'
	slug: string
	result: { status: 'published' | 'unchanged' | 'failed'; revision: number | null; problems: SyncProblem[] } | null
	error: string | null
	/** the archive entry a refusal is about */
	entry: string | null
}

function answer(value: ImportAnswer, status = 200) {
	return data(value, { status })
}

export async function action({ request, params }: Route.ActionArgs) {
	invariantResponse(isLocale(params.lang), 'Not found', { status: 404 })
	const user = await requirePermission(request, 'publish:content:any')
	const body = await readFormData(request, { maxBytes: MAX_COURSE_ZIP_BYTES + 64 * 1024 })
	if (!body.ok) return answer({ from: 'zip', slug: '', result: null, error: `courses.zip.${body.error}`, entry: null }, body.error === 'too_large' ? 413 : 400)
	const form = body.formData
	if (form.get('intent') === 'upload') {
		const file = form.get('archive')
		if (!(file instanceof File) || file.size === 0) return answer({ from: 'zip', slug: '', result: null, error: 'courses.zip.empty', entry: null }, 400)
		const imported = await importCourseZip({ bytes: new Uint8Array(await file.arrayBuffer()), userId: user.id })
		if (imported.status === 'refused') {
			return answer({ from: 'zip', slug: '', result: null, error: `courses.zip.${imported.reason}`, entry: imported.entry }, imported.reason === 'too_large' ? 413 : 400)
		}
		const result = { status: imported.status, revision: imported.revision ?? null, problems: imported.problems }
		return answer({ from: 'zip', slug: imported.slug, result, error: null, entry: null }, imported.status === 'failed' ? 400 : 200)
	}
	const parsed = importSchema.safeParse(Object.fromEntries(form))
	if (!parsed.success) return answer({ from: 'folder', slug: '', result: null, error: 'courses.slugInvalid', entry: null }, 400)
	const result = await importCourseFolder({ slug: parsed.data.slug, userId: user.id })
	if (result.status === 'missing') return answer({ from: 'folder', slug: parsed.data.slug, result: null, error: 'courses.folderMissing', entry: null }, 400)
	return answer(
		{ from: 'folder', slug: parsed.data.slug, result: { status: result.status, revision: result.revision ?? null, problems: result.problems }, error: null, entry: null },
		result.status === 'failed' ? 400 : 200,
	)
}

/** A problem of the sync, in the reader's language where its message is one the sync knows. */
function ProblemItem({ problem }: { problem: SyncProblem }) {
	const { t, i18n } = useTranslation('studio')
	const described = describeProblem(problem)
	const known = described.key && i18n.exists(`studio:${described.key}`)
	return (
		<li>
			<code>{`${problem.file}${problem.line ? `:${problem.line}` : ''}`}</code>{' '}
			{known ? t(described.key ?? '') : problem.message}
			{known && described.detail ? (
				<>
					{' '}
					<code>{described.detail}</code>
				</>
			) : null}
		</li>
	)
}

function ImportResult({ result }: { result: NonNullable<ImportAnswer['result']> }) {
	const { t } = useTranslation('studio')
	return (
		<div role="status" className={result.status === 'failed' ? 'notice notice--error' : 'notice notice--success'}>
			<p>{t(`courses.result.${result.status}`, { revision: result.revision })}</p>
			{result.problems.length ? (
				<ul>
					{result.problems.map((p, i) => (
						<ProblemItem key={i} problem={p} />
					))}
				</ul>
			) : null}
		</div>
	)
}

export default function StudioCourses({ loaderData: d, actionData, params }: Route.ComponentProps) {
	const { t } = useTranslation('studio')
	const folder = actionData?.from === 'folder' ? actionData : null
	const zip = actionData?.from === 'zip' ? actionData : null
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
					{folder?.error ? <FormErrors errors={[`studio:${folder.error}`]} /> : null}
					{folder?.result ? <ImportResult result={folder.result} /> : null}
					<Form method="post" className="filters">
						<div className="field">
							<label htmlFor="f-course-slug">{t('courses.slug')}</label>
							<input id="f-course-slug" name="slug" required defaultValue={folder?.slug ?? ''} autoComplete="off" />
						</div>
						<button type="submit" className="button">{t('courses.import')}</button>
					</Form>
				</section>
			) : null}
			{d.canImport ? (
				<section aria-labelledby="zip-title">
					<h2 id="zip-title">{t('courses.zip.title')}</h2>
					<p>{t('courses.zip.hint')}</p>
					{zip?.result ? <ImportResult result={zip.result} /> : null}
					<Form method="post" encType="multipart/form-data" className="upload-form">
						<input type="hidden" name="intent" value="upload" />
						<div className="field">
							<label htmlFor="f-course-zip">{t('courses.zip.file')}</label>
							<p id="f-course-zip-hint" className="field__hint">{t('courses.zip.fileHint')}</p>
							<input
								id="f-course-zip"
								type="file"
								name="archive"
								accept=".zip,application/zip"
								aria-describedby={zip?.error ? 'f-course-zip-hint f-course-zip-errors' : 'f-course-zip-hint'}
								aria-invalid={zip?.error ? true : undefined}
							/>
							{zip?.error ? (
								<div role="alert">
									<ul id="f-course-zip-errors" className="field__errors">
										<li>
											{t(zip.error)}
											{zip.entry ? (
												<>
													{' '}
													<code>{zip.entry}</code>
												</>
											) : null}
										</li>
									</ul>
								</div>
							) : null}
						</div>
						<button type="submit" className="button">{t('courses.zip.import')}</button>
					</Form>
				</section>
			) : null}
		</div>
	)
}
