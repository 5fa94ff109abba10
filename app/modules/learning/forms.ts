import { z } from 'zod'
import { idSchema } from '#app/modules/http/forms.ts'

export const quizSubmissionSchema = z.object({
	quizId: idSchema,
	nonce: z.string().regex(/^[\w-]{16,64}$/),
})

/** Answers from form fields named `q:<question key>`, each value an option id. */
export function answersFromForm(formData: FormData) {
	const answers: Record<string, string[]> = {}
	let count = 0
	for (const [name, value] of formData) {
		if (!name.startsWith('q:') || typeof value !== 'string') continue
		count += 1
		if (count > 500 || value.length > 40) return null
		;(answers[name.slice(2)] ??= []).push(value)
	}
	return answers
}

export function newNonce() {
	return crypto.randomUUID()
}
