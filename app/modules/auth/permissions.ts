export const roles = ['teacher', 'author', 'reviewer', 'methodologist', 'admin'] as const
export type Role = (typeof roles)[number]

export type RoleGrant = { role: Role; regionId: number | null; districtId: number | null }

export type Permission =
	| 'learn:course:own'
	| 'author:content:own'
	| 'review:content:any'
	| 'publish:content:any'
	| 'report:scope:own'
	| 'assign:scope:own'
	| 'report:country:any'
	| 'admin:user:any'
	| 'revoke:certificate:any'

const grants: Record<Role, Permission[]> = {
	teacher: ['learn:course:own'],
	author: ['learn:course:own', 'author:content:own'],
	reviewer: ['learn:course:own', 'author:content:own', 'review:content:any', 'publish:content:any'],
	methodologist: ['learn:course:own', 'report:scope:own', 'assign:scope:own'],
	admin: [
		'learn:course:own',
		'admin:user:any',
		'revoke:certificate:any',
		'report:scope:own',
		'assign:scope:own',
		'report:country:any',
		'review:content:any',
		'publish:content:any',
		'author:content:own',
	],
}

export function permissionsOf(userRoles: readonly RoleGrant[]): Set<Permission> {
	const set = new Set<Permission>(grants.teacher)
	for (const { role } of userRoles) for (const p of grants[role]) set.add(p)
	return set
}

export function hasPermission(userRoles: readonly RoleGrant[], permission: Permission) {
	return permissionsOf(userRoles).has(permission)
}

/** What a methodologist or admin may report on; null when the user has no reporting scope. */
export type ReportScope =
	| { kind: 'country' }
	| { kind: 'region'; regionId: number }
	| { kind: 'district'; regionId: number | null; districtId: number }

export function reportScopeOf(userRoles: readonly RoleGrant[]): ReportScope | null {
	if (userRoles.some((r) => r.role === 'admin')) return { kind: 'country' }
	const m = userRoles.find((r) => r.role === 'methodologist')
	if (!m) return null
	if (m.districtId != null) return { kind: 'district', regionId: m.regionId, districtId: m.districtId }
	if (m.regionId != null) return { kind: 'region', regionId: m.regionId }
	return null
}
