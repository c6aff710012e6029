-- The commit keys of 20261206204010_catalog_change_keys (read by server/http/responseBytes.ts), tidied:
-- a TRUNCATE's bump is the late bump ("every model page"), written once; and a model row's change
-- looks up the models listing it only while the keys recorded are not already "every model page"
-- (a bulk update of many models would otherwise scan model_similarities once per row for nothing).
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
