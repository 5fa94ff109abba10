import { fixedT } from '#app/modules/i18n/i18n.ts'
import { pick, type Locale } from '#app/modules/i18n/locales.ts'
import { getResources } from '#app/modules/i18n/resources.server.ts'
import type { Cell, Table } from '#app/modules/reporting/export.server.ts'
import { assignmentTeachers, getAssignmentReport, getAssignmentTaskReport, type Assignment } from './assignments.server.ts'
import { statuses } from './dates.ts'

export const assignmentTableNames = ['schools', 'gender', 'teachers', 'tasks'] as const
export type AssignmentTableName = (typeof assignmentTableNames)[number]

async function* once(rows: Cell[][]) {
	yield rows
}

/** One table of an assignment's report with localized headers, streamed by the reporting module's writers. */
export async function assignmentTable({ table, assignment, locale, now }: { table: AssignmentTableName; assignment: Assignment; locale: Locale; now: Date }): Promise<Table> {
	const t = fixedT(locale, getResources(locale), 'assignments')
	const statusHeads = statuses.map((s) => t(`status.${s}`))
	if (table === 'teachers') {
		async function* rows() {
			for await (const batch of assignmentTeachers({ assignment, now })) {
				yield batch.map((m): Cell[] => [
					m.fullName,
					t(`personGender.${m.gender}`),
					pick(locale, m.schoolKk, m.schoolRu),
					t(`status.${m.status}`),
					m.lessonsDone,
					m.completedAt,
					m.movedOut ? t('yes') : null,
				])
			}
		}
		return {
			title: t('report.tables.teachers'),
			headers: [t('columns.fullName'), t('columns.gender'), t('columns.school'), t('columns.status'), t('columns.lessonsDone'), t('columns.completedAt'), t('columns.movedOut')],
			batches: rows(),
		}
	}
	if (table === 'tasks') {
		// The practical task by gender (ADR 018); a course without one exports the headers only.
		const tasks = await getAssignmentTaskReport({ assignment })
		return {
			title: t('report.tables.tasks'),
			headers: [t('columns.gender'), t('columns.teachers'), t('tasks.waiting'), t('tasks.returned'), t('tasks.accepted'), t('tasks.average')],
			batches: once((tasks?.byGender ?? []).map((g): Cell[] => [t(`gender.${g.key}`), g.teachers, g.waiting, g.returned, g.accepted, g.averagePercent])),
		}
	}
	const report = await getAssignmentReport({ assignment, now })
	if (table === 'schools') {
		return {
			title: t('report.tables.schools'),
			headers: [t('columns.school'), t('columns.teachers'), ...statusHeads],
			batches: once([
				...report.bySchool.map((s): Cell[] => [pick(locale, s.nameKk, s.nameRu), s.total, ...statuses.map((k) => s[k])]),
				[t('report.total'), report.total.total, ...statuses.map((k) => report.total[k])],
			]),
		}
	}
	return {
		title: t('report.tables.gender'),
		headers: [t('columns.gender'), t('columns.teachers'), ...statusHeads],
		batches: once(report.byGender.map((g): Cell[] => [t(`gender.${g.key}`), g.total, ...statuses.map((k) => g[k])])),
	}
}
