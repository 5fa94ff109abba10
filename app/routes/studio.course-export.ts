import { PassThrough } from 'node:stream'
import { createReadableStreamFromReadable } from '@react-router/node'
import archiver from 'archiver'
import { requirePermission } from '#app/modules/auth/session.server.ts'
import { invariantResponse } from '#app/modules/http/responses.ts'
import { exportCourseFiles } from '#app/modules/studio/courses.server.ts'
import { redirectRenamedCourse } from '#app/modules/content/course-slugs.server.ts'
import type { Route } from './+types/studio.course-export.ts'

/** The published course as a zip of its content/courses/<slug>/ folder. */
export const loader = redirectRenamedCourse(async ({ request, params }: Route.LoaderArgs) => {
	await requirePermission(request, 'author:content:own')
	const files = await exportCourseFiles(params.slug)
	invariantResponse(files, 'Not found', { status: 404 })
	const zip = archiver('zip', { zlib: { level: 6 } })
	const out = new PassThrough()
	zip.pipe(out)
	for (const [name, text] of Object.entries(files)) zip.append(text, { name: `${params.slug}/${name}` })
	void zip.finalize().catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))))
	return new Response(createReadableStreamFromReadable(out), {
		headers: {
			'Content-Type': 'application/zip',
			'Content-Disposition': `attachment; filename="${params.slug}.zip"`,
			'Cache-Control': 'private, no-store',
		},
	})
})
