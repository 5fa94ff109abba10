import type { TFunction } from 'i18next'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Form, Link } from 'react-router'
import { SelectField, Field } from '#app/components/form.tsx'
import { html, type Html } from '#app/modules/http/html.ts'
import { OpenAssignmentsSection, type OpenAssignmentRow } from '#app/modules/assignments/views.tsx'
import { formatDate, formatNumber, pick, type Locale } from '#app/modules/i18n/locales.ts'
import { filterQuery, type FilterValues } from './filters.ts'
import type { Dashboard, Figures, Trail, TeacherLine } from './reports.server.ts'
import type { Target } from './scope.ts'

// Kazakhstan writes numbers the same way in both languages: 12 345,6 (formatNumber, not the browser's Intl).
const numberFormat = { format: (n: number) => formatNumber(n, 'ru', 1) }
// Most cells are small whole numbers, which need no grouping: a dashboard formats hundreds of them.
export const num = (n: number | null) =>
	n == null ? '—' : Number.isInteger(n) && n > 0 && n < 1000 ? String(n) : numberFormat.format(n)
const pct = (n: number | null) => (n == null ? '—' : `${numberFormat.format(n)} %`)

type FilterErrors = Partial<Record<keyof FilterValues, string[]>> | null

/** The reports' fixed texts (no interpolation) of one language. */
function reportTexts(t: TFunction<'reporting'>) {
	return {
		country: t('country'),
		breadcrumbs: t('breadcrumbs'),
		live: t('live'),
		cohortNote: t('cohortNote'),
		filters: {
			title: t('filters.title'),
			invalid: t('filters.invalid'),
			course: t('filters.course'),
			allCourses: t('filters.allCourses'),
			from: t('filters.from'),
			to: t('filters.to'),
			monthHint: t('filters.monthHint'),
			gender: t('filters.gender'),
			allGenders: t('filters.allGenders'),
			apply: t('filters.apply'),
			reset: t('filters.reset'),
		},
		summary: {
			title: t('summary.title'),
			teachers: t('summary.teachers'),
			enrolled: t('summary.enrolled'),
			completed: t('summary.completed'),
			rate: t('summary.rate'),
			certified: t('summary.certified'),
		},
		tables: {
			units: { region: t('tables.units.region'), district: t('tables.units.district'), school: t('tables.units.school') },
			gender: t('tables.gender'),
			languages: t('tables.languages'),
			courses: t('tables.courses'),
			gain: t('tables.gain'),
			months: t('tables.months'),
			teachers: t('tables.teachers'),
		},
		columns: {
			region: t('columns.region'),
			district: t('columns.district'),
			school: t('columns.school'),
			teachers: t('columns.teachers'),
			enrolled: t('columns.enrolled'),
			completed: t('columns.completed'),
			rate: t('columns.rate'),
			certified: t('columns.certified'),
			gainMean: t('columns.gainMean'),
			gender: t('columns.gender'),
			language: t('columns.language'),
			course: t('columns.course'),
			bucket: t('columns.bucket'),
			count: t('columns.count'),
			share: t('columns.share'),
			month: t('columns.month'),
		},
		gender: { female: t('gender.female'), male: t('gender.male'), none: t('gender.none') },
		language: { kk: t('language.kk'), ru: t('language.ru') },
		gainBucket: {
			lt0: t('gainBucket.lt0'),
			'0': t('gainBucket.0'),
			'10': t('gainBucket.10'),
			'20': t('gainBucket.20'),
			'30': t('gainBucket.30'),
			'50': t('gainBucket.50'),
		},
		total: t('total'),
		gain: { explain: t('gain.explain'), none: t('gain.none') },
		chartData: t('chart.data'),
		export: { download: t('export.download'), csv: t('export.csv'), xlsx: t('export.xlsx') },
	}
}

type ReportTexts = ReturnType<typeof reportTexts>

