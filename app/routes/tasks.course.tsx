import { useTranslation } from 'react-i18next'
import { data, Form, Link, redirect } from 'react-router'
import { FormErrors } from '#app/components/form.tsx'
import { requireUser } from '#app/modules/auth/session.server.ts'
import { followRenamedCourse } from '#app/modules/content/course-slugs.server.ts'
import { readFormData } from '#app/modules/http/body.server.ts'
import { fieldErrors } from '#app/modules/http/forms.ts'
import { invariantResponse } from '#app/modules/http/responses.ts'
import { isLocale, pick } from '#app/modules/i18n/locales.ts'
import { getPublishedStructure } from '#app/modules/learning/structure.server.ts'
import { MAX_TASK_FILE_BYTES, MAX_TASK_FILES, submitTaskSchema } from '#app/modules/tasks/forms.ts'
import { maySubmit } from '#app/modules/tasks/rubric.ts'
import { getMyTask, submitTask, type SubmitFile } from '#app/modules/tasks/tasks.server.ts'
import { RubricTable, taskErrors, TaskInstructions, TextArea, toVersionData, VersionHistory } from '#app/modules/tasks/views.tsx'
import type { Route } from './+types/tasks.course.ts'

/** A course's practical task for the signed-in teacher: instructions, rubric, her versions and the form (ADR 018). */
export const loader = followRenamedCourse(async ({ request, params }: Route.LoaderArgs) => {
	invariantResponse(isLocale(params.lang), 'Not found', { status: 404 })
	const course = await getPublishedStructure(params.slug)
	invariantResponse(course?.task, 'Not found', { status: 404 })
	const user = await requireUser(request)
	const mine = await getMyTask({ userId: user.id, courseId: course.courseId })
	return {
		course: { slug: course.slug, title: pick(params.lang, course.titleKk, course.titleRu) },
		task: course.task,
		status: mine?.status ?? null,
		versions: mine?.history.map(toVersionData) ?? [],
		sent: new URL(request.url).searchParams.get('sent') === '1',
	}
})

type FileError = { key: string; name?: string }

function failed(text: string, errors: Record<string, string[]>, fileError: FileError | null = null, status = 400) {
	return data({ values: { text }, errors, fileError }, { status })
}

export const action = followRenamedCourse(async ({ request, params }: Route.ActionArgs) => {
	invariantResponse(isLocale(params.lang), 'Not found', { status: 404 })
	const user = await requireUser(request)
	const course = await getPublishedStructure(params.slug)
	invariantResponse(course?.task, 'Not found', { status: 404 })
	// Five files of 20 MB cannot pass server.js's 30 MB limit; this keeps one send's worth in memory.
	const body = await readFormData(request, { maxBytes: 30 * 1024 * 1024 })
	if (!body.ok) return failed('', { form: [body.error === 'too_large' ? 'errors.bodyTooLarge' : 'errors.unreadable'] }, null, body.error === 'too_large' ? 413 : 400)
	const formData = body.formData
	const rawText = formData.get('text')
	// Multipart bodies carry line breaks as CRLF; the textarea gets back what it showed.
	const text = typeof rawText === 'string' ? rawText.replace(/\r\n/g, '\n') : ''
	const parsed = submitTaskSchema.safeParse({ text })
	if (!parsed.success) return failed(text, fieldErrors(parsed.error))
	// A file input with nothing chosen still sends an empty part without a name.
	const entries = formData.getAll('files').filter((f): f is File => f instanceof File && (f.size > 0 || f.name !== ''))
	if (entries.length > MAX_TASK_FILES) return failed(text, { form: ['errors.tooManyFiles'] })
	const tooLarge = entries.find((f) => f.size > MAX_TASK_FILE_BYTES)
	if (tooLarge) return failed(text, {}, { key: 'upload.too_large', name: tooLarge.name }, 413)
	const files: SubmitFile[] = await Promise.all(entries.map(async (f) => ({ name: f.name, type: f.type, bytes: new Uint8Array(await f.arrayBuffer()) })))
	const result = await submitTask({ user, course, text: parsed.data.text, files, locale: params.lang })
	if (!result.ok) {
		const e = result.error
		if (e.field === 'files') return failed(text, {}, { key: e.key, name: 'name' in e ? e.name : undefined })
		return failed(text, { [e.field]: [e.key] })
	}
	return redirect(`/${params.lang}/courses/${course.slug}/task?sent=1`)
})

export default function CourseTask({ loaderData: d, actionData, params }: Route.ComponentProps) {
	const { t } = useTranslation('tasks')
	const { t: tl } = useTranslation('learning')
	const lang = params.lang === 'ru' ? 'ru' : 'kk'
	const base = `/${lang}/courses/${d.course.slug}`
	const open = maySubmit(d.status)
	const fileError = actionData?.fileError
	return (
		<div className="page">
			<title>{`${d.task.title[lang]} — ${d.course.title} — Ortaq`}</title>
			<nav aria-label={tl('lesson.breadcrumbs')} className="breadcrumbs">
				<Link to={base}>{d.course.title}</Link>
			</nav>
			{d.sent && !actionData ? <p role="status" className="notice notice--success">{t('notice.sent')}</p> : null}
			<h1>{d.task.title[lang]}</h1>
			<dl className="facts">
				<dt>{t('task.yourStatus')}</dt>
				<dd>{t(`status.${d.status ?? 'none'}`)}</dd>
			</dl>
			<TaskInstructions task={d.task} lang={lang} />
			<RubricTable task={d.task} lang={lang} />
			{open ? (
				<section aria-labelledby="task-form">
					<h2 id="task-form">{d.status === 'returned' ? t('form.resubmitTitle') : t('form.title')}</h2>
					<FormErrors errors={taskErrors(actionData?.errors.form)} />
					<Form method="post" encType="multipart/form-data" className="task-form">
						{d.task.submit.text ? (
							<TextArea label={t('form.text')} hint={t('form.textHint')} name="text" rows={12} defaultValue={actionData?.values.text ?? ''} errors={actionData?.errors.text} />
						) : null}
						{d.task.submit.files ? (
							<div className="field">
								<label htmlFor="task-files">{t('form.files')}</label>
								<p id="task-files-hint" className="field__hint">{t('form.filesHint')}</p>
								<input
									id="task-files"
									type="file"
									name="files"
									multiple
									accept=".pdf,.docx,.png,.jpg,.jpeg,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,image/png,image/jpeg"
									aria-describedby={fileError ? 'task-files-hint task-files-errors' : 'task-files-hint'}
									aria-invalid={fileError ? true : undefined}
								/>
								{fileError ? (
									<ul id="task-files-errors" className="field__errors">
										<li>
											{fileError.name ? `${t('errors.file', { name: fileError.name })}: ` : null}
											{t(fileError.key)}
										</li>
									</ul>
								) : null}
							</div>
						) : null}
						<button type="submit" className="button">{t('form.submit')}</button>
					</Form>
				</section>
			) : (
				<p className={d.status === 'accepted' ? 'notice notice--success' : 'notice'}>{d.status === 'accepted' ? t('form.accepted') : t('form.waiting')}</p>
			)}
			<VersionHistory versions={d.versions} lang={lang} fileHref={(id) => `/${lang}/tasks/files/${id}`} />
		</div>
	)
}
