import { expect, test } from '@playwright/test'
import { demo, expectAccessible, lastMailTo, logIn, noJsPage, waitForHydration } from './helpers.ts'

test('"/" follows Accept-Language, the switcher keeps the page, <html lang> follows', async ({ browser }) => {
	const context = await browser.newContext({ locale: 'ru-RU', extraHTTPHeaders: { 'Accept-Language': 'ru-RU,ru;q=0.9' } })
	const page = await context.newPage()
	await page.goto('/')
	await expect(page).toHaveURL(/\/ru\/$/)
	await expect(page.locator('html')).toHaveAttribute('lang', 'ru')
	await expectAccessible(page)
	await page.goto('/ru/login')
	await page.getByRole('link', { name: /Қазақша/ }).click()
	await expect(page).toHaveURL(/\/kk\/login$/)
	await expect(page.locator('html')).toHaveAttribute('lang', 'kk')
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Кіру')
	// The cookie now remembers Kazakh, ahead of Accept-Language.
	await page.goto('/')
	await expect(page).toHaveURL(/\/kk\/$/)
	await page.context().close()
})

test('unknown pages get a localized 404', async ({ page }) => {
	const ru = await page.goto('/ru/no-such-page')
	expect(ru?.status()).toBe(404)
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Страница не найдена')
	await expectAccessible(page)
	const other = await page.goto('/xx/courses')
	expect(other?.status()).toBe(404)
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Бет табылмады')
})

test('a teacher registers with region → district → school without JavaScript, and field errors keep the input', async ({ browser }) => {
	const page = await noJsPage(browser)
	await page.goto('/ru/register')
	await expectAccessible(page)
	await page.getByLabel('Фамилия, имя, отчество').fill('Динара Серикова')
	await page.getByLabel('Электронная почта').fill('not-an-email')
	await page.getByRole('button', { name: 'Создать учётную запись' }).click()
	await expect(page.getByText('Введите корректный адрес электронной почты', { exact: false })).toBeVisible()
	await expect(page.getByLabel('Фамилия, имя, отчество')).toHaveValue('Динара Серикова')
	await expectAccessible(page)
	const email = `dinara-${Date.now()}@mektep.kz`
	await page.getByLabel('Электронная почта').fill(email)
	await page.getByLabel('Пароль', { exact: true }).fill('dinara-pass-1')
	await page.getByLabel('Повторите пароль').fill('dinara-pass-1')
	await page.getByLabel('Область или город республиканского значения').selectOption({ label: 'Алматинская область' })
	await page.getByRole('button', { name: 'Показать районы' }).click()
	await page.getByLabel('Район или город').selectOption({ label: 'Карасайский район' })
	await page.getByLabel('Пароль', { exact: true }).fill('dinara-pass-1')
	await page.getByLabel('Повторите пароль').fill('dinara-pass-1')
	await page.getByRole('button', { name: 'Показать школы' }).click()
	await page.getByLabel('Школа').selectOption({ index: 1 })
	await page.getByLabel('Пароль', { exact: true }).fill('dinara-pass-1')
	await page.getByLabel('Повторите пароль').fill('dinara-pass-1')
	await page.getByLabel('Женский').check()
	await page.getByRole('button', { name: 'Создать учётную запись' }).click()
	await expect(page.getByRole('link', { name: 'Динара Серикова' })).toBeVisible()
	await page.context().close()
})

test('with JavaScript the district and school lists follow the chosen region', async ({ page }) => {
	await page.goto('/kk/register')
	await waitForHydration(page)
	await page.getByLabel('Облыс немесе республикалық маңызы бар қала').selectOption({ label: 'Алматы облысы' })
	await expect(page.getByLabel('Аудан немесе қала')).toBeEnabled()
	await page.getByLabel('Аудан немесе қала').selectOption({ label: 'Қарасай ауданы' })
	await expect(page.getByLabel('Мектеп')).toBeEnabled()
	expect(await page.getByLabel('Мектеп').locator('option').count()).toBeGreaterThan(2)
})

