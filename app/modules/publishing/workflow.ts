import type { RevisionStatus } from '#app/db/schema/content.ts'

export type WorkflowAction = 'submit' | 'approve' | 'return' | 'archive' | 'edit'

export type WorkflowActor = { id: number; canReview: boolean; canAuthor: boolean }

export type WorkflowSubject = { status: RevisionStatus; authorId: number | null }

const transitions: Record<WorkflowAction, { from: RevisionStatus[]; to: RevisionStatus }> = {
	edit: { from: ['draft'], to: 'draft' },
	submit: { from: ['draft'], to: 'in_review' },
	approve: { from: ['in_review'], to: 'published' },
	return: { from: ['in_review'], to: 'draft' },
	archive: { from: ['published'], to: 'archived' },
}

/**
 * Whether `actor` may take `action` on a revision, and the status it leads to. Authors edit
 * and submit their drafts; a reviewer who is not the author approves or returns; published
 * revisions are never edited, only archived by a reviewer.
 */
export function decide(action: WorkflowAction, subject: WorkflowSubject, actor: WorkflowActor) {
	const t = transitions[action]
	if (!t.from.includes(subject.status)) return { ok: false as const, reason: 'wrong_status' as const }
	const isAuthor = subject.authorId === actor.id
	if (action === 'edit' || action === 'submit') {
		if (!actor.canAuthor || (!isAuthor && !actor.canReview)) return { ok: false as const, reason: 'not_author' as const }
	}
	if (action === 'approve' || action === 'return' || action === 'archive') {
		if (!actor.canReview) return { ok: false as const, reason: 'not_reviewer' as const }
		if (isAuthor && action !== 'archive') return { ok: false as const, reason: 'own_work' as const }
	}
	return { ok: true as const, to: t.to }
}
