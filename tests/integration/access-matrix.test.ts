import { beforeAll, expect, test } from 'vitest'
import { createSession, SESSION_COOKIE } from '#app/modules/auth/session.server.ts'
import { makeRequest, routeArgs, run } from '#tests/factories.ts'
import { manifest, paramsFor, prepareRouteWorld, routeModule, who, type Who } from '#tests/route-world.ts'

/**
 * Who may open what: every route of app/routes.ts, for every role, anonymous, an author who does not own the
 * draft and a methodologist of another district. The expected result of each cell is written below as data;
 * a route added to the manifest without a row here fails the first test.
 *
 * A cell is a status, or 'login' (a redirect to the login page that comes back), or 'redirect' (any other).
 * GET runs the route's loader; POST runs its action with an empty form (what a forged or broken form sends).
 */
type Cell = number | 'login' | 'redirect'
type Row = { get?: Cells; post?: Cells }
type Cells = Record<Who, Cell>

const everyone = (cell: Cell): Cells => ({ anonymous: cell, teacher: cell, author: cell, otherAuthor: cell, reviewer: cell, methodologist: cell, otherMethodologist: cell, admin: cell })
const signedInOnly = (cell: Cell): Cells => ({ ...everyone(cell), anonymous: 'login' })
const authors = (own: Cell, other: Cell = 404): Cells => ({ ...everyone(403), anonymous: 'login', author: own, otherAuthor: other, reviewer: own, admin: own })
const studioAny: Cells = { ...everyone(403), anonymous: 'login', author: 200, otherAuthor: 200, reviewer: 200, admin: 200 }
const reporters = (own: Cell, other: Cell): Cells => ({ ...everyone(403), anonymous: 'login', methodologist: own, otherMethodologist: other, admin: own })
const adminOnly = (cell: Cell): Cells => ({ ...everyone(403), anonymous: 'login', admin: cell })

