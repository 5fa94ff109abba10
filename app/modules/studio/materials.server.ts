import { and, asc, desc, eq, inArray } from 'drizzle-orm'
import { diffLines } from 'diff'
import { getDb } from '#app/db/client.server.ts'
import { materialAttachments, materialRevisions, materials, materialVersions, reviewComments, users } from '#app/db/schema/index.ts'
import type { MaterialMetadata } from '#app/db/schema/materials.ts'
import { recordAudit } from '#app/modules/auth/audit.server.ts'
import { hasPermission } from '#app/modules/auth/permissions.ts'
import type { SessionUser } from '#app/modules/auth/session.server.ts'
import type { Locale } from '#app/modules/i18n/locales.ts'
import { revisionAttachments } from '#app/modules/materials/library.server.ts'
import type { MaterialType, Topic } from '#app/modules/materials/forms.ts'
import { normalizeMetadata } from '#app/modules/materials/metadata.ts'
import {
	findMaterial,
	latestRevision,
	markPublished,
	nextRevisionNumber,
	prepareVersions,
	replaceVersions,
	type LocaleProblems,
} from '#app/modules/materials/revisions.server.ts'
import { decide, type WorkflowActor } from '#app/modules/publishing/workflow.ts'

export type DraftInput = {
	type: MaterialType
	topic: Topic
	subjects: string[]
	grades: number[]
	needs: string[]
	summaryKk: string
	summaryRu: string
	sourceKk: string
	sourceRu: string
}

/** The material row's metadata from a draft, in the fixed order of the lists. */
function metadataOf(input: DraftInput) {
	return { type: input.type, topic: input.topic, ...normalizeMetadata(input) }
}

function publishedMetadata(material: MaterialMetadata): MaterialMetadata {
	return { type: material.type, topic: material.topic, subjects: material.subjects, grades: material.grades, needs: material.needs }
}

export function actorOf(user: SessionUser): WorkflowActor {
	return { id: user.id, canReview: hasPermission(user.roles, 'review:content:any'), canAuthor: hasPermission(user.roles, 'author:content:own') }
}

function texts(input: DraftInput) {
	return { kk: { source: input.sourceKk, summary: input.summaryKk }, ru: { source: input.sourceRu, summary: input.summaryRu } }
}

/** Reviewers see every material; an author sees the ones they created or wrote a revision of. */
async function visibleMaterial(user: SessionUser, slug: string) {
	const db = await getDb()
	const material = await findMaterial(db, slug)
	if (!material) return null
	if (actorOf(user).canReview || material.createdBy === user.id) return material
	const [own] = await db
		.select({ id: materialRevisions.id })
		.from(materialRevisions)
		.where(and(eq(materialRevisions.materialId, material.id), eq(materialRevisions.authorId, user.id)))
		.limit(1)
	return own ? material : null
}

/** The studio's list: materials this user may see, with their newest revision, and what waits for review. */
export async function listStudioMaterials({ user }: { user: SessionUser }) {
	const db = await getDb()
	const actor = actorOf(user)
	const rows = await db
		.select({
			slug: materials.slug,
			type: materials.type,
			materialId: materials.id,
			createdBy: materials.createdBy,
			revisionId: materialRevisions.id,
			number: materialRevisions.number,
			status: materialRevisions.status,
			authorId: materialRevisions.authorId,
			authorName: users.fullName,
			submittedAt: materialRevisions.submittedAt,
		})
		.from(materialRevisions)
		.innerJoin(materials, eq(materials.id, materialRevisions.materialId))
		.leftJoin(users, eq(users.id, materialRevisions.authorId))
		.orderBy(asc(materials.slug), desc(materialRevisions.number))
	const latest = new Map<number, (typeof rows)[number]>()
	const mine = new Set<number>()
	for (const r of rows) {
		if (!latest.has(r.materialId)) latest.set(r.materialId, r)
		if (r.authorId === user.id || r.createdBy === user.id) mine.add(r.materialId)
	}
	const visible = [...latest.values()].filter((r) => actor.canReview || mine.has(r.materialId))
	const titles = await db
		.select({ revisionId: materialVersions.revisionId, locale: materialVersions.locale, title: materialVersions.title })
		.from(materialVersions)
		.where(inArray(materialVersions.revisionId, visible.length ? visible.map((r) => r.revisionId) : [-1]))
	const withTitles = visible.map((r) => {
		const own = titles.filter((t) => t.revisionId === r.revisionId)
		return { ...r, titles: { kk: own.find((t) => t.locale === 'kk')?.title, ru: own.find((t) => t.locale === 'ru')?.title } }
	})
	return {
		materials: withTitles,
		reviewQueue: actor.canReview ? withTitles.filter((r) => r.status === 'in_review' && r.authorId !== user.id) : [],
	}
}

