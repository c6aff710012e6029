ALTER TABLE "model_facts" ADD CONSTRAINT "model_facts_import_origin_check" CHECK ("origin" <> 'IMPORT' or "created_by" is null);--> statement-breakpoint
ALTER TABLE "prices" ADD CONSTRAINT "prices_import_origin_check" CHECK ("origin" <> 'IMPORT' or "created_by" is null);--> statement-breakpoint
ALTER TABLE "scores" ADD CONSTRAINT "scores_import_origin_check" CHECK ("origin" <> 'IMPORT' or "created_by" is null);--> statement-breakpoint
-- Who entered a number is history: `origin` stays as it was written. Relabelling an editor's entry as
-- IMPORT would exempt it from the four-eyes rule (scores_verified_by_check and its siblings).
CREATE FUNCTION claims_origin_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '%.origin cannot change (from % to %)', TG_TABLE_NAME, OLD.origin, NEW.origin
    USING ERRCODE = 'check_violation', CONSTRAINT = TG_TABLE_NAME || '_origin_fixed',
      HINT = 'Enter a new number instead: its origin is who entered it.';
END $$;
--> statement-breakpoint
CREATE TRIGGER scores_origin_fixed BEFORE UPDATE OF origin ON scores
  FOR EACH ROW WHEN (NEW.origin IS DISTINCT FROM OLD.origin) EXECUTE FUNCTION claims_origin_fixed();
--> statement-breakpoint
CREATE TRIGGER prices_origin_fixed BEFORE UPDATE OF origin ON prices
  FOR EACH ROW WHEN (NEW.origin IS DISTINCT FROM OLD.origin) EXECUTE FUNCTION claims_origin_fixed();
--> statement-breakpoint
CREATE TRIGGER model_facts_origin_fixed BEFORE UPDATE OF origin ON model_facts
  FOR EACH ROW WHEN (NEW.origin IS DISTINCT FROM OLD.origin) EXECUTE FUNCTION claims_origin_fixed();
