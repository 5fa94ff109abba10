import type { TFunction } from 'i18next'
import { dueText } from '#app/modules/assignments/dates.ts'
import { formatDate, formatNumber, pick, type Locale } from '#app/modules/i18n/locales.ts'
import type { ParsedNotification } from './kinds.ts'

/** A day (YYYY-MM-DD, Almaty) as the app writes dates. */
const dayText = (day: string, lang: Locale) => formatDate(`${day}T00:00:00Z`, lang, 'long')

/**
 * A notification's text in the reader's language, rendered now from its kind and params (ADR 017):
 * `t` is the notifications namespace, `assignmentsT` the assignments one (its "N days left" plurals);
 * `now` counts the days left of a reminder when it is read, not when it was sent.
 */
export function notificationText(
	n: ParsedNotification,
	{ t, assignmentsT, lang, now }: { t: TFunction<'notifications'>; assignmentsT: TFunction<'assignments'>; lang: Locale; now: Date },
): string {
	const num = (value: number) => formatNumber(value, lang)
	switch (n.kind) {
		case 'assignment.assigned': {
			const p = n.params
			return t('text.assignmentAssigned', { course: pick(lang, p.courseTitle.kk, p.courseTitle.ru), by: pick(lang, p.by.kk, p.by.ru), due: dayText(p.dueOn, lang) })
		}
		case 'assignment.reminder': {
			const p = n.params
			const due = dueText(p.dueOn, now)
			// A "due soon" read after the due day says it is overdue: the text follows the clock.
			const key = p.stage === 'overdue' || due.key === 'overdueBy' ? 'text.reminderOverdue' : 'text.reminderDueSoon'
			return t(key, { course: pick(lang, p.courseTitle.kk, p.courseTitle.ru), due: dayText(p.dueOn, lang), left: assignmentsT(`due.${due.key}`, { count: due.count }) })
		}
		case 'assignment.digest': {
			const p = n.params
			return t('text.digest', {
				place: pick(lang, p.place.kk, p.place.ru),
				week: dayText(p.weekOf, lang),
				open: num(p.openAssignments),
				overdue: num(p.overdueTeachers),
				completed: num(p.completedTeachers),
			})
		}
		case 'task.accepted': {
			const p = n.params
			const course = pick(lang, p.courseTitle.kk, p.courseTitle.ru)
			return p.score !== null && p.maxScore !== null
				? t('text.taskAcceptedScore', { course, score: num(p.score), max: num(p.maxScore) })
				: t('text.taskAccepted', { course })
		}
		case 'task.returned':
			return t('text.taskReturned', { course: pick(lang, n.params.courseTitle.kk, n.params.courseTitle.ru) })
		case 'task.submitted':
			return t('text.taskSubmitted', { course: pick(lang, n.params.courseTitle.kk, n.params.courseTitle.ru), teacher: n.params.teacherName })
	}
}
