import type { Root, RootContent } from 'mdast'
import { toString } from 'mdast-util-to-string'
import { visit } from 'unist-util-visit'
import type { MdxProblem } from './mdx-guard.ts'

/**
 * Accessibility rules a document must meet before it is published: a screen-reader user
 * navigates by headings and links, and cannot see an image without its description.
 */

const vagueLinkTexts = new Set(['здесь', 'тут', 'сюда', 'ссылка', 'подробнее', 'мұнда', 'осында', 'сілтеме', 'толығырақ', 'click here', 'here'])

export function lintTree(tree: Root): MdxProblem[] {
	const problems: MdxProblem[] = []
	let previousDepth = 1
	visit(tree, (node: Root | RootContent) => {
		const where = { line: node.position?.start.line ?? null, column: node.position?.start.column ?? null }
		if (node.type === 'heading') {
			if (node.depth === 1) {
				problems.push({ ...where, code: 'heading-order', detail: 'h1 is the page title; start sections at ##' })
			} else if (node.depth > previousDepth + 1) {
				problems.push({ ...where, code: 'heading-order', detail: `h${node.depth} after h${previousDepth}` })
			}
			previousDepth = node.depth
		}
		if (node.type === 'image' && !(node.alt ?? '').trim()) {
			problems.push({ ...where, code: 'missing-alt', detail: node.url })
		}
		// A download is a link: a screen reader reads its text, so it needs one.
		if (node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') {
			if (node.name === 'Download' && !toString(node).trim()) problems.push({ ...where, code: 'link-text', detail: '<Download></Download>' })
		}
		if (node.type === 'link') {
			const text = toString(node).trim().toLowerCase()
			if (!text || vagueLinkTexts.has(text)) problems.push({ ...where, code: 'link-text', detail: `[${text}](${node.url})` })
		}
	})
	return problems
}
