import type { RouteConfigEntry } from '@react-router/dev/routes'
import { route } from '@react-router/dev/routes'

/** Routes under /:lang/ owned by the certificates module. */
export const certificateRoutes: RouteConfigEntry[] = [
	route('verify', 'routes/certificates.verify-form.tsx'),
	route('verify/:code', 'routes/certificates.verify.tsx'),
	route('my/certificates', 'routes/certificates.mine.tsx'),
	route('my/certificates/:code/pdf', 'routes/certificates.pdf.ts'),
	route('my/certificates/:code/credential', 'routes/certificates.credential-download.ts'),
	route('admin/certificates', 'routes/admin.certificates.tsx'),
	route('certificates/scope', 'routes/certificates.scope.tsx'),
	route('certificates/scope/:slug/zip', 'routes/certificates.zip.ts'),
]

/** Routes outside the language prefix: the QR target, the issuer profile, credentials. */
export const certificatePublicRoutes: RouteConfigEntry[] = [
	route('verify/:code', 'routes/certificates.verify-redirect.ts'),
	route('issuer', 'routes/certificates.issuer.ts'),
	route('credentials/:code', 'routes/certificates.credential.ts'),
	route('credentials/:code/status', 'routes/certificates.status.ts'),
]
