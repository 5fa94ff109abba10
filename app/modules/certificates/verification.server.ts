import { clientIp, hit, isLimited } from '#app/modules/auth/rate-limit.server.ts'
import { getCertificateByCode, storedCredential } from './certificates.server.ts'
import { normalizeCode } from './codes.ts'
import { verifyStoredCredential } from './credential.server.ts'

// A visitor may mistype a code a few times; someone trying codes in bulk is stopped.
const misses = { max: 10, windowSeconds: 15 * 60 }

/**
 * Looks up a certificate for the public verification page. Once an address has too many
 * unknown codes it gets no answer at all (not even for a real code) until the window ends,
 * so guessing cannot tell found from not found.
 */
export async function verifyCertificate({ code, request }: { code: string; request: Request }) {
	const key = `verify-miss:${clientIp(request)}`
	if ((await isLimited({ key, ...misses })).limited) return { status: 'limited' as const, retryMinutes: misses.windowSeconds / 60 }
	const normalized = normalizeCode(code)
	const certificate = normalized ? await getCertificateByCode(normalized) : null
	if (!certificate) {
		await hit({ key, ...misses })
		return { status: normalized ? ('not_found' as const) : ('invalid' as const) }
	}
	return { status: 'found' as const, certificate, signatureValid: await verifyStoredCredential(await storedCredential(certificate), certificate) }
}
