import { expect, test } from 'vitest'
import { decide } from './workflow.ts'

const author = { id: 1, canAuthor: true, canReview: false }
const reviewer = { id: 2, canAuthor: true, canReview: true }

test('an author submits a draft; only another person with the reviewer role approves it', () => {
	expect(decide('submit', { status: 'draft', authorId: 1 }, author)).toEqual({ ok: true, to: 'in_review' })
	expect(decide('approve', { status: 'in_review', authorId: 1 }, author)).toEqual({ ok: false, reason: 'not_reviewer' })
	expect(decide('approve', { status: 'in_review', authorId: 2 }, reviewer)).toEqual({ ok: false, reason: 'own_work' })
	expect(decide('approve', { status: 'in_review', authorId: 1 }, reviewer)).toEqual({ ok: true, to: 'published' })
	expect(decide('return', { status: 'in_review', authorId: 1 }, reviewer)).toEqual({ ok: true, to: 'draft' })
})

test('a published revision is immutable: it cannot be edited or submitted again', () => {
	expect(decide('edit', { status: 'published', authorId: 1 }, author)).toEqual({ ok: false, reason: 'wrong_status' })
	expect(decide('submit', { status: 'published', authorId: 1 }, author)).toEqual({ ok: false, reason: 'wrong_status' })
	expect(decide('archive', { status: 'published', authorId: 1 }, reviewer)).toEqual({ ok: true, to: 'archived' })
})

test('another author cannot edit someone else’s draft', () => {
	expect(decide('edit', { status: 'draft', authorId: 9 }, author)).toEqual({ ok: false, reason: 'not_author' })
})
