-- The catalog version is assigned at commit time, in commit order, and read only from committed data.
--
-- Before: a statement trigger took `nextval('catalog_version')` when a write ran, and processes read the
-- sequence's `last_value`, which counts transactions that have not committed. A page computed while a
-- withdrawal was in flight was stored under a number the withdrawal had already taken; when the
-- withdrawal committed, its NOTIFY carried that same (or a lower) number and the stale page stayed public.
--
-- Now: one committed row holds the version. A deferred constraint trigger, queued once per transaction
-- (a transaction-local flag), bumps the row at COMMIT and NOTIFYs the new number (delivered on commit).
-- The row lock orders committers for the instant of commit only, so version order is commit order, and
-- a process that read version V (committed) before computing a page cannot have missed a commit whose
-- number is <= V. Writers run READ COMMITTED (the server's default); a REPEATABLE READ writer racing
-- another commit would fail with a serialization error rather than hide its change.
DROP TRIGGER providers_catalog_changed ON providers;
--> statement-breakpoint
DROP TRIGGER model_families_catalog_changed ON model_families;
--> statement-breakpoint
DROP TRIGGER models_catalog_changed ON models;
--> statement-breakpoint
DROP TRIGGER model_similarities_catalog_changed ON model_similarities;
--> statement-breakpoint
DROP TRIGGER model_facts_catalog_changed ON model_facts;
--> statement-breakpoint
DROP TRIGGER prices_catalog_changed ON prices;
--> statement-breakpoint
DROP TRIGGER scores_catalog_changed ON scores;
--> statement-breakpoint
DROP TRIGGER sources_catalog_changed ON sources;
--> statement-breakpoint
DROP TRIGGER benchmarks_catalog_changed ON benchmarks;
--> statement-breakpoint
DROP TRIGGER benchmark_aliases_catalog_changed ON benchmark_aliases;
--> statement-breakpoint
DROP TRIGGER site_texts_catalog_changed ON site_texts;
--> statement-breakpoint
DROP FUNCTION catalog_changed();
--> statement-breakpoint
ALTER SEQUENCE catalog_version RENAME TO catalog_version_retired;
--> statement-breakpoint
CREATE TABLE catalog_version (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  version bigint NOT NULL
);
--> statement-breakpoint
-- Carry on above the old numbers: entries a shared (Redis) cache kept under them are never read again.
INSERT INTO catalog_version (id, version)
  SELECT true, (CASE WHEN is_called THEN last_value ELSE 0 END) + 1 FROM catalog_version_retired;
--> statement-breakpoint
DROP SEQUENCE catalog_version_retired;
--> statement-breakpoint
-- True for the first catalog change of a transaction (or of a subtransaction that is later rolled
-- back, whose queued event is discarded with the flag): a transaction queues one commit-time event.
CREATE FUNCTION catalog_change_queued_first() RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('sourced.catalog_change_queued', true) = 'on' THEN
    RETURN false;
  END IF;
  PERFORM set_config('sourced.catalog_change_queued', 'on', true);
  RETURN true;
END $$;
--> statement-breakpoint
-- Runs at COMMIT (deferred): takes the next number in commit order and announces it. As the owner
-- (SECURITY DEFINER): the application role may read the version but not set it (db/roles.ts).
CREATE FUNCTION catalog_version_bump() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  next bigint;
BEGIN
  UPDATE catalog_version SET version = version + 1 WHERE id RETURNING version INTO next;
  PERFORM pg_notify('catalog_changed', next::text);
  RETURN NULL;
END $$;
--> statement-breakpoint
-- TRUNCATE has no row events: bump at once (it holds an exclusive lock until commit anyway).
CREATE FUNCTION catalog_version_bump_truncate() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  next bigint;
BEGIN
  UPDATE catalog_version SET version = version + 1 WHERE id RETURNING version INTO next;
  PERFORM pg_notify('catalog_changed', next::text);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER providers_catalog_version AFTER INSERT OR UPDATE OR DELETE ON providers
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (catalog_change_queued_first()) EXECUTE FUNCTION catalog_version_bump();
--> statement-breakpoint
CREATE TRIGGER providers_catalog_version_truncate AFTER TRUNCATE ON providers
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_version_bump_truncate();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER model_families_catalog_version AFTER INSERT OR UPDATE OR DELETE ON model_families
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (catalog_change_queued_first()) EXECUTE FUNCTION catalog_version_bump();
--> statement-breakpoint
CREATE TRIGGER model_families_catalog_version_truncate AFTER TRUNCATE ON model_families
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_version_bump_truncate();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER models_catalog_version AFTER INSERT OR UPDATE OR DELETE ON models
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (catalog_change_queued_first()) EXECUTE FUNCTION catalog_version_bump();
--> statement-breakpoint
CREATE TRIGGER models_catalog_version_truncate AFTER TRUNCATE ON models
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_version_bump_truncate();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER model_similarities_catalog_version AFTER INSERT OR UPDATE OR DELETE ON model_similarities
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (catalog_change_queued_first()) EXECUTE FUNCTION catalog_version_bump();
--> statement-breakpoint
CREATE TRIGGER model_similarities_catalog_version_truncate AFTER TRUNCATE ON model_similarities
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_version_bump_truncate();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER model_facts_catalog_version AFTER INSERT OR UPDATE OR DELETE ON model_facts
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (catalog_change_queued_first()) EXECUTE FUNCTION catalog_version_bump();
--> statement-breakpoint
CREATE TRIGGER model_facts_catalog_version_truncate AFTER TRUNCATE ON model_facts
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_version_bump_truncate();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER prices_catalog_version AFTER INSERT OR UPDATE OR DELETE ON prices
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (catalog_change_queued_first()) EXECUTE FUNCTION catalog_version_bump();
--> statement-breakpoint
CREATE TRIGGER prices_catalog_version_truncate AFTER TRUNCATE ON prices
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_version_bump_truncate();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER scores_catalog_version AFTER INSERT OR UPDATE OR DELETE ON scores
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (catalog_change_queued_first()) EXECUTE FUNCTION catalog_version_bump();
--> statement-breakpoint
CREATE TRIGGER scores_catalog_version_truncate AFTER TRUNCATE ON scores
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_version_bump_truncate();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER sources_catalog_version AFTER INSERT OR UPDATE OR DELETE ON sources
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (catalog_change_queued_first()) EXECUTE FUNCTION catalog_version_bump();
--> statement-breakpoint
CREATE TRIGGER sources_catalog_version_truncate AFTER TRUNCATE ON sources
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_version_bump_truncate();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER benchmarks_catalog_version AFTER INSERT OR UPDATE OR DELETE ON benchmarks
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (catalog_change_queued_first()) EXECUTE FUNCTION catalog_version_bump();
--> statement-breakpoint
CREATE TRIGGER benchmarks_catalog_version_truncate AFTER TRUNCATE ON benchmarks
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_version_bump_truncate();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER benchmark_aliases_catalog_version AFTER INSERT OR UPDATE OR DELETE ON benchmark_aliases
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (catalog_change_queued_first()) EXECUTE FUNCTION catalog_version_bump();
--> statement-breakpoint
CREATE TRIGGER benchmark_aliases_catalog_version_truncate AFTER TRUNCATE ON benchmark_aliases
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_version_bump_truncate();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER site_texts_catalog_version AFTER INSERT OR UPDATE OR DELETE ON site_texts
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (catalog_change_queued_first()) EXECUTE FUNCTION catalog_version_bump();
--> statement-breakpoint
CREATE TRIGGER site_texts_catalog_version_truncate AFTER TRUNCATE ON site_texts
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_version_bump_truncate();
