import type { Locale } from './locales.ts'

export type Resources = Record<string, Record<string, unknown>>

/**
 * UI texts for both server and browser, without sending them in every page's data. The server
 * bundles every namespace file; the browser loads the current language's files as hashed,
 * long-cached chunks (before hydration, and again when the language changes).
 */
const serverFiles: Record<string, Record<string, unknown>> = import.meta.env.SSR
	? import.meta.glob<Record<string, unknown>>('../../locales/*/*.json', { eager: true, import: 'default' })
	: {}
const browserFiles: Record<string, () => Promise<Record<string, unknown>>> = import.meta.env.SSR
	? {}
	: import.meta.glob<Record<string, unknown>>('../../locales/*/*.json', { import: 'default' })

const loaded: Partial<Record<Locale, Resources>> = {}

function parse(file: string) {
	const match = /locales\/(kk|ru)\/([\w-]+)\.json$/.exec(file)
	return match ? { locale: match[1], ns: match[2] } : null
}

for (const [file, data] of Object.entries(serverFiles)) {
	const key = parse(file)
	if ((key?.locale === 'kk' || key?.locale === 'ru') && key.ns) (loaded[key.locale] ??= {})[key.ns] = data
}

/** The texts of a language if they are at hand (always on the server), else null. */
export function resourcesFor(locale: Locale): Resources | null {
	return loaded[locale] ?? null
}

/** Loads a language's texts in the browser; resolves at once when they are already here. */
export async function loadResources(locale: Locale): Promise<Resources> {
	const existing = loaded[locale]
	if (existing) return existing
	const entries = await Promise.all(
		Object.entries(browserFiles)
			.filter(([file]) => parse(file)?.locale === locale)
			.map(async ([file, load]) => [parse(file)?.ns ?? '', await load()] as const),
	)
	const resources: Resources = Object.fromEntries(entries)
	loaded[locale] = resources
	return resources
}
