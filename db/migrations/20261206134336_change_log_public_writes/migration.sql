-- The change log records what the public sees, when it first sees it. A number verified while its
-- model is a draft is not a public change: it is recorded when the model is published, at that
-- moment (before, it kept the earlier time, so a reader polling changes(since:) never saw it).
CREATE FUNCTION model_is_public(model integer) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM models m JOIN providers p ON p.id = m.provider_id
                 WHERE m.id = model AND m.publication = 'PUBLISHED' AND p.publication = 'PUBLISHED')
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION record_score_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  previous double precision;
  higher boolean;
  new_rank integer;
  old_rank integer;
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.status = 'VERIFIED' THEN RETURN NULL; END IF;
  IF NOT model_is_public(NEW.model_id) THEN RETURN NULL; END IF;
  IF NOT EXISTS (SELECT 1 FROM benchmarks b WHERE b.id = NEW.benchmark_id AND b.publication = 'PUBLISHED') THEN RETURN NULL; END IF;
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
CREATE OR REPLACE FUNCTION record_fact_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  previous text;
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.status = 'VERIFIED' THEN RETURN NULL; END IF;
  IF NOT model_is_public(NEW.model_id) THEN RETURN NULL; END IF;
  SELECT value INTO previous FROM model_facts
   WHERE model_id = NEW.model_id AND fact = NEW.fact AND id <> NEW.id AND status = 'SUPERSEDED' AND withdrawn_at = now()
   ORDER BY id DESC LIMIT 1;
  INSERT INTO catalog_changes (kind, model_id, claim_kind, claim_id, subject, value, previous_value, source_id, locator)
  VALUES ('FACT_CHANGED', NEW.model_id, 'ModelFact', NEW.id, NEW.fact, NEW.value, previous, NEW.source_id, NEW.locator);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION record_price_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  k text;
  now_value numeric;
  was_value numeric;
  cited record;
BEGIN
  IF NOT model_is_public(NEW.id) THEN RETURN NULL; END IF;
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
-- A model made public: its publication, then each number it shows from now on (its verified scores and
-- facts, and its input and output prices in effect), as the public first sees them.
CREATE OR REPLACE FUNCTION record_model_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.publication = 'PUBLISHED' AND (TG_OP = 'INSERT' OR OLD.publication <> 'PUBLISHED') THEN
    INSERT INTO catalog_changes (kind, model_id) VALUES ('MODEL_PUBLISHED', NEW.id);
    IF TG_OP = 'UPDATE' AND model_is_public(NEW.id) THEN
      INSERT INTO catalog_changes (kind, model_id, benchmark_id, claim_kind, claim_id, value, source_id, locator)
      SELECT 'SCORE_PUBLISHED', s.model_id, s.benchmark_id, 'Score', s.id, s.value::text, s.source_id, s.locator
        FROM scores s WHERE s.model_id = NEW.id AND s.status = 'VERIFIED' ORDER BY s.id;
      INSERT INTO catalog_changes (kind, model_id, claim_kind, claim_id, subject, value, source_id, locator)
      SELECT 'FACT_CHANGED', f.model_id, 'ModelFact', f.id, f.fact, f.value, f.source_id, f.locator
        FROM model_facts f WHERE f.model_id = NEW.id AND f.status = 'VERIFIED' ORDER BY f.id;
      INSERT INTO catalog_changes (kind, model_id, claim_kind, claim_id, subject, value, source_id, locator)
      SELECT 'PRICE_CHANGED', NEW.id, 'Price', cited.id, k.kind, trim_scale(k.value)::text, cited.source_id, cited.locator
        FROM (VALUES ('INPUT', NEW.input_price), ('OUTPUT', NEW.output_price)) AS k(kind, value)
        CROSS JOIN LATERAL (SELECT p.id, p.source_id, p.locator FROM prices p
                             WHERE p.model_id = NEW.id AND p.kind = k.kind AND p.tier_min_tokens = 0 AND p.status = 'VERIFIED'
                               AND p.effective_from <= current_date
                             ORDER BY p.effective_from DESC, p.id DESC LIMIT 1) AS cited
       WHERE k.value IS NOT NULL;
    END IF;
  ELSIF TG_OP = 'UPDATE' AND OLD.publication = 'PUBLISHED' AND NEW.publication = 'RETIRED' THEN
    INSERT INTO catalog_changes (kind, model_id) VALUES ('MODEL_RETIRED', NEW.id);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- A published score or fact retired without a replacement leaves the public record: a change with no
