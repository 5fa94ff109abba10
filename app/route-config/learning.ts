import { route, type RouteConfigEntry } from '@react-router/dev/routes'

/** Routes under /:lang/ owned by the learning module. */
export const learningRoutes: RouteConfigEntry[] = [
	route('courses', 'routes/learning.catalogue.tsx'),
	route('courses/:slug', 'routes/learning.course.tsx'),
	route('courses/:slug/lessons/:lesson', 'routes/learning.lesson.tsx'),
	route('courses/:slug/assessment/:kind', 'routes/learning.assessment.tsx'),
	route('my', 'routes/learning.my.tsx'),
	// Offline learning (ADR 014): JSON for the service worker, no pages.
	route('offline/sync', 'routes/offline.sync.ts'),
	route('offline/courses/:slug', 'routes/offline.course.ts'),
	route('manifest.webmanifest', 'routes/offline.webmanifest.ts'),
]
