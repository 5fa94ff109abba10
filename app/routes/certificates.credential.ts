import { getCertificateByCode, storedCredential } from '#app/modules/certificates/certificates.server.ts'
import { normalizeCode } from '#app/modules/certificates/codes.ts'
import type { Route } from './+types/certificates.credential.ts'

/** The signed credential at its id URL, so a wallet or verifier can fetch it. */
export async function loader({ request, params }: Route.LoaderArgs) {
	const code = normalizeCode(params.code)
	const certificate = code ? await getCertificateByCode(code) : null
	if (!certificate) return Response.json({ error: 'not_found' }, { status: 404 })
	return Response.json(await storedCredential(certificate), {
		headers: { 'Content-Type': 'application/vc+ld+json; charset=utf-8', 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-cache' },
	})
}
