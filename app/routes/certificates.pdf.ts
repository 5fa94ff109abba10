import { hasPermission } from '#app/modules/auth/permissions.ts'
import { requireUser } from '#app/modules/auth/session.server.ts'
import { getCertificateByCode } from '#app/modules/certificates/certificates.server.ts'
import { normalizeCode } from '#app/modules/certificates/codes.ts'
import { certificatePdf } from '#app/modules/certificates/pdf.server.ts'
import { publicUrl } from '#app/modules/env.server.ts'
import { invariantResponse } from '#app/modules/http/responses.ts'
import type { Route } from './+types/certificates.pdf.ts'

/** The holder (or an admin) downloads the PDF, generated on demand. */
export async function loader({ request, params }: Route.LoaderArgs) {
	const user = await requireUser(request)
	const code = normalizeCode(params.code)
	const certificate = code ? await getCertificateByCode(code) : null
	invariantResponse(certificate && (certificate.userId === user.id || hasPermission(user.roles, 'revoke:certificate:any')), 'Not found', { status: 404 })
	const pdf = await certificatePdf({ certificate, verifyUrl: `${publicUrl(request)}/verify/${certificate.code}` })
	return new Response(Buffer.from(pdf), {
		headers: {
			'Content-Type': 'application/pdf',
			'Content-Disposition': `attachment; filename="${certificate.serial}.pdf"`,
			'Cache-Control': 'private, no-store',
		},
	})
}
