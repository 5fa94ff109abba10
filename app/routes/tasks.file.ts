import { requireUser } from '#app/modules/auth/session.server.ts'
import { idSchema } from '#app/modules/http/forms.ts'
import { invariantResponse } from '#app/modules/http/responses.ts'
import { taskFileFor } from '#app/modules/tasks/tasks.server.ts'
import type { Route } from './+types/tasks.file.ts'

/** A file of a practical task's version: only for its teacher and her tutors (ADR 018); 404 for anyone else. */
export async function loader({ request, params }: Route.LoaderArgs) {
	const user = await requireUser(request)
	const id = idSchema.safeParse(params.fileId)
	invariantResponse(id.success, 'Not found', { status: 404 })
	const file = await taskFileFor({ user, attachmentId: id.data })
	invariantResponse(file, 'Not found', { status: 404 })
	return new Response(file.bytes, {
		headers: {
			'Content-Type': file.mime,
			'Content-Length': String(file.bytes.byteLength),
			'Content-Disposition': `attachment; filename="${file.filename.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '')}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
			'Cache-Control': 'private, no-store',
			'X-Content-Type-Options': 'nosniff',
		},
	})
}
