/**
 * The sync reports problems as English text (it also writes to the server log); the studio
 * shows the ones it knows in the reader's language: an i18n key of the studio namespace, and
 * the part of the message to quote as it is.
 */
export function describeProblem(problem: { file: string; message: string }): { key: string | null; detail: string } {
	const { file, message } = problem
	if (message === 'missing') return { key: 'courses.problem.missing', detail: '' }
	if (message === 'a course needs a final assessment') return { key: 'courses.problem.noFinal', detail: '' }
	if (message === 'no kk.mdx or ru.mdx') return { key: 'courses.problem.noLesson', detail: '' }
	const slug = /^slug must match the folder name "(.*)"$/.exec(message)
	if (slug) return { key: 'courses.problem.slugMismatch', detail: slug[1] ?? '' }
	if (message.startsWith('invalid JSON: ')) return { key: 'courses.problem.json', detail: message.slice('invalid JSON: '.length) }
	if (file.endsWith('.json')) return { key: 'courses.problem.format', detail: message }
	// MDX guard and compiler: "<code>: <detail>" or "<code>".
	const mdx = /^([a-z][a-z-]*)(?:: ([\s\S]*))?$/.exec(message)
	if (mdx && file.endsWith('.mdx')) return { key: `mdx.${mdx[1]}`, detail: mdx[2] ?? '' }
	return { key: null, detail: message }
}
