import { Outlet } from 'react-router'
import { isLocale } from '#app/modules/i18n/locales.ts'
import type { Route } from './+types/lang.ts'

export function loader({ params }: Route.LoaderArgs) {
	if (!isLocale(params.lang)) throw new Response('Not found', { status: 404 })
	return null
}

export default function LangLayout() {
	return <Outlet />
}
