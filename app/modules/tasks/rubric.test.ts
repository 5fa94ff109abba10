import { expect, test } from 'vitest'
import type { PracticalTask } from '#app/db/schema/index.ts'
import { maySubmit, paragraphs, scoreRubric } from './rubric.ts'

const pair = (s: string) => ({ kk: s, ru: s })
const task: PracticalTask = {
	title: pair('T'),
	instructions: pair('I'),
	submit: { text: true, files: true },
	criteria: [
		{ id: 'goal', title: pair('G'), description: pair('g'), maxPoints: 4 },
		{ id: 'adaptations', title: pair('A'), description: pair('a'), maxPoints: 6 },
	],
	passMark: 6,
	requiredForCertificate: true,
}

test('scores every criterion within its maximum and gives the percent and the pass', () => {
	expect(scoreRubric(task, { goal: '3', adaptations: '4' })).toEqual({ ok: true, scores: { goal: 3, adaptations: 4 }, points: 7, maxPoints: 10, percent: 70, passed: true })
	expect(scoreRubric(task, { goal: '2', adaptations: '3' })).toMatchObject({ ok: true, points: 5, passed: false })
})

test('a missing, negative, fractional or too high score is a field error of its criterion', () => {
	expect(scoreRubric(task, { goal: '5', adaptations: '' })).toEqual({ ok: false, errors: { 'score-goal': ['errors.score'], 'score-adaptations': ['errors.score'] } })
	expect(scoreRubric(task, { goal: '-1', adaptations: '2.5' })).toMatchObject({ ok: false })
	expect(scoreRubric(task, { goal: '1e1', adaptations: '1' })).toMatchObject({ ok: false, errors: { 'score-goal': ['errors.score'] } })
})

test('a teacher sends again only after a return; paragraphs split on blank lines', () => {
	expect([maySubmit(null), maySubmit('returned'), maySubmit('submitted'), maySubmit('accepted')]).toEqual([true, true, false, false])
	expect(paragraphs('One\nline.\n\n  Two.  \n\n\n')).toEqual(['One\nline.', 'Two.'])
})
