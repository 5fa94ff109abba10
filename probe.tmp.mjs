import { chromium } from '@playwright/test'
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] })
const ctx = await b.newContext({ viewport: { width: 1280, height: 800 } })
const p = await ctx.newPage()
await p.goto('http://localhost:3201/kk/login')
await p.getByLabel('Электрондық пошта').fill('teacher@demo.ortaq.kz')
await p.getByLabel('Құпиясөз', { exact: true }).fill('ortaq-demo-2026')
await p.getByRole('main').getByRole('button', { name: 'Кіру' }).click()
await p.waitForURL(/\/my/)
for (const w of [1280, 768, 360]) {
  await p.setViewportSize({ width: w, height: 800 })
  await p.goto('http://localhost:3201/kk/courses')
  const box = await p.locator('.site-header').boundingBox()
  const sw = await p.evaluate(() => document.documentElement.scrollWidth)
  console.log(w, JSON.stringify(box), sw)
  await p.screenshot({ path: `/tmp/journey-header-${w}.png`, clip: { x: 0, y: 0, width: w, height: Math.min(300, box.height + 20) } })
}
await b.close()
