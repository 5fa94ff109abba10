import fs from 'node:fs/promises'
import path from 'node:path'
import { and, count, eq } from 'drizzle-orm'
import { z } from 'zod'
import { getDb } from '#app/db/client.server.ts'
import { districts, regions, schools, userRoles, users } from '#app/db/schema/index.ts'
import { hashPassword } from '#app/modules/auth/password.server.ts'
import type { Role } from '#app/modules/auth/permissions.ts'

const name = z.object({ kk: z.string().min(1), ru: z.string().min(1) })
const geographySchema = z.object({
	regions: z.array(
		z.object({
			code: z.string(),
			kind: z.enum(['region', 'city']),
			name,
			districts: z.array(
				z.object({ code: z.string(), name, schools: z.array(z.object({ code: z.string(), name })) }),
			),
		}),
	),
})

export type Geography = z.infer<typeof geographySchema>

export async function readGeography(file = path.resolve('app/db/seed/geography.json')): Promise<Geography> {
	return geographySchema.parse(JSON.parse(await fs.readFile(file, 'utf8')))
}

/** Loads regions, districts and schools; a second run changes nothing. */
export async function seedGeography(geography?: Geography) {
	const data = geography ?? (await readGeography())
	const db = await getDb()
	const [existing] = await db.select({ n: count() }).from(regions)
	if ((existing?.n ?? 0) > 0) return { inserted: false }
	await db.transaction(async (tx) => {
		for (const [position, region] of data.regions.entries()) {
			const [r] = await tx
				.insert(regions)
				.values({ code: region.code, kind: region.kind, nameKk: region.name.kk, nameRu: region.name.ru, position })
				.returning({ id: regions.id })
			if (!r) throw new Error(`region ${region.code} not inserted`)
			for (const district of region.districts) {
				const [d] = await tx
					.insert(districts)
					.values({ regionId: r.id, code: district.code, nameKk: district.name.kk, nameRu: district.name.ru })
					.returning({ id: districts.id })
				if (!d) throw new Error(`district ${district.code} not inserted`)
				if (district.schools.length > 0) {
					await tx.insert(schools).values(
						district.schools.map((s) => ({ districtId: d.id, code: s.code, nameKk: s.name.kk, nameRu: s.name.ru })),
					)
				}
			}
		}
	})
	return { inserted: true }
}

export const DEMO_PASSWORD = 'ortaq-demo-2026'

export const demoAccounts: { email: string; fullName: string; role: Role; gender: 'female' | 'male' | null; locale: 'kk' | 'ru' }[] = [
	{ email: 'teacher@demo.ortaq.kz', fullName: 'Айгерім Сейітқызы Нұрланова', role: 'teacher', gender: 'female', locale: 'kk' },
	{ email: 'author@demo.ortaq.kz', fullName: 'Марат Ерболұлы Жақыпов', role: 'author', gender: 'male', locale: 'kk' },
	{ email: 'reviewer@demo.ortaq.kz', fullName: 'Елена Викторовна Ким', role: 'reviewer', gender: 'female', locale: 'ru' },
	{ email: 'methodologist@demo.ortaq.kz', fullName: 'Гүлнар Асқарқызы Бекова', role: 'methodologist', gender: 'female', locale: 'kk' },
	{ email: 'admin@demo.ortaq.kz', fullName: 'Администратор Ortaq', role: 'admin', gender: null, locale: 'ru' },
]

/**
 * One account per role, all at a school of Karasai district, Almaty region; the
 * methodologist reports on that district. Returns the accounts it created.
 */
export async function seedDemoAccounts() {
	const db = await getDb()
	const [place] = await db
		.select({ schoolId: schools.id, districtId: districts.id, regionId: regions.id })
		.from(schools)
		.innerJoin(districts, eq(districts.id, schools.districtId))
		.innerJoin(regions, eq(regions.id, districts.regionId))
		.where(and(eq(regions.code, 'almaty-region'), eq(districts.code, 'karasai')))
		.limit(1)
	const created: string[] = []
	const passwordHash = await hashPassword(DEMO_PASSWORD)
	for (const account of demoAccounts) {
		const [user] = await db
			.insert(users)
			.values({
				email: account.email,
				passwordHash,
				fullName: account.fullName,
				locale: account.locale,
				gender: account.gender,
				schoolId: place?.schoolId ?? null,
			})
			.onConflictDoNothing({ target: users.email })
			.returning({ id: users.id })
		if (!user) continue
		created.push(account.email)
		const scope =
			account.role === 'methodologist' ? { regionId: place?.regionId ?? null, districtId: place?.districtId ?? null } : {}
		await db.insert(userRoles).values({ userId: user.id, role: 'teacher' })
		if (account.role !== 'teacher') await db.insert(userRoles).values({ userId: user.id, role: account.role, ...scope })
	}
	return created
}
