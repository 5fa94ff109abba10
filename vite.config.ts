/// <reference types="vitest/config" />
import { reactRouter } from '@react-router/dev/vite'
import { fileURLToPath } from 'node:url'
import { defineConfig, type Plugin } from 'vite'

/** postgres.js is bundled into the server with its connection queue replaced (app/db/postgres-queue.js, ADR 009). */
const postgresQueue: Plugin = {
	name: 'ortaq:postgres-queue',
	enforce: 'pre',
	resolveId(source, importer) {
		if (source === './queue.js' && importer && /[\\/]node_modules[\\/]postgres[\\/]src[\\/]/.test(importer)) {
			return fileURLToPath(new URL('./app/db/postgres-queue.js', import.meta.url))
		}
		return null
	},
}

/**
 * postgres.js 3.4.9 can write a buffered chunk (setImmediate) after the socket of a connection that
 * PostgreSQL closed was dropped: `socket.write` on null threw outside any request and killed the app
 * process (bench/README.md, "Soak and faults", PostgreSQL stopped). The write now fails the
 * connection's queries as CONNECTION_CLOSED instead, which answers 503.
 */
const postgresClosedWrite: Plugin = {
	name: 'ortaq:postgres-closed-write',
	enforce: 'pre',
	transform(code, id) {
		if (!/[\\/]node_modules[\\/]postgres[\\/]src[\\/]connection\.js$/.test(id)) return null
		const write = '    const x = socket.write(chunk, fn)'
		if (!code.includes(write)) throw new Error('postgres.js changed: review the closed-write patch in vite.config.ts')
		return code.replace(write, "    if (!socket) {\n      chunk = nextWriteTimer = null\n      errored(Errors.connection('CONNECTION_CLOSED', options))\n      return false\n    }\n" + write)
	},
}

export default defineConfig({
	plugins: process.env.VITEST ? [] : [postgresQueue, postgresClosedWrite, reactRouter()],
	// manifest: the service worker's precache list is read from build/client/.vite/manifest.json (scripts/build-sw.mjs).
	build: { target: 'es2022', manifest: true },
	ssr: {
		// bundled, so that its queue can be replaced (postgresQueue above)
		noExternal: ['postgres'],
		// native and wasm packages must be loaded from node_modules at run time, not bundled
		external: ['@node-rs/argon2', '@electric-sql/pglite', 'esbuild', 'mdx-bundler', 'exceljs', 'archiver', 'pdf-lib', '@pdf-lib/fontkit', 'qrcode', 'nodemailer', 'file-type'],
	},
	test: {
		include: ['app/**/*.test.ts', 'tests/integration/**/*.test.ts'],
		benchmark: { include: ['bench/**/*.bench.ts'] },
		setupFiles: ['./tests/setup/db-per-file.ts'],
		globalSetup: ['./tests/setup/global.ts'],
		testTimeout: 30_000,
		hookTimeout: 180_000,
		pool: 'forks',
		fileParallelism: true,
		maxWorkers: 2,
	},
})
