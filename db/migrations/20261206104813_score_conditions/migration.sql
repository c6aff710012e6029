ALTER TABLE "benchmarks" ADD COLUMN "versions" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "benchmarks" ADD COLUMN "default_setting" text;--> statement-breakpoint
ALTER TABLE "benchmarks" ADD COLUMN "comparable_on" text[] DEFAULT '{benchmarkVersion,shots,passAtK,tools,reasoningEffort}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "scores" ADD COLUMN "harness" text;--> statement-breakpoint
ALTER TABLE "scores" ADD COLUMN "benchmark_version" text;--> statement-breakpoint
ALTER TABLE "scores" ADD COLUMN "shots" integer;--> statement-breakpoint
ALTER TABLE "scores" ADD COLUMN "pass_at_k" integer;--> statement-breakpoint
ALTER TABLE "scores" ADD COLUMN "tools" boolean;--> statement-breakpoint
ALTER TABLE "scores" ADD COLUMN "reasoning_effort" text;--> statement-breakpoint
ALTER TABLE "scores" ADD COLUMN "metric" text;--> statement-breakpoint
ALTER TABLE "scores" ADD COLUMN "setting_parsed" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "scores" ADD COLUMN "run_by" text DEFAULT 'VENDOR' NOT NULL;--> statement-breakpoint
ALTER TABLE "scores" ADD COLUMN "stderr" double precision;--> statement-breakpoint
ALTER TABLE "scores" ADD COLUMN "interval_low" double precision;--> statement-breakpoint
ALTER TABLE "scores" ADD COLUMN "interval_high" double precision;--> statement-breakpoint
ALTER TABLE "scores" ADD COLUMN "interval_level" double precision;--> statement-breakpoint
ALTER TABLE "scores" ADD COLUMN "samples" integer;--> statement-breakpoint
ALTER TABLE "scores" ADD CONSTRAINT "scores_run_by_check" CHECK ("run_by" in ('VENDOR', 'INDEPENDENT', 'AGGREGATOR'));--> statement-breakpoint
ALTER TABLE "scores" ADD CONSTRAINT "scores_shots_check" CHECK ("shots" is null or "shots" >= 0);--> statement-breakpoint
ALTER TABLE "scores" ADD CONSTRAINT "scores_pass_at_k_check" CHECK ("pass_at_k" is null or "pass_at_k" >= 1);--> statement-breakpoint
ALTER TABLE "scores" ADD CONSTRAINT "scores_stderr_check" CHECK ("stderr" is null or ("stderr" >= 0 and "stderr" < 'Infinity'::float8));--> statement-breakpoint
ALTER TABLE "scores" ADD CONSTRAINT "scores_samples_check" CHECK ("samples" is null or "samples" >= 1);--> statement-breakpoint
ALTER TABLE "scores" ADD CONSTRAINT "scores_interval_check" CHECK (("interval_low" is null) = ("interval_high" is null) and ("interval_low" is null or ("interval_low" <= "interval_high" and "interval_low" > '-Infinity'::float8 and "interval_high" < 'Infinity'::float8)));--> statement-breakpoint
ALTER TABLE "scores" ADD CONSTRAINT "scores_interval_level_check" CHECK ("interval_level" is null or ("interval_low" is not null and "interval_level" > 0 and "interval_level" < 1));--> statement-breakpoint
-- How a score was obtained, read from its setting label: the one grammar the database, the importer
-- and the API share (server/catalog/conditions.ts writes labels this reads back). Parts are separated
-- by "·", "," or ";": "pass@1, no tools", "0-shot", "high effort", "harness Codex", "variant medium"
-- (models.dev: an effort, else a harness), "version 2.1", "hard-aa set", and what was measured
-- ("percent correct", "average pass@1"). A part it cannot read leaves parsed false: the label is kept
-- as written and editors are shown it.
CREATE FUNCTION score_setting_conditions(label text,
  OUT harness text, OUT benchmark_version text, OUT shots integer, OUT pass_at_k integer, OUT tools boolean,
  OUT reasoning_effort text, OUT metric text, OUT parsed boolean)
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  part text;
  low text;
  shots_m text[];
  pass_m text[];
  effort_m text[];
  harness_m text[];
  variant_m text[];
  version_m text[];
  set_m text[];
  version text;
  subset text;
