import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { loadAssignmentReport } from '#app/modules/assignments/page.server.ts'
import { AssignmentExportLinks, daysLeftText, dueDate, schoolStatusRows, StatusCells, StatusHeads, targetText } from '#app/modules/assignments/views.tsx'
import { formatDate, isLocale, pick } from '#app/modules/i18n/locales.ts'
import reportCss from '#app/modules/reporting/reporting.css?url'
import type { Route } from './+types/assignments.report.ts'

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: reportCss }]

/** Tables and links: plain HTML (ADR 008). */
export const handle = { hydrate: false }

export async function loader({ request, params }: Route.LoaderArgs) {
	return loadAssignmentReport(request, { assignmentId: params.assignmentId })
}

export default function AssignmentReport({ loaderData: d, params }: Route.ComponentProps) {
	const { t } = useTranslation('assignments')
	const lang = isLocale(params.lang) ? params.lang : 'kk'
	const a = d.assignment
	const now = new Date(d.now)
	const course = pick(lang, a.titleKk, a.titleRu)
	const heading = d.school ? t('report.schoolTitle', { school: pick(lang, d.school.school.nameKk, d.school.school.nameRu) }) : t('report.title', { course })
	const base = `/${lang}/assignments/${a.id}`
	return (
		<div className="page report">
			<title>{`${heading} — Ortaq`}</title>
			{d.school ? (
				<nav aria-label={t('report.backToReport')} className="breadcrumbs">
					<ol className="report-trail"><li><Link to={base}>{t('report.title', { course })}</Link></li></ol>
				</nav>
			) : null}
			<h1>{heading}</h1>
			<dl className="report-figures">
				<div><dt>{t('columns.course')}</dt><dd><Link to={`/${lang}/courses/${a.slug}`}>{course}</Link></dd></div>
				<div><dt>{t('columns.by')}</dt><dd>{pick(lang, a.by.nameKk, a.by.nameRu)}</dd></div>
				<div><dt>{t('columns.target')}</dt><dd>{targetText(t, a)}</dd></div>
				<div><dt>{t('columns.due')}</dt><dd>{dueDate(a.dueOn, lang)} ({daysLeftText(t, a.dueOn, now)})</dd></div>
			</dl>
			{a.note ? <p><strong>{t('report.note')}:</strong> {a.note}</p> : null}
			<p className="muted">{t('report.asOf', { date: formatDate(now, lang, 'dateTime') })}</p>
			{d.report ? <Summary report={d.report} tasks={d.tasks} lang={lang} id={a.id} base={base} /> : null}
			{d.school ? (
				<section aria-labelledby="school-teachers-title">
					<h2 id="school-teachers-title">{t('report.tables.teachers')}</h2>
					{d.school.teachers.length === 0 ? (
						<p>{t('report.noTeachers')}</p>
					) : (
						<TeacherTable rows={d.school.teachers} lang={lang} school={false} />
					)}
				</section>
			) : null}
		</div>
	)
}

type Report = NonNullable<Route.ComponentProps['loaderData']['report']>
type AssignmentTaskReport = Route.ComponentProps['loaderData']['tasks']
type Teacher = Report['movedOut'][number]

function TeacherTable({ rows, lang, school }: { rows: Teacher[]; lang: 'kk' | 'ru'; school: boolean }) {
	const { t } = useTranslation('assignments')
	return (
		<div className="table-wrap" role="region" aria-label={t('report.tables.teachers')} tabIndex={0}>
			<table>
				<caption className="visually-hidden">{t('report.tables.teachers')}</caption>
				<thead>
					<tr>
						<th scope="col">{t('columns.fullName')}</th>
						<th scope="col">{t('columns.gender')}</th>
						{school ? <th scope="col">{t('columns.startedAt')}</th> : null}
						<th scope="col">{t('columns.status')}</th>
						<th scope="col" className="num">{t('columns.lessonsDone')}</th>
						<th scope="col">{t('columns.completedAt')}</th>
					</tr>
				</thead>
				<tbody>
					{rows.map((m) => (
						<tr key={m.id}>
							<th scope="row">{m.fullName}</th>
							<td>{t(`personGender.${m.gender}`)}</td>
							{school ? <td>{pick(lang, m.schoolKk, m.schoolRu)}</td> : null}
							<td>{t(`status.${m.status}`)}</td>
							<td className="num">{m.lessonsDone ?? '—'}</td>
							<td>{m.completedAt ? formatDate(`${m.completedAt}T00:00:00Z`, lang, 'short') : '—'}</td>
						</tr>
					))}
				</tbody>
			</table>
		</div>
	)
}

