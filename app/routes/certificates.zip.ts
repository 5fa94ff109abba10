import { PassThrough } from 'node:stream'
import { createReadableStreamFromReadable } from '@react-router/node'
import archiver from 'archiver'
import { reportScopeOf } from '#app/modules/auth/permissions.ts'
import { requirePermission } from '#app/modules/auth/session.server.ts'
import { listScopeCertificates } from '#app/modules/certificates/certificates.server.ts'
import { certificatePdf } from '#app/modules/certificates/pdf.server.ts'
import { publicUrl } from '#app/modules/env.server.ts'
import { invariantResponse } from '#app/modules/http/responses.ts'
import type { Route } from './+types/certificates.zip.ts'

/** A ZIP of the PDFs of every valid certificate for one course in the methodologist's scope, streamed. */
export async function loader({ request, params }: Route.LoaderArgs) {
	const user = await requirePermission(request, 'report:scope:own')
	const scope = reportScopeOf(user.roles)
	invariantResponse(scope, 'Forbidden', { status: 403 })
	const rows = await listScopeCertificates({ scope, courseSlug: params.slug })
	invariantResponse(rows.length > 0, 'Not found', { status: 404 })
	const base = publicUrl(request)
	const zip = archiver('zip', { zlib: { level: 1 } })
	const out = new PassThrough()
	zip.pipe(out)
	void (async () => {
		try {
			for (const { certificate } of rows) {
				const pdf = await certificatePdf({ certificate, verifyUrl: `${base}/verify/${certificate.code}` })
				zip.append(Buffer.from(pdf), { name: `${certificate.serial}.pdf`, date: certificate.issuedAt })
			}
			await zip.finalize()
		} catch (error) {
			out.destroy(error instanceof Error ? error : new Error(String(error)))
		}
	})()
	return new Response(createReadableStreamFromReadable(out), {
		headers: {
			'Content-Type': 'application/zip',
			'Content-Disposition': `attachment; filename="certificates-${params.slug}.zip"`,
			'Cache-Control': 'private, no-store',
		},
	})
}