export type SaveResult = { ok: true; slug: string } | { ok: false; error: 'slug_taken' | 'wrong_status' | 'not_allowed' } | { ok: false; problems: LocaleProblems }

/** A new material with its first draft; the MDX must pass the guard and the accessibility lint. */
export async function createMaterial({ user, slug, input }: { user: SessionUser; slug: string; input: DraftInput }): Promise<SaveResult> {
	if (!actorOf(user).canAuthor) return { ok: false, error: 'not_allowed' }
	const db = await getDb()
	if (await findMaterial(db, slug)) return { ok: false, error: 'slug_taken' }
	const prepared = await prepareVersions(texts(input))
	if (!prepared.ok) return { ok: false, problems: prepared.problems }
	const created = await db.transaction(async (tx) => {
		const [material] = await tx
			.insert(materials)
			.values({ slug, ...metadataOf(input), createdBy: user.id })
			.onConflictDoNothing()
			.returning({ id: materials.id })
		if (!material) return null
		const [revision] = await tx
			.insert(materialRevisions)
			.values({ materialId: material.id, number: 1, status: 'draft', authorId: user.id, metadata: metadataOf(input) })
			.returning({ id: materialRevisions.id })
		if (!revision) throw new Error('revision not inserted')
		await replaceVersions(tx, revision.id, prepared.versions)
		await recordAudit({ actorId: user.id, action: 'material.create', targetType: 'material_revision', targetId: revision.id, data: { slug } }, tx)
		return material
	})
	if (!created) return { ok: false, error: 'slug_taken' }
	return { ok: true, slug }
}

/** Saves the open draft, its metadata included; the material row (what readers see) changes only when it is published. */
export async function saveDraft({ user, slug, input }: { user: SessionUser; slug: string; input: DraftInput }): Promise<SaveResult> {
	const material = await visibleMaterial(user, slug)
	if (!material) return { ok: false, error: 'not_allowed' }
	const db = await getDb()
	const revision = await latestRevision(db, material.id)
	if (!revision) return { ok: false, error: 'wrong_status' }
	const decision = decide('edit', revision, actorOf(user))
	if (!decision.ok) return { ok: false, error: decision.reason === 'wrong_status' ? 'wrong_status' : 'not_allowed' }
	const prepared = await prepareVersions(texts(input))
	if (!prepared.ok) return { ok: false, problems: prepared.problems }
	await db.transaction(async (tx) => {
		// Re-read inside the transaction: a submit between the check and the save wins.
		const [current] = await tx.select({ status: materialRevisions.status }).from(materialRevisions).where(eq(materialRevisions.id, revision.id)).for('update')
		if (current?.status !== 'draft') return
		await tx.update(materialRevisions).set({ metadata: metadataOf(input) }).where(eq(materialRevisions.id, revision.id))
		await replaceVersions(tx, revision.id, prepared.versions)
		await recordAudit({ actorId: user.id, action: 'material.save', targetType: 'material_revision', targetId: revision.id, data: { slug } }, tx)
	})
	return { ok: true, slug }
}

export type TransitionResult = { ok: true; status: string } | { ok: false; error: 'wrong_status' | 'not_author' | 'not_reviewer' | 'own_work' | 'not_allowed' | 'empty' }

/** Opens a new draft from the published (or last) revision, with its texts and attachments. */
export async function startRevision({ user, slug }: { user: SessionUser; slug: string }): Promise<TransitionResult> {
	const material = await visibleMaterial(user, slug)
	const actor = actorOf(user)
	if (!material || !actor.canAuthor) return { ok: false, error: 'not_allowed' }
	const db = await getDb()
	const last = await latestRevision(db, material.id)
	if (!last || last.status === 'draft' || last.status === 'in_review') return { ok: false, error: 'wrong_status' }
	await db.transaction(async (tx) => {
		const number = await nextRevisionNumber(tx, material.id)
		const [revision] = await tx
			.insert(materialRevisions)
			.values({ materialId: material.id, number, status: 'draft', authorId: user.id, metadata: publishedMetadata(material) })
			.returning({ id: materialRevisions.id })
		if (!revision) throw new Error('revision not inserted')
		const versions = await tx.select().from(materialVersions).where(eq(materialVersions.revisionId, last.id))
		await replaceVersions(
			tx,
			revision.id,
			versions.map((v) => ({ locale: v.locale, title: v.title, summary: v.summary, source: v.source, hash: v.hash, readingMinutes: v.readingMinutes })),
		)
		const files = await tx.select().from(materialAttachments).where(eq(materialAttachments.revisionId, last.id))
		if (files.length) await tx.insert(materialAttachments).values(files.map((f) => ({ ...f, revisionId: revision.id })))
		await recordAudit({ actorId: user.id, action: 'material.revise', targetType: 'material_revision', targetId: revision.id, data: { slug, from: last.number } }, tx)
	})
	return { ok: true, status: 'draft' }
}

