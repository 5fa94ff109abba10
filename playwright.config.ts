import { defineConfig, devices } from '@playwright/test'

const port = Number(process.env.E2E_PORT ?? 3100)

export default defineConfig({
	testDir: './tests/e2e',
	timeout: 60_000,
	expect: { timeout: 10_000 },
	fullyParallel: false,
	workers: 1,
	retries: 0,
	use: {
		baseURL: `http://localhost:${port}`,
		trace: 'retain-on-failure',
	},
	projects: [
		{
			name: 'chromium',
			use: {
				...devices['Desktop Chrome'],
				launchOptions: {
					executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
					args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
				},
			},
		},
	],
	// The app as the README starts it (npm start on embedded PGlite), on a fresh data folder, as if
	// behind a local reverse proxy, so a spec can speak for other client addresses (X-Forwarded-For).
	webServer: {
		command: `rm -rf data-e2e-${port} && DATA_DIR=data-e2e-${port} PORT=${port} TRUST_PROXY=loopback npm start`,
		url: `http://localhost:${port}/kk/`,
		timeout: 180_000,
		reuseExistingServer: false,
		stdout: 'pipe',
	},
})
