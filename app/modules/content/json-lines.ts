/**
 * The line on which each value of a JSON text starts, by its path ("lessons.2.slug"), so that
 * a schema problem can be reported as file:line. Assumes the text already parsed as JSON.
 */
export function jsonLines(text: string): Map<string, number> {
	const lines = new Map<string, number>()
	let i = 0
	let line = 1
	const space = () => {
		while (i < text.length && /\s/.test(text[i] ?? '')) {
			if (text[i] === '\n') line++
			i++
		}
	}
	const string = () => {
		let out = ''
		i++
		while (i < text.length && text[i] !== '"') {
			if (text[i] === '\\') {
				out += text[i + 1] ?? ''
				i += 2
			} else out += text[i++]
		}
		i++
		return out
	}
	const value = (path: string) => {
		space()
		lines.set(path, line)
		const c = text[i]
		const join = (key: string | number) => (path ? `${path}.${key}` : String(key))
		if (c === '{') {
			i++
			space()
			while (i < text.length && text[i] !== '}') {
				space()
				const key = string()
				space()
				i++ // :
				value(join(key))
				space()
				if (text[i] === ',') i++
				space()
			}
			i++
		} else if (c === '[') {
			i++
			space()
			let n = 0
			while (i < text.length && text[i] !== ']') {
				value(join(n++))
				space()
				if (text[i] === ',') i++
				space()
			}
			i++
		} else if (c === '"') string()
		else while (i < text.length && /[^,\]}\s]/.test(text[i] ?? '')) i++
	}
	value('')
	return lines
}

/** The line of a path, or of its nearest ancestor that exists (a missing key is reported where its object starts). */
export function lineOfPath(lines: Map<string, number>, path: readonly PropertyKey[]) {
	for (let n = path.length; n >= 0; n--) {
		const found = lines.get(path.slice(0, n).map(String).join('.'))
		if (found !== undefined) return found
	}
	return 1
}