/** Sends the draft to review. */
export async function submitForReview({ user, slug }: { user: SessionUser; slug: string }): Promise<TransitionResult> {
	const material = await visibleMaterial(user, slug)
	if (!material) return { ok: false, error: 'not_allowed' }
	const db = await getDb()
	const revision = await latestRevision(db, material.id)
	if (!revision) return { ok: false, error: 'wrong_status' }
	const decision = decide('submit', revision, actorOf(user))
	if (!decision.ok) return { ok: false, error: decision.reason }
	const versions = await db.select({ id: materialVersions.id }).from(materialVersions).where(eq(materialVersions.revisionId, revision.id))
	if (!versions.length) return { ok: false, error: 'empty' }
	const changed = await db.transaction(async (tx) => {
		const rows = await tx
			.update(materialRevisions)
			.set({ status: decision.to, submittedAt: new Date() })
			.where(and(eq(materialRevisions.id, revision.id), eq(materialRevisions.status, 'draft')))
			.returning({ id: materialRevisions.id })
		if (rows.length) await recordAudit({ actorId: user.id, action: 'material.submit', targetType: 'material_revision', targetId: revision.id, data: { slug } }, tx)
		return rows.length > 0
	})
	return changed ? { ok: true, status: decision.to } : { ok: false, error: 'wrong_status' }
}

/** A reviewer other than the author approves (publishes) or returns the revision with a comment. */
export async function reviewRevision({
	user,
	slug,
	decision: action,
	comment,
}: {
	user: SessionUser
	slug: string
	decision: 'approve' | 'return'
	comment: string
}): Promise<TransitionResult> {
	const material = await visibleMaterial(user, slug)
	if (!material) return { ok: false, error: 'not_allowed' }
	const db = await getDb()
	const revision = await latestRevision(db, material.id)
	if (!revision) return { ok: false, error: 'wrong_status' }
	const decision = decide(action, revision, actorOf(user))
	if (!decision.ok) return { ok: false, error: decision.reason }
	const done = await db.transaction(async (tx) => {
		const [current] = await tx.select({ status: materialRevisions.status }).from(materialRevisions).where(eq(materialRevisions.id, revision.id)).for('update')
		if (current?.status !== 'in_review') return false
		if (action === 'approve') await markPublished(tx, { materialId: material.id, revisionId: revision.id, reviewerId: user.id })
		else await tx.update(materialRevisions).set({ status: 'draft', reviewerId: user.id }).where(eq(materialRevisions.id, revision.id))
		if (comment || action === 'return') {
			await tx.insert(reviewComments).values({ subjectType: 'material', revisionId: revision.id, authorId: user.id, decision: action, body: comment })
		}
		await recordAudit(
			{ actorId: user.id, action: action === 'approve' ? 'material.publish' : 'material.return', targetType: 'material_revision', targetId: revision.id, data: { slug } },
			tx,
		)
		return true
	})
	return done ? { ok: true, status: decision.to } : { ok: false, error: 'wrong_status' }
}

/** Everything the studio page shows about one material: the newest revision, its history, comments and files. */
export async function getStudioMaterial({ user, slug }: { user: SessionUser; slug: string }) {
	const material = await visibleMaterial(user, slug)
	if (!material) return null
	const db = await getDb()
	const revisions = await db
		.select({
			id: materialRevisions.id,
			number: materialRevisions.number,
			status: materialRevisions.status,
			authorId: materialRevisions.authorId,
			authorName: users.fullName,
			submittedAt: materialRevisions.submittedAt,
			publishedAt: materialRevisions.publishedAt,
			createdAt: materialRevisions.createdAt,
			metadata: materialRevisions.metadata,
		})
		.from(materialRevisions)
		.leftJoin(users, eq(users.id, materialRevisions.authorId))
		.where(eq(materialRevisions.materialId, material.id))
		.orderBy(desc(materialRevisions.number))
	const current = revisions[0]
	if (!current) return null
	const versions = await db.select().from(materialVersions).where(eq(materialVersions.revisionId, current.id))
	const comments = await db
		.select({ id: reviewComments.id, revisionId: reviewComments.revisionId, decision: reviewComments.decision, body: reviewComments.body, createdAt: reviewComments.createdAt, authorName: users.fullName })
		.from(reviewComments)
		.innerJoin(users, eq(users.id, reviewComments.authorId))
		.where(and(eq(reviewComments.subjectType, 'material'), inArray(reviewComments.revisionId, revisions.map((r) => r.id))))
		.orderBy(desc(reviewComments.createdAt))
	const actor = actorOf(user)
	const can = (action: Parameters<typeof decide>[0]) => decide(action, current, actor).ok
	return {
		material,
		/** The newest revision's metadata: a draft's own, else the published one. */
		metadata: current.metadata ?? publishedMetadata(material),
		current,
		revisions,
		versions,
		comments,
		attachments: await revisionAttachments(db, current.id),
		can: {
			edit: can('edit'),
			submit: can('submit'),
			review: can('approve'),
			revise: actor.canAuthor && (current.status === 'published' || current.status === 'archived'),
		},
	}
}

