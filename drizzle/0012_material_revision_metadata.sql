ALTER TABLE "material_revisions" ADD COLUMN "metadata" jsonb;--> statement-breakpoint
-- Hand-written backfill: until now a saved draft wrote its metadata onto the material row, so an open draft's
-- metadata is what that row holds; keep it on the draft. (The published metadata it overwrote is not recoverable.)
UPDATE "material_revisions" AS r SET "metadata" = jsonb_build_object('type', m."type", 'topic', m."topic", 'subjects', to_jsonb(m."subjects"), 'grades', to_jsonb(m."grades"), 'needs', to_jsonb(m."needs"))
FROM "materials" AS m WHERE m."id" = r."material_id" AND r."status" IN ('draft', 'in_review');
