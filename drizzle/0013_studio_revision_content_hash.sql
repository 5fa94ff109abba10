-- Custom SQL migration file, put your code below! --
-- Hand-written backfill (ADR 020): a studio revision used to be stored with content_hash null, so the next folder
-- sync took the folder for changed and replaced the studio's edits. Give each such revision the hash of the nearest
-- earlier revision synced from the folder, the folder its first draft came from; a course made in the studio keeps null.
UPDATE "course_revisions" AS r SET "content_hash" = (
	SELECT p."content_hash" FROM "course_revisions" AS p
	WHERE p."course_id" = r."course_id" AND p."number" < r."number" AND p."source" = 'content'
	ORDER BY p."number" DESC LIMIT 1
)
WHERE r."source" = 'studio' AND r."content_hash" IS NULL;
