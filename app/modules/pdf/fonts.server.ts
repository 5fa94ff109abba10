import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import fontkit from '@pdf-lib/fontkit'

/**
 * DejaVu Sans for every PDF Ortaq makes: it covers every Kazakh letter (Ә Ғ Қ Ң Ө Ұ Ү Һ І), while Noto rendered
 * blank through pdf-lib's subsetting (PITFALLS). The bytes are read once per process.
 */
let fonts: { regular: Uint8Array; bold: Uint8Array } | null = null
export function dejaVuBytes() {
	if (fonts) return fonts
	const require = createRequire(import.meta.url)
	const dir = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf')
	fonts = { regular: fs.readFileSync(path.join(dir, 'DejaVuSans.ttf')), bold: fs.readFileSync(path.join(dir, 'DejaVuSans-Bold.ttf')) }
	return fonts
}

// Parsing DejaVu is most of the cost of a PDF; the parsed font is read-only, so one instance serves every
// document of the process (a certificate went from ~220 to ~35 ms with it, ADR 007).
const parsedFonts = new Map<Uint8Array, ReturnType<typeof fontkit.create>>()
export const cachingFontkit: typeof fontkit = {
	create(bytes, postscriptName) {
		const cached = parsedFonts.get(bytes)
		if (cached) return cached
		const font = fontkit.create(bytes, postscriptName)
		parsedFonts.set(bytes, font)
		return font
	},
}
