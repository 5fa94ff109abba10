import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { and, eq } from 'drizzle-orm'
import { getDb } from '#app/db/client.server.ts'
import { districts, regions, schools, userRoles, users } from '#app/db/schema/index.ts'
import { hashPassword } from '#app/modules/auth/password.server.ts'
import type { Role } from '#app/modules/auth/permissions.ts'
import type { Position, Subject } from '#app/modules/auth/profile.ts'
import { createSession, SESSION_COOKIE } from '#app/modules/auth/session.server.ts'
import type { CourseStructure } from '#app/modules/learning/structure.server.ts'

export const PASSWORD = 'correct horse battery'
let passwordHash: Promise<string> | undefined
let counter = 0

/** A school of the seeded geography: Karasai district of Almaty region unless told otherwise. */
export async function findSchool({ region = 'almaty-region', district = 'karasai', index = 0 } = {}) {
	const db = await getDb()
	const rows = await db
		.select({ schoolId: schools.id, districtId: districts.id, regionId: regions.id })
		.from(schools)
		.innerJoin(districts, eq(districts.id, schools.districtId))
		.innerJoin(regions, eq(regions.id, districts.regionId))
		.where(and(eq(regions.code, region), eq(districts.code, district)))
		.orderBy(schools.id)
	const row = rows[index]
	if (!row) throw new Error(`no school ${index} in ${region}/${district}`)
	return row
}

export async function createUser({
	role = 'teacher',
	gender = 'female',
	schoolId,
	regionId = null,
	districtId = null,
	fullName,
	email,
	position = null,
	subject = null,
}: {
	position?: Position | null
	subject?: Subject | null
	role?: Role
	gender?: 'female' | 'male' | null
	schoolId?: number
	regionId?: number | null
	districtId?: number | null
	fullName?: string
	email?: string
} = {}) {
	passwordHash ??= hashPassword(PASSWORD)
	const db = await getDb()
	counter += 1
	const school = schoolId ?? (await findSchool()).schoolId
	const [user] = await db
		.insert(users)
		.values({
			email: email ?? `user${counter}-${Math.random().toString(36).slice(2, 7)}@example.kz`,
			passwordHash: await passwordHash,
			fullName: fullName ?? `Тест Пайдаланушы ${counter}`,
			locale: 'kk',
			gender,
			position,
			subject,
			schoolId: school,
		})
		.returning()
	if (!user) throw new Error('user not created')
	await db.insert(userRoles).values({ userId: user.id, role: 'teacher' })
	if (role !== 'teacher') await db.insert(userRoles).values({ userId: user.id, role, regionId, districtId })
	return user
}

/** A user with a session, and the Cookie header that carries it. */
export async function signedIn(options: Parameters<typeof createUser>[0] = {}) {
	const user = await createUser(options)
	const token = await createSession({ userId: user.id })
	return { user, token, cookie: `${SESSION_COOKIE}=${token}` }
}

/** A Request as the browser would send it to a route of the app. */
export function makeRequest(
	path: string,
	{ method = 'GET', cookie, form, headers = {} }: { method?: string; cookie?: string; form?: Record<string, string | string[]>; headers?: Record<string, string> } = {},
) {
	const init: RequestInit = { method, headers: { ...headers, ...(cookie ? { Cookie: cookie } : {}) } }
	if (form) {
		const body = new URLSearchParams()
		for (const [k, v] of Object.entries(form)) for (const item of Array.isArray(v) ? v : [v]) body.append(k, item)
		init.body = body
		init.method = method === 'GET' ? 'POST' : method
	}
	return new Request(`http://localhost:3000${path}`, init)
}

/** Runs a loader or action, returning the thrown Response as well as a returned one. */
export async function run<T>(fn: () => Promise<T> | T): Promise<T | Response> {
	try {
		return await fn()
	} catch (error) {
		if (error instanceof Response) return error
		throw error
	}
}

/** The arguments React Router passes a loader or action, for calling one directly. */
export function routeArgs<P>(request: Request, params: P) {
	return { request, params, context: {}, url: new URL(request.url), pattern: '' }
}

/** A private copy of tests/fixtures/courses (the mini course), free to change; returns the folder it is in. */
export async function copyFixtureCourses() {
	const root = await fs.mkdtemp(path.join(os.tmpdir(), 'ortaq-content-'))
	await fs.cp(path.resolve('tests/fixtures/courses'), root, { recursive: true })
	return root
}

/**
 * Copies the fixture courses to a private folder and syncs it, as `npm run content:sync` would: the mini course
 * is published (or found unchanged). Returns the folder (change a file and sync it again), what the sync said,
 * and the published mini course.
 */
export async function publishFixtureCourse() {
	// Loaded here, not at the top: most test files use the factories without compiling any MDX.
	const { syncContent } = await import('#app/modules/content/sync.server.ts')
	const { getPublishedStructure } = await import('#app/modules/learning/structure.server.ts')
	const root = await copyFixtureCourses()
	const results = await syncContent({ root })
	const course: CourseStructure | null = await getPublishedStructure('mini-course')
	if (!course) throw new Error(`mini-course not published: ${JSON.stringify(results)}`)
	return { root, results, course }
}
