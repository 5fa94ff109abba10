import type { Transporter } from 'nodemailer'
import { sendMail, type Mail } from '#app/modules/auth/mail.server.ts'
import { env } from '#app/modules/env.server.ts'

/** Sends the messages of one run: a pooled SMTP transport when there is a URL, else the outbox folder. */
export type Mailer = { send: (mail: Mail) => Promise<void>; close: () => void; concurrency: number }

/**
 * One pooled transport for a whole run: nodemailer's `pool` keeps up to `connections` SMTP sessions
 * open and sends many messages over each, where a transport per message (as for the rare password
 * reset) would open a connection, greet and quit for every reminder.
 */
export async function createMailer({ url = env().SMTP_URL, connections = 4 }: { url?: string; connections?: number } = {}): Promise<Mailer> {
	if (!url) return { send: async (mail) => void (await sendMail(mail)), close: () => {}, concurrency: 1 }
	const nodemailer = await import('nodemailer')
	const pooled = new URL(url)
	if (!pooled.searchParams.has('pool')) pooled.searchParams.set('pool', 'true')
	if (!pooled.searchParams.has('maxConnections')) pooled.searchParams.set('maxConnections', String(connections))
	const transport: Transporter = nodemailer.createTransport(pooled.toString())
	const from = env().MAIL_FROM
	return {
		send: async (mail) => {
			await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text, headers: mail.headers })
		},
		close: () => transport.close(),
		concurrency: connections * 4,
	}
}
