import { route, type RouteConfigEntry } from '@react-router/dev/routes'

/** Routes under /:lang/ owned by the notifications module (ADR 017). */
export const notificationRoutes: RouteConfigEntry[] = [route('notifications', 'routes/notifications.list.tsx')]
