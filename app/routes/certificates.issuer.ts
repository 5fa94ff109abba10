import { issuerProfile, listSigningKeys } from '#app/modules/certificates/credential.server.ts'
import { publicUrl } from '#app/modules/env.server.ts'
import type { Route } from './+types/certificates.issuer.ts'

/** The Open Badges issuer profile with every public key that has signed a credential. */
export async function loader({ request }: Route.LoaderArgs) {
	return Response.json(issuerProfile(publicUrl(request), await listSigningKeys()), {
		headers: { 'Content-Type': 'application/ld+json; charset=utf-8', 'Cache-Control': 'public, max-age=3600', 'Access-Control-Allow-Origin': '*' },
	})
}
