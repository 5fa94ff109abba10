import fs from 'node:fs/promises'
import path from 'node:path'
import { dataDir } from '#app/db/client.server.ts'
import { env } from '#app/modules/env.server.ts'

/** `headers`: extra header lines (List-Unsubscribe and the like). */
export type Mail = { to: string; subject: string; text: string; headers?: Record<string, string> }

/** Sends through SMTP when SMTP_URL is set; otherwise writes the message to data/outbox/. */
export async function sendMail(mail: Mail) {
	const { SMTP_URL, MAIL_FROM } = env()
	if (SMTP_URL) {
		const nodemailer = await import('nodemailer')
		const transport = nodemailer.createTransport(SMTP_URL)
		await transport.sendMail({ from: MAIL_FROM, ...mail })
		return { delivered: 'smtp' as const }
	}
	const outbox = path.join(dataDir(), 'outbox')
	await fs.mkdir(outbox, { recursive: true })
	const file = path.join(outbox, `${new Date().toISOString().replace(/[:.]/g, '-')}-${crypto.randomUUID().slice(0, 8)}.eml`)
	const extra = Object.entries(mail.headers ?? {}).map(([name, value]) => `${name}: ${value}\n`).join('')
	const body = `From: ${MAIL_FROM}\nTo: ${mail.to}\nSubject: ${mail.subject}\n${extra}Content-Type: text/plain; charset=utf-8\n\n${mail.text}\n`
	await fs.writeFile(file, body, 'utf8')
	console.log(`[mail] ${mail.subject} → ${mail.to} (written to ${file})\n${mail.text}`)
	return { delivered: 'outbox' as const, file }
}
