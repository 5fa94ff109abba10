import { expect, test } from 'vitest'
import { diffDetails, diffQuizzes, type QuizQuestion } from './course-diff.ts'

const details = { slug: 'a', titleKk: 'Т', titleRu: 'Т', summaryKk: 'С', summaryRu: 'С', hours: 10, passThreshold: 70 }
const q: QuizQuestion = {
	key: 'q1',
	type: 'single',
	textKk: 'Сұрақ',
	textRu: 'Вопрос',
	explanationKk: '',
	explanationRu: '',
	options: [
		{ id: 'a', kk: 'Иә', ru: 'Да', correct: true },
		{ id: 'b', kk: 'Жоқ', ru: 'Нет', correct: false },
	],
}

test('details: only what differs, in form order, as text', () => {
	expect(diffDetails(details, details)).toEqual([])
	expect(diffDetails(details, { ...details, passThreshold: 80, slug: 'b' })).toEqual([
		{ field: 'slug', before: 'a', after: 'b' },
		{ field: 'passThreshold', before: '70', after: '80' },
	])
})

test('quizzes: an unchanged quiz is left out; a changed option keeps its earlier text; a change in the other language shows there only', () => {
	const quiz = { kind: 'final' as const, lessonId: null, questions: [q] }
	expect(diffQuizzes('ru', [quiz], [quiz])).toEqual([])
	const renamed = { ...quiz, questions: [{ ...q, options: [{ id: 'a', kk: 'Иә', ru: 'Конечно', correct: true }, { id: 'b', kk: 'Жоқ', ru: 'Нет', correct: false }] }] }
	const [ru] = diffQuizzes('ru', [quiz], [renamed])
	expect(ru?.questions[0]?.options[0]).toEqual({ id: 'a', change: 'same', text: 'Конечно', before: 'Да', correct: true, wasCorrect: true })
	expect(diffQuizzes('kk', [quiz], [renamed])).toEqual([])
	// Which option is correct changes: a text, not a colour, says so.
	const flipped = { ...quiz, questions: [{ ...q, options: q.options.map((o) => ({ ...o, correct: !o.correct })) }] }
	expect(diffQuizzes('kk', [quiz], [flipped])[0]?.questions[0]?.options.map((o) => [o.id, o.wasCorrect, o.correct])).toEqual([
		['a', true, false],
		['b', false, true],
	])
})
