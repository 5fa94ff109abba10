import type { Locale } from './locales.ts'

export type Resources = Record<string, Record<string, unknown>>

// Every namespace file under app/locales/<locale>/<ns>.json, bundled at build time.
const files = import.meta.glob<Record<string, unknown>>('../../locales/*/*.json', {
	eager: true,
	import: 'default',
})

const byLocale: Record<Locale, Resources> = { kk: {}, ru: {} }
for (const [file, data] of Object.entries(files)) {
	const match = /locales\/(kk|ru)\/([\w-]+)\.json$/.exec(file)
	if (!match) continue
	const [, locale, ns] = match
	if ((locale === 'kk' || locale === 'ru') && ns) byLocale[locale][ns] = data
}

export function getResources(locale: Locale): Resources {
	return byLocale[locale]
}

export function namespaces(): string[] {
	return Object.keys(byLocale.kk)
}
