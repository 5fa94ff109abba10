// Bundles the service worker (app/offline/sw.ts) into build/client/sw.js after `react-router build`
// (ADR 014). The precache list is the client build's stylesheets, from .vite/manifest.json, and the
// icons in public/: what a page served without the network needs. Scripts are not precached:
// pages served offline are served without them.
import crypto from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import { build } from 'esbuild'

const root = path.resolve(import.meta.dirname, '..')
const client = path.join(root, 'build/client')
const manifest = JSON.parse(await fs.readFile(path.join(client, '.vite/manifest.json'), 'utf8'))

// Every stylesheet the build emitted (root's app.css and mdx.css, route CSS if any); hashed, so no revision.
const styles = [...new Set(Object.values(manifest).flatMap((entry) => [...(entry.css ?? []), ...(entry.file?.endsWith('.css') ? [entry.file] : [])]))]
	.map((file) => `/${file}`)
	.sort()
if (!styles.length) throw new Error('build-sw: no stylesheets in .vite/manifest.json')

const revision = async (file) => crypto.createHash('sha256').update(await fs.readFile(path.join(client, file))).digest('hex').slice(0, 16)
const icons = []
for (const file of ['favicon.svg', 'icon.svg', 'icon-192.png', 'icon-512.png']) icons.push({ url: `/${file}`, revision: await revision(file) })
const precache = [...styles.map((url) => ({ url, revision: null })), ...icons]

const result = await build({
	entryPoints: [path.join(root, 'app/offline/sw.ts')],
	outfile: path.join(client, 'sw.js'),
	bundle: true,
	format: 'iife',
	target: 'es2022',
	minify: true,
	sourcemap: false,
	legalComments: 'none',
	metafile: true,
	define: {
		__PRECACHE__: JSON.stringify(precache),
		__STYLES__: JSON.stringify(styles),
		'process.env.NODE_ENV': '"production"',
	},
	logLevel: 'warning',
})
const bytes = Object.values(result.metafile.outputs)[0]?.bytes ?? 0
console.log(`build-sw: sw.js ${Math.round(bytes / 1024)} KB, precache ${precache.length} files`)
