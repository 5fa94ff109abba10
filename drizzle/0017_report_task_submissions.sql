-- Custom SQL migration file, put your code below! --
-- Hand-written (ADR 019): an assignment's practical-task figures by gender are kept per the target's district
-- versions, like its counts, so every write that changes them raises the teacher's district version
-- (the functions of drizzle/0004_report_versions.sql).
CREATE TRIGGER report_task_submissions_inserted AFTER INSERT ON task_submissions REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION report_rows_of_users_changed();
--> statement-breakpoint
CREATE TRIGGER report_task_submissions_deleted AFTER DELETE ON task_submissions REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION report_rows_of_users_changed();
--> statement-breakpoint
CREATE TRIGGER report_task_submissions_updated AFTER UPDATE ON task_submissions FOR EACH ROW
	WHEN ((OLD.user_id, OLD.course_id, OLD.status, OLD.score_percent) IS DISTINCT FROM (NEW.user_id, NEW.course_id, NEW.status, NEW.score_percent))
	EXECUTE FUNCTION report_row_of_user_changed();
