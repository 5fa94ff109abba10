import { execFile } from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { expect, test } from 'vitest'
import { checkContentFolder, contentFolders } from '#app/modules/content/check.server.ts'
import { copyFixtureCourses } from '#tests/factories.ts'

const exec = promisify(execFile)

test('every course and material in content/ passes the content gates', { timeout: 180_000 }, async () => {
	const folders = await contentFolders()
	expect(folders.filter((f) => f.startsWith('content/courses/')).length).toBeGreaterThanOrEqual(3)
	expect(folders.filter((f) => f.startsWith('content/materials/')).length).toBeGreaterThanOrEqual(4)
	const problems = (await Promise.all(folders.map(checkContentFolder))).flat()
	expect(problems).toEqual([])
})

const words = (word: string, n: number) => Array.from({ length: n }, () => word).join(' ')
const doc = (title: string, body: string) => `---\ntitle: ${title}\n---\n\n## Бөлім\n\n${body}\n`

test('a broken material folder is reported file by file, with lines', { timeout: 180_000 }, async () => {
	const dir = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'ortaq-gates-')), 'broken-material')
	await fs.mkdir(dir)
	await fs.writeFile(
		path.join(dir, 'meta.json'),
		JSON.stringify({ slug: 'broken-material', type: 'template', topic: 'inclusion', subjects: ['maths'], grades: [12], needs: [], summary: { kk: '', ru: '' } }, null, '\t'),
	)
	await fs.writeFile(path.join(dir, 'template.json'), JSON.stringify({ title: { kk: 'Үлгі', ru: '' }, sections: [] }, null, '\t'))
	await fs.writeFile(
		path.join(dir, 'kk.mdx'),
		doc('Материал', `${words('сөз', 90)} и это тоже.\n\n<Figure src="/content/x/a.png" alt=" " />\n\n[](https://example.kz)`),
	)
	const problems = await checkContentFolder(dir)
	const short = problems.map((p) => p.slice(dir.length + 1))
	expect(short).toEqual(
		expect.arrayContaining([
			'meta.json:6 schema subjects.0: Invalid option: expected one of "kazakh-language"|"russian-language"|"kazakh-literature"|"russian-literature"|"mathematics"|"natural-science"|"world-knowledge"|"biology"|"chemistry"|"physics"|"geography"|"history"|"english"|"informatics"|"art"|"music"|"technology"|"physical-education"|"self-knowledge"|"class-hour"|"all-subjects"',
			expect.stringMatching(/^meta\.json:9 schema grades\.0: /),
			expect.stringMatching(/^template\.json:\d+ schema title\.ru: /),
			expect.stringMatching(/^template\.json:\d+ schema sections: /),
			'kk.mdx:7 russian-word «и» outside quotes',
			'kk.mdx:7 russian-word «это» outside quotes',
			expect.stringMatching(/^kk\.mdx:9 missing-attribute <Figure alt="">/),
			expect.stringMatching(/^kk\.mdx:11 link-text /),
			'ru.mdx:1 missing the Russian version is required',
		]),
	)
})

test('a course with a lesson in one language and a quiz option without its Russian text fails', { timeout: 180_000 }, async () => {
	const root = await copyFixtureCourses()
	const [name] = (await fs.readdir(root)).sort()
	if (!name) throw new Error('no fixture course')
	const dir = path.join(root, name)
	const course = JSON.parse(await fs.readFile(path.join(dir, 'course.json'), 'utf8'))
	const lesson = course.lessons[0].slug
	await fs.rm(path.join(dir, 'lessons', lesson, 'ru.mdx'))
	const quizFile = path.join(dir, 'lessons', lesson, 'quiz.json')
	const quiz = JSON.parse(await fs.readFile(quizFile, 'utf8'))
	quiz.questions[0].options[0].text.ru = ' '
	await fs.writeFile(quizFile, JSON.stringify(quiz, null, '\t'))
	const problems = await checkContentFolder(dir)
	expect(problems).toContain(`${dir}/lessons/${lesson}/ru.mdx:1 missing the Russian version is required`)
	expect(problems.some((p) => p.startsWith(`${quizFile}:`) && p.includes('questions.0.options.0.text.ru'))).toBe(true)
	// The command line says the same and exits non-zero; the real content exits zero.
	const failed = await exec('npx', ['tsx', 'scripts/check-content.ts', dir]).catch((error: { code: number; stdout: string }) => error)
	expect(failed).toMatchObject({ code: 1 })
	expect('stdout' in failed && failed.stdout).toContain('missing the Russian version is required')
	const ok = await exec('npx', ['tsx', 'scripts/check-content.ts', 'content/materials/case-autism-rural-school'])
	expect(ok.stdout).toContain('content/materials/case-autism-rural-school: ok')
})
