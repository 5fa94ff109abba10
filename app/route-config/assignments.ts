import { route, type RouteConfigEntry } from '@react-router/dev/routes'

/** Routes under /:lang/ owned by the assignments module (ADR 015). */
export const assignmentRoutes: RouteConfigEntry[] = [
	route('assignments', 'routes/assignments.list.tsx'),
	route('assignments/new', 'routes/assignments.new.tsx'),
	route('assignments/:assignmentId', 'routes/assignments.report.tsx'),
	route('assignments/:assignmentId/export/:table', 'routes/assignments.export.ts'),
]
