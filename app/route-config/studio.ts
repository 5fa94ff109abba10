import type { RouteConfigEntry } from '@react-router/dev/routes'

/** Routes under /:lang/ owned by the studio module. */
export const studioRoutes: RouteConfigEntry[] = []
