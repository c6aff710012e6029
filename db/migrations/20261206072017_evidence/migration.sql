CREATE TABLE "snapshot_bodies" (
	"sha256" text PRIMARY KEY,
	"body" bytea NOT NULL,
	"byte_size" integer NOT NULL,
	"format" text NOT NULL,
	"text" text,
	CONSTRAINT "snapshot_bodies_sha256_check" CHECK ("sha256" ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "snapshot_bodies_format_check" CHECK ("format" in ('HTML', 'PDF', 'JSON', 'TOML', 'TEXT', 'UNCHECKABLE'))
);
--> statement-breakpoint
CREATE TABLE "source_snapshots" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "source_snapshots_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"source_id" integer NOT NULL,
	"url" text NOT NULL,
	"http_status" integer,
	"content_type" text,
	"fetched_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sha256" text,
	"error" text,
	"error_reason" text,
	CONSTRAINT "source_snapshots_outcome_check" CHECK (("sha256" is null) = ("error" is not null))
);
--> statement-breakpoint
ALTER TABLE "model_facts" ADD COLUMN "quote" text;--> statement-breakpoint
ALTER TABLE "model_facts" ADD COLUMN "evidence_status" text DEFAULT 'UNCHECKED' NOT NULL;--> statement-breakpoint
ALTER TABLE "model_facts" ADD COLUMN "evidence_checked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "model_facts" ADD COLUMN "evidence_excerpt" text;--> statement-breakpoint
ALTER TABLE "model_facts" ADD COLUMN "evidence_explanation" text;--> statement-breakpoint
ALTER TABLE "model_facts" ADD COLUMN "evidence_snapshot_id" integer;--> statement-breakpoint
ALTER TABLE "model_facts" ADD COLUMN "last_confirmed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "model_facts" ADD COLUMN "evidence_override" text;--> statement-breakpoint
ALTER TABLE "prices" ADD COLUMN "quote" text;--> statement-breakpoint
ALTER TABLE "prices" ADD COLUMN "evidence_status" text DEFAULT 'UNCHECKED' NOT NULL;--> statement-breakpoint
ALTER TABLE "prices" ADD COLUMN "evidence_checked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "prices" ADD COLUMN "evidence_excerpt" text;--> statement-breakpoint
ALTER TABLE "prices" ADD COLUMN "evidence_explanation" text;--> statement-breakpoint
ALTER TABLE "prices" ADD COLUMN "evidence_snapshot_id" integer;--> statement-breakpoint
ALTER TABLE "prices" ADD COLUMN "last_confirmed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "prices" ADD COLUMN "evidence_override" text;--> statement-breakpoint
ALTER TABLE "scores" ADD COLUMN "quote" text;--> statement-breakpoint
ALTER TABLE "scores" ADD COLUMN "evidence_status" text DEFAULT 'UNCHECKED' NOT NULL;--> statement-breakpoint
ALTER TABLE "scores" ADD COLUMN "evidence_checked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "scores" ADD COLUMN "evidence_excerpt" text;--> statement-breakpoint
ALTER TABLE "scores" ADD COLUMN "evidence_explanation" text;--> statement-breakpoint
ALTER TABLE "scores" ADD COLUMN "evidence_snapshot_id" integer;--> statement-breakpoint
ALTER TABLE "scores" ADD COLUMN "last_confirmed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "scores" ADD COLUMN "evidence_override" text;--> statement-breakpoint
CREATE INDEX "source_snapshots_source_idx" ON "source_snapshots" ("source_id","id");--> statement-breakpoint
ALTER TABLE "source_snapshots" ADD CONSTRAINT "source_snapshots_source_id_sources_id_fkey" FOREIGN KEY ("source_id") REFERENCES "sources"("id");--> statement-breakpoint
ALTER TABLE "source_snapshots" ADD CONSTRAINT "source_snapshots_sha256_snapshot_bodies_sha256_fkey" FOREIGN KEY ("sha256") REFERENCES "snapshot_bodies"("sha256");--> statement-breakpoint
ALTER TABLE "model_facts" ADD CONSTRAINT "model_facts_evidence_snapshot_id_source_snapshots_id_fkey" FOREIGN KEY ("evidence_snapshot_id") REFERENCES "source_snapshots"("id");--> statement-breakpoint
ALTER TABLE "prices" ADD CONSTRAINT "prices_evidence_snapshot_id_source_snapshots_id_fkey" FOREIGN KEY ("evidence_snapshot_id") REFERENCES "source_snapshots"("id");--> statement-breakpoint
ALTER TABLE "scores" ADD CONSTRAINT "scores_evidence_snapshot_id_source_snapshots_id_fkey" FOREIGN KEY ("evidence_snapshot_id") REFERENCES "source_snapshots"("id");--> statement-breakpoint
ALTER TABLE "model_facts" ADD CONSTRAINT "model_facts_quote_check" CHECK ("quote" is null or length(trim("quote")) > 0);--> statement-breakpoint
ALTER TABLE "model_facts" ADD CONSTRAINT "model_facts_evidence_status_check" CHECK ("evidence_status" in ('FOUND', 'NOT_FOUND', 'PAGE_CHANGED', 'UNREACHABLE', 'UNCHECKABLE', 'UNCHECKED'));--> statement-breakpoint
ALTER TABLE "prices" ADD CONSTRAINT "prices_quote_check" CHECK ("quote" is null or length(trim("quote")) > 0);--> statement-breakpoint
ALTER TABLE "prices" ADD CONSTRAINT "prices_evidence_status_check" CHECK ("evidence_status" in ('FOUND', 'NOT_FOUND', 'PAGE_CHANGED', 'UNREACHABLE', 'UNCHECKABLE', 'UNCHECKED'));--> statement-breakpoint
ALTER TABLE "scores" ADD CONSTRAINT "scores_quote_check" CHECK ("quote" is null or length(trim("quote")) > 0);--> statement-breakpoint
ALTER TABLE "scores" ADD CONSTRAINT "scores_evidence_status_check" CHECK ("evidence_status" in ('FOUND', 'NOT_FOUND', 'PAGE_CHANGED', 'UNREACHABLE', 'UNCHECKABLE', 'UNCHECKED'));
--> statement-breakpoint
-- Captures are evidence: what a page said when it was fetched is never rewritten, whoever asks.
CREATE FUNCTION captures_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege', HINT = 'Capture the page again instead.';
END $$;
--> statement-breakpoint
CREATE TRIGGER snapshot_bodies_no_update_delete BEFORE UPDATE OR DELETE ON snapshot_bodies
  FOR EACH ROW EXECUTE FUNCTION captures_append_only();
--> statement-breakpoint
CREATE TRIGGER snapshot_bodies_no_truncate BEFORE TRUNCATE ON snapshot_bodies
  FOR EACH STATEMENT EXECUTE FUNCTION captures_append_only();
--> statement-breakpoint
CREATE TRIGGER source_snapshots_no_update_delete BEFORE UPDATE OR DELETE ON source_snapshots
  FOR EACH ROW EXECUTE FUNCTION captures_append_only();
--> statement-breakpoint
CREATE TRIGGER source_snapshots_no_truncate BEFORE TRUNCATE ON source_snapshots
  FOR EACH STATEMENT EXECUTE FUNCTION captures_append_only();
