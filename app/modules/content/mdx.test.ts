import { expect, test } from 'vitest'
import { checkMdx, compileMdx } from './mdx.server.ts'
import { renderMdxHtml } from './render.server.ts'

const head = '---\ntitle: Сабақ\n---\n\n'

// Each document must be refused, with the reason and the line an author would need to fix it.
// Lines count from the top of the file, front matter included (the body starts on line 5).
const unsafe: [name: string, body: string, code: string, line: number][] = [
	['import', "import fs from 'node:fs'", 'esm', 5],
	['export', 'export const x = 1', 'esm', 5],
	['export default', 'export default function Layout() {}', 'esm', 5],
	['dynamic import in expression', "{import('node:child_process')}", 'expression', 5],
	['flow expression', '{process.exit(1)}', 'expression', 5],
	['text expression', 'Балл: {1 + 1}', 'expression', 5],
	['expression later in file', 'Мәтін.\n\nТағы мәтін {globalThis.fetch}', 'expression', 7],
	['comment expression', 'Мәтін {/* түсініктеме */}', 'expression', 5],
	['attribute expression', '<Callout title={alert(1)}>x</Callout>', 'attribute-expression', 5],
	['spread attribute', '<Callout {...props}>x</Callout>', 'attribute-expression', 5],
	['script tag', '<script>alert(1)</script>', 'unknown-component', 5],
	['iframe', '<iframe src="https://evil.example"></iframe>', 'unknown-component', 5],
	['img tag', '<img src="x" alt="x" />', 'unknown-component', 5],
	['style tag', '<style>body{}</style>', 'unknown-component', 5],
	['unknown component', '<Quiz />', 'unknown-component', 5],
	['member component', '<Foo.Bar />', 'unknown-component', 5],
	['fragment', '<>x</>', 'unknown-component', 5],
	['prototype name', '<constructor />', 'unknown-component', 5],
	['event handler', '<Callout onClick="alert(1)">x</Callout>', 'unknown-attribute', 5],
	['dangerous html attribute', '<Callout dangerouslySetInnerHTML="x">x</Callout>', 'unknown-attribute', 5],
	['style attribute', '<Figure src="/a.png" alt="Сурет" style="x" />', 'unknown-attribute', 5],
	['javascript link', '[Ашу](javascript:alert(1))', 'unsafe-url', 5],
	['javascript link with case and an encoded tab', '[Ашу](JaVa&#x09;ScRiPt:alert(1))', 'unsafe-url', 5],
	['data link', '[Ашу](data:text/html;base64,PHNjcmlwdD4=)', 'unsafe-url', 5],
	['vbscript link', '[Ашу](vbscript:msgbox)', 'unsafe-url', 5],
	['javascript image', '![Сурет](javascript:alert(1))', 'unsafe-url', 5],
	['javascript definition', '[Ашу][x]\n\n[x]: javascript:alert(1)', 'unsafe-url', 7],
	['protocol-relative download', '<Download href="//evil.example/x.exe">Файл</Download>', 'unsafe-url', 5],
	['javascript figure', '<Figure src="javascript:alert(1)" alt="Сурет" />', 'unsafe-url', 5],
	['data video', '<Video src="data:video/mp4;base64,AAAA" transcript="Мәтін" />', 'unsafe-url', 5],
	['figure without alt', '<Figure src="/a.png" />', 'missing-attribute', 5],
	['video without captions or transcript', '<Video src="/a.mp4" />', 'missing-attribute', 5],
	['callout with unknown type', '<Callout type="danger">x</Callout>', 'invalid-attribute', 5],
	['raw html comment', '<!-- жасырын -->', 'syntax', 5],
	['markdown image without alt', '![](/a.png)', 'missing-alt', 5],
	['h1 in body', '# Тақырып', 'heading-order', 5],
	['skipped heading level', '## Бөлім\n\n#### Тармақ', 'heading-order', 7],
	['vague link text', '[мұнда](https://example.kz)', 'link-text', 5],
	['unclosed component, reported at the end of the file', '<Callout>\n\nМәтін', 'syntax', 7],
]

test.each(unsafe)('the guard refuses %s', (_name, body, code, line) => {
	const { problems } = checkMdx(head + body)
	expect(problems.map((p) => `${p.code}@${p.line}`)).toContain(`${code}@${line}`)
})

test('front matter must be plain YAML with a title: "---js" would be evaluated by gray-matter', async () => {
	const js = await compileMdx('---js\n{ title: require("fs").readFileSync("/etc/passwd", "utf8") }\n---\n\nМәтін\n')
	expect(js.ok).toBe(false)
	if (!js.ok) expect(js.problems[0]?.code).toBe('frontmatter')
	const untitled = checkMdx('---\nminutes: 5\n---\n\nМәтін\n')
	expect(untitled.problems.map((p) => p.code)).toEqual(['frontmatter'])
	const none = checkMdx('Мәтін\n')
	expect(none.problems.map((p) => p.code)).toEqual(['frontmatter'])
})

test('the compiler itself refuses what the guard refuses, even if called without the check', async () => {
	const result = await compileMdx(`${head}{globalThis.process.exit(1)}\n`)
	expect(result.ok).toBe(false)
})

test('a lesson with every allowed component compiles once and renders accessible static HTML', async () => {
	const source = `---
title: Ерекше білім беру қажеттіліктері
minutes: 20
---

## Кіріспе

Мұғалім <Term definition="психологиялық-медициналық-педагогикалық консультация">ПМПК</Term> қорытындысын оқиды.

<Callout type="warning" title="Құпиялылық">

Баланың диагнозын сыныпта талқыламаңыз.

</Callout>

<Steps>

1. Бақылау
2. Жоспар

</Steps>

<Checklist>

- Орын ыңғайлы

</Checklist>

| Қадам | Кім |
|---|---|
| Бақылау | Мұғалім |

<Figure src="/content/x/plan.svg" alt="Жеке білім беру жоспарының үлгісі" caption="ЖББЖ" />

<Video src="/content/x/clip.mp4" transcript="Бейнедегі толық мәтін." />

<Download href="/content/x/plan.pdf">ЖББЖ үлгісі</Download>

[Министрліктің сайты](https://www.gov.kz)
`
	const result = await compileMdx(source)
	expect(result.ok).toBe(true)
	if (!result.ok) return
	expect(result.frontmatter).toEqual({ title: 'Ерекше білім беру қажеттіліктері', minutes: 20 })
	const html = renderMdxHtml({ hash: result.hash, code: result.code, locale: 'kk' })
	expect(html).toContain('<h2>Кіріспе</h2>')
	expect(html).toContain('<dfn>ПМПК</dfn>')
	expect(html).toContain('aria-label="Құпиялылық"')
	expect(html).toContain('Назар аударыңыз')
	expect(html).toContain('alt="Жеке білім беру жоспарының үлгісі"')
	expect(html).toContain('<table>')
	expect(html).toContain('Бейнежазбаның мәтіні')
	expect(html).toMatch(/<a class="download" href="\/content\/x\/plan.pdf" download="">ЖББЖ үлгісі/)
	expect(html).not.toContain('<script')
	expect(renderMdxHtml({ hash: result.hash, code: result.code, locale: 'ru' })).toContain('Внимание')
})
