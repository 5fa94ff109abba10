import { loadSchoolPage } from '#app/modules/reporting/page.server.ts'
import reportCss from '#app/modules/reporting/reporting.css?url'
import { SchoolView } from '#app/modules/reporting/views.tsx'
import { isLocale } from '#app/modules/i18n/locales.ts'
import type { Route } from './+types/reports.school.ts'

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: reportCss }]

/** Reports are tables, links and a GET form: plain HTML, no JavaScript to download (ADR 008). */
export const handle = { hydrate: false }

export async function loader({ request, params }: Route.LoaderArgs) {
	return loadSchoolPage(request, params.schoolId)
}

export default function ReportSchool({ loaderData, params }: Route.ComponentProps) {
	return <SchoolView d={loaderData} lang={isLocale(params.lang) ? params.lang : 'kk'} />
}