/** The open draft's id when this user may change it (add or remove files). */
export async function editableRevision({ user, slug }: { user: SessionUser; slug: string }) {
	const material = await visibleMaterial(user, slug)
	if (!material) return null
	const db = await getDb()
	const revision = await latestRevision(db, material.id)
	if (!revision || !decide('edit', revision, actorOf(user)).ok) return null
	return revision
}

export type DiffPart = { kind: 'same' | 'added' | 'removed'; text: string }

/** Line diff of one language between two revisions of a material. */
export async function diffRevisions({ user, slug, from, to, locale }: { user: SessionUser; slug: string; from: number; to: number; locale: Locale }) {
	const material = await visibleMaterial(user, slug)
	if (!material) return null
	const db = await getDb()
	const rows = await db
		.select({ number: materialRevisions.number, source: materialVersions.source })
		.from(materialRevisions)
		.leftJoin(materialVersions, and(eq(materialVersions.revisionId, materialRevisions.id), eq(materialVersions.locale, locale)))
		.where(and(eq(materialRevisions.materialId, material.id), inArray(materialRevisions.number, [from, to])))
	const a = rows.find((r) => r.number === from)
	const b = rows.find((r) => r.number === to)
	if (!a || !b) return null
	const parts: DiffPart[] = diffLines(a.source ?? '', b.source ?? '').map((p) => ({
		kind: p.added ? 'added' : p.removed ? 'removed' : 'same',
		text: p.value,
	}))
	return { parts, changed: parts.some((p) => p.kind !== 'same') }
}

/** Which languages each material has in its newest revision, and which text lags behind the other. */
export async function translationStatus() {
	const db = await getDb()
	const rows = await db
		.select({
			materialId: materials.id,
			slug: materials.slug,
			number: materialRevisions.number,
			status: materialRevisions.status,
			locale: materialVersions.locale,
			title: materialVersions.title,
			source: materialVersions.source,
		})
		.from(materialRevisions)
		.innerJoin(materials, eq(materials.id, materialRevisions.materialId))
		.leftJoin(materialVersions, eq(materialVersions.revisionId, materialRevisions.id))
		.orderBy(asc(materials.slug), asc(materialRevisions.number))
	type Entry = { slug: string; number: number; status: string; titles: Partial<Record<Locale, string>>; changedAt: Partial<Record<Locale, number>>; last: Partial<Record<Locale, string>> }
	const bySlug = new Map<string, Entry>()
	const byRevision = new Map<string, Partial<Record<Locale, string>>>()
	for (const r of rows) {
		const key = `${r.slug}#${r.number}`
		const sources = byRevision.get(key) ?? {}
		if (r.locale && r.source != null) sources[r.locale] = r.source
		byRevision.set(key, sources)
		const entry = bySlug.get(r.slug) ?? { slug: r.slug, number: r.number, status: r.status, titles: {}, changedAt: {}, last: {} }
		if (entry.number !== r.number) {
			entry.number = r.number
			entry.status = r.status
			entry.titles = {}
		}
		if (r.locale && r.title) entry.titles[r.locale] = r.title
		bySlug.set(r.slug, entry)
	}
	// The revision in which each language last changed: a language that changed earlier than the other is out of date.
	for (const [key, sources] of byRevision) {
		const [slug = '', n = '0'] = key.split('#')
		const entry = bySlug.get(slug)
		if (!entry) continue
		for (const locale of ['kk', 'ru'] as const) {
			const text = sources[locale]
			if (text !== undefined && text !== entry.last[locale]) {
				entry.changedAt[locale] = Number(n)
				entry.last[locale] = text
			}
		}
	}
	return [...bySlug.values()].map((e) => {
		const has = { kk: Boolean(e.titles.kk), ru: Boolean(e.titles.ru) }
		const kkAt = e.changedAt.kk ?? 0
		const ruAt = e.changedAt.ru ?? 0
		return {
			slug: e.slug,
			number: e.number,
			status: e.status,
			title: e.titles.kk ?? e.titles.ru ?? e.slug,
			has,
			outdated: { kk: has.kk && has.ru && kkAt < ruAt, ru: has.kk && has.ru && ruAt < kkAt },
		}
	})
}
