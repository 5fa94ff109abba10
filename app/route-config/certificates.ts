import type { RouteConfigEntry } from '@react-router/dev/routes'

/** Routes under /:lang/ owned by the certificates module. */
export const certificateRoutes: RouteConfigEntry[] = []

/** Routes outside the language prefix (e.g. /verify/:code, the issuer profile). */
export const certificatePublicRoutes: RouteConfigEntry[] = []
