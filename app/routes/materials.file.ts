import { getUser } from '#app/modules/auth/session.server.ts'
import { invariantResponse } from '#app/modules/http/responses.ts'
import { findMaterialAttachment, localStorage } from '#app/modules/materials/attachments.server.ts'
import { getStudioMaterial } from '#app/modules/studio/materials.server.ts'
import type { Route } from './+types/materials.file.ts'
import { idSchema } from '#app/modules/http/forms.ts'

/** An attachment's bytes: anyone for a published material, the studio for drafts. */
export async function loader({ request, params }: Route.LoaderArgs) {
	const id = idSchema.safeParse(params.attachmentId)
	invariantResponse(id.success, 'Not found', { status: 404 })
	const file = await findMaterialAttachment({ slug: params.slug, attachmentId: id.data })
	invariantResponse(file, 'Not found', { status: 404 })
	if (!file.published) {
		const user = await getUser(request)
		invariantResponse(user && (await getStudioMaterial({ user, slug: params.slug })), 'Not found', { status: 404 })
	}
	const bytes = await localStorage.read(file.hash)
	invariantResponse(bytes, 'Not found', { status: 404 })
	return new Response(bytes, {
		headers: {
			'Content-Type': file.mime,
			'Content-Length': String(bytes.byteLength),
			'Content-Disposition': `attachment; filename="${file.filename.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '')}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
			'Cache-Control': file.published ? 'public, max-age=3600' : 'private, no-store',
			'X-Content-Type-Options': 'nosniff',
		},
	})
}
