import { simpleParser, type ParsedMail } from 'mailparser'
import { SMTPServer } from 'smtp-server'

/**
 * A real SMTP server in the test process (smtp-server), keeping every message it accepts parsed by
 * mailparser, or discarding them (`keep: false`, the benchmark's sink).
 */
export async function startSmtpServer({ keep = true }: { keep?: boolean } = {}) {
	const messages: ParsedMail[] = []
	let accepted = 0
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS', 'AUTH'],
		logger: false,
		size: 1024 * 1024,
		onData(stream, _session, callback) {
			if (!keep) {
				stream.on('data', () => {})
				stream.on('end', () => {
					accepted += 1
					callback()
				})
				return
			}
			simpleParser(stream).then(
				(message) => {
					messages.push(message)
					accepted += 1
					callback()
				},
				(error: Error) => callback(error),
			)
		},
	})
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
	const address = server.server.address()
	if (!address || typeof address === 'string') throw new Error('SMTP server has no port')
	return {
		url: `smtp://127.0.0.1:${address.port}`,
		messages,
		accepted: () => accepted,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	}
}

/** The address a message was sent to. */
export function recipientOf(message: ParsedMail) {
	const to = Array.isArray(message.to) ? message.to[0] : message.to
	return to?.value[0]?.address ?? ''
}
