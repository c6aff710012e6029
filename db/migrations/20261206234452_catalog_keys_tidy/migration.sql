-- The commit keys of 20261206204010_catalog_change_keys (read by server/http/responseBytes.ts):
-- a TRUNCATE's bump is the late bump ("every model page"), written once; a model row's change looks up
-- the models listing it only while the keys recorded are not already "every model page" (a bulk
-- update of many models would otherwise scan model_similarities once per row for nothing), and a row
-- written back unchanged names no page; and neither a source's link check nor a number's evidence
-- check counts for any model page any more (below).
CREATE OR REPLACE FUNCTION catalog_version_bump_truncate() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  PERFORM catalog_version_bump_late();
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION catalog_keys_model() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed integer;
  lister integer;
BEGIN
  -- A row written back unchanged (the copies of a model's prices and facts are rewritten whenever one
  -- of its price or fact rows is, its evidence checked say) changes no page.
  IF TG_OP = 'UPDATE' AND OLD IS NOT DISTINCT FROM NEW THEN
    PERFORM catalog_change_key('-');
    RETURN NULL;
  END IF;
  IF current_setting('sourced.catalog_change_keys', true) = '*' AND coalesce(current_setting('sourced.catalog_change_bumped', true), '') <> 'on' THEN
    RETURN NULL;
  END IF;
  FOREACH changed IN ARRAY array_remove(ARRAY[CASE WHEN TG_OP <> 'INSERT' THEN OLD.id END, CASE WHEN TG_OP <> 'DELETE' THEN NEW.id END], NULL) LOOP
    PERFORM catalog_change_key('m' || changed);
    FOR lister IN SELECT model_id FROM model_similarities WHERE similar_model_id = changed LOOP
      PERFORM catalog_change_key('m' || lister);
    END LOOP;
  END LOOP;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- A source shows on a model page through its citations: id, url, title, publisher and kind (the
-- contract's Cite fragment). A link check or a capture (link_*, archived_url) and the bookkeeping
-- columns change none of them: such an update is "no model page" ('-') instead of "every model page".
-- The server re-checks cited pages on a timer; every check would otherwise flush every cached page.
-- Retirement stays "every model page" (a page may come to say so).
CREATE OR REPLACE FUNCTION catalog_keys_source() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE'
    AND (OLD.url, OLD.title, OLD.publisher, OLD.kind, OLD.retired_at, OLD.duplicate_of)
      IS NOT DISTINCT FROM (NEW.url, NEW.title, NEW.publisher, NEW.kind, NEW.retired_at, NEW.duplicate_of)) THEN
    PERFORM catalog_change_key('-');
  ELSE
    PERFORM catalog_change_key('*');
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- A number's evidence (the checker's columns: what a capture of its source found) is on no model page
-- either: a re-check of a source cited by thousands of numbers would otherwise name every model citing
-- it, past the ~250 listed, and so every model page. Such an update is "no model page" ('-').
CREATE OR REPLACE FUNCTION catalog_keys_model_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  evidence constant text[] := ARRAY['evidence_status', 'evidence_checked_at', 'evidence_excerpt', 'evidence_explanation', 'evidence_snapshot_id', 'last_confirmed_at'];
BEGIN
  IF TG_OP = 'UPDATE' AND to_jsonb(OLD) - evidence = to_jsonb(NEW) - evidence THEN
    PERFORM catalog_change_key('-');
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    PERFORM catalog_change_key('m' || OLD.model_id);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM catalog_change_key('m' || NEW.model_id);
  END IF;
  RETURN NULL;
END $$;
