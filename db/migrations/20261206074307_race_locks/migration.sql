-- Rules that read another table lock the row they read, so a concurrent change of that row waits
-- for them (or they for it) instead of both passing on what each saw before the other committed.

-- A score lies within its benchmark's scale: the benchmark row is read FOR SHARE, so a scale being
-- shrunk meanwhile is either seen (after its commit) or waits for this score (and then sees it).
CREATE OR REPLACE FUNCTION score_within_scale() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  b record;
BEGIN
  SELECT slug, scale_min, scale_max INTO b FROM benchmarks WHERE id = NEW.benchmark_id FOR SHARE;
  IF FOUND AND (NEW.value < b.scale_min OR NEW.value > b.scale_max) THEN
    RAISE EXCEPTION 'score % is outside the scale of benchmark % (% to %)', NEW.value, b.slug, b.scale_min, b.scale_max
      USING ERRCODE = 'check_violation', CONSTRAINT = 'scores_value_scale_check', TABLE = 'scores', COLUMN = 'value';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
-- A number cites a live source: the source row is read FOR SHARE, so a retirement racing the entry
-- either commits first (and is seen) or waits for the entry (and then counts it).
CREATE OR REPLACE FUNCTION claims_cite_live_source() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  retired timestamptz;
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.source_id = OLD.source_id THEN
    RETURN NEW;
  END IF;
  SELECT retired_at INTO retired FROM sources WHERE id = NEW.source_id FOR SHARE;
  IF retired IS NOT NULL THEN
    RAISE EXCEPTION 'source % is retired: cite another source', NEW.source_id
      USING ERRCODE = 'check_violation', CONSTRAINT = TG_TABLE_NAME || '_live_source_check';
  END IF;
  RETURN NEW;
END $$;
