import { route, type RouteConfigEntry } from '@react-router/dev/routes'

/** Routes under /:lang/ owned by the learning module. */
export const learningRoutes: RouteConfigEntry[] = [
	route('courses', 'routes/learning.catalogue.tsx'),
	route('courses/:slug', 'routes/learning.course.tsx'),
	route('courses/:slug/lessons/:lesson', 'routes/learning.lesson.tsx'),
	route('courses/:slug/assessment/:kind', 'routes/learning.assessment.tsx'),
	route('my', 'routes/learning.my.tsx'),
]
