import { startTransition, StrictMode } from 'react'
import { hydrateRoot } from 'react-dom/client'
import { HydratedRouter } from 'react-router/dom'
import { defaultLocale, isLocale } from '#app/modules/i18n/locales.ts'
import { captureEarlyInput } from '#app/modules/hydration/early-input.ts'
import { loadResources } from '#app/modules/i18n/resources.ts'

// The page is already readable as HTML; the texts for the current language arrive as cached
// chunks before React takes over, so hydration renders exactly what the server rendered.
const lang = document.documentElement.lang
await loadResources(isLocale(lang) ? lang : defaultLocale)

captureEarlyInput()
startTransition(() => {
	hydrateRoot(
		document,
		<StrictMode>
			<HydratedRouter />
		</StrictMode>,
	)
})
