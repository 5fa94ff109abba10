import { useEffect, useMemo } from 'react'
import { I18nextProvider } from 'react-i18next'
import {
	isRouteErrorResponse,
	Links,
	Meta,
	Outlet,
	Scripts,
	ScrollRestoration,
	useLocation,
	useMatches,
	useRouteError,
	useRouteLoaderData,
	type ShouldRevalidateFunctionArgs,
} from 'react-router'
import { SiteFooter, SiteHeader } from '#app/components/site-chrome.tsx'
import { permissionsOf } from '#app/modules/auth/permissions.ts'
import { getUser } from '#app/modules/auth/session.server.ts'
import { showsUnreadCount } from '#app/modules/notifications/header.ts'
import { unreadCount } from '#app/modules/notifications/notifications.server.ts'
import { unavailableResponse } from '#app/modules/http/unavailable.server.ts'
import { replayEarlyInput } from '#app/modules/hydration/early-input.ts'
import { NOT_FOUND_IN_SCOPE } from '#app/modules/http/responses.ts'
import errorTexts from '#app/locales/errors.json'
import { getI18n } from '#app/modules/i18n/i18n.ts'
import { defaultLocale, isLocale, type Locale } from '#app/modules/i18n/locales.ts'
import { preferredLocale } from '#app/modules/i18n/request.server.ts'
import { loadResources, resourcesFor } from '#app/modules/i18n/resources.ts'
import type { Route } from './+types/root.ts'
import appCss from './styles/app.css?url'
import mdxCss from './styles/mdx.css?url'

export const links: Route.LinksFunction = () => [
	{ rel: 'stylesheet', href: appCss },
	{ rel: 'stylesheet', href: mdxCss },
	{ rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

function requestLocale(request: Request): Locale {
	const first = new URL(request.url).pathname.split('/')[1]
	return isLocale(first) ? first : preferredLocale(request)
}

export async function loader({ request }: Route.LoaderArgs) {
	const locale = requestLocale(request)
	let user
	let unread: number | null = null
	try {
		user = await getUser(request)
		// The header's count: one indexed statement, and none on lesson pages (ADR 017).
		if (user && showsUnreadCount(new URL(request.url).pathname)) unread = await unreadCount(user.id)
	} catch (error) {
		// The database is unreachable: say so plainly instead of a generic 500.
		const cause = (error as { cause?: { message?: string } } | null)?.cause?.message ?? String(error)
		console.error(`[root] database unavailable: ${cause}`)
		throw unavailableResponse(request)
	}
	return {
		locale,
		user: user
			? { id: user.id, fullName: user.fullName, permissions: [...permissionsOf(user.roles)], unread }
			: null,
	}
}

/**
 * The headers of a page: the defaults, and an error's Retry-After (a 503 while the database is
 * unreachable). Without this export an error's headers other than cookies would be dropped.
 */
export function headers({ parentHeaders, errorHeaders }: Route.HeadersArgs) {
	const headers = new Headers(parentHeaders)
	for (const name of ['Retry-After', 'Cache-Control']) {
		const value = errorHeaders?.get(name)
		if (value) headers.set(name, value)
	}
	return headers
}

/** After a language switch in the browser, the new language's texts are loaded before rendering. */
export async function clientLoader({ serverLoader }: Route.ClientLoaderArgs) {
	const data = await serverLoader()
	await loadResources(data.locale)
	return data
}

export function shouldRevalidate({ currentUrl, nextUrl, formMethod }: ShouldRevalidateFunctionArgs) {
	// Root data changes with the language, or after a form post (login, logout, roles).
	if (formMethod && formMethod !== 'GET') return true
	return currentUrl.pathname.split('/')[1] !== nextUrl.pathname.split('/')[1]
}

function urlLocale(pathname: string): Locale {
	const first = pathname.split('/')[1]
	return isLocale(first) ? first : defaultLocale
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null
}

/**
 * Whether a route opts out of JavaScript on a full page load (handle.hydrate === false): the page
 * then ships only HTML and CSS, and its forms work as plain forms. entry.server.tsx renders such
 * pages in one pass.
 */
export function skipsHydration(handle: unknown) {
	return isRecord(handle) && handle.hydrate === false
}

export function Layout({ children }: { children: React.ReactNode }) {
	const data = useRouteLoaderData<typeof loader>('root')
	const location = useLocation()
	const locale = data?.locale ?? urlLocale(location.pathname)
	const i18n = useMemo(() => {
		const resources = data ? resourcesFor(data.locale) : null
		return data && resources ? getI18n(data.locale, resources) : null
	}, [data])
	const hydrate = !useMatches().some((m) => skipsHydration(m.handle))
	// A marker that scripts are live (tests wait for it before using script-only behaviour).
	useEffect(() => {
		replayEarlyInput()
		document.documentElement.dataset.hydrated = 'true'
	}, [])
	const page = (
		<html lang={locale} dir="ltr">
			<head>
				<meta charSet="utf-8" />
				<meta name="viewport" content="width=device-width, initial-scale=1" />
				<Meta />
				<Links />
			</head>
			<body>
				<a className="skip-link" href="#main">
					{errorTexts[locale].skip}
				</a>
				{i18n ? <SiteHeader /> : <header className="site-header"><a className="brand" href={`/${locale}/`}>Ortaq</a></header>}
				<main id="main" tabIndex={-1}>
					{children}
				</main>
				{i18n ? <SiteFooter /> : null}
				{hydrate ? (
					<>
						<ScrollRestoration />
						<Scripts />
					</>
				) : null}
			</body>
		</html>
	)
	return i18n ? <I18nextProvider i18n={i18n}>{page}</I18nextProvider> : page
}

export default function App() {
	return <Outlet />
}

export function ErrorBoundary() {
	const error = useRouteError()
	const location = useLocation()
	const texts = errorTexts[urlLocale(location.pathname)]
	const status = isRouteErrorResponse(error) ? error.status : 500
	const outOfScope = status === 404 && isRouteErrorResponse(error) && error.data === NOT_FOUND_IN_SCOPE
	const kind = outOfScope ? 'reportNotFound' : status === 404 ? 'notFound' : status === 403 ? 'forbidden' : status === 503 ? 'unavailable' : status === 400 ? 'badRequest' : 'server'
	const title = texts[kind].title
	return (
		<div className="page narrow">
			<title>{`${title} — Ortaq`}</title>
			<h1>{title}</h1>
			<p>{texts[kind].body}</p>
			<p>
				<a href={`/${urlLocale(location.pathname)}/`}>{texts.home}</a>
			</p>
		</div>
	)
}
