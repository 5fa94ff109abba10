ALTER TABLE "material_attachments" ADD COLUMN "locale" text;--> statement-breakpoint
ALTER TABLE "material_revisions" ADD COLUMN "folder_hash" text;--> statement-breakpoint
ALTER TABLE "material_versions" ADD COLUMN "reading_minutes" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "materials" ADD COLUMN "subjects" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "materials" ADD COLUMN "grades" integer[] DEFAULT '{}'::integer[] NOT NULL;--> statement-breakpoint
ALTER TABLE "materials" ADD COLUMN "needs" text[] DEFAULT '{}'::text[] NOT NULL;