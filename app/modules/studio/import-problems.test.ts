import { expect, test } from 'vitest'
import { describeProblem } from './import-problems.ts'

test('problems the sync reports in English are given an i18n key and the part to quote', () => {
	expect(describeProblem({ file: 'c/lessons/01-a/kk.mdx', message: 'expression: {process.exit(1)}' })).toEqual({ key: 'mdx.expression', detail: '{process.exit(1)}' })
	expect(describeProblem({ file: 'c/kk.mdx', message: 'syntax' })).toEqual({ key: 'mdx.syntax', detail: '' })
	expect(describeProblem({ file: 'c/final.json', message: 'a course needs a final assessment' })).toEqual({ key: 'courses.problem.noFinal', detail: '' })
	expect(describeProblem({ file: 'c/course.json', message: 'invalid JSON: Unexpected token' })).toEqual({ key: 'courses.problem.json', detail: 'Unexpected token' })
	expect(describeProblem({ file: 'c/course.json', message: 'hours: Too big' })).toEqual({ key: 'courses.problem.format', detail: 'hours: Too big' })
	expect(describeProblem({ file: 'c/course.json', message: 'slug must match the folder name "c"' })).toEqual({ key: 'courses.problem.slugMismatch', detail: 'c' })
	expect(describeProblem({ file: '', message: 'Something else' })).toEqual({ key: null, detail: 'Something else' })
})