-- value, the withdrawn value as the previous one, cited by the number withdrawn. (A price withdrawn
-- changes the model's price in effect: models_record_price_change says so.)
CREATE FUNCTION record_withdrawal() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT model_is_public(NEW.model_id) THEN RETURN NULL; END IF;
  IF TG_TABLE_NAME = 'scores' THEN
    INSERT INTO catalog_changes (kind, model_id, benchmark_id, claim_kind, claim_id, value, previous_value, source_id, locator)
    VALUES ('SCORE_SUPERSEDED', OLD.model_id, OLD.benchmark_id, 'Score', OLD.id, NULL, OLD.value::text, OLD.source_id, OLD.locator);
  ELSE
    INSERT INTO catalog_changes (kind, model_id, claim_kind, claim_id, subject, value, previous_value, source_id, locator)
    VALUES ('FACT_CHANGED', OLD.model_id, 'ModelFact', OLD.id, OLD.fact, NULL, OLD.value::text, OLD.source_id, OLD.locator);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER scores_record_withdrawal AFTER UPDATE OF status ON scores
  FOR EACH ROW WHEN (OLD.status = 'VERIFIED' AND NEW.status = 'RETIRED') EXECUTE FUNCTION record_withdrawal();
--> statement-breakpoint
CREATE TRIGGER model_facts_record_withdrawal AFTER UPDATE OF status ON model_facts
  FOR EACH ROW WHEN (OLD.status = 'VERIFIED' AND NEW.status = 'RETIRED') EXECUTE FUNCTION record_withdrawal();
--> statement-breakpoint
-- A published benchmark that turns its direction (lower is better now, or higher) reorders every board
-- of it: a leaderboard move for each score whose rank among comparable results changed into the top 50.
CREATE FUNCTION record_direction_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO catalog_changes (kind, model_id, benchmark_id, claim_kind, claim_id, value, previous_value, source_id, locator)
  SELECT 'LEADERBOARD_MOVE', r.model_id, NEW.id, 'Score', r.id, r.new_rank::text, r.old_rank::text, r.source_id, r.locator
    FROM (SELECT s.id, s.model_id, s.source_id, s.locator,
                 rank() OVER (w ORDER BY CASE WHEN NEW.higher_is_better THEN -s.value ELSE s.value END) AS new_rank,
                 rank() OVER (w ORDER BY CASE WHEN OLD.higher_is_better THEN -s.value ELSE s.value END) AS old_rank
            FROM scores s
           WHERE s.benchmark_id = NEW.id AND s.status = 'VERIFIED' AND s.setting_parsed AND model_is_public(s.model_id)
          WINDOW w AS (PARTITION BY s.benchmark_version, s.shots, s.pass_at_k, s.tools, s.reasoning_effort)) AS r
   WHERE r.new_rank <= 50 AND r.new_rank <> r.old_rank
   ORDER BY r.new_rank, r.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER benchmarks_record_direction_change AFTER UPDATE OF higher_is_better ON benchmarks
  FOR EACH ROW WHEN (OLD.higher_is_better IS DISTINCT FROM NEW.higher_is_better AND NEW.publication = 'PUBLISHED')
  EXECUTE FUNCTION record_direction_change();
--> statement-breakpoint
-- A benchmark made public: its verified scores of public models are public from now on.
CREATE FUNCTION record_benchmark_published() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO catalog_changes (kind, model_id, benchmark_id, claim_kind, claim_id, value, source_id, locator)
  SELECT 'SCORE_PUBLISHED', s.model_id, s.benchmark_id, 'Score', s.id, s.value::text, s.source_id, s.locator
    FROM scores s WHERE s.benchmark_id = NEW.id AND s.status = 'VERIFIED' AND model_is_public(s.model_id) ORDER BY s.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER benchmarks_record_published AFTER UPDATE OF publication ON benchmarks
  FOR EACH ROW WHEN (NEW.publication = 'PUBLISHED' AND OLD.publication <> 'PUBLISHED') EXECUTE FUNCTION record_benchmark_published();
--> statement-breakpoint
-- A disabled webhook keeps receiving its share of the outbox: its deliveries wait until it is enabled
-- (the worker sends only enabled webhooks'), so nothing published meanwhile is lost.
CREATE OR REPLACE FUNCTION enqueue_webhook_deliveries() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO webhook_deliveries (webhook_id, change_id)
  SELECT w.id, i.id FROM inserted i JOIN webhooks w ON cardinality(w.kinds) = 0 OR i.kind = ANY (w.kinds)
  ORDER BY w.id, i.id
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- A model's price is compared at commit with the last one the log recorded: a correction (the old price
-- withdrawn, the new one verified, in one transaction) is one change "$4.00 → $5.00", not a withdrawal
-- and a new price. Deferred to commit, so the row is read as the transaction leaves it.
CREATE OR REPLACE FUNCTION record_price_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  k text;
  now_value numeric;
  was_value numeric;
  recorded record;
  cited record;
BEGIN
  IF NOT model_is_public(NEW.id) THEN RETURN NULL; END IF;
  FOREACH k IN ARRAY ARRAY['INPUT', 'OUTPUT'] LOOP
    SELECT CASE WHEN k = 'INPUT' THEN m.input_price ELSE m.output_price END INTO now_value FROM models m WHERE m.id = NEW.id;
    SELECT c.value INTO recorded FROM catalog_changes c WHERE c.model_id = NEW.id AND c.kind = 'PRICE_CHANGED' AND c.subject = k ORDER BY c.id DESC LIMIT 1;
    IF FOUND THEN was_value := recorded.value::numeric;
    ELSIF k = 'INPUT' THEN was_value := OLD.input_price;
    ELSE was_value := OLD.output_price; END IF;
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
DROP TRIGGER models_record_price_change ON models;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER models_record_price_change AFTER UPDATE OF input_price, output_price ON models
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION record_price_change();
