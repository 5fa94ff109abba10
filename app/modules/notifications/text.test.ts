import { expect, test } from 'vitest'
import { fixedT } from '#app/modules/i18n/i18n.ts'
import type { Locale } from '#app/modules/i18n/locales.ts'
import { getResources } from '#app/modules/i18n/resources.server.ts'
import { notificationKinds, parseNotification, type ParsedNotification } from './kinds.ts'
import { notificationText } from './text.ts'

const NOW = new Date('2026-12-03T07:00:00Z')
const course = { kk: 'Инклюзивті білім беру негіздері', ru: 'Основы инклюзивного образования' }

function render(n: ParsedNotification, lang: Locale, now = NOW) {
	const resources = getResources(lang)
	return notificationText(n, { t: fixedT(lang, resources, 'notifications'), assignmentsT: fixedT(lang, resources, 'assignments'), lang, now })
}

const samples: ParsedNotification[] = [
	{ kind: 'assignment.assigned', params: { assignmentId: 1, courseTitle: course, by: { kk: 'Қарасай ауданы', ru: 'Карасайский район' }, dueOn: '2026-12-20' } },
	{ kind: 'assignment.reminder', params: { assignmentId: 1, courseTitle: course, dueOn: '2026-12-06', stage: 'dueSoon' } },
	{ kind: 'assignment.reminder', params: { assignmentId: 1, courseTitle: course, dueOn: '2026-12-01', stage: 'overdue' } },
	{ kind: 'assignment.digest', params: { place: { kk: 'Қарасай ауданы', ru: 'Карасайский район' }, weekOf: '2026-11-30', openAssignments: 3, overdueTeachers: 1250, completedTeachers: 40 } },
	{ kind: 'task.accepted', params: { submissionId: 5, courseTitle: course, score: 8, maxScore: 10 } },
	{ kind: 'task.accepted', params: { submissionId: 5, courseTitle: course, score: null, maxScore: null } },
	{ kind: 'task.returned', params: { submissionId: 5, courseTitle: course } },
	{ kind: 'task.submitted', params: { submissionId: 5, courseTitle: course, teacherName: 'Айгүл Серікқызы' } },
]

test('every kind has a sample here, and reads in both languages with its values filled in', () => {
	expect(new Set(samples.map((s) => s.kind))).toEqual(new Set(notificationKinds))
	for (const n of samples) {
		for (const lang of ['kk', 'ru'] as const) {
			const text = render(n, lang)
			expect(text).not.toMatch(/{{|}}|text\./)
			if ('courseTitle' in n.params) expect(text).toContain(n.params.courseTitle[lang])
		}
	}
})

test('texts are rendered when read: dates in the reader\'s language, days left counted from now', () => {
	const [assigned, dueSoon, overdue, digest, scored] = samples
	if (!assigned || !dueSoon || !overdue || !digest || !scored) throw new Error('samples')
	expect(render(assigned, 'kk')).toBe('Сізге «Инклюзивті білім беру негіздері» курсы тағайындалды (Қарасай ауданы). Мерзімі — 2026 ж. 20 желтоқсан.')
	expect(render(assigned, 'ru')).toBe('Вам назначен курс «Основы инклюзивного образования» (Карасайский район), срок — 20 декабря 2026 г.')
	expect(render(dueSoon, 'ru')).toContain('Осталось 3 дня')
	expect(render(dueSoon, 'kk')).toContain('3 күн қалды')
	// The same "due soon" read after its due day says the course is overdue.
	expect(render(dueSoon, 'ru', new Date('2026-12-08T07:00:00Z'))).toMatch(/^Срок курса .* прошёл/)
	expect(render(overdue, 'ru')).toMatch(/^Срок курса .* прошёл: 1 декабря 2026 г\./)
	expect(render(digest, 'ru')).toContain('учителей с просроченным сроком — 1\u00a0250')
	expect(render(scored, 'kk')).toContain('бағасы: 8/10')
})

test('the header\'s count names the unread notifications with each language\'s plural', () => {
	const ru = fixedT('ru', getResources('ru'))
	const kk = fixedT('kk', getResources('kk'))
	expect([1, 3, 5, 11, 21, 22, 25].map((count) => ru('nav.unread', { count }))).toEqual([
		'1 новое уведомление',
		'3 новых уведомления',
		'5 новых уведомлений',
		'11 новых уведомлений',
		'21 новое уведомление',
		'22 новых уведомления',
		'25 новых уведомлений',
	])
	expect([1, 3].map((count) => kk('nav.unread', { count }))).toEqual(['1 жаңа хабарлама', '3 жаңа хабарлама'])
})

test('stored params of an unknown kind or shape are not rendered', () => {
	expect(parseNotification('assignment.removed', {})).toBeNull()
	expect(parseNotification('task.returned', { submissionId: 'x', courseTitle: course })).toBeNull()
	expect(parseNotification('task.accepted', { submissionId: 1, courseTitle: course })).toEqual({ kind: 'task.accepted', params: { submissionId: 1, courseTitle: course, score: null, maxScore: null } })
})
