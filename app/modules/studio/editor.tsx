import { useTranslation } from 'react-i18next'
import { Form } from 'react-router'
import type { MdxProblem } from '#app/modules/content/mdx-guard.ts'
import { materialTypes, topics } from '#app/modules/materials/forms.ts'
import { gradeValues, needIds, subjectIds } from '#app/modules/materials/metadata.ts'
import { formatDate } from '#app/modules/i18n/locales.ts'

export type EditorValues = Partial<Record<'slug' | 'type' | 'topic' | 'summaryKk' | 'summaryRu' | 'sourceKk' | 'sourceRu', string>> &
	Partial<Record<'subjects' | 'grades' | 'needs', string[]>>

/** What the author submitted, checkbox groups as lists, to parse and to give back after a failed parse. */
export function editorValues(formData: FormData): EditorValues {
	const text = (key: string) => {
		const v = formData.get(key)
		return typeof v === 'string' ? v : undefined
	}
	const list = (key: string) => formData.getAll(key).filter((v) => typeof v === 'string')
	return {
		slug: text('slug'),
		type: text('type'),
		topic: text('topic'),
		summaryKk: text('summaryKk'),
		summaryRu: text('summaryRu'),
		sourceKk: text('sourceKk'),
		sourceRu: text('sourceRu'),
		subjects: list('subjects'),
		grades: list('grades'),
		needs: list('needs'),
	}
}

/** A group of checkboxes in a fieldset: works without JavaScript, the legend names the group. */
function CheckboxGroup({ name, legend, options, checked, errors }: { name: string; legend: string; options: { value: string; label: string }[]; checked?: string[]; errors?: string[] }) {
	return (
		<fieldset className="field field--wide" aria-describedby={errors?.length ? `f-${name}-errors` : undefined}>
			<legend>{legend}</legend>
			<div className="checkbox-group">
				{options.map((o) => (
					<label key={o.value}>
						<input type="checkbox" name={name} value={o.value} defaultChecked={checked?.includes(o.value)} />
						{o.label}
					</label>
				))}
			</div>
			<FieldErrors id={`f-${name}-errors`} errors={errors} />
		</fieldset>
	)
}
export type EditorErrors = Record<string, string[]>
export type EditorProblems = Partial<Record<'kk' | 'ru', MdxProblem[]>>

/** One localized sentence per MDX problem, with its line, so the author can find it in the textarea. */
export function ProblemList({ id, problems }: { id: string; problems?: MdxProblem[] }) {
	const { t } = useTranslation('studio')
	if (!problems?.length) return null
	return (
		<ul id={id} className="field__errors mdx-problems">
			{problems.map((p, i) => (
				<li key={`${p.line}-${p.code}-${i}`}>
					{p.line ? <strong>{t('editor.line', { line: p.line })}: </strong> : null}
					{t(`mdx.${p.code}`)} {p.detail ? <code className="mdx-problems__detail">{p.detail}</code> : null}
				</li>
			))}
		</ul>
	)
}

/** A field's errors as a list its input names in aria-describedby (shared by the studio's forms). */
export function FieldErrors({ id, errors }: { id: string; errors?: string[] }) {
	const { t } = useTranslation('studio')
	if (!errors?.length) return null
	return (
		<ul id={id} className="field__errors">
			{errors.map((e) => (
				<li key={e}>{t(e)}</li>
			))}
		</ul>
	)
}

function SourceField({ locale, value, problems, errors }: { locale: 'kk' | 'ru'; value?: string; problems?: MdxProblem[]; errors?: string[] }) {
	const { t } = useTranslation('studio')
	const name = locale === 'kk' ? 'sourceKk' : 'sourceRu'
	const id = `f-${name}`
	const invalid = Boolean(problems?.length || errors?.length)
	return (
		<div className="field field--wide">
			<label htmlFor={id}>{t(`editor.source.${locale}`)}</label>
			<p id={`${id}-hint`} className="field__hint">{t('editor.sourceHint')}</p>
			<textarea
				id={id}
				name={name}
				lang={locale}
				rows={18}
				spellCheck
				className="mdx-source"
				defaultValue={value ?? ''}
				aria-invalid={invalid || undefined}
				aria-describedby={[`${id}-hint`, problems?.length ? `${id}-problems` : null, errors?.length ? `${id}-errors` : null].filter(Boolean).join(' ')}
			/>
			<ProblemList id={`${id}-problems`} problems={problems} />
			<FieldErrors id={`${id}-errors`} errors={errors} />
		</div>
	)
}

