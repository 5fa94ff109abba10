import { asc, eq } from 'drizzle-orm'
import { getDb } from '#app/db/client.server.ts'
import { districts, regions, schools } from '#app/db/schema/index.ts'

export type Place = { id: number; nameKk: string; nameRu: string }

export async function listRegions(): Promise<Place[]> {
	const db = await getDb()
	return db
		.select({ id: regions.id, nameKk: regions.nameKk, nameRu: regions.nameRu })
		.from(regions)
		.orderBy(asc(regions.position))
}

export async function listDistricts({ regionId }: { regionId: number }): Promise<Place[]> {
	const db = await getDb()
	return db
		.select({ id: districts.id, nameKk: districts.nameKk, nameRu: districts.nameRu })
		.from(districts)
		.where(eq(districts.regionId, regionId))
		.orderBy(asc(districts.nameRu))
}

export async function listSchools({ districtId }: { districtId: number }): Promise<Place[]> {
	const db = await getDb()
	return db
		.select({ id: schools.id, nameKk: schools.nameKk, nameRu: schools.nameRu })
		.from(schools)
		.where(eq(schools.districtId, districtId))
		.orderBy(asc(schools.id))
}

/** The region and district a school belongs to, or null for an unknown school. */
export async function locateSchool({ schoolId }: { schoolId: number }) {
	const db = await getDb()
	const [row] = await db
		.select({ districtId: schools.districtId, regionId: districts.regionId })
		.from(schools)
		.innerJoin(districts, eq(districts.id, schools.districtId))
		.where(eq(schools.id, schoolId))
	return row ?? null
}

/** Lists for a region → district → school picker, given what is chosen so far. */
export async function placePicker({ regionId, districtId }: { regionId?: number | null; districtId?: number | null }) {
	const regionList = await listRegions()
	const districtList = regionId ? await listDistricts({ regionId }) : []
	const districtOk = districtId != null && districtList.some((d) => d.id === districtId)
	const schoolList = districtOk && districtId ? await listSchools({ districtId }) : []
	return { regions: regionList, districts: districtList, schools: schoolList }
}
