import { getDb, type Queryable } from '#app/db/client.server.ts'
import { auditEvents } from '#app/db/schema/index.ts'

export async function recordAudit(
	{
		actorId,
		action,
		targetType,
		targetId,
		data,
	}: { actorId: number | null; action: string; targetType?: string; targetId?: string | number; data?: Record<string, unknown> },
	db?: Queryable,
) {
	const conn = db ?? (await getDb())
	await conn.insert(auditEvents).values({
		actorId,
		action,
		targetType: targetType ?? null,
		targetId: targetId == null ? null : String(targetId),
		data: data ?? null,
	})
}
