import { data, redirect } from 'react-router'
import { reportScopeOf } from '#app/modules/auth/permissions.ts'
import { requirePermission } from '#app/modules/auth/session.server.ts'
import { invariantResponse, NOT_FOUND_IN_SCOPE } from '#app/modules/http/responses.ts'
import { isLocale, type Locale } from '#app/modules/i18n/locales.ts'
import { tableResponse } from '#app/modules/reporting/export.server.ts'
import {
	assignablePlaces,
	assignmentFormData,
	createAssignment,
	getAssignment,
	getAssignmentReport,
	getAssignmentTaskReport,
	getAssignmentSchool,
	listAssignments,
	resolvePlace,
} from './assignments.server.ts'
import { almatyToday } from './dates.ts'
import { assignmentTable, assignmentTableNames } from './export.server.ts'
import { assignmentErrors, assignmentSchema, assignmentValues, type AssignmentValues } from './forms.ts'

/** A methodologist's or admin's scope for assignments; 403 for everyone else. */
export async function requireAssignScope(request: Request) {
	const user = await requirePermission(request, 'assign:scope:own')
	const scope = reportScopeOf(user.roles)
	invariantResponse(scope, 'Forbidden', { status: 403 })
	return { user, scope }
}

function idOf(value: string | undefined | null) {
	return /^\d{1,9}$/.test(value ?? '') ? Number(value) : 0
}

export async function loadAssignmentList(request: Request, { now = new Date() }: { now?: Date } = {}) {
	const { scope } = await requireAssignScope(request)
	return { today: almatyToday(now), now: now.toISOString(), assignments: await listAssignments({ scope }) }
}

const emptyValues: AssignmentValues = { course: '', target: 'place', schools: [], position: '', subject: '', due: '', note: '' }

async function formPage(request: Request, at: string | null) {
	const { user, scope } = await requireAssignScope(request)
	const places = await assignablePlaces(scope)
	const place = await resolvePlace({ scope, at: at ?? places[0]?.at })
	// Another district's place answers like a place that does not exist.
	invariantResponse(place, NOT_FOUND_IN_SCOPE, { status: 404 })
	const form = await assignmentFormData({ place })
	return { user, scope, places: places.length > 1 ? places : [], place, ...form }
}

/** The new-assignment form at the place ?at=region:ID|district:ID (the first place of the scope by default). */
export async function loadNewAssignment(request: Request) {
	const { places, place, courses, schools } = await formPage(request, new URL(request.url).searchParams.get('at'))
	return { places, place: { at: place.at, district: place.districtId != null, nameKk: place.place.nameKk, nameRu: place.place.nameRu }, courses, schools, values: emptyValues, errors: null }
}

export async function submitNewAssignment(request: Request, { lang, now = new Date() }: { lang: string | undefined; now?: Date }) {
	invariantResponse(isLocale(lang), 'Not found', { status: 404 })
	const formData = await request.formData()
	const at = formData.get('at')
	const { user, places, place, courses, schools } = await formPage(request, typeof at === 'string' ? at : null)
	const values = assignmentValues(formData)
	const page = { places, place: { at: place.at, district: place.districtId != null, nameKk: place.place.nameKk, nameRu: place.place.nameRu }, courses, schools, values }
	const parsed = assignmentSchema(now).safeParse(values)
	if (!parsed.success) return data({ ...page, errors: assignmentErrors(parsed.error) }, { status: 400 })
	const result = await createAssignment({ place, input: parsed.data, createdBy: user.id })
	if (!result.ok) return data({ ...page, errors: result.errors }, { status: 400 })
	return redirect(`/${lang}/assignments/${result.id}`)
}

/** The report of one assignment, or with ?school=ID one targeted school's teachers. */
export async function loadAssignmentReport(request: Request, { assignmentId, now = new Date() }: { assignmentId: string | undefined; now?: Date }) {
	const { scope } = await requireAssignScope(request)
	const assignment = await getAssignment({ scope, id: idOf(assignmentId) })
	invariantResponse(assignment, NOT_FOUND_IN_SCOPE, { status: 404 })
	const school = new URL(request.url).searchParams.get('school')
	if (school) {
		const found = await getAssignmentSchool({ assignment, schoolId: idOf(school), now })
		invariantResponse(found, NOT_FOUND_IN_SCOPE, { status: 404 })
		return { assignment, now: now.toISOString(), report: null, tasks: null, school: found }
	}
	const [report, tasks] = await Promise.all([getAssignmentReport({ assignment, now }), getAssignmentTaskReport({ assignment })])
	return { assignment, now: now.toISOString(), report, tasks, school: null }
}

/** A streamed CSV or XLSX of one table of an assignment's report. */
export async function exportAssignment(request: Request, { lang, assignmentId, table, now = new Date() }: { lang: string | undefined; assignmentId: string | undefined; table: string | undefined; now?: Date }) {
	const { scope } = await requireAssignScope(request)
	invariantResponse(isLocale(lang), 'Not found', { status: 404 })
	const assignment = await getAssignment({ scope, id: idOf(assignmentId) })
	invariantResponse(assignment, NOT_FOUND_IN_SCOPE, { status: 404 })
	const name = assignmentTableNames.find((n) => n === table)
	invariantResponse(name, 'Not found', { status: 404 })
	const format = (['csv', 'xlsx'] as const).find((f) => f === new URL(request.url).searchParams.get('format'))
	invariantResponse(format, 'Unknown format', { status: 400 })
	const built = await assignmentTable({ table: name, assignment, locale: lang satisfies Locale, now })
	return tableResponse(built, { format, filename: `ortaq-assignment-${assignment.id}-${name}` })
}
