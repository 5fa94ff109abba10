// HTML built as strings, for pages rendered without React on their hot path (see ADR 009).
// Every interpolated value is escaped unless it is already Html.

export class Html {
	constructor(readonly value: string) {}
	toString() {
		return this.value
	}
}

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;' }

/** Text for an HTML text node or a quoted attribute value. */
const special = /[&<>"']/

export function escapeHtml(text: string): string {
	return special.test(text) ? text.replace(/[&<>"']/g, (c) => entities[c] ?? c) : text
}

/** Markup that is trusted as it is: rendered lesson HTML, or output of another `html` call. */
export function raw(markup: string): Html {
	return new Html(markup)
}

type Value = Html | string | number | null | undefined | false | readonly Value[]

function part(value: Value): string {
	if (value === null || value === undefined || value === false) return ''
	if (value instanceof Html) return value.value
	if (Array.isArray(value)) return value.map(part).join('')
	return escapeHtml(String(value))
}

/** Tagged template: `html\`<a href="${url}">${title}</a>\`` escapes url and title. */
export function html(strings: TemplateStringsArray, ...values: Value[]): Html {
	let out = strings[0] ?? ''
	for (let i = 0; i < values.length; i++) out += part(values[i] as Value) + (strings[i + 1] ?? '')
	return new Html(out)
}
