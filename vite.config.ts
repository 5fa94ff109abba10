/// <reference types="vitest/config" />
import { reactRouter } from '@react-router/dev/vite'
import { defineConfig } from 'vite'

export default defineConfig({
	plugins: process.env.VITEST ? [] : [reactRouter()],
	build: { target: 'es2022' },
	ssr: {
		// native and wasm packages must be loaded from node_modules at run time, not bundled
		external: ['@node-rs/argon2', '@electric-sql/pglite', 'esbuild', 'mdx-bundler', 'postgres', 'exceljs', 'archiver', 'pdf-lib', '@pdf-lib/fontkit', 'qrcode', 'nodemailer', 'file-type'],
	},
	test: {
		include: ['app/**/*.test.ts', 'tests/integration/**/*.test.ts'],
		benchmark: { include: ['bench/**/*.bench.ts'] },
		setupFiles: ['./tests/setup/db-per-file.ts'],
		globalSetup: ['./tests/setup/global.ts'],
		testTimeout: 30_000,
		hookTimeout: 60_000,
		pool: 'forks',
		fileParallelism: true,
		maxWorkers: 2,
	},
})
