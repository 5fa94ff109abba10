// npm run content:sync — publishes changed courses from content/courses (stop a PGlite server first:
// the embedded database takes one process at a time).
import { closeDb } from '#app/db/client.server.ts'
import { formatSyncReport, syncContent } from '#app/modules/content/sync.server.ts'

const results = await syncContent()
console.log(formatSyncReport(results))
await closeDb()
process.exit(results.some((r) => r.status === 'failed') ? 1 : 0)
