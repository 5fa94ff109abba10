CREATE TABLE "report_versions" (
	"district_id" integer PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL
);
--> statement-breakpoint
-- Live district dashboards are kept per district version (ADR 006, "Revision 4"). These triggers
-- raise the version in the same transaction as every write that changes what a district or
-- school dashboard shows, whichever module makes it. Lesson progress (lessons_done,
-- last_lesson_id, last_activity_at) is not among them: the WHEN clauses skip it without a call.
CREATE FUNCTION report_bump_schools(school_ids integer[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	-- In district order, so two transactions that raise the same districts lock them in the same order.
	INSERT INTO report_versions AS v (district_id, version)
	SELECT DISTINCT district_id, 1 FROM schools WHERE id = ANY(school_ids) ORDER BY district_id
	ON CONFLICT (district_id) DO UPDATE SET version = v.version + 1;
END $$;
--> statement-breakpoint
CREATE FUNCTION report_bump_users(user_ids integer[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	PERFORM report_bump_schools(array(SELECT DISTINCT school_id FROM users WHERE id = ANY(user_ids) AND school_id IS NOT NULL));
END $$;
--> statement-breakpoint
-- Rows of enrolments or certificates, inserted or deleted by one statement (transition table "changed").
CREATE FUNCTION report_rows_of_users_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM report_bump_users(array(SELECT DISTINCT user_id FROM changed));
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION report_row_of_user_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM report_bump_users(array[OLD.user_id, NEW.user_id]);
	RETURN NULL;
END $$;
--> statement-breakpoint
-- Users inserted or deleted by one statement (transition table "changed").
CREATE FUNCTION report_users_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM report_bump_schools(array(SELECT DISTINCT school_id FROM changed WHERE school_id IS NOT NULL));
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION report_user_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM report_bump_schools(array_remove(array[OLD.school_id, NEW.school_id], NULL));
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION report_school_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO report_versions AS v (district_id, version)
	SELECT d, 1 FROM unnest(array[OLD.district_id, NEW.district_id]) d ORDER BY d
	ON CONFLICT (district_id) DO UPDATE SET version = v.version + 1;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION report_all_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO report_versions AS v (district_id, version)
	SELECT id, 1 FROM districts ORDER BY id
	ON CONFLICT (district_id) DO UPDATE SET version = v.version + 1;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER report_enrolments_inserted AFTER INSERT ON enrolments REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION report_rows_of_users_changed();
--> statement-breakpoint
CREATE TRIGGER report_enrolments_deleted AFTER DELETE ON enrolments REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION report_rows_of_users_changed();
--> statement-breakpoint
CREATE TRIGGER report_enrolments_updated AFTER UPDATE ON enrolments FOR EACH ROW
	WHEN ((OLD.user_id, OLD.course_id, OLD.locale, OLD.enrolled_at, OLD.completed_at, OLD.diagnostic_score, OLD.final_score)
		IS DISTINCT FROM (NEW.user_id, NEW.course_id, NEW.locale, NEW.enrolled_at, NEW.completed_at, NEW.diagnostic_score, NEW.final_score))
	EXECUTE FUNCTION report_row_of_user_changed();
--> statement-breakpoint
CREATE TRIGGER report_certificates_inserted AFTER INSERT ON certificates REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION report_rows_of_users_changed();
--> statement-breakpoint
CREATE TRIGGER report_certificates_deleted AFTER DELETE ON certificates REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION report_rows_of_users_changed();
--> statement-breakpoint
CREATE TRIGGER report_certificates_updated AFTER UPDATE ON certificates FOR EACH ROW
	WHEN ((OLD.user_id, OLD.course_id, OLD.revoked_at) IS DISTINCT FROM (NEW.user_id, NEW.course_id, NEW.revoked_at))
	EXECUTE FUNCTION report_row_of_user_changed();
--> statement-breakpoint
CREATE TRIGGER report_users_inserted AFTER INSERT ON users REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION report_users_changed();
--> statement-breakpoint
CREATE TRIGGER report_users_deleted AFTER DELETE ON users REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION report_users_changed();
--> statement-breakpoint
CREATE TRIGGER report_users_updated AFTER UPDATE ON users FOR EACH ROW
	WHEN ((OLD.school_id, OLD.gender) IS DISTINCT FROM (NEW.school_id, NEW.gender))
	EXECUTE FUNCTION report_user_changed();
--> statement-breakpoint
CREATE TRIGGER report_schools_moved AFTER UPDATE ON schools FOR EACH ROW
	WHEN (OLD.district_id IS DISTINCT FROM NEW.district_id)
	EXECUTE FUNCTION report_school_moved();
--> statement-breakpoint
CREATE TRIGGER report_enrolments_truncated AFTER TRUNCATE ON enrolments FOR EACH STATEMENT EXECUTE FUNCTION report_all_changed();
--> statement-breakpoint
CREATE TRIGGER report_certificates_truncated AFTER TRUNCATE ON certificates FOR EACH STATEMENT EXECUTE FUNCTION report_all_changed();
--> statement-breakpoint
CREATE TRIGGER report_users_truncated AFTER TRUNCATE ON users FOR EACH STATEMENT EXECUTE FUNCTION report_all_changed();
