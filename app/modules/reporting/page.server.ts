import { data } from 'react-router'
import { openAssignments } from '#app/modules/assignments/assignments.server.ts'
import { reportScopeOf } from '#app/modules/auth/permissions.ts'
import { requirePermission } from '#app/modules/auth/session.server.ts'
import { invariantResponse, NOT_FOUND_IN_SCOPE } from '#app/modules/http/responses.ts'
import { isLocale } from '#app/modules/i18n/locales.ts'
import { buildTable, formats, tableNames, tableResponse } from './export.server.ts'
import { parseFilters } from './filters.ts'
import { getDashboard, getSchoolTeachers, homeTarget, resolveTarget } from './reports.server.ts'
import type { AllowedTarget, Target } from './scope.ts'

/** The reporting scope of a signed-in methodologist or admin; 403 for everyone else. */
export async function requireReportScope(request: Request) {
	const user = await requirePermission(request, 'report:scope:own')
	const scope = reportScopeOf(user.roles)
	invariantResponse(scope, 'Forbidden', { status: 403 })
	return scope
}

/** The `at` query parameter of export links: country, region:ID, district:ID or school:ID. */
export function atOf(target: Target) {
	if (target.level === 'country') return 'country'
	if (target.level === 'region') return `region:${target.regionId}`
	if (target.level === 'district') return `district:${target.districtId}`
	return `school:${target.schoolId}`
}

function parseAt(at: string | null) {
	if (at === 'country') return { level: 'country' as const, id: undefined }
	const match = /^(region|district|school):(\d{1,9})$/.exec(at ?? '')
	if (!match?.[1] || !match[2]) return null
	const level = match[1] === 'region' ? 'region' : match[1] === 'district' ? 'district' : 'school'
	return { level, id: Number(match[2]) } as const
}

type Where = { level: 'home' } | { level: 'region' | 'district' | 'school'; id: string | undefined }

async function findTarget(request: Request, where: Where) {
	const scope = await requireReportScope(request)
	const found =
		where.level === 'home'
			? await homeTarget(scope)
			: await resolveTarget({ scope, level: where.level, id: /^\d{1,9}$/.test(where.id ?? '') ? Number(where.id) : undefined })
	// Another district's (or region's) place answers exactly like a place that does not exist.
	invariantResponse(found, NOT_FOUND_IN_SCOPE, { status: 404 })
	return { scope, ...found }
}

function plain(target: AllowedTarget): Target {
	return { ...target }
}

/** Loader data of a dashboard page (own scope, a region or a district). */
export async function loadDashboardPage(request: Request, where: Where) {
	const { scope, target, trail } = await findTarget(request, where)
	invariantResponse(target.level !== 'school', 'Not found', { status: 404 })
	const { filters, values, errors } = parseFilters(new URL(request.url).searchParams)
	// A district dashboard also lists the district's open assignments (ADR 015): one indexed statement.
	const [dashboard, assignments] = await Promise.all([
		getDashboard({ target, filters }),
		target.level === 'district' ? openAssignments({ districtId: target.districtId }) : Promise.resolve(null),
	])
	return data(
		{ scopeKind: scope.kind, target: plain(target), at: atOf(target), trail, values, errors, dashboard, assignments },
		{ status: errors ? 400 : 200 },
	)
}

/** Loader data of a school page: its teachers with their courses, progress and certificates. */
export async function loadSchoolPage(request: Request, schoolId: string | undefined) {
	const { scope, target, trail } = await findTarget(request, { level: 'school', id: schoolId })
	invariantResponse(target.level === 'school', 'Not found', { status: 404 })
	const { filters, values, errors } = parseFilters(new URL(request.url).searchParams)
	const { teachers, courses } = await getSchoolTeachers({ target: { ...target, level: 'school' }, filters })
	return data(
		{ scopeKind: scope.kind, target: plain(target), at: atOf(target), trail, values, errors, teachers, courses: courses.map(({ id, titleKk, titleRu, required }) => ({ id, titleKk, titleRu, required })) },
		{ status: errors ? 400 : 200 },
	)
}

/** A streamed CSV or XLSX of one report table, checked against the same scope as the pages. */
export async function exportTable(request: Request, { lang, table }: { lang: string | undefined; table: string | undefined }) {
	const scope = await requireReportScope(request)
	invariantResponse(isLocale(lang), 'Not found', { status: 404 })
	const name = tableNames.find((n) => n === table)
	invariantResponse(name, 'Not found', { status: 404 })
	const search = new URL(request.url).searchParams
	const format = formats.find((f) => f === search.get('format'))
	invariantResponse(format, 'Unknown format', { status: 400 })
	const at = parseAt(search.get('at'))
	invariantResponse(at, 'Unknown place', { status: 400 })
	const found = await resolveTarget({ scope, level: at.level, id: at.id })
	invariantResponse(found, NOT_FOUND_IN_SCOPE, { status: 404 })
	const { filters, errors } = parseFilters(search)
	invariantResponse(!errors, 'Invalid filters', { status: 400 })
	const built = await buildTable({ table: name, target: found.target, filters, locale: lang })
	invariantResponse(built, 'Not found', { status: 404 })
	return tableResponse(built, { format, filename: `ortaq-${name}-${atOf(found.target).replace(':', '-')}` })
}
