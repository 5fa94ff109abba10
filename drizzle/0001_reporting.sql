CREATE TABLE "report_completion_stats" (
	"district_id" integer NOT NULL,
	"course_id" integer NOT NULL,
	"gender" text NOT NULL,
	"locale" text NOT NULL,
	"month" date NOT NULL,
	"completed" integer NOT NULL,
	CONSTRAINT "report_completion_stats_district_id_course_id_gender_locale_month_pk" PRIMARY KEY("district_id","course_id","gender","locale","month")
);
--> statement-breakpoint
CREATE TABLE "report_enrolment_stats" (
	"district_id" integer NOT NULL,
	"course_id" integer NOT NULL,
	"gender" text NOT NULL,
	"locale" text NOT NULL,
	"month" date NOT NULL,
	"enrolled" integer NOT NULL,
	"completed" integer NOT NULL,
	"certified" integer NOT NULL,
	"gain_n" integer NOT NULL,
	"gain_sum" integer NOT NULL,
	"gain_lt0" integer NOT NULL,
	"gain0" integer NOT NULL,
	"gain10" integer NOT NULL,
	"gain20" integer NOT NULL,
	"gain30" integer NOT NULL,
	"gain50" integer NOT NULL,
	CONSTRAINT "report_enrolment_stats_district_id_course_id_gender_locale_month_pk" PRIMARY KEY("district_id","course_id","gender","locale","month")
);
--> statement-breakpoint
CREATE TABLE "report_refreshes" (
	"id" text PRIMARY KEY NOT NULL,
	"refreshed_at" timestamp with time zone NOT NULL,
	"duration_ms" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_teacher_stats" (
	"district_id" integer NOT NULL,
	"gender" text NOT NULL,
	"teachers" integer NOT NULL,
	CONSTRAINT "report_teacher_stats_district_id_gender_pk" PRIMARY KEY("district_id","gender")
);
