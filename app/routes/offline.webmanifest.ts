import { fixedT } from '#app/modules/i18n/i18n.ts'
import { isLocale } from '#app/modules/i18n/locales.ts'
import { getResources } from '#app/modules/i18n/resources.server.ts'
import type { Route } from './+types/offline.webmanifest.ts'

/** GET /:lang/manifest.webmanifest — the Web App Manifest in the page's language (ADR 014). */
export function loader({ params }: Route.LoaderArgs) {
	if (!isLocale(params.lang)) return Response.json({ error: 'not_found' }, { status: 404 })
	const locale = params.lang
	const t = fixedT(locale, getResources(locale), 'learning')
	const manifest = {
		id: `/${locale}/`,
		name: t('offline.appName'),
		short_name: t('offline.appShortName'),
		description: t('offline.appDescription'),
		lang: locale,
		dir: 'ltr',
		start_url: `/${locale}/my`,
		scope: '/',
		display: 'standalone',
		background_color: '#ffffff',
		theme_color: '#0b5e6b',
		icons: [
			{ src: '/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
			{ src: '/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
			{ src: '/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any maskable' },
		],
	}
	return new Response(JSON.stringify(manifest), {
		headers: { 'Content-Type': 'application/manifest+json; charset=utf-8', 'Cache-Control': 'public, max-age=3600' },
	})
}
