import { expect, test, type Browser } from '@playwright/test'
import { demo, expectAccessible, logIn, noJsPage } from './helpers.ts'

// The smallest valid PNG (1×1); file-type recognises it by its bytes.
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64')
const slug = `tactile-schedule-${Date.now()}`
const title = 'Тактильді күн тәртібі: нұсқаулық'
const head = `---\ntitle: "${title}"\n---\n\n## Не үшін керек\n\n`
const bad = `${head}Карточкалар сабақтың ретін көрсетеді.\n\n{alert(document.cookie)}\n`
const fixed = `${head}Карточкалар сабақтың ретін көрсетеді.\n`
const better = `${head}Карточкалар сабақтың ретін көрсетеді. Әр карточкада бір әрекет пен сурет бар.\n`

async function signedInPage(browser: Browser, email: string) {
	const context = await browser.newContext()
	const page = await context.newPage()
	await logIn(page, email)
	return page
}

test('an author writes a material, a reviewer returns it and then approves it, and a visitor finds it by a Kazakh word', async ({ browser }) => {
	test.setTimeout(180_000)
	const author = await signedInPage(browser, demo.author)
	await author.goto('/ru/studio')
	await expectAccessible(author)
	await author.getByRole('link', { name: 'Новый материал' }).click()
	await author.getByLabel('Имя в адресе').fill(slug)
	await author.getByLabel('Вид материала').selectOption({ label: 'Методическое пособие' })
	await author.getByLabel('Тема', { exact: true }).selectOption({ label: 'Поддержка детей с ООП' })
	// Subjects, grades and needs are checkbox groups, each a fieldset named by its legend.
	await author.getByRole('group', { name: /^Предметы/ }).getByLabel('Математика').check()
	await author.getByRole('group', { name: /^Классы/ }).getByLabel('2 класс', { exact: true }).check()
	await author.getByRole('group', { name: /^Особые образовательные потребности/ }).getByLabel('Нарушения зрения').check()
	await author.getByLabel('Краткое описание (казахский)').fill('Суретті карточкалармен сабақтың ретін көрсету.')
	await author.getByLabel('Текст (казахский, MDX)').fill(bad)
	await author.getByRole('button', { name: 'Сохранить черновик' }).click()

	// The bad line is named by number in Russian, and nothing the author wrote is lost.
	await expect(author.getByRole('alert')).toContainText('В тексте есть ошибки')
	await expect(author.getByText('Строка 9:')).toBeVisible()
	await expect(author.getByText('{Выражения} в фигурных скобках и скрипты запрещены.')).toBeVisible()
	await expect(author.getByLabel('Текст (казахский, MDX)')).toHaveValue(bad)
	await expect(author.getByLabel('Имя в адресе')).toHaveValue(slug)
	await expect(author.getByLabel('Математика')).toBeChecked()
	await expect(author.getByLabel('2 класс', { exact: true })).toBeChecked()
	await expect(author.getByLabel('Нарушения зрения')).toBeChecked()
	await expectAccessible(author)

	await author.getByLabel('Текст (казахский, MDX)').fill(fixed)
	await author.getByRole('button', { name: 'Сохранить черновик' }).click()
	await expect(author).toHaveURL(new RegExp(`/ru/studio/materials/${slug}\\?done=saved$`))
	await expect(author.getByRole('status')).toHaveText('Черновик сохранён. Ниже — предварительный просмотр.')
	await expect(author.getByRole('article', { name: /Предварительный просмотр/ }).getByRole('heading', { name: 'Не үшін керек' })).toBeVisible()
	await expectAccessible(author)

	// Attachments: a text file named .pdf is refused by its content; a real PNG is kept.
	await author.getByLabel('Файл для загрузки').setInputFiles({ name: 'plan.pdf', mimeType: 'application/pdf', buffer: Buffer.from('just text, not a PDF') })
	await author.getByRole('button', { name: 'Загрузить файл' }).click()
	await expect(author.getByRole('alert')).toContainText('Содержимое файла не совпадает с его расширением')
	await author.getByLabel('Файл для загрузки').setInputFiles({ name: 'big.pdf', mimeType: 'application/pdf', buffer: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(21 * 1024 * 1024)]) })
	await author.getByRole('button', { name: 'Загрузить файл' }).click()
	await expect(author.getByRole('alert')).toHaveText('Файл слишком большой: допустимо не больше 20 МБ.')
	await author.getByLabel('Файл для загрузки').setInputFiles({ name: 'карточки.png', mimeType: 'image/png', buffer: png })
	await author.getByRole('button', { name: 'Загрузить файл' }).click()
	await expect(author.getByRole('status')).toHaveText('Файл загружен.')
	await expect(author.getByRole('link', { name: 'карточки.png' })).toBeVisible()

	await author.getByRole('button', { name: 'Отправить на рецензию' }).click()
	await expect(author.getByRole('status')).toHaveText('Материал отправлен на рецензию.')

	const reviewer = await signedInPage(browser, demo.reviewer)
	await reviewer.goto('/ru/studio')
	await reviewer.getByRole('table', { name: 'Материалы, отправленные на рецензию' }).getByRole('link', { name: title }).click()
	await expectAccessible(reviewer)
	await reviewer.getByLabel('Комментарий автору').fill('Добавьте, что изображено на каждой карточке.')
	await reviewer.getByRole('button', { name: 'Вернуть на доработку' }).click()
	await expect(reviewer.getByRole('status')).toHaveText('Материал возвращён автору с комментарием.')

	await author.goto(`/ru/studio/materials/${slug}`)
	await expect(author.getByText('Добавьте, что изображено на каждой карточке.')).toBeVisible()
	await author.getByLabel('Текст (казахский, MDX)').fill(better)
	await author.getByRole('button', { name: 'Сохранить и просмотреть' }).click()
	await expect(author.getByRole('status')).toHaveText('Черновик сохранён. Ниже — предварительный просмотр.')
	await author.getByRole('button', { name: 'Отправить на рецензию' }).click()
	await expect(author.getByRole('status')).toHaveText('Материал отправлен на рецензию.')

	await reviewer.goto(`/ru/studio/materials/${slug}`)
	await reviewer.getByRole('button', { name: 'Одобрить и опубликовать' }).click()
	await expect(reviewer.getByRole('status')).toHaveText('Материал одобрен и опубликован.')
	// A later revision starts as a copy; history links the two, and the diff page shows what changed.
	await reviewer.getByRole('button', { name: 'Начать новую редакцию' }).click()
	await expect(reviewer.getByRole('status')).toHaveText('Открыт черновик новой редакции.')
	await reviewer.getByRole('link', { name: 'Сравнить редакции 1 и 2' }).click()
	await expect(reviewer.getByRole('heading', { level: 1 })).toHaveText('Различия между редакциями 1 и 2')
	await expect(reviewer.getByRole('status')).toHaveText('На этом языке текст двух редакций одинаков.')
	await expectAccessible(reviewer)
	await reviewer.goto('/ru/studio/translations')
	await expect(reviewer.getByRole('row', { name: new RegExp(title) })).toContainText('Нет')
	await expectAccessible(reviewer)
	await reviewer.goto('/ru/studio/courses')
	await reviewer.getByLabel('Имя папки курса').fill('inclusive-foundations')
	await reviewer.getByRole('button', { name: 'Импортировать' }).click()
	await expect(reviewer.getByRole('status')).toHaveText('Папка не изменилась, новая редакция не создана.')
	await expectAccessible(reviewer)
	await reviewer.getByRole('link', { name: 'Открыть в студии Основы инклюзивного образования' }).click()
	await reviewer.getByRole('button', { name: 'Начать новую редакцию' }).click()
	await expect(reviewer.getByRole('status')).toHaveText('Открыт черновик новой редакции курса.')
	await expect(reviewer.getByLabel('Академические часы')).toHaveValue(/\d+/)
	await expectAccessible(reviewer)
	await reviewer.getByRole('region', { name: 'Уроки' }).getByRole('link').first().click()
	await expect(reviewer.getByLabel('Текст (русский, MDX)')).toHaveValue(/^---\ntitle:/)
	await expectAccessible(reviewer)

	// A visitor with no account and no JavaScript finds it in the library by a Kazakh word.
	const visitor = await noJsPage(browser)
	await visitor.goto('/kk/materials')
	await expectAccessible(visitor)
	await visitor.getByRole('searchbox', { name: 'Іздеу' }).fill('тактиль')
	await visitor.getByLabel('Ерекше қажеттілік', { exact: true }).selectOption('vision')
	await visitor.getByRole('button', { name: 'Көрсету' }).click()
	await expect(visitor.getByRole('status')).toHaveText('1 материал табылды')
	await visitor.getByRole('link', { name: title }).click()
	await expect(visitor.getByRole('heading', { level: 1 })).toHaveText(title)
	await expect(visitor.getByText('Әр карточкада бір әрекет пен сурет бар.')).toBeVisible()
	await expect(visitor.locator('dl.facts')).toContainText('Математика')
	await expect(visitor.locator('dl.facts')).toContainText('2-сынып')
	await expect(visitor.locator('dl.facts')).toContainText('Көру қабілеті бұзылған')
	await expect(visitor.getByRole('link', { name: 'карточки.png' })).toBeVisible()
	await expectAccessible(visitor)
})
