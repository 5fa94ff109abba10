import { route, type RouteConfigEntry } from '@react-router/dev/routes'

/** Routes under /:lang/ owned by the reminders module (ADR 016). */
export const reminderRoutes: RouteConfigEntry[] = [route('unsubscribe', 'routes/reminders.unsubscribe.tsx')]
