export type BodyRead = { ok: true; formData: FormData } | { ok: false; error: 'too_large' | 'unreadable' }

/**
 * Reads a form body (urlencoded or multipart) holding at most `maxBytes` of it in memory,
 * whatever Content-Length says or does not say. A larger body is read to its end and thrown
 * away rather than cut off, so the browser gets the page with the message instead of a reset
 * connection (server.js refuses bodies above 30 MB before this, and chunked bodies of no
 * declared length).
 */
export async function readFormData(request: Request, { maxBytes }: { maxBytes: number }): Promise<BodyRead> {
	const declared = Number(request.headers.get('Content-Length') ?? 0)
	const chunks: Buffer[] = []
	let size = 0
	let tooLarge = declared > maxBytes
	if (request.body) {
		const reader = request.body.getReader()
		try {
			for (;;) {
				const { done, value } = await reader.read()
				if (done) break
				size += value.byteLength
				if (size > maxBytes) tooLarge = true
				if (!tooLarge) chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength))
				else chunks.length = 0
			}
		} catch {
			return { ok: false, error: 'unreadable' }
		}
	}
	if (tooLarge) return { ok: false, error: 'too_large' }
	const headers = new Headers()
	const type = request.headers.get('Content-Type')
	if (type) headers.set('Content-Type', type)
	try {
		return { ok: true, formData: await new Response(Buffer.concat(chunks), { headers }).formData() }
	} catch {
		return { ok: false, error: 'unreadable' }
	}
}
