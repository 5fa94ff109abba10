// Course slugs and their redirects (ADR 013): a course's slug changes when a revision carrying
// another one is published; the old slug is kept in course_old_slugs and every URL with it
// redirects to the same path with the current slug. Old slugs are looked up only when a URL's
// slug names no course, so the common case costs nothing.
import { and, eq, inArray, ne, type Column } from 'drizzle-orm'
import { getDb, type Queryable } from '#app/db/client.server.ts'
import { courseOldSlugs, courseRevisions, courses } from '#app/db/schema/index.ts'

/** The current slug of the course that once had `slug`, or null. */
export async function renamedCourseSlug(slug: string, db?: Queryable): Promise<string | null> {
	const q = db ?? (await getDb())
	const [row] = await q.select({ slug: courses.slug }).from(courseOldSlugs).innerJoin(courses, eq(courses.id, courseOldSlugs.courseId)).where(eq(courseOldSlugs.slug, slug))
	return row?.slug ?? null
}

/**
 * Whether `slug` belongs to a course other than `courseId`: its current slug, an old one that still
 * redirects, or one a draft or submission of it is to take when published.
 */
export async function courseSlugTaken({ slug, courseId = null, db }: { slug: string; courseId?: number | null; db?: Queryable }): Promise<boolean> {
	const q = db ?? (await getDb())
	const other = (column: Column) => (courseId === null ? undefined : ne(column, courseId))
	const [current] = await q.select({ id: courses.id }).from(courses).where(and(eq(courses.slug, slug), other(courses.id))).limit(1)
	if (current) return true
	const [old] = await q.select({ id: courseOldSlugs.courseId }).from(courseOldSlugs).where(and(eq(courseOldSlugs.slug, slug), other(courseOldSlugs.courseId))).limit(1)
	if (old) return true
	const [pending] = await q
		.select({ id: courseRevisions.courseId })
		.from(courseRevisions)
		.where(and(eq(courseRevisions.slug, slug), inArray(courseRevisions.status, ['draft', 'in_review']), other(courseRevisions.courseId)))
		.limit(1)
	return Boolean(pending)
}

/** Gives the course its new slug and keeps the old one as a redirect; an old slug of its own taken back stops redirecting. */
export async function renameCourse({ tx, courseId, from, to }: { tx: Queryable; courseId: number; from: string; to: string }) {
	if (from === to) return
	await tx.delete(courseOldSlugs).where(and(eq(courseOldSlugs.slug, to), eq(courseOldSlugs.courseId, courseId)))
	await tx.insert(courseOldSlugs).values({ slug: from, courseId })
	await tx.update(courses).set({ slug: to }).where(eq(courses.id, courseId))
}

const coursePath = /^(\/(?:kk|ru)(?:\/studio)?\/courses\/)([^/]+)(\/.*)?$/

/** The same URL with the course's current slug when its slug is an old one, else null. */
export async function renamedCourseUrl(url: string): Promise<string | null> {
	const parsed = new URL(url, 'http://localhost')
	const match = coursePath.exec(parsed.pathname)
	if (!match?.[2]) return null
	let slug: string
	try {
		slug = decodeURIComponent(match[2])
	} catch {
		return null
	}
	const to = await renamedCourseSlug(slug)
	return to ? `${match[1]}${to}${match[3] ?? ''}${parsed.search}` : null
}

/** A permanent redirect that keeps the method: 301 for GET and HEAD, 308 (body resent) for a form. */
export function permanentRedirect(method: string, location: string) {
	return new Response(null, { status: method === 'GET' || method === 'HEAD' ? 301 : 308, headers: { Location: location } })
}

/**
 * A loader or action of a page under /courses/:slug whose 404 (no course by that slug) becomes a
 * permanent redirect when the slug is an old one of a renamed course.
 */
export function followRenamedCourse<A extends { request: Request }, R>(fn: (args: A) => Promise<R>): (args: A) => Promise<R> {
	return async (args) => {
		try {
			return await fn(args)
		} catch (error) {
			if (error instanceof Response && error.status === 404) {
				const location = await renamedCourseUrl(args.request.url)
				if (location) throw permanentRedirect(args.request.method, location)
			}
			throw error
		}
	}
}

/**
 * The same for a studio page, checked before it runs: a studio action answers an unknown slug with
 * its own form error rather than a 404, and a redirect is what keeps the author's form from being lost.
 */
export function redirectRenamedCourse<A extends { request: Request }, R>(fn: (args: A) => Promise<R>): (args: A) => Promise<R> {
	return async (args) => {
		const location = await renamedCourseUrl(args.request.url)
		if (location) throw permanentRedirect(args.request.method, location)
		return fn(args)
	}
}
