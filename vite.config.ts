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

export default defineConfig({
	plugins: process.env.VITEST ? [] : [postgresQueue, reactRouter()],
	build: { target: 'es2022' },
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