// A dashboard shows about a hundred fixed texts, and t() and useTranslation() cost tens of
// microseconds a call (ADR 006, "Revision 2"): the texts are translated once per language
// (getI18n() loads every namespace of a language at once, so they never change), and the
// page's one useTranslation() hands them to its parts.
const textsByLanguage = new Map<string, ReportTexts>()

/** t() for texts with values, and the fixed texts of the current language. */
function useReportTexts() {
	const { t, i18n } = useTranslation('reporting')
	let texts = textsByLanguage.get(i18n.language)
	if (!texts) {
		texts = reportTexts(t)
		textsByLanguage.set(i18n.language, texts)
	}
	return { t, texts }
}
type CourseOption = { id: number; titleKk: string; titleRu: string }

/** A table that may scroll sideways; keyboard users can focus it to scroll. */
function TableWrap({ label, children }: { label: string; children: ReactNode }) {
	return (
		<div className="table-wrap" role="region" aria-label={label} tabIndex={0}>
			{children}
		</div>
	)
}

type Column = { label: string; num?: boolean }

/**
 * Every report table: scrollable and focusable, its caption (for screen readers only, where the
 * section's heading already shows it), column headers; the rows come as children.
 */
function ReportTable({ label, caption = 'hidden', columns, children }: { label: string; caption?: 'hidden' | 'shown'; columns: Column[]; children: ReactNode }) {
	return (
		<TableWrap label={label}>
			<table>
				<caption className={caption === 'hidden' ? 'visually-hidden' : undefined}>{label}</caption>
				<thead>
					<tr>
						{columns.map((c) => (
							<th key={c.label} scope="col" className={c.num ? 'num' : undefined}>
								{c.label}
							</th>
						))}
					</tr>
				</thead>
				{children}
			</table>
		</TableWrap>
	)
}

function ReportBreadcrumbs({ lang, scopeKind, trail, current, texts }: { lang: Locale; scopeKind: string; trail: Trail; current: Target['level']; texts: ReportTexts }) {
	const links: { to: string; label: string }[] = []
	if (scopeKind === 'country' && current !== 'country') links.push({ to: `/${lang}/reports`, label: texts.country })
	if (trail.region && scopeKind !== 'district' && current !== 'region') {
		links.push({ to: `/${lang}/reports/regions/${trail.region.id}`, label: pick(lang, trail.region.nameKk, trail.region.nameRu) })
	}
	if (trail.district && current === 'school') {
		links.push({ to: `/${lang}/reports/districts/${trail.district.id}`, label: pick(lang, trail.district.nameKk, trail.district.nameRu) })
	}
	if (!links.length) return null
	return (
		<nav aria-label={texts.breadcrumbs} className="breadcrumbs">
			<ol className="report-trail">
				{links.map((l) => (
					<li key={l.to}><Link to={l.to}>{l.label}</Link></li>
				))}
			</ol>
		</nav>
	)
}

export function placeName(lang: Locale, target: Target, trail: Trail, country: string) {
	const p = target.level === 'school' ? trail.school : target.level === 'district' ? trail.district : target.level === 'region' ? trail.region : null
	return p ? pick(lang, p.nameKk, p.nameRu) : country
}

