// Adds up the JSON reports of vitest and Playwright into one closing line.
import fs from 'node:fs'
import path from 'node:path'

const dir = process.argv[2]
let passed = 0
let failed = 0
let skipped = 0
for (const file of fs.readdirSync(dir)) {
	const report = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'))
	if (file.startsWith('vitest')) {
		passed += report.numPassedTests ?? 0
		// A file that fails to load has no failed test of its own: count it once.
		failed += report.numFailedTests || report.numFailedTestSuites || 0
		skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0)
	} else if (file.startsWith('playwright')) {
		passed += report.stats?.expected ?? 0
		failed += (report.stats?.unexpected ?? 0) + (report.stats?.flaky ?? 0)
		skipped += report.stats?.skipped ?? 0
	}
}
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`)
if (passed === 0) process.exit(1)