test('forgotten password: the emailed one-time link sets a new password', async ({ page }) => {
	const email = `reset-${Date.now()}@mektep.kz`
	await page.goto('/kk/register')
	await waitForHydration(page)
	await page.getByLabel('Толық аты-жөні').fill('Ерлан Тестов')
	await page.getByLabel('Электрондық пошта').fill(email)
	await page.getByLabel('Құпиясөз', { exact: true }).fill('first-password')
	await page.getByLabel('Құпиясөзді қайталаңыз').fill('first-password')
	await page.getByLabel('Облыс немесе республикалық маңызы бар қала').selectOption({ label: 'Алматы облысы' })
	await page.getByLabel('Аудан немесе қала').selectOption({ label: 'Қарасай ауданы' })
	await expect(page.getByLabel('Мектеп')).toBeEnabled()
	await page.getByLabel('Мектеп').selectOption({ index: 1 })
	await page.getByRole('button', { name: 'Тіркелгі жасау' }).click()
	await page.getByRole('button', { name: 'Шығу' }).click()

	await page.goto('/kk/forgot-password')
	await page.getByLabel('Электрондық пошта').fill(email)
	await page.getByRole('button', { name: 'Сілтеме жіберу' }).click()
	await expect(page.getByRole('status')).toContainText('сілтеме жібердік')
	const mail = await lastMailTo(email)
	const link = /(http:\/\/localhost:\d+\/kk\/reset-password\?token=\w+)/.exec(mail ?? '')?.[1]
	expect(link).toBeTruthy()
	await page.goto(link ?? '')
	await expectAccessible(page)
	await page.getByLabel('Жаңа құпиясөз').fill('second-password')
	await page.getByLabel('Құпиясөзді қайталаңыз').fill('second-password')
	await page.getByRole('button', { name: 'Құпиясөзді сақтау' }).click()
	await expect(page.getByRole('link', { name: 'Ерлан Тестов' })).toBeVisible()
	await page.goto(link ?? '')
	await expect(page.getByRole('alert')).toContainText('жарамсыз')
})

test('an admin finds a user and makes them a methodologist of one district', async ({ page }) => {
	await logIn(page, demo.admin)
	await page.goto('/ru/admin/users')
	await expectAccessible(page)
	await page.getByLabel('Поиск по имени или почте').fill('teacher@demo')
	await page.getByRole('button', { name: 'Найти' }).click()
	await expect(page.getByRole('status')).toHaveText('Найден 1 пользователь')
	await page.getByRole('link', { name: 'Айгерім Сейітқызы Нұрланова' }).click()
	await expectAccessible(page)
	await waitForHydration(page)
	const form = page.locator('form', { has: page.getByRole('heading', { name: 'Методист' }) })
	await form.getByLabel('Область или город республиканского значения').selectOption({ label: 'Алматинская область' })
	await form.getByLabel('Район или город').selectOption({ label: 'Талгарский район' })
	await form.getByRole('button', { name: 'Назначить роль' }).click()
	await expect(page.getByRole('status')).toHaveText('Изменения сохранены.')
	await expect(form.getByText('Роль назначена.')).toBeVisible()
})

test('a teacher cannot open the admin pages', async ({ page }) => {
	await logIn(page, demo.teacher)
	const response = await page.goto('/ru/admin/users')
	expect(response?.status()).toBe(403)
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Нет доступа')
})

test('a post from another site is refused, and writes nothing', async ({ request }) => {
	const response = await request.post('/kk/login', {
		headers: { Origin: 'https://evil.example' },
		form: { email: demo.teacher, password: 'x' },
	})
	expect(response.status()).toBe(403)
	// A forged registration from another origin creates no account: signing in with it fails.
	const form = { fullName: 'Жалған Тіркелу', email: 'forged-origin@example.kz', password: 'ұзын-құпиясөз', confirmPassword: 'ұзын-құпиясөз', regionId: '1', districtId: '1', schoolId: '1', gender: '' }
	expect((await request.post('/kk/register', { headers: { Origin: 'https://evil.example' }, form, maxRedirects: 0 })).status()).toBe(403)
	const login = await request.post('/kk/login', { form: { email: form.email, password: form.password }, maxRedirects: 0 })
	expect(login.status()).toBe(400)
})

test('security headers are sent', async ({ request }) => {
	const response = await request.get('/kk/')
	const headers = response.headers()
	expect(headers['content-security-policy']).toContain("frame-ancestors 'none'")
	expect(headers['content-security-policy']).not.toMatch(/script-src[^;]*unsafe-inline/)
	expect(headers['x-content-type-options']).toBe('nosniff')
	expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin')
})

test('a request body over 30 MB is refused before the app reads it', async ({ request }) => {
	const response = await request.post('/ru/login', {
		headers: { 'Content-Type': 'application/octet-stream' },
		data: Buffer.alloc(31 * 1024 * 1024, 1),
	})
	expect(response.status()).toBe(413)
	expect(await response.text()).toContain('не более 30 МБ')
})
