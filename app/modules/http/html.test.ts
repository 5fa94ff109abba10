import { describe, expect, test } from 'vitest'
import { escapeHtml, html, raw } from './html.ts'

describe('html template', () => {
	test('escapes text and attribute values a course author could have typed', () => {
		const title = `Тест "<script>alert('x')</script>" & co`
		const out = html`<a href="/ru/${'a"b'}" title="${title}">${title}</a>`.toString()
		expect(out).toBe(
			'<a href="/ru/a&quot;b" title="Тест &quot;&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&quot; &amp; co">Тест &quot;&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&quot; &amp; co</a>',
		)
		expect(out).not.toContain('<script>')
	})

	test('keeps trusted markup, nested templates and lists, and drops empty values', () => {
		const items = ['a<b', 'c'].map((x) => html`<li>${x}</li>`)
		const out = html`<ul>${items}</ul>${null}${false}${undefined}${raw('<hr>')}${3}`.toString()
		expect(out).toBe('<ul><li>a&lt;b</li><li>c</li></ul><hr>3')
	})

	test('escapeHtml leaves Kazakh and Russian letters alone', () => {
		expect(escapeHtml('Әліпби — Ғ, Қ, Ң, Ө, Ұ, Ү, Һ, І')).toBe('Әліпби — Ғ, Қ, Ң, Ө, Ұ, Ү, Һ, І')
	})
})
