CREATE TABLE "course_old_slugs" (
	"slug" text PRIMARY KEY NOT NULL,
	"course_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "course_revisions" ADD COLUMN "slug" text;--> statement-breakpoint
ALTER TABLE "course_old_slugs" ADD CONSTRAINT "course_old_slugs_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "course_old_slugs_course_id_index" ON "course_old_slugs" USING btree ("course_id");--> statement-breakpoint
UPDATE "course_revisions" SET "slug" = "courses"."slug" FROM "courses" WHERE "courses"."id" = "course_revisions"."course_id";
