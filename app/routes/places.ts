import { z } from 'zod'
import { placePicker } from '#app/modules/geography/geography.server.ts'
import type { Route } from './+types/places.ts'
import { idSchema } from '#app/modules/http/forms.ts'

const query = z.object({
	region: idSchema.optional().catch(undefined),
	district: idSchema.optional().catch(undefined),
})

/** Districts and schools for the place picker, fetched as the user chooses (with JavaScript). */
export async function loader({ request }: Route.LoaderArgs) {
	const { region, district } = query.parse(Object.fromEntries(new URL(request.url).searchParams))
	const lists = await placePicker({ regionId: region, districtId: district })
	return Response.json(lists, { headers: { 'Cache-Control': 'public, max-age=300' } })
}
