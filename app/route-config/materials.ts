import { route, type RouteConfigEntry } from '@react-router/dev/routes'

/** Routes under /:lang/ owned by the materials module. */
export const materialsRoutes: RouteConfigEntry[] = [
	route('materials', 'routes/materials.library.tsx'),
	route('materials/:slug', 'routes/materials.material.tsx'),
	route('materials/:slug/files/:attachmentId', 'routes/materials.file.ts'),
]
