// Server time of one offline sync of 200 queued events (ADR 014), through the route's action (JSON
// parse, zod per event, one transaction per event, the course state), against a fresh database.
// Run: TEST_DB=postgres npx vitest bench --run bench/offline-sync.bench.ts (see bench/README.md)
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { bench, describe } from 'vitest'
import { syncContent } from '#app/modules/content/sync.server.ts'
import { signedIn, routeArgs } from '#tests/factories.ts'
import * as syncRoute from '#app/routes/offline.sync.ts'

const root = await fs.mkdtemp(path.join(os.tmpdir(), 'ortaq-bench-'))
await fs.cp(path.resolve('tests/fixtures/courses'), root, { recursive: true })
await syncContent({ root })

// A new teacher per batch, so each batch enrols, completes the course and is issued its certificate
// as a first sync would; teachers are created before timing.
const teachers = await Promise.all(Array.from({ length: 40 }, () => signedIn()))
let next = 0
const when = '2026-12-01T09:00:00+05:00'

/** 200 events: enrol, the diagnostic, then lessons, lesson quizzes and finals as a week offline might queue them. */
function batch() {
	const events: unknown[] = [
		{ id: crypto.randomUUID(), kind: 'enrol', courseSlug: 'mini-course', locale: 'kk' },
		{ id: crypto.randomUUID(), kind: 'quizAttempt', courseSlug: 'mini-course', quizKind: 'diagnostic', answers: { d1: ['a'], d2: ['a'] }, answeredAt: when },
	]
	for (let i = 0; events.length < 200; i++) {
		const kind = i % 4
		if (kind === 0) events.push({ id: crypto.randomUUID(), kind: 'lessonDone', courseSlug: 'mini-course', lessonSlug: i % 8 === 0 ? '01-first' : '02-second', doneAt: when })
		else if (kind === 1) events.push({ id: crypto.randomUUID(), kind: 'quizAttempt', courseSlug: 'mini-course', quizKind: 'lesson', lessonSlug: '01-first', answers: { q1: [i % 3 ? 'a' : 'b'] }, answeredAt: when })
		else events.push({ id: crypto.randomUUID(), kind: 'quizAttempt', courseSlug: 'mini-course', quizKind: 'final', answers: { f1: ['a'], f2: i % 5 ? ['a'] : ['a', 'b'] }, answeredAt: when })
	}
	return JSON.stringify({ events })
}

describe('offline sync', () => {
	bench(
		'POST /kk/offline/sync with 200 new events (one transaction each)',
		async () => {
			const teacher = teachers[next++ % teachers.length]
			if (!teacher) throw new Error('no teacher')
			const request = new Request('http://localhost/kk/offline/sync', { method: 'POST', body: batch(), headers: { 'Content-Type': 'application/json', Cookie: teacher.cookie } })
			const response = await syncRoute.action(routeArgs(request, { lang: 'kk' }))
			if (response.status !== 200) throw new Error(`sync answered ${response.status}`)
			await response.arrayBuffer()
		},
		{ iterations: 20, warmupIterations: 2, time: 0 },
	)
})
