import { expect, test } from '@playwright/test'
import { demo, expectAccessible, logIn, noJsPage } from './helpers.ts'

/** A calendar day in Almaty (UTC+5), `days` from today, as YYYY-MM-DD. */
function almatyDay(days: number) {
	return new Date(Date.now() + 5 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10)
}

const course = 'Дифференцированная поддержка детей с особыми образовательными потребностями'
const taskTitle = 'Практическое задание: план урока, адаптированный для ребёнка с ООП'
const pdf = Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj\n<< /Title (plan) >>\nendobj\n')

test('a campaign with JavaScript off: assigned, the task sent with a file, returned with feedback, sent again, accepted, and counted in the report', async ({ browser }) => {
	// Two users, a dozen pages with axe on each: more than the default minute on the shared machine.
	test.setTimeout(420_000)
	const methodologist = await noJsPage(browser)
	await logIn(methodologist, demo.methodologist)
	await methodologist.goto('/ru/assignments/new')
	await methodologist.getByLabel('Курс').selectOption({ label: course })
	await methodologist.getByRole('group', { name: 'Целевая группа' }).getByLabel('Карасайский район — все школы').check()
	await methodologist.getByLabel('Срок').fill(almatyDay(20))
	await methodologist.getByRole('button', { name: 'Назначить' }).click()
	await expect(methodologist.getByRole('heading', { level: 1 })).toHaveText(`Назначение: ${course}`)
	const reportUrl = methodologist.url()
	await expectAccessible(methodologist)

	const teacher = await noJsPage(browser)
	await logIn(teacher, demo.teacher)
	await teacher.goto('/ru/my')
	await expect(teacher.getByRole('region', { name: 'Назначенные мне курсы' }).getByRole('link', { name: course })).toBeVisible()
	await expectAccessible(teacher)
	await teacher.getByRole('region', { name: 'Назначенные мне курсы' }).getByRole('link', { name: course }).click()
	await expect(teacher.getByRole('heading', { name: taskTitle })).toBeVisible()
	await expectAccessible(teacher)
	await teacher.getByRole('link', { name: 'Открыть задание' }).click()
	await expect(teacher.getByRole('heading', { level: 1 })).toHaveText(taskTitle)
	await expect(teacher.getByRole('table', { name: 'Тьютор оценивает работу по этим критериям' }).getByRole('rowheader', { name: 'Учебная цель сохранена' })).toBeVisible()
	await expectAccessible(teacher)

	// A web page renamed .pdf is refused by its content; the typed text comes back.
	const plan = 'Тема: сложение с переходом через десяток.\n\nУченик А. получает условие задачи в аудиозаписи.'
	await teacher.getByLabel('Текст работы').fill(plan)
	await teacher.getByLabel('Файлы').setInputFiles({ name: 'план.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<!doctype html><html><body>x</body></html>') })
	await teacher.getByRole('button', { name: 'Отправить тьютору' }).click()
	await expect(teacher.getByText(/Файл «план\.pdf»: Содержимое файла не совпадает/)).toBeVisible()
	await expect(teacher.getByLabel('Текст работы')).toHaveValue(plan)
	await expectAccessible(teacher)
	await teacher.getByLabel('Файлы').setInputFiles({ name: 'план.pdf', mimeType: 'application/pdf', buffer: pdf })
	await teacher.getByRole('button', { name: 'Отправить тьютору' }).click()
	await expect(teacher.getByRole('status')).toHaveText('Работа отправлена тьютору.')
	await expect(teacher.getByText('Отправлено, ждёт оценки').first()).toBeVisible()
	await expectAccessible(teacher)

	// The tutor's queue: the teacher's work waits; she returns it with feedback.
	await methodologist.goto('/ru/tasks')
	await expectAccessible(methodologist)
	// (Other specs may have sent her work in another course: take this course's row.)
	await methodologist.getByRole('row').filter({ hasText: course }).getByRole('link', { name: 'Айгерім Сейітқызы Нұрланова' }).click()
	await expect(methodologist.getByRole('link', { name: 'план.pdf' })).toBeVisible()
	await expectAccessible(methodologist)
	const scores = async (values: number[]) => {
		for (const [i, label] of ['Учебная цель сохранена', 'Ребёнок описан по наблюдению', 'Адаптации конкретны и обоснованы', 'Оценивание адаптировано', 'Сопровождение и среда'].entries()) {
			await methodologist.getByLabel(new RegExp(`^${label} \\(от 0 до \\d+\\)$`)).fill(String(values[i]))
		}
	}
	await scores([3, 2, 3, 2, 1])
	await methodologist.getByRole('button', { name: 'Вернуть на доработку' }).click()
	await expect(methodologist.getByText('Напишите отзыв: что исправить в работе.')).toBeVisible()
	await expectAccessible(methodologist)
	await scores([3, 2, 3, 2, 1])
	await methodologist.getByLabel('Отзыв учителю').fill('Опишите, как вы оцените результат ученика А.')
	await methodologist.getByRole('button', { name: 'Вернуть на доработку' }).click()
	await expect(methodologist.getByRole('status')).toHaveText('Работа возвращена учителю с отзывом.')
	await expectAccessible(methodologist)

	// The teacher reads the feedback and sends a new version.
	await teacher.goto('/ru/courses/differentiated-support/task')
	await expect(teacher.getByText('Опишите, как вы оцените результат ученика А.')).toBeVisible()
	await expect(teacher.getByText('11 из 20 баллов (55 %)')).toBeVisible()
	await expectAccessible(teacher)
	await teacher.getByLabel('Текст работы').fill(`${plan}\n\nОценивание: ученик А. отвечает устно, критерий — два верных действия.`)
	await teacher.getByRole('button', { name: 'Отправить тьютору' }).click()
	await expect(teacher.getByRole('heading', { name: 'Версия 2' })).toBeVisible()

	await methodologist.reload()
	await expect(methodologist.getByRole('heading', { name: 'Оценка версии 2' })).toBeVisible()
	await scores([4, 3, 5, 4, 2])
	await methodologist.getByLabel('Отзыв учителю').fill('Теперь план готов к уроку.')
	await methodologist.getByRole('button', { name: 'Принять' }).click()
	await expect(methodologist.getByRole('status')).toHaveText('Работа принята.')

	await teacher.goto('/ru/courses/differentiated-support/task')
	await expect(teacher.getByText('Работа принята. Новая версия не нужна.')).toBeVisible()
	await expectAccessible(teacher)

	// The assignment's report counts the accepted task and its score (18 of 20 = 90 %) for women.
	await methodologist.goto(reportUrl)
	const tasks = methodologist.getByRole('table', { name: 'Практическое задание' })
	await expect(tasks.getByRole('row', { name: /Женщины/ }).getByRole('cell').last()).toHaveText('90')
	await expectAccessible(methodologist)
	await teacher.context().close()
	await methodologist.context().close()
})