BEGIN
  parsed := true;
  IF label IS NULL OR btrim(label) = '' THEN RETURN; END IF;
  FOREACH part IN ARRAY regexp_split_to_array(btrim(label), '\s*[·,;]\s*') LOOP
    part := btrim(part);
    CONTINUE WHEN part = '';
    low := lower(part);
    shots_m := regexp_match(low, '^(\d{1,4})[- ]shots?$');
    pass_m := regexp_match(low, '^(average |avg |mean )?pass@(\d{1,4})$');
    effort_m := coalesce(
      regexp_match(low, '^(?:variant|effort|reasoning|reasoning effort) (minimal|low|medium|high|xhigh|max)$'),
      regexp_match(low, '^(minimal|low|medium|high|xhigh|max) (?:effort|reasoning|reasoning effort)$'));
    harness_m := regexp_match(part, '^harness (.+)$', 'i');
    variant_m := regexp_match(part, '^variant (.+)$', 'i');
    version_m := regexp_match(part, '^version (.+)$', 'i');
    set_m := regexp_match(part, '^(.+) set$', 'i');
    IF low IN ('zero-shot', 'zero shot') AND shots IS NULL THEN shots := 0;
    ELSIF shots_m IS NOT NULL AND shots IS NULL THEN shots := shots_m[1]::integer;
    ELSIF pass_m IS NOT NULL AND pass_at_k IS NULL THEN
      pass_at_k := pass_m[2]::integer;
      IF pass_m[1] IS NOT NULL THEN metric := part; END IF;
    ELSIF low IN ('no tools', 'without tools', 'tools off', 'no tool use') AND tools IS NULL THEN tools := false;
    ELSIF low IN ('with tools', 'tools', 'tool use', 'tools on') AND tools IS NULL THEN tools := true;
    ELSIF effort_m IS NOT NULL AND reasoning_effort IS NULL THEN reasoning_effort := effort_m[1];
    ELSIF harness_m IS NOT NULL AND harness IS NULL THEN harness := harness_m[1];
    ELSIF variant_m IS NOT NULL AND harness IS NULL THEN harness := variant_m[1];
    ELSIF version_m IS NOT NULL AND version IS NULL THEN version := version_m[1];
    ELSIF set_m IS NOT NULL AND subset IS NULL THEN subset := set_m[1];
    ELSIF metric IS NULL AND low IN ('percent correct', 'percent', 'index', 'resolved', 'success rate', 'score', 'resolve rate',
      'percent resolved', 'accuracy', 'exact match', 'elo', 'win rate', 'f1') THEN metric := part;
    ELSE parsed := false;
    END IF;
  END LOOP;
  benchmark_version := nullif(concat_ws(' ', version, subset), '');
END $$;
--> statement-breakpoint
-- A score written with a label and no conditions (the importer, older clients) gets them read from the
-- label; a changed label with unchanged conditions is read again. A writer that gives conditions keeps them.
CREATE FUNCTION scores_read_setting() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  c record;
BEGIN
  IF TG_OP = 'INSERT' AND num_nonnulls(NEW.harness, NEW.benchmark_version, NEW.shots, NEW.pass_at_k, NEW.tools, NEW.reasoning_effort, NEW.metric) > 0 THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'UPDATE' AND (NEW.setting IS NOT DISTINCT FROM OLD.setting
      OR (NEW.harness, NEW.benchmark_version, NEW.shots, NEW.pass_at_k, NEW.tools, NEW.reasoning_effort, NEW.metric)
         IS DISTINCT FROM (OLD.harness, OLD.benchmark_version, OLD.shots, OLD.pass_at_k, OLD.tools, OLD.reasoning_effort, OLD.metric)) THEN
    RETURN NEW;
  END IF;
  SELECT * INTO c FROM score_setting_conditions(NEW.setting);
  NEW.harness := c.harness;
  NEW.benchmark_version := c.benchmark_version;
  NEW.shots := c.shots;
  NEW.pass_at_k := c.pass_at_k;
  NEW.tools := c.tools;
  NEW.reasoning_effort := c.reasoning_effort;
  NEW.metric := c.metric;
  NEW.setting_parsed := c.parsed;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER scores_read_setting BEFORE INSERT OR UPDATE OF setting ON scores
  FOR EACH ROW EXECUTE FUNCTION scores_read_setting();
--> statement-breakpoint
-- The scores already entered: conditions read from their labels; who ran them from the kind of page cited.
UPDATE scores s SET
  harness = c.harness, benchmark_version = c.benchmark_version, shots = c.shots, pass_at_k = c.pass_at_k,
  tools = c.tools, reasoning_effort = c.reasoning_effort, metric = c.metric, setting_parsed = c.parsed,
  run_by = CASE c.source_kind
    WHEN 'INDEPENDENT_LEADERBOARD' THEN 'INDEPENDENT'
    WHEN 'BENCHMARK_MAINTAINER' THEN 'INDEPENDENT'
    WHEN 'AGGREGATOR_DATASET' THEN 'AGGREGATOR'
    ELSE 'VENDOR' END
FROM (
  SELECT sc.id, src.kind AS source_kind, p.*
  FROM scores sc JOIN sources src ON src.id = sc.source_id, LATERAL score_setting_conditions(sc.setting) p
) c
WHERE c.id = s.id;
--> statement-breakpoint
-- The catalog-version trigger queued by the UPDATE fires now, so later migrations in this transaction may alter the table.
SET CONSTRAINTS ALL IMMEDIATE;
