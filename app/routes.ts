import { type RouteConfig, index, route } from '@react-router/dev/routes'
import { assignmentRoutes } from './route-config/assignments.ts'
import { adminRoutes, publicRoutes } from './route-config/foundation.ts'
import { certificateRoutes, certificatePublicRoutes } from './route-config/certificates.ts'
import { learningRoutes } from './route-config/learning.ts'
import { notificationRoutes } from './route-config/notifications.ts'
import { materialsRoutes } from './route-config/materials.ts'
import { reportingRoutes } from './route-config/reporting.ts'
import { reminderRoutes } from './route-config/reminders.ts'
import { studioRoutes } from './route-config/studio.ts'
import { taskRoutes } from './route-config/tasks.ts'

export default [
	index('routes/index.ts'),
	...certificatePublicRoutes,
	route(':lang', 'routes/lang.tsx', [
		...publicRoutes,
		...adminRoutes,
		...learningRoutes,
		...certificateRoutes,
		...studioRoutes,
		...materialsRoutes,
		...reportingRoutes,
		...assignmentRoutes,
		...reminderRoutes,
		...taskRoutes,
		...notificationRoutes,
		route('*', 'routes/lang.not-found.tsx'),
	]),
] satisfies RouteConfig
