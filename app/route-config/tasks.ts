import { route, type RouteConfigEntry } from '@react-router/dev/routes'

/** Routes under /:lang/ owned by the tasks module (ADR 018). */
export const taskRoutes: RouteConfigEntry[] = [
	route('courses/:slug/task', 'routes/tasks.course.tsx'),
	route('tasks', 'routes/tasks.queue.tsx'),
	route('tasks/files/:fileId', 'routes/tasks.file.ts'),
	route('tasks/:submissionId', 'routes/tasks.submission.tsx'),
]
