import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { html, type Html } from '#app/modules/http/html.ts'
import { formatDate, formatNumber, pick, type Locale } from '#app/modules/i18n/locales.ts'
import { dueText, statuses, type Status } from './dates.ts'

/** A due day (YYYY-MM-DD, Almaty) as the app writes dates. */
export function dueDate(dueOn: string, lang: Locale) {
	return formatDate(`${dueOn}T00:00:00Z`, lang, 'long')
}

/** "Due in 3 days" / "Due today" / "2 days overdue", with the language's plural forms. */
export function daysLeftText(t: TFunction<'assignments'>, dueOn: string, now: Date) {
	const { key, count } = dueText(dueOn, now)
	return t(`due.${key}`, { count })
}

type Due = { by: { nameKk: string; nameRu: string }; dueOn: string; completed?: boolean }

/** "Assigned by <district>, due <date> — N days left" for a teacher. */
export function AssignedLine({ a, lang, now }: { a: Due; lang: Locale; now: Date }) {
	const { t } = useTranslation('assignments')
	return (
		<>
			{t('assigned', { by: pick(lang, a.by.nameKk, a.by.nameRu), date: dueDate(a.dueOn, lang) })}
			{a.completed ? null : <> — <strong>{daysLeftText(t, a.dueOn, now)}</strong></>}
		</>
	)
}

/** "The whole district" / "3 schools", and "only: speech therapist, mathematics" when narrowed (ADR 019). */
export function targetText(t: TFunction<'assignments'>, a: { target: 'region' | 'district' | 'schools'; schools: number; position?: string | null; subject?: string | null }) {
	const place = a.target === 'schools' ? t('target.schools', { count: a.schools }) : t(`target.${a.target}`)
	const narrowed = [a.position ? t(`profile.positions.${a.position}`, { ns: 'auth' }) : null, a.subject ? t(`profile.subjects.${a.subject}`, { ns: 'auth' }) : null].filter(Boolean)
	return narrowed.length ? `${place}, ${t('new.narrowed', { what: narrowed.join(', ') })}` : place
}

// Counts below 1,000 need no grouping: a region's table has thousands of them per page (the profile showed formatNumber).
const n = (value: number) => (Number.isInteger(value) && value >= 0 && value < 1000 ? String(value) : formatNumber(value, 'ru'))

/** Status columns' heads. */
export function StatusHeads({ first, t }: { first: string; t: TFunction<'assignments'> }) {
	return (
		<thead>
			<tr>
				<th scope="col">{first}</th>
				<th scope="col" className="num">{t('columns.teachers')}</th>
				{statuses.map((s) => (
					<th key={s} scope="col" className="num">{t(`status.${s}`)}</th>
				))}
			</tr>
		</thead>
	)
}

export function StatusCells({ c }: { c: Record<Status, number> & { total: number } }) {
	return (
		<>
			<td className="num">{n(c.total)}</td>
			{statuses.map((s) => (
				<td key={s} className="num">{n(c[s])}</td>
			))}
		</>
	)
}

/** CSV and XLSX links of one table of an assignment's report. */
export function AssignmentExportLinks({ lang, id, table, title, t }: { lang: Locale; id: number; table: string; title: string; t: TFunction<'assignments'> }) {
	const href = (format: string) => `/${lang}/assignments/${id}/export/${table}?format=${format}`
	return (
		<p className="export-links">
			{t('report.export')}:{' '}
			<a href={href('csv')} download>
				{t('report.csv')}<span className="visually-hidden"> — {title}</span>
			</a>{' '}
			·{' '}
			<a href={href('xlsx')} download>
				{t('report.xlsx')}<span className="visually-hidden"> — {title}</span>
			</a>
		</p>
	)
}

export type OpenAssignmentRow = { id: number; titleKk: string; titleRu: string; dueOn: string; teachers: number; completed: number; overdue: number }

/** The district dashboard's section: open assignments with completed and overdue counts. */
export function OpenAssignmentsSection({ rows, lang }: { rows: OpenAssignmentRow[]; lang: Locale }) {
	const { t } = useTranslation('assignments')
	return (
		<section aria-labelledby="open-assignments-title">
			<h2 id="open-assignments-title">{t('dashboard.title')}</h2>
			{rows.length === 0 ? (
				<p>{t('dashboard.none')}</p>
			) : (
				<div className="table-wrap" role="region" aria-label={t('dashboard.title')} tabIndex={0}>
					<table>
						<caption className="visually-hidden">{t('dashboard.caption')}</caption>
						<thead>
							<tr>
								<th scope="col">{t('columns.course')}</th>
								<th scope="col">{t('columns.due')}</th>
								<th scope="col" className="num">{t('columns.teachers')}</th>
								<th scope="col" className="num">{t('dashboard.completed')}</th>
								<th scope="col" className="num">{t('dashboard.overdue')}</th>
							</tr>
						</thead>
						<tbody>
							{rows.map((r) => (
								<tr key={r.id}>
									<th scope="row"><Link to={`/${lang}/assignments/${r.id}`}>{pick(lang, r.titleKk, r.titleRu)}</Link></th>
									<td>{dueDate(r.dueOn, lang)}</td>
									<td className="num">{n(r.teachers)}</td>
									<td className="num">{n(r.completed)}</td>
									<td className="num">{n(r.overdue)}</td>
								</tr>
							))}
						</tbody>
					</table>
				</div>
			)}
			<p><Link to={`/${lang}/assignments`}>{t('dashboard.all')}</Link></p>
		</section>
	)
}

/**
 * The rows of the by-school table as escaped HTML (as the reporting module's school page does, ADR 006
 * "Revision 4"): a region has hundreds of schools, and React rendered their cells at many times the
 * cost of the kept figures. Every value is escaped by `html`; the links are plain (the page is not hydrated).
 */
export function schoolStatusRows(rows: ({ id: number; nameKk: string; nameRu: string } & Record<Status, number> & { total: number })[], lang: Locale, base: string): Html {
	return html`${rows.map((s) => html`<tr><th scope="row"><a href="${`${base}?school=${s.id}`}">${pick(lang, s.nameKk, s.nameRu)}</a></th><td class="num">${n(s.total)}</td>${statuses.map((k) => html`<td class="num">${n(s[k])}</td>`)}</tr>`)}`
}
