import type { RouteConfigEntry } from '@react-router/dev/routes'

/** Routes under /:lang/ owned by the reporting module. */
export const reportingRoutes: RouteConfigEntry[] = []
