-- Public responses are cached per catalog version. Any committed change to published data moves
-- the version on and tells every server process (NOTIFY is delivered on commit), so a cached page
-- is never served after the data under it changed.
CREATE SEQUENCE catalog_version;
--> statement-breakpoint
CREATE FUNCTION catalog_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('catalog_changed', nextval('catalog_version')::text);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER providers_catalog_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON providers
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_changed();
--> statement-breakpoint
CREATE TRIGGER model_families_catalog_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON model_families
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_changed();
--> statement-breakpoint
CREATE TRIGGER models_catalog_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON models
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_changed();
--> statement-breakpoint
CREATE TRIGGER model_similarities_catalog_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON model_similarities
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_changed();
--> statement-breakpoint
CREATE TRIGGER model_facts_catalog_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON model_facts
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_changed();
--> statement-breakpoint
CREATE TRIGGER prices_catalog_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON prices
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_changed();
--> statement-breakpoint
CREATE TRIGGER scores_catalog_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON scores
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_changed();
--> statement-breakpoint
CREATE TRIGGER sources_catalog_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON sources
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_changed();
--> statement-breakpoint
CREATE TRIGGER benchmarks_catalog_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON benchmarks
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_changed();
--> statement-breakpoint
CREATE TRIGGER benchmark_aliases_catalog_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON benchmark_aliases
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_changed();
--> statement-breakpoint
CREATE TRIGGER site_texts_catalog_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON site_texts
  FOR EACH STATEMENT EXECUTE FUNCTION catalog_changed();
