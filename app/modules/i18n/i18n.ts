import { createInstance, type i18n as I18n } from 'i18next'
import { initReactI18next } from 'react-i18next'
import type { Locale } from './locales.ts'

type Resources = Record<string, Record<string, unknown>>

const instances = new Map<Locale, I18n>()

/** One i18next instance per locale, created synchronously from the given resources. */
export function getI18n(locale: Locale, resources: Resources): I18n {
	const existing = instances.get(locale)
	if (existing) return existing
	const instance = createInstance()
	void instance.use(initReactI18next).init({
		lng: locale,
		fallbackLng: false,
		resources: { [locale]: resources },
		ns: Object.keys(resources),
		defaultNS: 'common',
		interpolation: { escapeValue: false },
		initAsync: false,
		returnNull: false,
	})
	instances.set(locale, instance)
	return instance
}

/** Server-side translation for modules that build text outside React (emails, CSV headers). */
export function fixedT(locale: Locale, resources: Resources, ns = 'common') {
	return getI18n(locale, resources).getFixedT(locale, ns)
}
