import fs from 'node:fs/promises'
import path from 'node:path'
import { expect, test } from 'vitest'
import { syncContent } from '#app/modules/content/sync.server.ts'
import * as route from '#app/routes/studio.translations.tsx'
import { makeRequest, publishFixtureCourse, routeArgs, run, signedIn } from '#tests/factories.ts'

test('translation status lists each course lesson by language, flags the version left behind and what lacks Kazakh', async () => {
	const { root } = await publishFixtureCourse()
	const { cookie } = await signedIn({ role: 'author' })
	const load = async () => {
		const result = await run(() => route.loader(routeArgs(makeRequest('/ru/studio/translations', { cookie }), { lang: 'ru' })))
		if (result instanceof Response) throw new Error(`unexpected ${result.status}`)
		return result
	}
	let status = await load()
	let mini = status.courses.find((c) => c.slug === 'mini-course')
	expect(mini?.lessons.map((l) => ({ slug: l.slug, has: l.has, outdated: l.outdated }))).toEqual([
		{ slug: '01-first', has: { kk: true, ru: true }, outdated: { kk: false, ru: false } },
		{ slug: '02-second', has: { kk: false, ru: true }, outdated: { kk: false, ru: false } },
	])
	expect(status.lessonsLackingKazakh.map((l) => l.slug)).toEqual(['02-second'])

	// The Russian text of the first lesson changes; the Kazakh one does not: Kazakh is now behind.
	await fs.appendFile(path.join(root, 'mini-course/lessons/01-first/ru.mdx'), '\nНовый абзац о сопровождении.\n')
	await syncContent({ root })
	status = await load()
	mini = status.courses.find((c) => c.slug === 'mini-course')
	expect(mini?.lessons[0]?.outdated).toEqual({ kk: true, ru: false })

	const teacher = await signedIn()
	const refused = await run(() => route.loader(routeArgs(makeRequest('/ru/studio/translations', { cookie: teacher.cookie }), { lang: 'ru' })))
	expect(refused instanceof Response && refused.status).toBe(403)
})
