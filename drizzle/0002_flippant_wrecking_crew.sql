CREATE TABLE "report_enrolment_totals" (
	"district_id" integer NOT NULL,
	"course_id" integer NOT NULL,
	"gender" text NOT NULL,
	"locale" text NOT NULL,
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
	CONSTRAINT "report_enrolment_totals_district_id_course_id_gender_locale_pk" PRIMARY KEY("district_id","course_id","gender","locale")
);
