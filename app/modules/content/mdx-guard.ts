import type { Root, RootContent } from 'mdast'
import type {} from 'mdast-util-mdx'
import type { MdxJsxAttribute, MdxJsxExpressionAttribute } from 'mdast-util-mdx-jsx'
import type { Node } from 'unist'
import { visit } from 'unist-util-visit'

/**
 * MDX compiles to JavaScript, so an author's file is untrusted code. The guard walks the
 * parsed tree before anything else runs and allows only Markdown plus a fixed list of
 * components with plain string attributes.
 */

export type MdxProblemCode =
	| 'syntax'
	| 'frontmatter'
	| 'esm'
	| 'expression'
	| 'attribute-expression'
	| 'unknown-component'
	| 'unknown-attribute'
	| 'missing-attribute'
	| 'invalid-attribute'
	| 'unsafe-url'
	| 'raw-html'
	| 'missing-alt'
	| 'heading-order'
	| 'link-text'

export type MdxProblem = { line: number | null; column: number | null; code: MdxProblemCode; detail: string }

type AttributeRule = { required?: boolean; url?: boolean; oneOf?: readonly string[] }

/** The only components a document may use, with the attributes each accepts. */
export const allowedComponents: Record<string, { attributes: Record<string, AttributeRule>; requireOneOf?: string[] }> = {
	Callout: { attributes: { type: { oneOf: ['note', 'tip', 'warning'] }, title: {} } },
	Figure: { attributes: { src: { required: true, url: true }, alt: { required: true }, caption: {} } },
	Video: {
		attributes: { src: { required: true, url: true }, captions: { url: true }, transcript: {}, title: {} },
		requireOneOf: ['captions', 'transcript'],
	},
	Term: { attributes: { definition: { required: true } } },
	Steps: { attributes: {} },
	Checklist: { attributes: {} },
	Download: { attributes: { href: { required: true, url: true } } },
}

/** Relative paths, anchors, http(s) and mailto; everything else (javascript:, data:, …) is refused. */
export function isSafeUrl(url: string) {
	// Browsers ignore control characters and whitespace inside a scheme ("java\tscript:").
	const compact = url.replace(/[\u0000-\u0020\u007f-\u009f]/g, '')
	if (compact.startsWith('//')) return false
	const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(compact)
	if (!scheme) return true
	return ['http', 'https', 'mailto'].includes(scheme[1]?.toLowerCase() ?? '')
}

function at(node: Node): Pick<MdxProblem, 'line' | 'column'> {
	return { line: node.position?.start.line ?? null, column: node.position?.start.column ?? null }
}

function checkAttributes(
	name: string,
	attributes: (MdxJsxAttribute | MdxJsxExpressionAttribute)[],
	node: Node,
	problems: MdxProblem[],
) {
	const spec = allowedComponents[name]
	if (!spec) return
	const present = new Set<string>()
	for (const attribute of attributes) {
		if (attribute.type === 'mdxJsxExpressionAttribute') {
			problems.push({ ...at(node), code: 'attribute-expression', detail: `<${name} {…}>` })
			continue
		}
		const rule = spec.attributes[attribute.name]
		if (!rule) {
			problems.push({ ...at(node), code: 'unknown-attribute', detail: `<${name} ${attribute.name}>` })
			continue
		}
		if (attribute.value !== null && typeof attribute.value === 'object') {
			problems.push({ ...at(node), code: 'attribute-expression', detail: `<${name} ${attribute.name}={…}>` })
			continue
		}
		const value = attribute.value ?? ''
		present.add(attribute.name)
		if (rule.url && !isSafeUrl(value)) problems.push({ ...at(node), code: 'unsafe-url', detail: `<${name} ${attribute.name}="${value}">` })
		if (rule.oneOf && !rule.oneOf.includes(value)) {
			problems.push({ ...at(node), code: 'invalid-attribute', detail: `<${name} ${attribute.name}="${value}"> (${rule.oneOf.join(' | ')})` })
		}
		if (rule.required && !value.trim()) problems.push({ ...at(node), code: 'missing-attribute', detail: `<${name} ${attribute.name}="">` })
	}
	for (const [attribute, rule] of Object.entries(spec.attributes)) {
		if (rule.required && !present.has(attribute)) problems.push({ ...at(node), code: 'missing-attribute', detail: `<${name} ${attribute}>` })
	}
	if (spec.requireOneOf && !spec.requireOneOf.some((a) => present.has(a))) {
		problems.push({ ...at(node), code: 'missing-attribute', detail: `<${name} ${spec.requireOneOf.join(' | ')}>` })
	}
}

/** Every reason the tree may not be compiled, each with its line. */
export function guardTree(tree: Root): MdxProblem[] {
	const problems: MdxProblem[] = []
	visit(tree, (node: Root | RootContent) => {
		switch (node.type) {
			case 'mdxjsEsm':
				problems.push({ ...at(node), code: 'esm', detail: node.value.split('\n')[0] ?? '' })
				return
			case 'mdxFlowExpression':
			case 'mdxTextExpression':
				problems.push({ ...at(node), code: 'expression', detail: `{${node.value.slice(0, 40)}}` })
				return
			case 'html':
				problems.push({ ...at(node), code: 'raw-html', detail: node.value.slice(0, 40) })
				return
			case 'mdxJsxFlowElement':
			case 'mdxJsxTextElement': {
				const name = node.name ?? '<>'
				if (!Object.hasOwn(allowedComponents, name)) {
					problems.push({ ...at(node), code: 'unknown-component', detail: `<${name}>` })
					return
				}
				checkAttributes(name, node.attributes, node, problems)
				return
			}
			case 'link':
			case 'definition':
			case 'image':
				if (!isSafeUrl(node.url)) problems.push({ ...at(node), code: 'unsafe-url', detail: node.url })
				return
		}
	})
	return problems
}

/** The remark plugin, first in the list, so nothing unsafe reaches the compiler even by mistake. */
export function remarkGuard() {
	return (tree: Root) => {
		const [first] = guardTree(tree)
		if (first) throw new Error(`MDX guard: ${first.code} ${first.detail} at line ${first.line ?? '?'}`)
	}
}
