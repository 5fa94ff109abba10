import { expect, test } from 'vitest'
import { remaining } from './completion.ts'
import { answersBelongTo, grade } from './grading.ts'

const questions = [
	{ key: 'q1', type: 'single' as const, options: [{ id: 'a', correct: true }, { id: 'b', correct: false }] },
	{
		key: 'q2',
		type: 'multiple' as const,
		options: [
			{ id: 'a', correct: true },
			{ id: 'b', correct: true },
			{ id: 'c', correct: false },
		],
	},
]

test('a multiple-choice question counts only when exactly the right options are chosen', () => {
	expect(grade(questions, { q1: ['a'], q2: ['a', 'b'] }).score).toBe(100)
	expect(grade(questions, { q1: ['a'], q2: ['a'] }).score).toBe(50)
	expect(grade(questions, { q1: ['a'], q2: ['a', 'b', 'c'] }).score).toBe(50)
})

test('choosing both answers of a single-choice question is wrong; repeats and unknown ids give no credit', () => {
	expect(grade(questions, { q1: ['a', 'b'] }).results[0]?.correct).toBe(false)
	expect(grade(questions, { q1: ['a', 'a'] }).results[0]?.correct).toBe(true)
	expect(grade(questions, { q1: ['zz'], q2: ['a', 'b', 'x'] }).correct).toBe(1)
	expect(grade(questions, {}).score).toBe(0)
})

test('answers naming another quiz’s questions or options are detected', () => {
	expect(answersBelongTo(questions, { q1: ['a'] })).toBe(true)
	expect(answersBelongTo(questions, { q9: ['a'] })).toBe(false)
	expect(answersBelongTo(questions, { q1: ['z'] })).toBe(false)
})

test('the learner sees exactly what is left', () => {
	expect(remaining({ requiredLessons: 5, requiredDone: 3, finalPassed: false, hasFinal: true })).toEqual({ lessons: 2, final: true, task: null, complete: false })
	expect(remaining({ requiredLessons: 5, requiredDone: 5, finalPassed: true, hasFinal: true })).toEqual({ lessons: 0, final: false, task: null, complete: true })
	expect(remaining({ requiredLessons: 5, requiredDone: 5, finalPassed: false, hasFinal: true }).complete).toBe(false)
})

test('a required practical task keeps the course open until it is accepted', () => {
	const done = { requiredLessons: 5, requiredDone: 5, finalPassed: true, hasFinal: true }
	expect(remaining({ ...done, task: { required: true, status: null } })).toEqual({ lessons: 0, final: false, task: 'todo', complete: false })
	expect(remaining({ ...done, task: { required: true, status: 'submitted' } }).task).toBe('submitted')
	expect(remaining({ ...done, task: { required: true, status: 'returned' } }).complete).toBe(false)
	expect(remaining({ ...done, task: { required: true, status: 'unknown' } }).task).toBe('pending')
	expect(remaining({ ...done, task: { required: true, status: 'accepted' } })).toEqual({ lessons: 0, final: false, task: null, complete: true })
	expect(remaining({ ...done, task: { required: false, status: null } }).complete).toBe(true)
})
