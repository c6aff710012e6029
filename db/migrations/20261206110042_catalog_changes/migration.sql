CREATE TABLE "catalog_changes" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "catalog_changes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" text NOT NULL,
	"model_id" integer NOT NULL,
	"benchmark_id" integer,
	"claim_kind" text,
	"claim_id" integer,
	"subject" text,
	"value" text,
	"previous_value" text,
	"source_id" integer,
	"locator" text,
	CONSTRAINT "catalog_changes_kind_check" CHECK ("kind" in ('MODEL_PUBLISHED', 'MODEL_RETIRED', 'PRICE_CHANGED', 'SCORE_PUBLISHED', 'SCORE_SUPERSEDED', 'FACT_CHANGED', 'LEADERBOARD_MOVE'))
);
--> statement-breakpoint
ALTER TABLE "model_facts" ADD COLUMN "withdrawn_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "prices" ADD COLUMN "withdrawn_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "scores" ADD COLUMN "withdrawn_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "catalog_changes_model_idx" ON "catalog_changes" ("model_id","id");--> statement-breakpoint
CREATE INDEX "catalog_changes_kind_idx" ON "catalog_changes" ("kind","id");--> statement-breakpoint
CREATE INDEX "catalog_changes_at_idx" ON "catalog_changes" ("at");--> statement-breakpoint
ALTER TABLE "catalog_changes" ADD CONSTRAINT "catalog_changes_model_id_models_id_fkey" FOREIGN KEY ("model_id") REFERENCES "models"("id");--> statement-breakpoint
ALTER TABLE "catalog_changes" ADD CONSTRAINT "catalog_changes_benchmark_id_benchmarks_id_fkey" FOREIGN KEY ("benchmark_id") REFERENCES "benchmarks"("id");--> statement-breakpoint
ALTER TABLE "catalog_changes" ADD CONSTRAINT "catalog_changes_source_id_sources_id_fkey" FOREIGN KEY ("source_id") REFERENCES "sources"("id");--> statement-breakpoint
-- The change log is history: never rewritten, whoever asks.
CREATE TRIGGER catalog_changes_no_update_delete BEFORE UPDATE OR DELETE ON catalog_changes
  FOR EACH ROW EXECUTE FUNCTION captures_append_only();
--> statement-breakpoint
CREATE TRIGGER catalog_changes_no_truncate BEFORE TRUNCATE ON catalog_changes
  FOR EACH STATEMENT EXECUTE FUNCTION captures_append_only();
--> statement-breakpoint
-- When a verified number stops being public (superseded, retired): the catalog as of a past day, and
-- which value a new one replaced.
CREATE FUNCTION claims_withdrawn_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.withdrawn_at := now();
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER scores_withdrawn_at BEFORE UPDATE OF status ON scores
  FOR EACH ROW WHEN (OLD.status = 'VERIFIED' AND NEW.status <> 'VERIFIED') EXECUTE FUNCTION claims_withdrawn_at();
--> statement-breakpoint
CREATE TRIGGER prices_withdrawn_at BEFORE UPDATE OF status ON prices
  FOR EACH ROW WHEN (OLD.status = 'VERIFIED' AND NEW.status <> 'VERIFIED') EXECUTE FUNCTION claims_withdrawn_at();
--> statement-breakpoint
CREATE TRIGGER model_facts_withdrawn_at BEFORE UPDATE OF status ON model_facts
  FOR EACH ROW WHEN (OLD.status = 'VERIFIED' AND NEW.status <> 'VERIFIED') EXECUTE FUNCTION claims_withdrawn_at();