/** The fields of a material draft; a plain form that works without JavaScript. */
export function MaterialFields({ values, errors = {}, problems = {}, withSlug }: { values: EditorValues; errors?: EditorErrors; problems?: EditorProblems; withSlug?: boolean }) {
	const { t } = useTranslation('studio')
	const { t: tm } = useTranslation('materials')
	return (
		<>
			{withSlug ? (
				<div className="field">
					<label htmlFor="f-slug">{t('editor.slug')}</label>
					<p id="f-slug-hint" className="field__hint">{t('editor.slugHint')}</p>
					<input
						id="f-slug"
						name="slug"
						required
						defaultValue={values.slug ?? ''}
						autoComplete="off"
						aria-invalid={errors.slug ? true : undefined}
						aria-describedby={errors.slug ? 'f-slug-hint f-slug-errors' : 'f-slug-hint'}
					/>
					<FieldErrors id="f-slug-errors" errors={errors.slug} />
				</div>
			) : null}
			<div className="field">
				<label htmlFor="f-type">{t('editor.type')}</label>
				<select id="f-type" name="type" defaultValue={values.type ?? 'guide'} aria-invalid={errors.type ? true : undefined} aria-describedby={errors.type ? 'f-type-errors' : undefined}>
					{materialTypes.map((type) => (
						<option key={type} value={type}>{tm(`types.${type}`)}</option>
					))}
				</select>
				<FieldErrors id="f-type-errors" errors={errors.type} />
			</div>
			<div className="field">
				<label htmlFor="f-topic">{t('editor.topic')}</label>
				<select id="f-topic" name="topic" defaultValue={values.topic ?? 'inclusion'} aria-invalid={errors.topic ? true : undefined} aria-describedby={errors.topic ? 'f-topic-errors' : undefined}>
					{topics.map((topic) => (
						<option key={topic} value={topic}>{tm(`topics.${topic}`)}</option>
					))}
				</select>
				<FieldErrors id="f-topic-errors" errors={errors.topic} />
			</div>
			<CheckboxGroup
				name="subjects"
				legend={t('editor.subjects')}
				options={subjectIds.map((id) => ({ value: id, label: tm(`subjects.${id}`) }))}
				checked={values.subjects}
				errors={errors.subjects}
			/>
			<CheckboxGroup
				name="grades"
				legend={t('editor.grades')}
				options={gradeValues.map((g) => ({ value: String(g), label: g === 0 ? tm('grades.preschool') : tm('grades.one', { grade: g }) }))}
				checked={values.grades}
				errors={errors.grades}
			/>
			<CheckboxGroup
				name="needs"
				legend={t('editor.needs')}
				options={needIds.map((id) => ({ value: id, label: tm(`needs.${id}`) }))}
				checked={values.needs}
				errors={errors.needs}
			/>
			{(['kk', 'ru'] as const).map((locale) => {
				const summary = locale === 'kk' ? 'summaryKk' : 'summaryRu'
				const source = locale === 'kk' ? 'sourceKk' : 'sourceRu'
				return (
					<fieldset key={locale} className="editor-language">
						<legend>{t(`editor.language.${locale}`)}</legend>
						<div className="field field--wide">
							<label htmlFor={`f-${summary}`}>{t(`editor.summary.${locale}`)}</label>
							<input
								id={`f-${summary}`}
								name={summary}
								defaultValue={values[summary] ?? ''}
								maxLength={500}
								aria-invalid={errors[summary] ? true : undefined}
								aria-describedby={errors[summary] ? `f-${summary}-errors` : undefined}
							/>
							<FieldErrors id={`f-${summary}-errors`} errors={errors[summary]} />
						</div>
						<SourceField locale={locale} value={values[source]} problems={problems[locale]} errors={errors[source]} />
					</fieldset>
				)
			})}
		</>
	)
}