function Summary({ report: r, tasks, lang, id, base }: { report: Report; tasks: AssignmentTaskReport; lang: 'kk' | 'ru'; id: number; base: string }) {
	const { t } = useTranslation('assignments')
	return (
		<>
			<section aria-labelledby="assignment-schools-title">
				<h2 id="assignment-schools-title">{t('report.bySchool')}</h2>
				<div className="table-wrap" role="region" aria-label={t('report.bySchool')} tabIndex={0}>
					<table>
						<caption className="visually-hidden">{t('report.bySchool')}</caption>
						<StatusHeads first={t('columns.school')} t={t} />
						<tbody dangerouslySetInnerHTML={{ __html: schoolStatusRows(r.bySchool, lang, base).value }} />
						<tfoot>
							<tr>
								<th scope="row">{t('report.total')}</th>
								<StatusCells c={r.total} />
							</tr>
						</tfoot>
					</table>
				</div>
				<AssignmentExportLinks lang={lang} id={id} table="schools" title={t('report.tables.schools')} t={t} />
				<AssignmentExportLinks lang={lang} id={id} table="teachers" title={t('report.tables.teachers')} t={t} />
			</section>
			<section aria-labelledby="assignment-gender-title">
				<h2 id="assignment-gender-title">{t('report.byGender')}</h2>
				<div className="table-wrap" role="region" aria-label={t('report.byGender')} tabIndex={0}>
					<table>
						<caption className="visually-hidden">{t('report.byGender')}</caption>
						<StatusHeads first={t('columns.gender')} t={t} />
						<tbody>
							{r.byGender.map((g) => (
								<tr key={g.key}>
									<th scope="row">{t(`gender.${g.key}`)}</th>
									<StatusCells c={g} />
								</tr>
							))}
						</tbody>
					</table>
				</div>
				<AssignmentExportLinks lang={lang} id={id} table="gender" title={t('report.tables.gender')} t={t} />
			</section>
			{tasks ? (
				<section aria-labelledby="assignment-tasks-title">
					<h2 id="assignment-tasks-title">{t('tasks.title')}</h2>
					<p>{t('tasks.summary', { count: tasks.waiting })}{tasks.averagePercent != null ? ` ${t('tasks.averageAll', { percent: tasks.averagePercent })}` : ''}</p>
					<div className="table-wrap" role="region" aria-label={t('tasks.title')} tabIndex={0}>
						<table>
							<caption className="visually-hidden">{t('tasks.title')}</caption>
							<thead>
								<tr>
									<th scope="col">{t('columns.gender')}</th>
									<th scope="col">{t('columns.teachers')}</th>
									<th scope="col">{t('tasks.waiting')}</th>
									<th scope="col">{t('tasks.returned')}</th>
									<th scope="col">{t('tasks.accepted')}</th>
									<th scope="col">{t('tasks.average')}</th>
								</tr>
							</thead>
							<tbody>
								{tasks.byGender.map((g) => (
									<tr key={g.key}>
										<th scope="row">{t(`gender.${g.key}`)}</th>
										<td>{g.teachers}</td>
										<td>{g.waiting}</td>
										<td>{g.returned}</td>
										<td>{g.accepted}</td>
										<td>{g.averagePercent ?? '—'}</td>
									</tr>
								))}
							</tbody>
						</table>
					</div>
					<p><Link to={`/${lang}/tasks`}>{t('tasks.queue')}</Link></p>
					<AssignmentExportLinks lang={lang} id={id} table="tasks" title={t('report.tables.tasks')} t={t} />
				</section>
			) : null}
			{r.movedOut.length ? (
				<section aria-labelledby="assignment-moved-title">
					<h2 id="assignment-moved-title">{t('report.movedOut')}</h2>
					<p>{t('report.movedOutExplain')}</p>
					<TeacherTable rows={r.movedOut} lang={lang} school />
				</section>
			) : null}
		</>
	)
}
