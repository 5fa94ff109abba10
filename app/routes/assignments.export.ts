import { exportAssignment } from '#app/modules/assignments/page.server.ts'
import type { Route } from './+types/assignments.export.ts'

/** Resource route: a streamed CSV or XLSX of one table of an assignment's report (?format=csv|xlsx). */
export async function loader({ request, params }: Route.LoaderArgs) {
	return exportAssignment(request, { lang: params.lang, assignmentId: params.assignmentId, table: params.table })
}