function ReportFilters({ values, errors, courses, lang, texts: { filters: texts, gender } }: { values: FilterValues; errors: FilterErrors; courses: CourseOption[]; lang: Locale; texts: ReportTexts }) {
	return (
		<Form method="get" className="report-filters" aria-labelledby="report-filters-title">
			<h2 id="report-filters-title" className="visually-hidden">{texts.title}</h2>
			{errors ? <p className="notice notice--error" role="alert">{texts.invalid}</p> : null}
			<div className="filters">
				<SelectField label={texts.course} name="course" defaultValue={values.course} errors={errors?.course}>
					<option value="">{texts.allCourses}</option>
					{courses.map((c) => (
						<option key={c.id} value={String(c.id)}>{pick(lang, c.titleKk, c.titleRu)}</option>
					))}
				</SelectField>
				<Field label={texts.from} hint={texts.monthHint} type="month" name="from" defaultValue={values.from} errors={errors?.from} pattern="\d{4}-\d{2}" />
				<Field label={texts.to} hint={texts.monthHint} type="month" name="to" defaultValue={values.to} errors={errors?.to} pattern="\d{4}-\d{2}" />
				<SelectField label={texts.gender} name="gender" defaultValue={values.gender} errors={errors?.gender}>
					<option value="">{texts.allGenders}</option>
					<option value="female">{gender.female}</option>
					<option value="male">{gender.male}</option>
					<option value="none">{gender.none}</option>
				</SelectField>
			</div>
			<p className="report-filters__actions">
				<button type="submit" className="button">{texts.apply}</button>
				<Link to="?">{texts.reset}</Link>
			</p>
		</Form>
	)
}

/** Download links of one table; the page passes the texts it already holds. */
function ExportLinks({ lang, table, at, values, title, labels }: { lang: Locale; table: string; at: string; values: FilterValues; title: string; labels: ReportTexts['export'] }) {
	const href = (format: string) => `/${lang}/reports/export/${table}${filterQuery({ at, format, ...values })}`
	return (
		<p className="export-links">
			{labels.download}:{' '}
			<a href={href('csv')} download>
				{labels.csv}<span className="visually-hidden"> — {title}</span>
			</a>{' '}
			·{' '}
			<a href={href('xlsx')} download>
				{labels.xlsx}<span className="visually-hidden"> — {title}</span>
			</a>
		</p>
	)
}

function FigureCells({ f, teachers = true, gain = false }: { f: Figures; teachers?: boolean; gain?: boolean }) {
	return (
		<>
			{teachers ? <td className="num">{num(f.teachers)}</td> : null}
			<td className="num">{num(f.enrolled)}</td>
			<td className="num">{num(f.completed)}</td>
			<td className="num">{pct(f.rate)}</td>
			<td className="num">{num(f.certified)}</td>
			{gain ? <td className="num">{num(f.gainMean)}</td> : null}
		</>
	)
}

function figureColumns(first: string, labels: ReportTexts['columns'], teachers: boolean, gain: boolean): Column[] {
	return [
		{ label: first },
		...(teachers ? [{ label: labels.teachers, num: true }] : []),
		{ label: labels.enrolled, num: true },
		{ label: labels.completed, num: true },
		{ label: labels.rate, num: true },
		{ label: labels.certified, num: true },
		...(gain ? [{ label: labels.gainMean, num: true }] : []),
	]
}

type FigureRow = { key: string | number; head: ReactNode; f: Figures }

/** One breakdown: a section with its heading, the figures table (and a total row) and its export links. */
function FigureTable({
	id,
	title,
	first,
	labels,
	rows,
	total,
	teachers = true,
	gain = false,
	children,
}: {
	id: string
	title: string
	first: string
	labels: ReportTexts['columns']
	rows: FigureRow[]
	total?: { head: string; f: Figures }
	teachers?: boolean
	gain?: boolean
	children: ReactNode
}) {
	return (
		<section aria-labelledby={`${id}-title`}>
			<h2 id={`${id}-title`}>{title}</h2>
			<ReportTable label={title} columns={figureColumns(first, labels, teachers, gain)}>
				<tbody>
					{rows.map((r) => (
						<tr key={r.key}>
							<th scope="row">{r.head}</th>
							<FigureCells f={r.f} teachers={teachers} gain={gain} />
						</tr>
					))}
				</tbody>
				{total ? (
					<tfoot>
						<tr>
							<th scope="row">{total.head}</th>
							<FigureCells f={total.f} teachers={teachers} gain={gain} />
						</tr>
					</tfoot>
				) : null}
			</ReportTable>
			{children}
		</section>
	)
}

