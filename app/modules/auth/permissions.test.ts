import { expect, test } from 'vitest'
import { hasPermission, reportScopeOf } from './permissions.ts'

test('every signed-in user may learn; only reviewers and admins may publish', () => {
	expect(hasPermission([], 'learn:course:own')).toBe(true)
	expect(hasPermission([{ role: 'author', regionId: null, districtId: null }], 'publish:content:any')).toBe(false)
	expect(hasPermission([{ role: 'reviewer', regionId: null, districtId: null }], 'publish:content:any')).toBe(true)
	expect(hasPermission([{ role: 'methodologist', regionId: 1, districtId: null }], 'admin:user:any')).toBe(false)
})

test('a methodologist reports on the district or region assigned, an admin on the country', () => {
	expect(reportScopeOf([{ role: 'methodologist', regionId: 3, districtId: 9 }])).toEqual({
		kind: 'district',
		regionId: 3,
		districtId: 9,
	})
	expect(reportScopeOf([{ role: 'methodologist', regionId: 3, districtId: null }])).toEqual({ kind: 'region', regionId: 3 })
	expect(reportScopeOf([{ role: 'teacher', regionId: null, districtId: null }])).toBeNull()
	expect(reportScopeOf([{ role: 'admin', regionId: null, districtId: null }])).toEqual({ kind: 'country' })
})
