import { execFile } from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'

const exec = promisify(execFile)

/**
 * Rasterises the first page of a PDF with pdftoppm (a missing glyph renders as nothing, although text extraction
 * may look right — PITFALLS) and returns a counter of dark pixels in a region given as fractions of the page.
 */
export async function darkPixelsOf(file: string, { resolution = 40, threshold = 128 } = {}) {
	const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ortaq-raster-'))
	await exec('pdftoppm', ['-r', String(resolution), '-gray', '-f', '1', '-singlefile', file, path.join(dir, 'page')])
	const pgm = await fs.readFile(path.join(dir, 'page.pgm'))
	const header = pgm.subarray(0, 20).toString('latin1').split(/\s+/)
	const [width, height] = [Number(header[1]), Number(header[2])]
	const pixels = pgm.subarray(pgm.length - width * height)
	return (x0: number, y0: number, x1: number, y1: number) => {
		let dark = 0
		for (let y = Math.floor(y0 * height); y < y1 * height; y++) for (let x = Math.floor(x0 * width); x < x1 * width; x++) if ((pixels[y * width + x] ?? 255) < threshold) dark++
		return dark
	}
}
