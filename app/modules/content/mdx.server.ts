import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sha256 } from '@oslojs/crypto/sha2'
import { encodeHexLowerCase } from '@oslojs/encoding'
import { eq } from 'drizzle-orm'
import type { Root } from 'mdast'
import { bundleMDX } from 'mdx-bundler'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkMdx from 'remark-mdx'
import remarkParse from 'remark-parse'
import { unified } from 'unified'
import { parse as parseYaml } from 'yaml'
import { z } from 'zod'
import { getDb } from '#app/db/client.server.ts'
import { compiledMdx } from '#app/db/schema/index.ts'
import { guardTree, remarkGuard, type MdxProblem } from './mdx-guard.ts'
import { lintTree } from './mdx-lint.ts'

export type { MdxProblem } from './mdx-guard.ts'

export function hashText(text: string) {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(text)))
}

const frontmatterSchema = z.object({
	title: z.string().trim().min(1).max(200),
	minutes: z.number().int().positive().max(600).optional(),
})
export type Frontmatter = z.infer<typeof frontmatterSchema>

export type CompileResult =
	| { ok: true; hash: string; code: string; frontmatter: Frontmatter }
	| { ok: false; problems: MdxProblem[] }

function problem(code: MdxProblem['code'], detail: string, line: number | null = null, column: number | null = null): MdxProblem {
	return { line, column, code, detail }
}

function positionOf(error: unknown) {
	if (error && typeof error === 'object' && 'line' in error && typeof error.line === 'number') {
		const column = 'column' in error && typeof error.column === 'number' ? error.column : null
		return { line: error.line, column }
	}
	return { line: undefined, column: null }
}

const parser = unified().use(remarkParse).use(remarkMdx).use(remarkFrontmatter).use(remarkGfm)

/** Everything wrong with a document, without compiling it: syntax, front matter, guard, accessibility. */
export function checkMdx(source: string): { problems: MdxProblem[]; frontmatter: Frontmatter | null } {
	// gray-matter (used by mdx-bundler) would eval a "---js" front matter block.
	const firstLine = source.split('\n', 1)[0] ?? ''
	if (firstLine.startsWith('---') && firstLine.trimEnd() !== '---') {
		return { problems: [problem('frontmatter', 'front matter must open with a bare "---" line', 1, 1)], frontmatter: null }
	}
	let tree: Root
	try {
		tree = parser.parse(source)
	} catch (error) {
		// An unclosed component is only noticed at the end of the file, which has no position.
		const { line = source.trimEnd().split('\n').length, column } = positionOf(error)
		const reason = error instanceof Error ? (('reason' in error && typeof error.reason === 'string' && error.reason) || error.message) : String(error)
		return { problems: [problem('syntax', reason, line, column)], frontmatter: null }
	}
	const problems: MdxProblem[] = []
	let frontmatter: Frontmatter | null = null
	const yamlNode = tree.children.find((n) => n.type === 'yaml')
	if (!yamlNode || yamlNode.type !== 'yaml') {
		problems.push(problem('frontmatter', 'missing front matter with a title', 1, 1))
	} else {
		try {
			const parsed = frontmatterSchema.safeParse(parseYaml(yamlNode.value, { schema: 'core' }))
			if (parsed.success) frontmatter = parsed.data
			else problems.push(...parsed.error.issues.map((i) => problem('frontmatter', `${i.path.join('.')}: ${i.message}`, 1, 1)))
		} catch (error) {
			problems.push(problem('frontmatter', error instanceof Error ? error.message : String(error), 1, 1))
		}
	}
	problems.push(...guardTree(tree), ...lintTree(tree))
	problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0))
	return { problems, frontmatter }
}

// esbuild resolves imports relative to cwd; an empty folder means there is nothing to import.
let emptyDir: string | null = null
function emptyCwd() {
	if (!emptyDir || !fs.existsSync(emptyDir)) emptyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ortaq-mdx-'))
	return emptyDir
}

// One compile at a time: esbuild is already parallel inside, and publishing is rare.
let queue: Promise<unknown> = Promise.resolve()
function serialized<T>(task: () => Promise<T>): Promise<T> {
	const run = queue.then(task, task)
	queue = run.catch(() => undefined)
	return run
}

const refuse = () => {
	throw new Error('front matter language not allowed')
}

/** Checks a document and compiles it to a function body; call at publish time, never per request. */
export async function compileMdx(source: string): Promise<CompileResult> {
	const { problems, frontmatter } = checkMdx(source)
	if (problems.length || !frontmatter) return { ok: false, problems }
	try {
		const { code } = await serialized(() =>
			bundleMDX({
				source,
				cwd: emptyCwd(),
				grayMatterOptions: (options) => ({ ...options, engines: { js: refuse, javascript: refuse, coffee: refuse } }),
				mdxOptions: (options) => ({ ...options, remarkPlugins: [remarkGuard, ...(options.remarkPlugins ?? []), remarkGfm] }),
				esbuildOptions: (options) => ({ ...options, logLevel: 'silent' }),
			}),
		)
		return { ok: true, hash: hashText(source), code, frontmatter }
	} catch (error) {
		const first = error && typeof error === 'object' && 'errors' in error && Array.isArray(error.errors) ? error.errors[0] : null
		const text = first && typeof first === 'object' && 'text' in first ? String(first.text) : error instanceof Error ? error.message : String(error)
		const line = first?.location?.line ?? null
		return { ok: false, problems: [problem('syntax', text, line)] }
	}
}

const memory = new Map<string, string>()

/** Compiled code by content hash: memory first, then the database; never compiles. */
export async function getCompiledCode(hash: string) {
	const cached = memory.get(hash)
	if (cached) return cached
	const db = await getDb()
	const [row] = await db.select({ code: compiledMdx.code }).from(compiledMdx).where(eq(compiledMdx.hash, hash))
	if (!row) return null
	if (memory.size > 2000) memory.clear()
	memory.set(hash, row.code)
	return row.code
}
