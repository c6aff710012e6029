ALTER TABLE "sources" ADD COLUMN "retired_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sources" ADD COLUMN "retirement_reason" text;--> statement-breakpoint
ALTER TABLE "sources" ADD CONSTRAINT "sources_retirement_check" CHECK (("retired_at" is null and "retirement_reason" is null) or ("retired_at" is not null and length(trim(coalesce("retirement_reason", ''))) > 0));--> statement-breakpoint
-- A retired source stays cited by the numbers that already cite it, but no new number cites it and no
-- number is moved onto it.
CREATE FUNCTION claims_cite_live_source() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.source_id = OLD.source_id THEN
    RETURN NEW;
  END IF;
  IF EXISTS (SELECT 1 FROM sources WHERE id = NEW.source_id AND retired_at IS NOT NULL) THEN
    RAISE EXCEPTION 'source % is retired: cite another source', NEW.source_id
      USING ERRCODE = 'check_violation', CONSTRAINT = TG_TABLE_NAME || '_live_source_check';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER scores_live_source BEFORE INSERT OR UPDATE OF source_id ON scores
  FOR EACH ROW EXECUTE FUNCTION claims_cite_live_source();
--> statement-breakpoint
CREATE TRIGGER prices_live_source BEFORE INSERT OR UPDATE OF source_id ON prices
  FOR EACH ROW EXECUTE FUNCTION claims_cite_live_source();
--> statement-breakpoint
CREATE TRIGGER model_facts_live_source BEFORE INSERT OR UPDATE OF source_id ON model_facts
  FOR EACH ROW EXECUTE FUNCTION claims_cite_live_source();
