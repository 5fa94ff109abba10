// Run by tests/integration/pglite-crash.test.ts in a child process on DATA_DIR (PGlite, the
// default database): `write` records lesson completions and quiz attempts through the app's own
// functions, one after another, and prints each one once its transaction has returned (the
// moment a server would acknowledge it), until it is killed; `check` opens the same folder the
// way the server starts (migrations), reads what is there and writes once more.
import { sql } from 'drizzle-orm'
import { closeDb, getDb, queryRows } from '#app/db/client.server.ts'
import { completeLesson, submitQuiz } from '#app/modules/learning/progress.server.ts'
import { createUser, publishFixtureCourse } from '#tests/factories.ts'

const mode = process.argv[2]
const print = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`)

if (mode === 'write') {
	const { course } = await publishFixtureCourse()
	const quiz = course.quizzes.find((q) => q.kind === 'lesson')
	if (!quiz) throw new Error('mini-course has no lesson quiz')
	print({ ready: true })
	for (let i = 0; ; i++) {
		const user = await createUser({ email: `crash-${i}@crash.ortaq.kz` })
		for (const lesson of course.lessons) {
			await completeLesson({ userId: user.id, course, lessonId: lesson.id, locale: 'ru' })
			print({ kind: 'lesson', userId: user.id, lessonId: lesson.id })
			const nonce = `crash-${i}-${lesson.id}`
			const result = await submitQuiz({ userId: user.id, course, submission: { quizId: quiz.id, nonce, answers: { q1: ['a'] } }, locale: 'ru' })
			if (!result.error) print({ kind: 'attempt', userId: user.id, nonce })
		}
	}
} else if (mode === 'check') {
	const db = await getDb()
	const lessons = await queryRows<{ user_id: number; lesson_id: number }>(db, sql`select user_id, lesson_id from lesson_progress`)
	const attempts = await queryRows<{ user_id: number; nonce: string }>(db, sql`select user_id, nonce from quiz_attempts`)
	// The folder is not only readable: it takes writes again.
	await db.execute(sql`insert into rate_limits (key, count, window_start) values ('crash-check', 1, now()) on conflict (key) do update set count = rate_limits.count + 1`)
	const [check] = await queryRows<{ ok: boolean }>(db, sql`select count(*) = 1 as ok from rate_limits where key = 'crash-check'`)
	print({ lessons: lessons.map((r) => `${r.user_id}:${r.lesson_id}`), attempts: attempts.map((r) => `${r.user_id}:${r.nonce}`), writable: check?.ok })
	await closeDb()
} else {
	throw new Error('usage: pglite-writer.ts write|check')
}