/** A labelled MDX textarea with its problems listed by line under it. */
export function MdxField({ name, label, lang, value, problems, errors }: { name: string; label: string; lang: 'kk' | 'ru'; value?: string; problems?: MdxProblem[]; errors?: string[] }) {
	const { t } = useTranslation('studio')
	const id = `f-${name}`
	return (
		<div className="field field--wide">
			<label htmlFor={id}>{label}</label>
			<p id={`${id}-hint`} className="field__hint">{t('editor.sourceHint')}</p>
			<textarea
				id={id}
				name={name}
				lang={lang}
				rows={18}
				className="mdx-source"
				defaultValue={value ?? ''}
				aria-invalid={problems?.length || errors?.length ? true : undefined}
				aria-describedby={[`${id}-hint`, problems?.length ? `${id}-problems` : null, errors?.length ? `${id}-errors` : null].filter(Boolean).join(' ')}
			/>
			<ProblemList id={`${id}-problems`} problems={problems} />
			<FieldErrors id={`${id}-errors`} errors={errors} />
		</div>
	)
}

/** A labelled single-line input with localized errors from the studio namespace. */
export function TextField({ name, label, value, errors, type = 'text', lang, hint }: { name: string; label: string; value?: string; errors?: string[]; type?: string; lang?: string; hint?: string }) {
	const id = `f-${name}`
	const describedBy = [hint ? `${id}-hint` : null, errors?.length ? `${id}-errors` : null].filter(Boolean).join(' ') || undefined
	return (
		<div className="field field--wide">
			<label htmlFor={id}>{label}</label>
			{hint ? <p id={`${id}-hint`} className="field__hint">{hint}</p> : null}
			<input id={id} name={name} type={type} lang={lang} defaultValue={value ?? ''} aria-invalid={errors?.length ? true : undefined} aria-describedby={describedBy} />
			<FieldErrors id={`${id}-errors`} errors={errors} />
		</div>
	)
}

export type ReviewComment = { id: number; revision: number | null; decision: string; body: string; authorName: string; createdAt: string }

export function CommentList({ comments, lang }: { comments: ReviewComment[]; lang: string }) {
	const { t } = useTranslation('studio')
	if (!comments.length) return null
	return (
		<section aria-labelledby="comments-title">
			<h2 id="comments-title">{t('material.comments')}</h2>
			<ul className="comments">
				{comments.map((c) => (
					<li key={c.id} className="comment">
						<p className="muted">
							{t(`decision.${c.decision}`)} · {c.authorName} · {t('material.revisionN', { number: c.revision })} ·{' '}
							{formatDate(c.createdAt, lang === 'kk' ? 'kk' : 'ru', 'dateTime')}
						</p>
						{c.body ? <p className="comment__body">{c.body}</p> : null}
					</li>
				))}
			</ul>
		</section>
	)
}

/** Approve or return, with a comment that is required when returning. */
export function ReviewForm({ comment, errors }: { comment?: string; errors?: string[] }) {
	const { t } = useTranslation('studio')
	return (
		<section aria-labelledby="review-title" className="review-box">
			<h2 id="review-title">{t('review.title')}</h2>
			<Form method="post">
				<input type="hidden" name="intent" value="review" />
				<div className="field field--wide">
					<label htmlFor="f-comment">{t('review.comment')}</label>
					<p id="f-comment-hint" className="field__hint">{t('review.commentHint')}</p>
					<textarea
						id="f-comment"
						name="comment"
						rows={5}
						defaultValue={comment ?? ''}
						aria-invalid={errors?.length ? true : undefined}
						aria-describedby={errors?.length ? 'f-comment-hint f-comment-errors' : 'f-comment-hint'}
					/>
					<FieldErrors id="f-comment-errors" errors={errors} />
				</div>
				<p className="course-actions">
					<button type="submit" name="decision" value="approve" className="button">{t('review.approve')}</button>
					<button type="submit" name="decision" value="return" className="button button--secondary">{t('review.return')}</button>
				</p>
			</Form>
		</section>
	)
}