--> statement-breakpoint
UPDATE scores SET withdrawn_at = updated_at WHERE status IN ('SUPERSEDED', 'RETIRED');
--> statement-breakpoint
UPDATE prices SET withdrawn_at = updated_at WHERE status IN ('SUPERSEDED', 'RETIRED');
--> statement-breakpoint
UPDATE model_facts SET withdrawn_at = updated_at WHERE status IN ('SUPERSEDED', 'RETIRED');
--> statement-breakpoint
-- A score made public: published, or superseding the value it replaces in this transaction; and, when
-- that moves the model's rank among comparable results in the top 50, a leaderboard move.
CREATE FUNCTION record_score_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  previous double precision;
  higher boolean;
  new_rank integer;
  old_rank integer;
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.status = 'VERIFIED' THEN RETURN NULL; END IF;
  SELECT value INTO previous FROM scores
   WHERE model_id = NEW.model_id AND benchmark_id = NEW.benchmark_id AND setting = NEW.setting AND id <> NEW.id
     AND status = 'SUPERSEDED' AND withdrawn_at = now()
   ORDER BY id DESC LIMIT 1;
  INSERT INTO catalog_changes (kind, model_id, benchmark_id, claim_kind, claim_id, value, previous_value, source_id, locator)
  VALUES (CASE WHEN previous IS NULL THEN 'SCORE_PUBLISHED' ELSE 'SCORE_SUPERSEDED' END, NEW.model_id, NEW.benchmark_id,
          'Score', NEW.id, NEW.value::text, previous::text, NEW.source_id, NEW.locator);
  IF NOT NEW.setting_parsed THEN RETURN NULL; END IF;
  SELECT higher_is_better INTO higher FROM benchmarks WHERE id = NEW.benchmark_id;
  SELECT 1 + count(*) INTO new_rank FROM scores s JOIN models m ON m.id = s.model_id JOIN providers p ON p.id = m.provider_id
   WHERE s.benchmark_id = NEW.benchmark_id AND s.status = 'VERIFIED' AND s.id <> NEW.id AND s.setting_parsed
     AND row(s.benchmark_version, s.shots, s.pass_at_k, s.tools, s.reasoning_effort)
         IS NOT DISTINCT FROM row(NEW.benchmark_version, NEW.shots, NEW.pass_at_k, NEW.tools, NEW.reasoning_effort)
     AND m.publication = 'PUBLISHED' AND p.publication = 'PUBLISHED'
     AND CASE WHEN higher THEN s.value > NEW.value ELSE s.value < NEW.value END;
  IF previous IS NOT NULL THEN
    SELECT 1 + count(*) INTO old_rank FROM scores s JOIN models m ON m.id = s.model_id JOIN providers p ON p.id = m.provider_id
     WHERE s.benchmark_id = NEW.benchmark_id AND s.status = 'VERIFIED' AND s.id <> NEW.id AND s.setting_parsed
       AND row(s.benchmark_version, s.shots, s.pass_at_k, s.tools, s.reasoning_effort)
           IS NOT DISTINCT FROM row(NEW.benchmark_version, NEW.shots, NEW.pass_at_k, NEW.tools, NEW.reasoning_effort)
       AND m.publication = 'PUBLISHED' AND p.publication = 'PUBLISHED'
       AND CASE WHEN higher THEN s.value > previous ELSE s.value < previous END;
  END IF;
  IF new_rank <= 50 AND new_rank IS DISTINCT FROM old_rank THEN
    INSERT INTO catalog_changes (kind, model_id, benchmark_id, claim_kind, claim_id, value, previous_value, source_id, locator)
    VALUES ('LEADERBOARD_MOVE', NEW.model_id, NEW.benchmark_id, 'Score', NEW.id, new_rank::text, old_rank::text, NEW.source_id, NEW.locator);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER scores_record_change AFTER INSERT OR UPDATE OF status ON scores
  FOR EACH ROW WHEN (NEW.status = 'VERIFIED') EXECUTE FUNCTION record_score_change();
--> statement-breakpoint
CREATE FUNCTION record_fact_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  previous text;
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.status = 'VERIFIED' THEN RETURN NULL; END IF;
  SELECT value INTO previous FROM model_facts
   WHERE model_id = NEW.model_id AND fact = NEW.fact AND id <> NEW.id AND status = 'SUPERSEDED' AND withdrawn_at = now()
   ORDER BY id DESC LIMIT 1;
  INSERT INTO catalog_changes (kind, model_id, claim_kind, claim_id, subject, value, previous_value, source_id, locator)
  VALUES ('FACT_CHANGED', NEW.model_id, 'ModelFact', NEW.id, NEW.fact, NEW.value, previous, NEW.source_id, NEW.locator);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER model_facts_record_change AFTER INSERT OR UPDATE OF status ON model_facts
  FOR EACH ROW WHEN (NEW.status = 'VERIFIED') EXECUTE FUNCTION record_fact_change();
--> statement-breakpoint
-- A model's current input or output price changed: verified in effect, or coming into effect on its
-- day (the copies on models move either way). Cited by the price now in effect.
CREATE FUNCTION record_price_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  k text;
  now_value numeric;
  was_value numeric;
  cited record;
