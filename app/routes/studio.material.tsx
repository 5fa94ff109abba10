import { useTranslation } from 'react-i18next'
import { data, Form, Link, redirect } from 'react-router'
import { z } from 'zod'
import { FormErrors } from '#app/components/form.tsx'
import { requirePermission } from '#app/modules/auth/session.server.ts'
import { fieldErrors, type FieldErrors } from '#app/modules/http/forms.ts'
import { invariantResponse } from '#app/modules/http/responses.ts'
import { isLocale } from '#app/modules/i18n/locales.ts'
import { attachToRevision, detachFromRevision } from '#app/modules/materials/attachments.server.ts'
import { formatSize } from '#app/modules/materials/format.ts'
import { MAX_UPLOAD_BYTES, materialDraftSchema, reviewSchema } from '#app/modules/materials/forms.ts'
import { materialHtml } from '#app/modules/materials/library.server.ts'
import { editorValues, MaterialFields, type EditorProblems, type EditorValues } from '#app/modules/studio/editor.tsx'
import { ReviewPanel, RevisionHistory, StartRevisionForm, SubmitForReviewForm } from '#app/modules/studio/review.tsx'
import {
	editableRevision,
	getStudioMaterial,
	reviewRevision,
	saveDraft,
	startRevision,
	submitForReview,
} from '#app/modules/studio/materials.server.ts'
import type { Route } from './+types/studio.material.ts'
import { idSchema } from '#app/modules/http/forms.ts'
import { readFormData } from '#app/modules/http/body.server.ts'

const noProblems: EditorProblems = {}
const formError = (key: string): FieldErrors => ({ form: [key] })
const notices = ['saved', 'submitted', 'approved', 'returned', 'revised', 'uploaded', 'removed'] as const

export async function loader({ request, params }: Route.LoaderArgs) {
	invariantResponse(isLocale(params.lang), 'Not found', { status: 404 })
	const user = await requirePermission(request, 'author:content:own')
	const found = await getStudioMaterial({ user, slug: params.slug })
	invariantResponse(found, 'Not found', { status: 404 })
	const { material, metadata, current, revisions, versions, comments, attachments, can } = found
	const kk = versions.find((v) => v.locale === 'kk')
	const ru = versions.find((v) => v.locale === 'ru')
	const previews = await Promise.all(
		versions.map(async (v) => ({ locale: v.locale, title: v.title, html: v.hash ? await materialHtml({ hash: v.hash, locale: v.locale }) : null })),
	)
	const notice = new URL(request.url).searchParams.get('done')
	return {
		slug: material.slug,
		title: (params.lang === 'kk' ? (kk ?? ru) : (ru ?? kk))?.title ?? material.slug,
		current: { number: current.number, status: current.status, authorName: current.authorName },
		values: {
			type: metadata.type,
			topic: metadata.topic,
			subjects: metadata.subjects,
			grades: metadata.grades.map(String),
			needs: metadata.needs,
			summaryKk: kk?.summary ?? '',
			summaryRu: ru?.summary ?? '',
			sourceKk: kk?.source ?? '',
			sourceRu: ru?.source ?? '',
		} satisfies EditorValues,
		previews: previews.sort((a) => (a.locale === params.lang ? -1 : 1)),
		revisions: revisions.map((r) => ({
			number: r.number,
			status: r.status,
			authorName: r.authorName,
			publishedAt: r.publishedAt?.toISOString() ?? null,
			createdAt: r.createdAt.toISOString(),
		})),
		comments: comments.map((c) => ({
			id: c.id,
			revision: revisions.find((r) => r.id === c.revisionId)?.number ?? null,
			decision: c.decision,
			body: c.body,
			authorName: c.authorName,
			createdAt: c.createdAt.toISOString(),
		})),
		attachments: attachments.map((a) => ({ id: a.id, filename: a.filename, size: a.size })),
		can,
		notice: notices.find((n) => n === notice) ?? null,
	}
}

const intentSchema = z.object({ intent: z.enum(['save', 'submit', 'review', 'revise', 'upload', 'detach']) })

function done(request: Request, what: (typeof notices)[number]) {
	const url = new URL(request.url)
	return redirect(`${url.pathname}?done=${what}`)
}

function failed(message: string, status = 400) {
	return data({ values: null, errors: formError(message), problems: noProblems }, { status })
}

