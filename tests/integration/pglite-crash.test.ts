import { spawn } from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import readline from 'node:readline'
import { afterAll, expect, test } from 'vitest'

// The default database is PGlite in ./data/: a server killed with SIGKILL in the middle of its
// writes must start again on the same folder with every write it acknowledged (ADR 012: PGlite
// writes each commit to the operating system before it returns, but never fsyncs, so this holds
// for a killed process, not for a power cut). Runs the writer in a child process
// (tests/crash/pglite-writer.ts) on its own copy of the template folder.
const onPglite = (process.env.TEST_DB ?? 'pglite') === 'pglite'
const dirs: string[] = []
afterAll(async () => {
	for (const dir of dirs) await fs.rm(dir, { recursive: true, force: true })
})

function child(mode: 'write' | 'check', dataDir: string) {
	const { DATABASE_URL: _, ...env } = process.env
	return spawn(process.execPath, ['--import', 'tsx', 'tests/crash/pglite-writer.ts', mode], {
		env: { ...env, DATA_DIR: dataDir, NODE_ENV: 'test' },
		stdio: ['ignore', 'pipe', 'inherit'],
	})
}

test.skipIf(!onPglite)('kill -9 in the middle of writes loses no acknowledged write and the folder opens again', { timeout: 120_000 }, async () => {
	const template = process.env.ORTAQ_TEST_TEMPLATE
	if (!template) throw new Error('no template')
	const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'ortaq-crash-'))
	dirs.push(dataDir)
	await fs.cp(template, dataDir, { recursive: true })

	const acknowledged = { lessons: new Set<string>(), attempts: new Set<string>() }
	const writer = child('write', dataDir)
	const exited = new Promise<NodeJS.Signals | null>((resolve) => writer.once('exit', (_code, signal) => resolve(signal)))
	let writes = 0
	await new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`the writer acknowledged only ${writes} writes in 90 s`)), 90_000)
		// Killed at a moment that does not line up with a commit: after a number of writes, plus a few milliseconds.
		const killAfter = 60 + Math.floor(Math.random() * 40)
		readline.createInterface({ input: writer.stdout! }).on('line', (line) => {
			const ack = JSON.parse(line) as { kind?: string; userId: number; lessonId?: number; nonce?: string }
			if (ack.kind === 'lesson') acknowledged.lessons.add(`${ack.userId}:${ack.lessonId}`)
			if (ack.kind === 'attempt') acknowledged.attempts.add(`${ack.userId}:${ack.nonce}`)
			if (ack.kind && ++writes === killAfter) {
				clearTimeout(timer)
				setTimeout(() => {
					writer.kill('SIGKILL')
					resolve()
				}, Math.floor(Math.random() * 15))
			}
		})
		writer.once('exit', (code) => {
			clearTimeout(timer)
			if (writes < killAfter) reject(new Error(`the writer stopped by itself (${code}) after ${writes} writes`))
		})
	})
	expect(await exited).toBe('SIGKILL')

	const checker = child('check', dataDir)
	let output = ''
	checker.stdout!.on('data', (chunk: Buffer) => (output += chunk))
	const code = await new Promise<number | null>((resolve) => checker.once('exit', resolve))
	expect(code).toBe(0)
	const found = JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as { lessons: string[]; attempts: string[]; writable: boolean }
	expect(found.writable).toBe(true)
	const lessons = new Set(found.lessons)
	const attempts = new Set(found.attempts)
	expect([...acknowledged.lessons].filter((k) => !lessons.has(k))).toEqual([])
	expect([...acknowledged.attempts].filter((k) => !attempts.has(k))).toEqual([])
	expect(acknowledged.lessons.size + acknowledged.attempts.size).toBeGreaterThanOrEqual(60)
	// At most the one write in flight when the process died may be there without an acknowledgement.
	expect(lessons.size - acknowledged.lessons.size + attempts.size - acknowledged.attempts.size).toBeLessThanOrEqual(1)
})
