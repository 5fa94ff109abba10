import fs from 'node:fs/promises'
import path from 'node:path'
import type { z } from 'zod'
import { materialMetaSchema, templateFileSchema } from '#app/modules/materials/metadata.ts'
import { lengthRatioProblem, wordCountProblem, type wordBands } from './content-rules.ts'
import { courseFileSchema, quizFileSchema } from './course-files.ts'
import { jsonLines, lineOfPath } from './json-lines.ts'
import { kazakhInRussian, russianInKazakh } from './language-check.ts'
import { checkMdx } from './mdx.server.ts'

/**
 * The content gates, without a database: every course and material folder, each problem as
 * "<file>:<line> <code> <detail>" with the file path as given (content/courses/x/lessons/…).
 */

async function readOrNull(file: string) {
	try {
		return await fs.readFile(file, 'utf8')
	} catch {
		return null
	}
}

function collector(dir: string) {
	const problems: string[] = []
	const add = (file: string, line: number | null, code: string, detail = '') => problems.push(`${path.join(dir, file)}:${line ?? 1} ${code}${detail ? ` ${detail}` : ''}`)
	const json = async <S extends z.ZodType>(file: string, schema: S, required: boolean): Promise<z.infer<S> | null> => {
		const text = await readOrNull(path.join(dir, file))
		if (text === null) {
			if (required) add(file, null, 'missing')
			return null
		}
		let raw: unknown
		try {
			raw = JSON.parse(text)
		} catch (error) {
			const message = error instanceof Error ? error.message : String(error)
			const at = /position (\d+)/.exec(message)
			add(file, at ? text.slice(0, Number(at[1])).split('\n').length : null, 'json', message)
			return null
		}
		const parsed = schema.safeParse(raw)
		if (parsed.success) return parsed.data
		const lines = jsonLines(text)
		for (const issue of parsed.error.issues) add(file, lineOfPath(lines, issue.path), 'schema', `${issue.path.join('.') || '(root)'}: ${issue.message}`)
		return null
	}
	/** One language of a document: guard, accessibility, language heuristics and its word band. */
	const mdx = async (file: string, locale: 'kk' | 'ru', kind: keyof typeof wordBands | null) => {
		const source = await readOrNull(path.join(dir, file))
		if (source === null) {
			add(file, null, 'missing', `the ${locale === 'kk' ? 'Kazakh' : 'Russian'} version is required`)
			return null
		}
		for (const p of checkMdx(source).problems) add(file, p.line, p.code, p.detail)
		const language = locale === 'kk' ? russianInKazakh(source) : kazakhInRussian(source)
		for (const p of language) add(file, p.line, p.reason, `«${p.word}» outside quotes`)
		if (kind) {
			const band = wordCountProblem(source, kind)
			if (band) add(file, null, band.code, band.detail)
		}
		return source
	}
	/** Both languages of one document, and how their lengths compare. */
	const pair = async (folder: string, kind: keyof typeof wordBands | null) => {
		const kk = await mdx(path.join(folder, 'kk.mdx'), 'kk', kind)
		const ru = await mdx(path.join(folder, 'ru.mdx'), 'ru', kind)
		if (kind && kk !== null && ru !== null) {
			const ratio = lengthRatioProblem(kk, ru)
			if (ratio) add(path.join(folder, 'kk.mdx'), null, ratio.code, ratio.detail)
		}
	}
	return { problems, add, json, pair }
}

export async function checkCourseFolder(dir: string) {
	const { problems, json, pair } = collector(dir)
	const course = await json('course.json', courseFileSchema, true)
	await pair('', null)
	await json('diagnostic.json', quizFileSchema, true)
	await json('final.json', quizFileSchema, true)
	for (const lesson of course?.lessons ?? []) {
		await pair(`lessons/${lesson.slug}`, 'lesson')
		await json(`lessons/${lesson.slug}/quiz.json`, quizFileSchema, true)
	}
	return problems
}

export async function checkMaterialFolder(dir: string) {
	const { problems, add, json, pair } = collector(dir)
	const meta = await json('meta.json', materialMetaSchema, true)
	if (meta && meta.slug !== path.basename(dir)) add('meta.json', 2, 'schema', `slug "${meta.slug}" must match the folder name "${path.basename(dir)}"`)
	const hasTemplate = (await readOrNull(path.join(dir, 'template.json'))) !== null
	if (meta?.type === 'template' || hasTemplate) await json('template.json', templateFileSchema, true)
	if (meta && meta.type !== 'template' && hasTemplate) add('template.json', null, 'schema', 'only a material of type "template" has a template.json')
	await pair('', 'material')
	return problems
}

/** A course folder has a course.json, a material folder a meta.json. */
export async function checkContentFolder(dir: string) {
	if ((await readOrNull(path.join(dir, 'course.json'))) !== null) return checkCourseFolder(dir)
	if ((await readOrNull(path.join(dir, 'meta.json'))) !== null) return checkMaterialFolder(dir)
	return [`${dir}:1 missing neither course.json nor meta.json: not a course or material folder`]
}

/** Every folder under content/courses and content/materials. */
export async function contentFolders(root = 'content') {
	const out: string[] = []
	for (const kind of ['courses', 'materials']) {
		const base = path.join(root, kind)
		const entries = await fs.readdir(base, { withFileTypes: true }).catch(() => [])
		out.push(...entries.filter((e) => e.isDirectory()).map((e) => path.join(base, e.name)).sort())
	}
	return out
}