const matrix: Record<string, Row> = {
	'': { get: everyone('redirect') },
	'verify/:code': { get: everyone('redirect') },
	issuer: { get: everyone(200) },
	'credentials/:code': { get: everyone(200) },
	'credentials/:code/status': { get: everyone(200) },
	':lang': { get: everyone(200) },
	// The home page has no loader: nothing to refuse.
	':lang/': {},
	// A signed-in user who opens the login or registration form is sent on.
	':lang/login': { get: { ...everyone('redirect'), anonymous: 200 }, post: everyone(400) },
	':lang/logout': { get: everyone('redirect'), post: everyone('redirect') },
	':lang/register': { get: { ...everyone('redirect'), anonymous: 200 }, post: everyone(400) },
	':lang/forgot-password': { post: everyone(400) },
	':lang/reset-password': { get: everyone(200), post: everyone(400) },
	':lang/account': { get: signedInOnly(200), post: signedInOnly(400) },
	// The signed link needs no login (ADR 016): GET asks, the one-click POST (token in the address, any body) unsubscribes.
	':lang/unsubscribe': { get: everyone(200), post: everyone(200) },
	':lang/places': { get: everyone(200) },
	':lang/admin/users': { get: adminOnly(200) },
	':lang/admin/users/:userId': { get: adminOnly(200), post: adminOnly(400) },
	':lang/courses': { get: everyone(200) },
	// Enrolling needs no field: an empty form enrols and goes to the course.
	':lang/courses/:slug': { get: everyone(200), post: signedInOnly('redirect') },
	':lang/courses/:slug/lessons/:lesson': { get: { ...signedInOnly(200), teacher: 200 }, post: signedInOnly(400) },
	':lang/courses/:slug/assessment/:kind': { get: signedInOnly(200), post: signedInOnly(400) },
	':lang/my': { get: signedInOnly(200) },
	// Offline learning (ADR 014) answers in JSON: no session is 401, not a login redirect (the device keeps its
	// queue); the sync takes JSON only, so the matrix's empty form is 415. The package is for enrolled users only
	// (403 otherwise, tests/integration/offline-sync.test.ts): every signed-in user of the world is enrolled.
	':lang/offline/sync': { post: { ...everyone(415), anonymous: 401 } },
	':lang/offline/courses/:slug': { get: { ...everyone(200), anonymous: 401 } },
	':lang/manifest.webmanifest': { get: everyone(200) },
	':lang/verify': { get: everyone(200) },
	':lang/verify/:code': { get: everyone(200) },
	':lang/my/certificates': { get: signedInOnly(200) },
	// Only the holder (and, for the PDF, an admin) gets a certificate's files; for anyone else the code does not exist.
	':lang/my/certificates/:code/pdf': { get: { ...signedInOnly(404), teacher: 200, admin: 200 } },
	':lang/my/certificates/:code/credential': { get: { ...signedInOnly(404), teacher: 200 } },
	':lang/admin/certificates': { get: adminOnly(200), post: adminOnly(400) },
	':lang/certificates/scope': { get: reporters(200, 200) },
	// The teacher's certificate is in Karasai: the Talgar methodologist has nothing to download.
	':lang/certificates/scope/:slug/zip': { get: reporters(200, 404) },
	':lang/studio': { get: studioAny },
	':lang/studio/materials/new': { get: studioAny, post: { ...studioAny, author: 400, otherAuthor: 400, reviewer: 400, admin: 400 } },
	// Someone else's draft does not exist for another author; a reviewer or admin reads every draft.
	':lang/studio/materials/:slug': { get: authors(200), post: authors(400, 400) },
	':lang/studio/materials/:slug/diff': { get: authors(200) },
	':lang/studio/translations': { get: studioAny },
	// Importing a course folder publishes it: reviewers and admins only.
	':lang/studio/courses': { get: studioAny, post: { ...everyone(403), anonymous: 'login', reviewer: 400, admin: 400 } },
	':lang/studio/courses/new': { get: studioAny, post: { ...studioAny, author: 400, otherAuthor: 400, reviewer: 400, admin: 400 } },
	':lang/studio/courses/:slug': { get: authors(200), post: authors(400, 400) },
	':lang/studio/courses/:slug/lessons/:lesson': { get: authors(200), post: authors(400, 400) },
	// The export is of the published course, which every author may build on.
	':lang/studio/courses/:slug/export': { get: studioAny },
	':lang/studio/courses/:slug/quizzes/:kind/:lesson?': { get: authors(200), post: authors(400, 400) },
	// The draft's practical task: an empty form has no intent (400); someone else's draft is refused as on the course page.
	':lang/studio/courses/:slug/task': { get: authors(200), post: authors(400, 400) },
	':lang/studio/courses/:slug/diff': { get: authors(200) },
	':lang/materials': { get: everyone(200) },
	':lang/materials/:slug': { get: everyone(200) },
	':lang/materials/:slug/files/:attachmentId': { get: everyone(404) },
	':lang/reports': { get: reporters(200, 200) },
	// The region page is the admin's and the region's methodologists'; a district methodologist has no region page.
	':lang/reports/regions/:regionId': { get: { ...reporters(404, 404), admin: 200 } },
	':lang/reports/districts/:districtId': { get: reporters(200, 404) },
	':lang/reports/schools/:schoolId': { get: reporters(200, 404) },
	':lang/reports/export/:table': { get: reporters(200, 404) },
	':lang/assignments': { get: reporters(200, 200) },
	// An empty form is refused field by field (each reporter's own place is the default).
	':lang/assignments/new': { get: reporters(200, 200), post: reporters(400, 400) },
	// The assignment is the Karasai methodologist's: for the Talgar one it does not exist.
	':lang/assignments/:assignmentId': { get: reporters(200, 404) },
	':lang/assignments/:assignmentId/export/:table': { get: reporters(200, 404) },
	// Everyone signed in has a notifications page; an empty form names no notification (400).
	':lang/notifications': { get: signedInOnly(200), post: signedInOnly(400) },
	// Practical tasks (ADR 018). The task page is everyone's own; an empty form sends nothing (400).
	':lang/courses/:slug/task': { get: signedInOnly(200), post: signedInOnly(400) },
	// The queue is for tutors: methodologists, reviewers (of the courses they approved) and admins.
	':lang/tasks': { get: { ...everyone(403), anonymous: 'login', reviewer: 200, methodologist: 200, otherMethodologist: 200, admin: 200 } },
	// The teacher's submission is in Karasai: for the Talgar methodologist and a reviewer of no course it does not exist.
	':lang/tasks/:submissionId': {
		get: { ...everyone(403), anonymous: 'login', reviewer: 404, methodologist: 200, otherMethodologist: 404, admin: 200 },
		post: { ...everyone(403), anonymous: 'login', reviewer: 404, methodologist: 400, otherMethodologist: 404, admin: 400 },
	},
	// Her file: hers and her tutors'; for anyone else it does not exist.
	':lang/tasks/files/:fileId': { get: { ...signedInOnly(404), teacher: 200, methodologist: 200, admin: 200 } },
	':lang/*': { get: everyone(404) },
}

