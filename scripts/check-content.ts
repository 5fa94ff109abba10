// Checks course and material folders without a database: course.json / meta.json / template.json
// and quiz files against their schemas, and every MDX file (syntax, front matter, the
// untrusted-code guard, accessibility, language and length gates). See content/README.md.
// Usage: npx tsx scripts/check-content.ts [content/courses/<slug> | content/materials/<slug> ...]
import { checkContentFolder, contentFolders } from '#app/modules/content/check.server.ts'

const dirs = process.argv.slice(2)
const targets = dirs.length ? dirs : await contentFolders()
let failed = false
for (const dir of targets) {
	const problems = await checkContentFolder(dir.replace(/\/+$/, ''))
	console.log(`${dir}: ${problems.length ? `${problems.length} problem(s)` : 'ok'}`)
	for (const p of problems) console.log(`  ${p}`)
	if (problems.length) failed = true
}
process.exit(failed ? 1 : 0)
