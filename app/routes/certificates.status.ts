import { getCertificateByCode } from '#app/modules/certificates/certificates.server.ts'
import { normalizeCode } from '#app/modules/certificates/codes.ts'
import type { Route } from './+types/certificates.status.ts'

/** Revocation status of one credential (the credentialStatus entry points here). */
export async function loader({ params }: Route.LoaderArgs) {
	const code = normalizeCode(params.code)
	const certificate = code ? await getCertificateByCode(code) : null
	if (!certificate) return Response.json({ error: 'not_found' }, { status: 404 })
	return Response.json(
		{
			id: certificate.code,
			revoked: certificate.revokedAt !== null,
			revokedAt: certificate.revokedAt?.toISOString() ?? null,
			reason: certificate.revokedReason,
		},
		{ headers: { 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-cache' } },
	)
}