let world: Awaited<ReturnType<typeof prepareRouteWorld>>

beforeAll(async () => {
	world = await prepareRouteWorld()
})

function cellOf(result: unknown): Cell {
	if (result instanceof Response) {
		if (result.status >= 300 && result.status < 400) return (result.headers.get('Location') ?? '').includes('/login?redirectTo=') ? 'login' : 'redirect'
		return result.status
	}
	if (result && typeof result === 'object' && 'init' in result && result.init && typeof result.init === 'object' && 'status' in result.init && typeof result.init.status === 'number') return result.init.status
	return 200
}

test('every route of the manifest has a row in the access matrix, and every row a route', () => {
	const patterns = manifest.map((r) => r.pattern)
	expect(patterns.filter((p) => !(p in matrix))).toEqual([])
	expect(Object.keys(matrix).filter((p) => !patterns.includes(p))).toEqual([])
})

test.each(manifest.map((r) => [r.pattern || '/', r] as const))('GET and POST %s give each role what the matrix says', async (_, { pattern, file }) => {
	const row = matrix[pattern]
	if (!row) throw new Error(`no row for ${pattern}`)
	const mod = await routeModule(file)
	expect(Boolean(mod.action), `${pattern}: the matrix has POST cells exactly when the route has an action`).toBe(Boolean(row.post))
	expect(Boolean(mod.loader), `${pattern}: the matrix has GET cells exactly when the route has a loader`).toBe(Boolean(row.get))
	const { url, params: routeParams } = paramsFor(pattern, world.params)
	// Logging out ends the session it is sent with: the logout row gets sessions of its own.
	const sessionOf = async (w: Who) => {
		const id = world.userIds[w]
		if (!pattern.endsWith('logout') || id === undefined) return world.cookies[w]
		return `${SESSION_COOKIE}=${await createSession({ userId: id })}`
	}
	const actual: Partial<Record<'get' | 'post', Partial<Cells>>> = {}
	for (const method of ['get', 'post'] as const) {
		const fn = method === 'get' ? mod.loader : mod.action
		if (!fn || !row[method]) continue
		const cells: Partial<Cells> = {}
		for (const w of who) {
			const request = makeRequest(url, { cookie: await sessionOf(w), ...(method === 'post' ? { form: {} } : {}) })
			const result = await run(() => fn(routeArgs(request, routeParams)))
			if (result instanceof Response && result.body) await result.body.cancel()
			cells[w] = cellOf(result)
		}
		actual[method] = cells
	}
	const wrong = (['get', 'post'] as const).flatMap((m) => who.filter((w) => actual[m]?.[w] !== row[m]?.[w]).map((w) => `${m.toUpperCase()} as ${w}: ${actual[m]?.[w] ?? 'no handler'}, matrix says ${row[m]?.[w]}`))
	expect(wrong).toEqual([])
})
