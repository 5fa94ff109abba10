import type { Locale } from './locales.ts'
import { resourcesFor, type Resources } from './resources.ts'

export type { Resources } from './resources.ts'

/** Every UI text of a language, for server code (emails, PDFs, exports, MDX labels). */
export function getResources(locale: Locale): Resources {
	const resources = resourcesFor(locale)
	// On the server every namespace file is bundled, so this only fails if that changes.
	if (!resources) throw new Error(`UI texts for ${locale} are not bundled on the server`)
	return resources
}