/** Completions per month as bars drawn on the server; the table after it carries the same numbers. */
export function MonthsChart({ months, label }: { months: { month: string; completed: number }[]; label: string }) {
	const width = 720
	const height = 240
	const top = 24
	const bottom = 36
	const left = 8
	const max = Math.max(1, ...months.map((m) => m.completed))
	const step = (width - left * 2) / Math.max(1, months.length)
	const bar = Math.max(4, step * 0.7)
	const scale = (height - top - bottom) / max
	return (
		<svg className="report-chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby="months-chart-title">
			<title id="months-chart-title">{label}</title>
			<line x1={left} x2={width - left} y1={height - bottom} y2={height - bottom} stroke="#4a5560" />
			{months.map((m, i) => {
				const h = m.completed * scale
				const x = left + i * step + (step - bar) / 2
				const y = height - bottom - h
				return (
					<g key={m.month}>
						<rect x={x} y={y} width={bar} height={h} fill="#0b5e6b" />
						<text x={x + bar / 2} y={y - 6} textAnchor="middle" fontSize="12" fill="#1a1f24">{m.completed > 0 ? num(m.completed) : ''}</text>
						<text x={x + bar / 2} y={height - bottom + 16} textAnchor="middle" fontSize="11" fill="#1a1f24">{`${m.month.slice(5)}.${m.month.slice(2, 4)}`}</text>
					</g>
				)
			})}
		</svg>
	)
}

type DashboardData = {
	scopeKind: string
	target: Target
	at: string
	trail: Trail
	values: FilterValues
	errors: FilterErrors
	dashboard: Dashboard
	assignments: OpenAssignmentRow[] | null
}

