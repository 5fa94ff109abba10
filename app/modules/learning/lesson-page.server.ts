import { getCompiledCode } from '#app/modules/content/mdx.server.ts'
import { renderMdxHtml } from '#app/modules/content/render.server.ts'
import type { Locale } from '#app/modules/i18n/locales.ts'
import { remaining } from './completion.ts'
import { doneLessonIds, getEnrolment } from './progress.server.ts'
import type { CourseStructure } from './structure.server.ts'

/** HTML of a compiled document; rendering reads the cache and never compiles. */
export async function documentHtml({ hash, locale }: { hash: string; locale: Locale }) {
	const code = await getCompiledCode(hash)
	if (!code) return null
	return renderMdxHtml({ hash, code, locale })
}

/** Progress of a learner through a course: done lessons, what is left, where to resume. */
export async function courseProgress({ userId, course }: { userId: number; course: CourseStructure }) {
	const [done, enrolment] = await Promise.all([doneLessonIds({ userId, course }), getEnrolment({ userId, courseId: course.courseId })])
	const required = course.lessons.filter((l) => l.required)
	const requiredDone = required.filter((l) => done.has(l.id)).length
	const finalQuiz = course.quizzes.find((q) => q.kind === 'final')
	const finalPassed = enrolment?.finalScore != null && enrolment.finalScore >= course.passThreshold
	const left = remaining({ requiredLessons: required.length, requiredDone, hasFinal: Boolean(finalQuiz), finalPassed })
	const resume =
		course.lessons.find((l) => l.id === enrolment?.lastLessonId && !done.has(l.id)) ??
		course.lessons.find((l) => !done.has(l.id)) ??
		null
	return { done, enrolment, left, resume, requiredCount: required.length, requiredDone }
}
