-- Rules that span tables, so a CHECK constraint cannot hold them.

-- A score lies within its benchmark's scale.
CREATE FUNCTION score_within_scale() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  b record;
BEGIN
  SELECT slug, scale_min, scale_max INTO b FROM benchmarks WHERE id = NEW.benchmark_id;
  IF FOUND AND (NEW.value < b.scale_min OR NEW.value > b.scale_max) THEN
    RAISE EXCEPTION 'score % is outside the scale of benchmark % (% to %)', NEW.value, b.slug, b.scale_min, b.scale_max
      USING ERRCODE = 'check_violation', CONSTRAINT = 'scores_value_scale_check', TABLE = 'scores', COLUMN = 'value';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER scores_value_scale_check BEFORE INSERT OR UPDATE OF value, benchmark_id ON scores
  FOR EACH ROW EXECUTE FUNCTION score_within_scale();
--> statement-breakpoint

-- A benchmark's scale cannot shrink below the scores already entered for it.
CREATE FUNCTION benchmark_scale_keeps_scores() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM scores s WHERE s.benchmark_id = NEW.id
             AND s.status IN ('DRAFT', 'PENDING_REVIEW', 'VERIFIED')
             AND (s.value < NEW.scale_min OR s.value > NEW.scale_max)) THEN
    RAISE EXCEPTION 'benchmark % has scores outside the new scale % to %', NEW.slug, NEW.scale_min, NEW.scale_max
      USING ERRCODE = 'check_violation', CONSTRAINT = 'benchmarks_scale_scores_check', TABLE = 'benchmarks', COLUMN = 'scale_min';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER benchmarks_scale_scores_check BEFORE UPDATE OF scale_min, scale_max ON benchmarks
  FOR EACH ROW EXECUTE FUNCTION benchmark_scale_keeps_scores();
--> statement-breakpoint

-- models carries a copy of each verified fact and current base price so that public filters and
-- orders are indexed columns; these triggers keep the copy equal to the claim tables.
CREATE FUNCTION refresh_model_facts(p_model_id integer) RETURNS void LANGUAGE sql AS $$
  UPDATE models m SET
    release_date = (SELECT (CASE WHEN length(f.value) = 7 THEN f.value || '-01' ELSE f.value END)::date
                    FROM model_facts f WHERE f.model_id = m.id AND f.fact = 'RELEASE_DATE' AND f.status = 'VERIFIED'),
    knowledge_cutoff = (SELECT f.value FROM model_facts f
                        WHERE f.model_id = m.id AND f.fact = 'KNOWLEDGE_CUTOFF' AND f.status = 'VERIFIED'),
    context_window = (SELECT f.value::integer FROM model_facts f
                      WHERE f.model_id = m.id AND f.fact = 'CONTEXT_WINDOW' AND f.status = 'VERIFIED'),
    max_output_tokens = (SELECT f.value::integer FROM model_facts f
                         WHERE f.model_id = m.id AND f.fact = 'MAX_OUTPUT_TOKENS' AND f.status = 'VERIFIED')
  WHERE m.id = p_model_id
$$;
--> statement-breakpoint
CREATE FUNCTION model_facts_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM refresh_model_facts(OLD.model_id); END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND (TG_OP = 'INSERT' OR NEW.model_id <> OLD.model_id) THEN
    PERFORM refresh_model_facts(NEW.model_id);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER model_facts_refresh_model AFTER INSERT OR UPDATE OR DELETE ON model_facts
  FOR EACH ROW EXECUTE FUNCTION model_facts_changed();
--> statement-breakpoint
CREATE FUNCTION refresh_model_prices(p_model_id integer) RETURNS void LANGUAGE sql AS $$
  UPDATE models m SET
    input_price = (SELECT p.usd_per_million_tokens FROM prices p
                   WHERE p.model_id = m.id AND p.kind = 'INPUT' AND p.tier_min_tokens = 0 AND p.status = 'VERIFIED'
                     AND p.effective_from <= current_date
                   ORDER BY p.effective_from DESC LIMIT 1),
    output_price = (SELECT p.usd_per_million_tokens FROM prices p
                    WHERE p.model_id = m.id AND p.kind = 'OUTPUT' AND p.tier_min_tokens = 0 AND p.status = 'VERIFIED'
                      AND p.effective_from <= current_date
                    ORDER BY p.effective_from DESC LIMIT 1)
  WHERE m.id = p_model_id
$$;
--> statement-breakpoint
CREATE FUNCTION prices_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM refresh_model_prices(OLD.model_id); END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND (TG_OP = 'INSERT' OR NEW.model_id <> OLD.model_id) THEN
    PERFORM refresh_model_prices(NEW.model_id);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER prices_refresh_model AFTER INSERT OR UPDATE OR DELETE ON prices
  FOR EACH ROW EXECUTE FUNCTION prices_changed();
--> statement-breakpoint

-- Benchmarks and site texts are cached in each server process; tell every process when they change.
CREATE FUNCTION notify_catalog_meta() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('catalog_meta', TG_TABLE_NAME);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER benchmarks_notify AFTER INSERT OR UPDATE OR DELETE ON benchmarks
  FOR EACH STATEMENT EXECUTE FUNCTION notify_catalog_meta();
--> statement-breakpoint
CREATE TRIGGER site_texts_notify AFTER INSERT OR UPDATE OR DELETE ON site_texts
  FOR EACH STATEMENT EXECUTE FUNCTION notify_catalog_meta();
