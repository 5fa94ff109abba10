import fs from 'node:fs/promises'
import path from 'node:path'
import { beforeAll, expect, test } from 'vitest'
import { getDb } from '#app/db/client.server.ts'
import { auditEvents, courseRevisions, courses } from '#app/db/schema/index.ts'
import { importCourseZip } from '#app/modules/studio/course-import.server.ts'
import * as coursesRoute from '#app/routes/studio.courses.tsx'
import * as exportRoute from '#app/routes/studio.course-export.ts'
import { makeRequest, publishFixtureCourse, routeArgs, run, signedIn } from '#tests/factories.ts'
import { buildZip, type ZipEntrySpec } from '#tests/zip-builder.ts'

const fixture = path.resolve('tests/fixtures/courses/mini-course')
let reviewerId = 0
let reviewerCookie = ''

beforeAll(async () => {
	expect((await publishFixtureCourse()).results.map((r) => r.status)).toEqual(['published'])
	const reviewer = await signedIn({ role: 'reviewer' })
	reviewerId = reviewer.user.id
	reviewerCookie = reviewer.cookie
})

/** The fixture course under another slug, as zip entries (one folder named by the slug). */
async function courseEntries(slug: string, change: (name: string, text: string) => string = (_n, t) => t): Promise<ZipEntrySpec[]> {
	const names = (await fs.readdir(fixture, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => path.relative(fixture, path.join(e.parentPath, e.name)))
	return Promise.all(
		names.sort().map(async (name) => {
			let text = await fs.readFile(path.join(fixture, name), 'utf8')
			if (name === 'course.json') text = JSON.stringify({ ...JSON.parse(text), slug }, null, 2)
			return { name: `${slug}/${name}`, data: change(name, text) }
		}),
	)
}

async function upload(cookie: string, bytes: Uint8Array<ArrayBuffer>, lang: 'kk' | 'ru' = 'kk') {
	const form = new FormData()
	form.set('intent', 'upload')
	form.set('archive', new File([bytes], 'course.zip', { type: 'application/zip' }))
	const request = new Request(`http://localhost:3000/${lang}/studio/courses`, { method: 'POST', body: form, headers: { Cookie: cookie } })
	return run(() => coursesRoute.action(routeArgs(request, { lang })))
}

async function counts() {
	const db = await getDb()
	return { courses: (await db.select().from(courses)).length, revisions: (await db.select().from(courseRevisions)).length, audit: (await db.select().from(auditEvents)).length }
}

test('the zip the export writes imports back through the studio form, and a new course from a zip appears in the studio', async () => {
	const exported = await exportRoute.loader(routeArgs(makeRequest('/ru/studio/courses/mini-course/export', { cookie: reviewerCookie }), { lang: 'ru', slug: 'mini-course' }))
	const zip = new Uint8Array(await exported.arrayBuffer())
	const again = await upload(reviewerCookie, zip)
	expect(again).toMatchObject({ init: { status: 200 }, data: { from: 'zip', slug: 'mini-course', error: null } })
	expect(['published', 'unchanged']).toContain(!(again instanceof Response) && again.data.result?.status)

	const created = await upload(reviewerCookie, buildZip(await courseEntries('zip-course')))
	expect(created).toMatchObject({ init: { status: 200 }, data: { from: 'zip', slug: 'zip-course', result: { status: 'published', revision: 1, problems: [] } } })
	const page = await coursesRoute.loader(routeArgs(makeRequest('/kk/studio/courses', { cookie: reviewerCookie }), { lang: 'kk' }))
	expect(page.courses.map((c) => c.slug)).toContain('zip-course')
})

test('hostile archives are refused with their reason and entry, and write nothing', async () => {
	const valid = await courseEntries('hostile-course')
	const before = await counts()
	const cases: [string, Uint8Array, string, string | null][] = [
		// 40 MB of zeros deflate to about 40 KB.
		['zip bomb', buildZip([...valid, { name: 'hostile-course/lessons/01-first/quiz.json', data: new Uint8Array(40 * 1024 * 1024) }]), 'entry_size', 'hostile-course/lessons/01-first/quiz.json'],
		['ratio', buildZip([...valid.filter((e) => !e.name.endsWith('ru.mdx')), { name: 'hostile-course/ru.mdx', data: new Uint8Array(900 * 1024) }]), 'ratio', 'hostile-course/ru.mdx'],
		['parent folder', buildZip([...valid, { name: '../../etc/passwd', data: 'root:x:0:0' }]), 'traversal', '../../etc/passwd'],
		['inner parent', buildZip([...valid, { name: 'hostile-course/lessons/../../x.mdx', data: 'x' }]), 'traversal', 'hostile-course/lessons/../../x.mdx'],
		['backslash', buildZip([...valid, { name: 'hostile-course\\..\\x.mdx', data: 'x' }]), 'traversal', 'hostile-course\\..\\x.mdx'],
		['absolute', buildZip([...valid, { name: '/etc/passwd', data: 'root:x:0:0' }]), 'absolute', '/etc/passwd'],
		['drive', buildZip([...valid, { name: 'C:/Windows/x.mdx', data: 'x' }]), 'absolute', 'C:/Windows/x.mdx'],
		['symlink', buildZip([{ name: 'hostile-course/kk.mdx', data: '/etc/passwd', mode: 0o120777 }, ...valid.filter((e) => !e.name.endsWith('/kk.mdx') || e.name.includes('lessons'))]), 'symlink', 'hostile-course/kk.mdx'],
		['thousands of entries', buildZip([...valid, ...Array.from({ length: 3000 }, (_, i) => ({ name: `hostile-course/lessons/l${i}/kk.mdx`, data: '# x' }))]), 'entries', null],
		['unexpected file', buildZip([...valid, { name: 'hostile-course/run.sh', data: '#!/bin/sh\nrm -rf /' }]), 'unexpected', 'hostile-course/run.sh'],
		['two courses', buildZip([...valid, ...(valid.slice(0, 1).map((e) => ({ ...e, name: e.name.replace('hostile-course', 'other-course') })))]), 'layout', null],
		['not a zip', new TextEncoder().encode('PK? not really'), 'not_zip', null],
	]
	for (const [what, bytes, reason, entry] of cases) {
		expect(await importCourseZip({ bytes, userId: reviewerId }), what).toEqual({ status: 'refused', reason, entry })
	}
	// Through the form: the field carries the localized reason and the entry.
	const viaForm = await upload(reviewerCookie, buildZip([...valid, { name: '../../etc/passwd', data: 'x' }]), 'ru')
	expect(viaForm).toMatchObject({ init: { status: 400 }, data: { from: 'zip', error: 'courses.zip.traversal', entry: '../../etc/passwd', result: null } })
	const tooLarge = await upload(reviewerCookie, new Uint8Array(11 * 1024 * 1024))
	expect(tooLarge).toMatchObject({ init: { status: 413 }, data: { error: 'courses.zip.too_large' } })
	expect(await counts()).toEqual(before)
})

test('an MDX file with an expression is reported with its file and line, and nothing is published', async () => {
	const before = await counts()
	const entries = await courseEntries('bad-mdx-course', (name, text) => (name === 'lessons/01-first/ru.mdx' ? `${text}\n{process.exit(1)}\n` : text))
	const result = await upload(reviewerCookie, buildZip(entries))
	expect(result).toMatchObject({ init: { status: 400 }, data: { from: 'zip', result: { status: 'failed' } } })
	const problems = result instanceof Response ? [] : (result.data.result?.problems ?? [])
	const lines = (await fs.readFile(path.join(fixture, 'lessons/01-first/ru.mdx'), 'utf8')).split('\n').length
	expect(problems).toEqual([{ file: 'bad-mdx-course/lessons/01-first/ru.mdx', line: lines + 1, message: expect.stringMatching(/^expression/) }])
	expect(await counts()).toEqual(before)
})

test('only reviewers and admins import: an author gets 403', async () => {
	const author = await signedIn({ role: 'author' })
	const result = await upload(author.cookie, buildZip(await courseEntries('author-course')))
	expect(result).toMatchObject({ status: 403 })
})
