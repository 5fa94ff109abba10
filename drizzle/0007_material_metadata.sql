ALTER TABLE "material_attachments" ADD COLUMN "locale" text;--> statement-breakpoint
ALTER TABLE "material_revisions" ADD COLUMN "folder_hash" text;--> statement-breakpoint
ALTER TABLE "material_versions" ADD COLUMN "reading_minutes" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "materials" ADD COLUMN "subjects" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "materials" ADD COLUMN "grades" integer[] DEFAULT '{}'::integer[] NOT NULL;--> statement-breakpoint
ALTER TABLE "materials" ADD COLUMN "needs" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
-- Reading time of the texts written before it was computed (words / 180, at least 1); synced folders are republished anyway.
UPDATE "material_versions" SET "reading_minutes" = greatest(1, round(coalesce(array_length(regexp_split_to_array(btrim("source"), '\s+'), 1), 0) / 180.0))::integer;
