import { exportTable } from '#app/modules/reporting/page.server.ts'
import type { Route } from './+types/reports.export.ts'

/** Resource route: a streamed CSV or XLSX of one report table (?at=…&format=csv|xlsx&filters). */
export async function loader({ request, params }: Route.LoaderArgs) {
	return exportTable(request, { lang: params.lang, table: params.table })
}
