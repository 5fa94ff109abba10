ALTER TABLE "users" ADD COLUMN "position" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "subject" text;--> statement-breakpoint
ALTER TABLE "assignments" ADD COLUMN "position" text;--> statement-breakpoint
ALTER TABLE "assignments" ADD COLUMN "subject" text;--> statement-breakpoint
-- Hand-written (ADR 019): a teacher's position and subject decide which assignments target her, so
-- changing them raises her district's report version like a change of school or gender
-- (drizzle/0004_report_versions.sql); kept assignment reports are keyed by those versions.
DROP TRIGGER report_users_updated ON users;
--> statement-breakpoint
CREATE TRIGGER report_users_updated AFTER UPDATE ON users FOR EACH ROW
	WHEN ((OLD.school_id, OLD.gender, OLD.position, OLD.subject) IS DISTINCT FROM (NEW.school_id, NEW.gender, NEW.position, NEW.subject))
	EXECUTE FUNCTION report_user_changed();