/** An upload refused: the message belongs to the file field. */
function uploadFailed(message: string, status = 400) {
	const errors: FieldErrors = { file: [message] }
	return data({ values: null, errors, problems: noProblems }, { status })
}

export async function action({ request, params }: Route.ActionArgs) {
	invariantResponse(isLocale(params.lang), 'Not found', { status: 404 })
	const user = await requirePermission(request, 'author:content:own')
	const slug = params.slug
	// At most one upload's worth of the body is held in memory (form fields add a little).
	const body = await readFormData(request, { maxBytes: MAX_UPLOAD_BYTES + 64 * 1024 })
	if (!body.ok) return uploadFailed(`upload.${body.error}`, body.error === 'too_large' ? 413 : 400)
	const formData = body.formData
	const intent = intentSchema.safeParse(Object.fromEntries(formData))
	invariantResponse(intent.success, 'Bad request', { status: 400 })
	switch (intent.data.intent) {
		case 'save': {
			const values = editorValues(formData)
			const parsed = materialDraftSchema.safeParse(values)
			if (!parsed.success) return data({ values, errors: fieldErrors(parsed.error), problems: noProblems }, { status: 400 })
			const result = await saveDraft({ user, slug, input: parsed.data })
			if (result.ok) return done(request, 'saved')
			if ('problems' in result) return data({ values, errors: formError('errors.mdx'), problems: result.problems }, { status: 400 })
			return failed(`workflow.${result.error}`)
		}
		case 'submit': {
			const result = await submitForReview({ user, slug })
			return result.ok ? done(request, 'submitted') : failed(`workflow.${result.error}`)
		}
		case 'review': {
			await requirePermission(request, 'review:content:any')
			const parsed = reviewSchema.safeParse(Object.fromEntries(formData))
			if (!parsed.success) {
				return data({ values: { comment: String(formData.get('comment') ?? '') }, errors: fieldErrors(parsed.error), problems: noProblems }, { status: 400 })
			}
			const result = await reviewRevision({ user, slug, decision: parsed.data.decision, comment: parsed.data.comment })
			if (!result.ok) return failed(`workflow.${result.error}`)
			return done(request, parsed.data.decision === 'approve' ? 'approved' : 'returned')
		}
		case 'revise': {
			const result = await startRevision({ user, slug })
			return result.ok ? done(request, 'revised') : failed(`workflow.${result.error}`)
		}
		case 'upload': {
			const revision = await editableRevision({ user, slug })
			if (!revision) return failed('workflow.wrong_status')
			const file = formData.get('file')
			if (!(file instanceof File) || file.size === 0) return uploadFailed('upload.empty')
			if (file.size > MAX_UPLOAD_BYTES) return uploadFailed('upload.too_large', 413)
			const result = await attachToRevision({
				revisionId: revision.id,
				file: { name: file.name, type: file.type, bytes: new Uint8Array(await file.arrayBuffer()) },
				userId: user.id,
			})
			return result.ok ? done(request, 'uploaded') : uploadFailed(`upload.${result.error}`)
		}
		case 'detach': {
			const revision = await editableRevision({ user, slug })
			if (!revision) return failed('workflow.wrong_status')
			const id = idSchema.safeParse(formData.get('attachmentId'))
			invariantResponse(id.success, 'Bad request', { status: 400 })
			await detachFromRevision({ revisionId: revision.id, attachmentId: id.data })
			return done(request, 'removed')
		}
	}
}

