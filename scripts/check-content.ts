// Checks course folders without a database: course.json, quiz files and every MDX file
// (syntax, front matter, the untrusted-code guard, accessibility rules).
// Usage: npx tsx scripts/check-content.ts [content/courses/<slug> ...]
import fs from 'node:fs/promises'
import path from 'node:path'
import { courseFileSchema, quizFileSchema } from '#app/modules/content/course-files.ts'
import { checkMdx } from '#app/modules/content/mdx.server.ts'

async function exists(file: string) {
	return fs.access(file).then(
		() => true,
		() => false,
	)
}

async function checkFolder(dir: string) {
	const problems: string[] = []
	const json = async (file: string, schema: typeof courseFileSchema | typeof quizFileSchema, required: boolean) => {
		const full = path.join(dir, file)
		if (!(await exists(full))) {
			if (required) problems.push(`${file}: missing`)
			return null
		}
		try {
			const parsed = schema.safeParse(JSON.parse(await fs.readFile(full, 'utf8')))
			if (!parsed.success) problems.push(...parsed.error.issues.map((i) => `${file}: ${i.path.join('.')} ${i.message}`))
			return parsed.success ? parsed.data : null
		} catch (error) {
			problems.push(`${file}: ${error instanceof Error ? error.message : String(error)}`)
			return null
		}
	}
	const mdx = async (file: string) => {
		const full = path.join(dir, file)
		if (!(await exists(full))) return problems.push(`${file}: missing`)
		const { problems: found } = checkMdx(await fs.readFile(full, 'utf8'))
		problems.push(...found.map((p) => `${file}:${p.line ?? '?'} ${p.code} ${p.detail}`))
	}
	const course = await json('course.json', courseFileSchema, true)
	await mdx('kk.mdx')
	await mdx('ru.mdx')
	await json('diagnostic.json', quizFileSchema, true)
	await json('final.json', quizFileSchema, true)
	if (course && 'lessons' in course) {
		for (const lesson of course.lessons) {
			await mdx(`lessons/${lesson.slug}/kk.mdx`)
			await mdx(`lessons/${lesson.slug}/ru.mdx`)
			await json(`lessons/${lesson.slug}/quiz.json`, quizFileSchema, true)
		}
	}
	return problems
}

const dirs = process.argv.slice(2)
const targets = dirs.length
	? dirs
	: (await fs.readdir('content/courses', { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => path.join('content/courses', e.name))
let failed = false
for (const dir of targets) {
	const problems = await checkFolder(dir)
	console.log(`${dir}: ${problems.length ? `${problems.length} problem(s)` : 'ok'}`)
	for (const p of problems) console.log(`  ${p}`)
	if (problems.length) failed = true
}
process.exit(failed ? 1 : 0)
