import { route, type RouteConfigEntry } from '@react-router/dev/routes'

/** Routes under /:lang/ owned by the reporting module. */
export const reportingRoutes: RouteConfigEntry[] = [
	route('reports', 'routes/reports.home.tsx'),
	route('reports/regions/:regionId', 'routes/reports.region.tsx'),
	route('reports/districts/:districtId', 'routes/reports.district.tsx'),
	route('reports/schools/:schoolId', 'routes/reports.school.tsx'),
	route('reports/export/:table', 'routes/reports.export.ts'),
]