export function DashboardView({ d, lang }: { d: DashboardData; lang: Locale }) {
	const { t, texts } = useReportTexts()
	const { dashboard: r } = d
	const place = placeName(lang, d.target, d.trail, texts.country)
	const unitLink = (id: number) =>
		r.unitLevel === 'region' ? `/${lang}/reports/regions/${id}` : r.unitLevel === 'district' ? `/${lang}/reports/districts/${id}` : `/${lang}/reports/schools/${id}`
	const q = filterQuery(d.values)
	const exportProps = { lang, at: d.at, values: d.values, labels: texts.export }
	const first = r.months[0]?.month ?? ''
	const last = r.months[r.months.length - 1]?.month ?? ''
	const totalMonths = r.months.reduce((s, m) => s + m.completed, 0)
	const { tables, columns } = texts
	const units = tables.units[r.unitLevel]
	const heading = t('heading', { place })
	return (
		<div className="page report">
			<title>{`${heading} — Ortaq`}</title>
			<ReportBreadcrumbs lang={lang} scopeKind={d.scopeKind} trail={d.trail} current={d.target.level} texts={texts} />
			<h1>{heading}</h1>
			<p className="muted">
				{r.asOf ? t('asOf', { time: formatDate(r.asOf, lang, 'dateTime') }) : texts.live} {texts.cohortNote}
			</p>
			<ReportFilters values={d.values} errors={d.errors} courses={r.courses} lang={lang} texts={texts} />

			<section aria-labelledby="summary-title">
				<h2 id="summary-title">{texts.summary.title}</h2>
				<dl className="report-figures">
					<div><dt>{texts.summary.teachers}</dt><dd>{num(r.total.teachers)}</dd></div>
					<div><dt>{texts.summary.enrolled}</dt><dd>{num(r.total.enrolled)}</dd></div>
					<div><dt>{texts.summary.completed}</dt><dd>{num(r.total.completed)}</dd></div>
					<div><dt>{texts.summary.rate}</dt><dd>{pct(r.total.rate)}</dd></div>
					<div><dt>{texts.summary.certified}</dt><dd>{num(r.total.certified)}</dd></div>
				</dl>
			</section>

			{d.assignments ? <OpenAssignmentsSection rows={d.assignments} lang={lang} /> : null}

			<FigureTable
				id="gender"
				title={tables.gender}
				first={columns.gender}
				labels={columns}
				gain
				rows={r.byGender.map((g) => ({ key: g.key, head: texts.gender[g.key], f: g }))}
				total={{ head: texts.total, f: r.total }}
			>
				<ExportLinks {...exportProps} table="gender" title={tables.gender} />
			</FigureTable>

			<FigureTable
				id="units"
				title={units}
				first={columns[r.unitLevel]}
				labels={columns}
				rows={r.byUnit.map((u) => ({ key: u.id, head: <a href={`${unitLink(u.id)}${q}`}>{pick(lang, u.nameKk, u.nameRu)}</a>, f: u }))}
			>
				<ExportLinks {...exportProps} table="units" title={units} />
				<ExportLinks {...exportProps} table="teachers" title={tables.teachers} />
			</FigureTable>

			<FigureTable
				id="languages"
				title={tables.languages}
				first={columns.language}
				labels={columns}
				teachers={false}
				gain
				rows={r.byLocale.map((l) => ({ key: l.key, head: texts.language[l.key], f: l }))}
			>
				<ExportLinks {...exportProps} table="languages" title={tables.languages} />
			</FigureTable>

			<FigureTable
				id="courses"
				title={tables.courses}
				first={columns.course}
				labels={columns}
				teachers={false}
				gain
				rows={r.byCourse.map((c) => ({ key: c.id, head: pick(lang, c.titleKk, c.titleRu), f: c }))}
			>
				<ExportLinks {...exportProps} table="courses" title={tables.courses} />
			</FigureTable>

			<section aria-labelledby="gain-title">
				<h2 id="gain-title">{tables.gain}</h2>
				<p>{texts.gain.explain}</p>
				{r.gain.n > 0 ? (
					<p>
						<strong>{t('gain.mean', { mean: num(r.gain.mean) })}</strong> {t('gain.n', { count: r.gain.n })}
					</p>
				) : (
					<p>{texts.gain.none}</p>
				)}
				<ReportTable label={tables.gain} columns={[{ label: columns.bucket }, { label: columns.count, num: true }, { label: columns.share, num: true }]}>
					<tbody>
						{r.gain.buckets.map((b) => (
							<tr key={b.key}>
								<th scope="row">{texts.gainBucket[b.key]}</th>
								<td className="num">{num(b.count)}</td>
								<td className="num">{r.gain.n ? pct(Math.round((b.count / r.gain.n) * 1000) / 10) : '—'}</td>
							</tr>
						))}
					</tbody>
				</ReportTable>
				<ExportLinks {...exportProps} table="gain" title={tables.gain} />
			</section>

			<section aria-labelledby="months-title">
				<h2 id="months-title">{tables.months}</h2>
				<MonthsChart months={r.months} label={t('chart.label', { from: first, to: last, total: num(totalMonths) })} />
				<ReportTable label={texts.chartData} caption="shown" columns={[{ label: columns.month }, { label: columns.completed, num: true }]}>
					<tbody>
						{r.months.map((m) => (
							<tr key={m.month}>
								<th scope="row">{m.month}</th>
								<td className="num">{num(m.completed)}</td>
							</tr>
						))}
					</tbody>
				</ReportTable>
				<ExportLinks {...exportProps} table="months" title={tables.months} />
			</section>
		</div>
	)
}

function schoolLabels(t: TFunction<'reporting'>, texts: ReportTexts) {
	const progress = new Map<string, string>()
	return {
		// One teacher's row names a person's gender, not a group («әйел», not «Әйелдер»).
		gender: { female: t('personGender.female'), male: t('personGender.male'), none: t('personGender.none') },
		language: texts.language,
		noCourses: t('school.noCourses'),
		progress(done: number, total: number) {
			const key = `${done}/${total}`
			let text = progress.get(key)
			if (text === undefined) {
				text = t('progress', { done, total })
				progress.set(key, text)
			}
			return text
		},
	}
}