export default function StudioMaterial({ loaderData: d, actionData, params }: Route.ComponentProps) {
	const { t } = useTranslation('studio')
	const { t: tm } = useTranslation('materials')
	const values: EditorValues = { ...d.values, ...(actionData?.values ?? {}) }
	const base = `/${params.lang}/studio/materials/${d.slug}`
	const formErrors = actionData?.errors.form?.map((e) => `studio:${e}`)
	const fileErrors = actionData?.errors.file
	return (
		<div className="page page--wide">
			<title>{`${d.title} — ${t('home.title')} — Ortaq`}</title>
			<nav aria-label={t('nav.breadcrumbs')} className="breadcrumbs">
				<Link to={`/${params.lang}/studio`}>{t('home.title')}</Link>
			</nav>
			<h1>{d.title}</h1>
			<dl className="facts">
				<dt>{t('material.revision')}</dt>
				<dd>{d.current.number}</dd>
				<dt>{t('material.status')}</dt>
				<dd>
					<span className={`status status--${d.current.status}`}>{t(`status.${d.current.status}`)}</span>
				</dd>
				<dt>{t('material.author')}</dt>
				<dd>{d.current.authorName ?? t('list.contentFolder')}</dd>
			</dl>
			{d.notice ? (
				<p role="status" className="notice notice--success">
					{t(`notice.${d.notice}`)}
				</p>
			) : null}
			<FormErrors errors={formErrors} />
			{d.current.status === 'published' ? (
				<p>
					<Link to={`/${params.lang}/materials/${d.slug}`}>{t('material.viewPublic')}</Link>
				</p>
			) : null}

			<ReviewPanel
				comments={d.comments}
				lang={params.lang}
				canReview={d.can.review}
				comment={actionData?.values && 'comment' in actionData.values ? String(actionData.values.comment) : ''}
				errors={actionData?.errors.comment}
			/>

			{d.can.edit ? (
				<section aria-labelledby="edit-title">
					<h2 id="edit-title">{t('material.edit')}</h2>
					<Form method="post" className="editor" noValidate>
						<input type="hidden" name="intent" value="save" />
						<MaterialFields values={values} errors={actionData?.errors} problems={actionData?.problems} />
						<button type="submit" className="button">{t('material.save')}</button>
					</Form>
					{d.can.submit ? <SubmitForReviewForm /> : null}
				</section>
			) : null}

			{d.can.revise ? <StartRevisionForm hint={t('material.reviseHint')} /> : null}

			<section aria-labelledby="files-title">
				<h2 id="files-title">{t('files.title')}</h2>
				{d.attachments.length ? (
					<ul className="attachments">
						{d.attachments.map((a) => (
							<li key={a.id}>
								<a href={`/${params.lang}/materials/${d.slug}/files/${a.id}`} download>{a.filename}</a>{' '}
								<span className="muted">({formatSize(a.size, params.lang)})</span>
								{d.can.edit ? (
									<Form method="post" className="inline-form">
										<input type="hidden" name="intent" value="detach" />
										<input type="hidden" name="attachmentId" value={a.id} />
										<button type="submit" className="link-button">
											{t('files.remove')}
											<span className="visually-hidden"> {a.filename}</span>
										</button>
									</Form>
								) : null}
							</li>
						))}
					</ul>
				) : (
					<p>{t('files.none')}</p>
				)}
				{d.can.edit ? (
					<Form method="post" encType="multipart/form-data" className="upload-form">
						<input type="hidden" name="intent" value="upload" />
						<div className="field">
							<label htmlFor="f-file">{t('files.choose')}</label>
							<p id="f-file-hint" className="field__hint">{t('files.hint')}</p>
							<input
								id="f-file"
								type="file"
								name="file"
								aria-describedby={fileErrors?.length ? 'f-file-hint f-file-errors' : 'f-file-hint'}
								aria-invalid={fileErrors?.length ? true : undefined}
								accept=".pdf,.docx,.pptx,.png,.jpg,.jpeg,.webp,.gif"
							/>
							{fileErrors?.length ? (
								<div role="alert">
									<ul id="f-file-errors" className="field__errors">
										{fileErrors.map((e) => (
											<li key={e}>{t(e)}</li>
										))}
									</ul>
								</div>
							) : null}
						</div>
						<button type="submit" className="button button--secondary">{t('files.upload')}</button>
					</Form>
				) : null}
			</section>

			<section aria-labelledby="preview-title">
				<h2 id="preview-title">{t('material.preview')}</h2>
				{d.previews.length ? (
					d.previews.map((p) => (
						<article key={p.locale} className="preview" lang={p.locale} aria-label={`${t('material.preview')}: ${tm(`languages.${p.locale}`)}`}>
							<p className="preview__language" lang={params.lang}>{tm(`languages.${p.locale}`)}</p>
							<h3 className="preview__title">{p.title}</h3>
							{p.html ? <div className="mdx" dangerouslySetInnerHTML={{ __html: p.html }} /> : null}
						</article>
					))
				) : (
					<p>{t('material.noPreview')}</p>
				)}
			</section>

			<RevisionHistory revisions={d.revisions} base={base} lang={params.lang} />
		</div>
	)
}
