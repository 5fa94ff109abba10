import { requireUser } from '#app/modules/auth/session.server.ts'
import { getCertificateByCode, storedCredential } from '#app/modules/certificates/certificates.server.ts'
import { normalizeCode } from '#app/modules/certificates/codes.ts'
import { invariantResponse } from '#app/modules/http/responses.ts'
import type { Route } from './+types/certificates.credential-download.ts'

/** The signed Open Badges 3.0 credential as a file, for a digital wallet. */
export async function loader({ request, params }: Route.LoaderArgs) {
	const user = await requireUser(request)
	const code = normalizeCode(params.code)
	const certificate = code ? await getCertificateByCode(code) : null
	invariantResponse(certificate && certificate.userId === user.id, 'Not found', { status: 404 })
	return new Response(JSON.stringify(await storedCredential(certificate), null, 2), {
		headers: {
			'Content-Type': 'application/vc+ld+json; charset=utf-8',
			'Content-Disposition': `attachment; filename="${certificate.serial}.credential.json"`,
			'Cache-Control': 'private, no-store',
		},
	})
}
