import { issuerProfile } from '#app/modules/certificates/credential.server.ts'
import { publicUrl } from '#app/modules/env.server.ts'
import type { Route } from './+types/certificates.issuer.ts'

/** The Open Badges issuer profile with the public key that verifies every credential. */
export function loader({ request }: Route.LoaderArgs) {
	return Response.json(issuerProfile(publicUrl(request)), {
		headers: { 'Content-Type': 'application/ld+json; charset=utf-8', 'Cache-Control': 'public, max-age=3600', 'Access-Control-Allow-Origin': '*' },
	})
}
