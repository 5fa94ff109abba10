import { route, type RouteConfigEntry } from '@react-router/dev/routes'

/** Routes under /:lang/ owned by the studio module. */
export const studioRoutes: RouteConfigEntry[] = [
	route('studio', 'routes/studio.home.tsx'),
	route('studio/materials/new', 'routes/studio.material-new.tsx'),
	route('studio/materials/:slug', 'routes/studio.material.tsx'),
	route('studio/materials/:slug/diff', 'routes/studio.material-diff.tsx'),
	route('studio/translations', 'routes/studio.translations.tsx'),
	route('studio/courses', 'routes/studio.courses.tsx'),
	route('studio/courses/new', 'routes/studio.course-new.tsx'),
	route('studio/courses/:slug', 'routes/studio.course.tsx'),
	route('studio/courses/:slug/lessons/:lesson', 'routes/studio.course-lesson.tsx'),
	route('studio/courses/:slug/export', 'routes/studio.course-export.ts'),
	route('studio/courses/:slug/quizzes/:kind/:lesson?', 'routes/studio.course-quiz.tsx'),
	route('studio/courses/:slug/task', 'routes/studio.course-task.tsx'),
	route('studio/courses/:slug/diff', 'routes/studio.course-diff.tsx'),
]
