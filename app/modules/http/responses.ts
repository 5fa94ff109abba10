/** Throws a Response with the given status when the condition is false. */
export function invariantResponse(
	condition: unknown,
	message: string,
	init: ResponseInit & { status: number } = { status: 400 },
): asserts condition {
	if (!condition) {
		throw new Response(message, { ...init, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...init.headers } })
	}
}

/**
 * The body of a 404 for a page outside the user's scope (another district's report) or missing:
 * the two answer alike, and the error page says it may be either.
 */
export const NOT_FOUND_IN_SCOPE = 'Not found in your scope'

export function notFound(message = 'Not found'): never {
	throw new Response(message, { status: 404 })
}

export function forbidden(message = 'Forbidden'): never {
	throw new Response(message, { status: 403 })
}

/** Only same-site relative paths may be redirect targets. */
export function safeRedirect(target: FormDataEntryValue | string | null | undefined, fallback: string) {
	if (typeof target !== 'string' || !target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) {
		return fallback
	}
	return target
}
