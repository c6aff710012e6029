-- Which model pages a commit can change, announced with its version, so that one edit no longer makes
-- every cached page stale (server/http/pageDependencies.ts reads them).
--
-- Each row change of a catalog table records keys in a transaction-local setting; the commit-time bump
-- (catalog_version_bump, below) stores them beside the new version and NOTIFYs "<version> <keys>":
--   m<id>  the page of model <id> changed: its row, facts, prices, scores or similar models, or the row
--          of a model listed among its similar models;
--   -      nothing any model page shows (a new source, not yet cited; a digest);
--   *      anything else a model page shows (providers, families, benchmarks, sources, site texts), or
--          too many models to list, or a TRUNCATE: every model page.
-- A change with no key recorded counts as "*": a catalog table added later without a key trigger
-- makes every model page stale rather than none. Lists, leaderboards and all other pages follow the
-- version alone, as before.
ALTER TABLE catalog_version ADD COLUMN keys text NOT NULL DEFAULT '*';
--> statement-breakpoint
-- Once this transaction's bump has run (SET CONSTRAINTS ALL IMMEDIATE fires the deferred trigger
-- before COMMIT, as Django's check_constraints() does), a later change cannot join its announcement:
-- it bumps again at once, as "every model page" (announcements are delivered at COMMIT anyway, in order).
CREATE FUNCTION catalog_version_bump_late() RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  next bigint;
BEGIN
  UPDATE catalog_version SET version = version + 1, keys = '*' WHERE id RETURNING version INTO next;
  PERFORM pg_notify('catalog_changed', next::text || ' *');
END $$;
--> statement-breakpoint
CREATE FUNCTION catalog_change_key(key text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  recorded text := coalesce(current_setting('sourced.catalog_change_keys', true), '');
BEGIN
  IF current_setting('sourced.catalog_change_bumped', true) = 'on' THEN
    IF key <> '-' AND coalesce(current_setting('sourced.catalog_change_late', true), '') <> 'on' THEN
      PERFORM set_config('sourced.catalog_change_late', 'on', true);
      PERFORM catalog_version_bump_late();
    END IF;
    RETURN;
  END IF;
  IF recorded = '*' OR position(',' || key || ',' in ',' || recorded || ',') > 0 THEN
    RETURN;
  END IF;
  -- Past ~250 models, "every model page" (a NOTIFY payload must stay under 8000 bytes).
  IF key = '*' OR length(recorded) > 2000 THEN
    PERFORM set_config('sourced.catalog_change_keys', '*', true);
  ELSE
    PERFORM set_config('sourced.catalog_change_keys', CASE WHEN recorded = '' THEN key ELSE recorded || ',' || key END, true);
  END IF;
END $$;
--> statement-breakpoint
-- A model's row: its page, and the pages listing it among their similar models.
CREATE FUNCTION catalog_keys_model() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed integer;
  lister integer;
BEGIN
  FOREACH changed IN ARRAY array_remove(ARRAY[CASE WHEN TG_OP <> 'INSERT' THEN OLD.id END, CASE WHEN TG_OP <> 'DELETE' THEN NEW.id END], NULL) LOOP
    PERFORM catalog_change_key('m' || changed);
    FOR lister IN SELECT model_id FROM model_similarities WHERE similar_model_id = changed LOOP
      PERFORM catalog_change_key('m' || lister);
    END LOOP;
  END LOOP;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- A row of a model's own (facts, prices, scores, similar models): that model's page.
CREATE FUNCTION catalog_keys_model_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM catalog_change_key('m' || OLD.model_id);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM catalog_change_key('m' || NEW.model_id);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- A source is on a page only once cited (citing it changes the citing row): a new one changes none.
CREATE FUNCTION catalog_keys_source() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM catalog_change_key(CASE WHEN TG_OP = 'INSERT' THEN '-' ELSE '*' END);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION catalog_keys_all() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM catalog_change_key('*');
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION catalog_keys_none() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM catalog_change_key('-');
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE INDEX model_similarities_similar_model_idx ON model_similarities (similar_model_id);
--> statement-breakpoint
CREATE TRIGGER models_catalog_keys AFTER INSERT OR UPDATE OR DELETE ON models FOR EACH ROW EXECUTE FUNCTION catalog_keys_model();
--> statement-breakpoint
CREATE TRIGGER model_facts_catalog_keys AFTER INSERT OR UPDATE OR DELETE ON model_facts FOR EACH ROW EXECUTE FUNCTION catalog_keys_model_row();
--> statement-breakpoint
CREATE TRIGGER prices_catalog_keys AFTER INSERT OR UPDATE OR DELETE ON prices FOR EACH ROW EXECUTE FUNCTION catalog_keys_model_row();
--> statement-breakpoint
CREATE TRIGGER scores_catalog_keys AFTER INSERT OR UPDATE OR DELETE ON scores FOR EACH ROW EXECUTE FUNCTION catalog_keys_model_row();
--> statement-breakpoint
CREATE TRIGGER model_similarities_catalog_keys AFTER INSERT OR UPDATE OR DELETE ON model_similarities FOR EACH ROW EXECUTE FUNCTION catalog_keys_model_row();
--> statement-breakpoint
CREATE TRIGGER sources_catalog_keys AFTER INSERT OR UPDATE OR DELETE ON sources FOR EACH ROW EXECUTE FUNCTION catalog_keys_source();
--> statement-breakpoint
CREATE TRIGGER providers_catalog_keys AFTER INSERT OR UPDATE OR DELETE ON providers FOR EACH ROW EXECUTE FUNCTION catalog_keys_all();
--> statement-breakpoint
CREATE TRIGGER model_families_catalog_keys AFTER INSERT OR UPDATE OR DELETE ON model_families FOR EACH ROW EXECUTE FUNCTION catalog_keys_all();
--> statement-breakpoint
CREATE TRIGGER benchmarks_catalog_keys AFTER INSERT OR UPDATE OR DELETE ON benchmarks FOR EACH ROW EXECUTE FUNCTION catalog_keys_all();
--> statement-breakpoint
CREATE TRIGGER benchmark_aliases_catalog_keys AFTER INSERT OR UPDATE OR DELETE ON benchmark_aliases FOR EACH ROW EXECUTE FUNCTION catalog_keys_all();
--> statement-breakpoint
CREATE TRIGGER site_texts_catalog_keys AFTER INSERT OR UPDATE OR DELETE ON site_texts FOR EACH ROW EXECUTE FUNCTION catalog_keys_all();
--> statement-breakpoint
CREATE TRIGGER digests_catalog_keys AFTER INSERT OR UPDATE OR DELETE ON digests FOR EACH ROW EXECUTE FUNCTION catalog_keys_none();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION catalog_version_bump() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  next bigint;
  changed text := coalesce(nullif(current_setting('sourced.catalog_change_keys', true), ''), '*');
BEGIN
  UPDATE catalog_version SET version = version + 1, keys = changed WHERE id RETURNING version INTO next;
  PERFORM pg_notify('catalog_changed', next::text || ' ' || changed);
  PERFORM set_config('sourced.catalog_change_bumped', 'on', true);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION catalog_version_bump_truncate() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  next bigint;
BEGIN
  UPDATE catalog_version SET version = version + 1, keys = '*' WHERE id RETURNING version INTO next;
  PERFORM pg_notify('catalog_changed', next::text || ' *');
  RETURN NULL;
END $$;
