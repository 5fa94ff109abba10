// npm run db:seed — migrate, seed geography and demo accounts, sync content, then exit.
import { closeDb } from '#app/db/client.server.ts'
import { prepare } from '#app/modules/startup.server.ts'

await prepare()
await closeDb()
