import type { RouteConfigEntry } from '@react-router/dev/routes'

/** Routes under /:lang/ owned by the materials module. */
export const materialsRoutes: RouteConfigEntry[] = []