/**
 * The rows of a school's teacher table as HTML: one per enrolment, or one per teacher without
 * any. A school has hundreds of rows of plain cells, which React rendered at several times the
 * cost of the rest of the page (bench/README.md, "Reporting"); every value is escaped by `html`.
 */
export function schoolRows(
	teachers: TeacherLine[],
	titles: Map<number, string>,
	labels: ReturnType<typeof schoolLabels>,
	t: TFunction<'reporting'>,
): Html {
	return html`${teachers.map((teacher) => {
		const name = html`<th scope="row">${teacher.fullName}</th><td>${labels.gender[teacher.gender]}</td>`
		if (teacher.enrolments.length === 0) return html`<tr>${name}<td colspan="7">${labels.noCourses}</td></tr>`
		return teacher.enrolments.map((e) => {
			const required = Math.max(1, e.required)
			const certificate = e.certificate ? (e.certificate.revoked ? t('certificate.revoked', { serial: e.certificate.serial }) : e.certificate.serial) : '—'
			return html`<tr>${name}<td>${titles.get(e.courseId) ?? ''}</td><td>${e.locale === 'kk' || e.locale === 'ru' ? labels.language[e.locale] : '—'}</td><td class="num"><label class="report-progress">${labels.progress(e.lessonsDone, e.required)}<progress max="${required}" value="${Math.min(e.lessonsDone, required)}"></progress></label></td><td class="num">${num(e.diagnosticScore)}</td><td class="num">${num(e.finalScore)}</td><td>${e.completedAt ?? '—'}</td><td>${certificate}</td></tr>`
		})
	})}`
}

type SchoolData = {
	scopeKind: string
	target: Target
	at: string
	trail: Trail
	values: FilterValues
	errors: FilterErrors
	teachers: TeacherLine[]
	courses: CourseOption[]
}

export function SchoolView({ d, lang }: { d: SchoolData; lang: Locale }) {
	const { t, texts } = useReportTexts()
	const place = placeName(lang, d.target, d.trail, texts.country)
	const titles = new Map(d.courses.map((c) => [c.id, pick(lang, c.titleKk, c.titleRu)]))
	const exportProps = { lang, at: d.at, values: d.values, labels: texts.export }
	// A school has hundreds of rows with a few distinct labels: translate each label once, not per cell.
	const labels = schoolLabels(t, texts)
	const heading = t('heading', { place })
	return (
		<div className="page report">
			<title>{`${heading} — Ortaq`}</title>
			<ReportBreadcrumbs lang={lang} scopeKind={d.scopeKind} trail={d.trail} current="school" texts={texts} />
			<h1>{heading}</h1>
			<p className="muted">{texts.live} {texts.cohortNote}</p>
			<ReportFilters values={d.values} errors={d.errors} courses={d.courses} lang={lang} texts={texts} />
			<section aria-labelledby="teachers-title">
				<h2 id="teachers-title">{t('tables.enrolments')}</h2>
				<p role="status">{t('school.teachers', { count: d.teachers.length })}</p>
				{d.teachers.length === 0 ? (
					<p>{t('school.noTeachers')}</p>
				) : (
					<ReportTable
						label={t('tables.enrolments')}
						columns={[
							{ label: t('columns.fullName') },
							{ label: t('columns.gender') },
							{ label: t('columns.course') },
							{ label: t('columns.language') },
							{ label: t('columns.progress'), num: true },
							{ label: t('columns.diagnostic'), num: true },
							{ label: t('columns.final'), num: true },
							{ label: t('columns.completedAt') },
							{ label: t('columns.certificate') },
						]}
					>
						<tbody dangerouslySetInnerHTML={{ __html: schoolRows(d.teachers, titles, labels, t).value }} />
					</ReportTable>
				)}
				<ExportLinks {...exportProps} table="enrolments" title={t('tables.enrolments')} />
				<ExportLinks {...exportProps} table="teachers" title={texts.tables.teachers} />
			</section>
		</div>
	)
}
