import { loadDashboardPage } from '#app/modules/reporting/page.server.ts'
import reportCss from '#app/modules/reporting/reporting.css?url'
import { DashboardView } from '#app/modules/reporting/views.tsx'
import { isLocale } from '#app/modules/i18n/locales.ts'
import type { Route } from './+types/reports.district.ts'

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: reportCss }]

/** Reports are tables, links and a GET form: plain HTML, no JavaScript to download (ADR 008). */
export const handle = { hydrate: false }

export async function loader({ request, params }: Route.LoaderArgs) {
	return loadDashboardPage(request, { level: 'district', id: params.districtId })
}

export default function ReportDistrict({ loaderData, params }: Route.ComponentProps) {
	return <DashboardView d={loaderData} lang={isLocale(params.lang) ? params.lang : 'kk'} />
}