BEGIN
  FOREACH k IN ARRAY ARRAY['INPUT', 'OUTPUT'] LOOP
    IF k = 'INPUT' THEN now_value := NEW.input_price; was_value := OLD.input_price;
    ELSE now_value := NEW.output_price; was_value := OLD.output_price; END IF;
    CONTINUE WHEN now_value IS NOT DISTINCT FROM was_value;
    SELECT id, source_id, locator INTO cited FROM prices
     WHERE model_id = NEW.id AND kind = k AND tier_min_tokens = 0 AND status = 'VERIFIED' AND effective_from <= current_date
     ORDER BY effective_from DESC, id DESC LIMIT 1;
    INSERT INTO catalog_changes (kind, model_id, claim_kind, claim_id, subject, value, previous_value, source_id, locator)
    VALUES ('PRICE_CHANGED', NEW.id, 'Price', cited.id, k, trim_scale(now_value)::text, trim_scale(was_value)::text, cited.source_id, cited.locator);
  END LOOP;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER models_record_price_change AFTER UPDATE OF input_price, output_price ON models
  FOR EACH ROW EXECUTE FUNCTION record_price_change();
--> statement-breakpoint
CREATE FUNCTION record_model_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.publication = 'PUBLISHED' AND (TG_OP = 'INSERT' OR OLD.publication <> 'PUBLISHED') THEN
    INSERT INTO catalog_changes (kind, model_id) VALUES ('MODEL_PUBLISHED', NEW.id);
  ELSIF TG_OP = 'UPDATE' AND OLD.publication = 'PUBLISHED' AND NEW.publication = 'RETIRED' THEN
    INSERT INTO catalog_changes (kind, model_id) VALUES ('MODEL_RETIRED', NEW.id);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER models_record_change AFTER INSERT OR UPDATE OF publication ON models
  FOR EACH ROW EXECUTE FUNCTION record_model_change();
--> statement-breakpoint
-- Every instance hears of new changes at commit (live subscribers, webhooks): the newest id of the statement.
CREATE FUNCTION notify_catalog_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('catalog_changes', (SELECT max(id)::text FROM inserted));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER catalog_changes_notify AFTER INSERT ON catalog_changes
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION notify_catalog_changes();
--> statement-breakpoint
-- History so far: the models published, and every number that was verified (a superseded one only if it
-- ever was: a held import replaced before review was never public), in the order it was.
INSERT INTO catalog_changes (at, kind, model_id)
SELECT created_at, 'MODEL_PUBLISHED', id FROM models WHERE publication IN ('PUBLISHED', 'RETIRED') ORDER BY created_at, id;
--> statement-breakpoint
INSERT INTO catalog_changes (at, kind, model_id, benchmark_id, claim_kind, claim_id, value, previous_value, source_id, locator)
SELECT coalesce(s.verified_at, s.created_at),
       CASE WHEN old.value IS NULL THEN 'SCORE_PUBLISHED' ELSE 'SCORE_SUPERSEDED' END,
       s.model_id, s.benchmark_id, 'Score', s.id, s.value::text, old.value::text, s.source_id, s.locator
FROM scores s LEFT JOIN scores old ON old.superseded_by = s.id
WHERE (s.status = 'VERIFIED' OR (s.status = 'SUPERSEDED' AND s.verified_at IS NOT NULL)) ORDER BY coalesce(s.verified_at, s.created_at), s.id;
--> statement-breakpoint
INSERT INTO catalog_changes (at, kind, model_id, claim_kind, claim_id, subject, value, previous_value, source_id, locator)
SELECT coalesce(f.verified_at, f.created_at), 'FACT_CHANGED', f.model_id, 'ModelFact', f.id, f.fact, f.value, old.value, f.source_id, f.locator
FROM model_facts f LEFT JOIN model_facts old ON old.superseded_by = f.id
WHERE (f.status = 'VERIFIED' OR (f.status = 'SUPERSEDED' AND f.verified_at IS NOT NULL)) ORDER BY coalesce(f.verified_at, f.created_at), f.id;
--> statement-breakpoint
INSERT INTO catalog_changes (at, kind, model_id, claim_kind, claim_id, subject, value, previous_value, source_id, locator)
SELECT greatest(coalesce(p.verified_at, p.created_at), p.effective_from::timestamptz), 'PRICE_CHANGED', p.model_id, 'Price', p.id, p.kind,
       trim_scale(p.usd_per_million_tokens)::text, trim_scale(old.usd_per_million_tokens)::text, p.source_id, p.locator
FROM prices p LEFT JOIN prices old ON old.superseded_by = p.id
WHERE (p.status = 'VERIFIED' OR (p.status = 'SUPERSEDED' AND p.verified_at IS NOT NULL)) AND p.tier_min_tokens = 0 AND p.kind IN ('INPUT', 'OUTPUT') AND p.effective_from <= current_date
ORDER BY 1, p.id;
--> statement-breakpoint
SET CONSTRAINTS ALL IMMEDIATE;
