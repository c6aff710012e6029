CREATE TABLE "score_dataset_citations" (
	"score_id" integer PRIMARY KEY,
	"source_id" integer NOT NULL,
	"locator" text NOT NULL,
	"retrieved_at" date NOT NULL,
	"evidence_status" text DEFAULT 'UNCHECKED' NOT NULL,
	"evidence_checked_at" timestamp with time zone,
	"evidence_excerpt" text,
	"evidence_explanation" text,
	"evidence_snapshot_id" integer,
	"last_confirmed_at" timestamp with time zone,
	CONSTRAINT "score_dataset_citations_evidence_status_check" CHECK ("evidence_status" in ('FOUND', 'NOT_FOUND', 'PAGE_CHANGED', 'UNREACHABLE', 'UNCHECKABLE', 'UNCHECKED'))
);
--> statement-breakpoint
CREATE INDEX "score_dataset_citations_source_idx" ON "score_dataset_citations" ("source_id");--> statement-breakpoint
ALTER TABLE "score_dataset_citations" ADD CONSTRAINT "score_dataset_citations_score_id_scores_id_fkey" FOREIGN KEY ("score_id") REFERENCES "scores"("id");--> statement-breakpoint
ALTER TABLE "score_dataset_citations" ADD CONSTRAINT "score_dataset_citations_source_id_sources_id_fkey" FOREIGN KEY ("source_id") REFERENCES "sources"("id");--> statement-breakpoint
ALTER TABLE "score_dataset_citations" ADD CONSTRAINT "score_dataset_citations_atohhz49qlen_fkey" FOREIGN KEY ("evidence_snapshot_id") REFERENCES "source_snapshots"("id");