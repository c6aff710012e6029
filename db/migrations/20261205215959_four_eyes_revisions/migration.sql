CREATE TABLE "revisions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "revisions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"entity_type" text NOT NULL,
	"entity_id" text NOT NULL,
	"base_version" integer NOT NULL,
	"changes" jsonb NOT NULL,
	"diff" jsonb NOT NULL,
	"status" text DEFAULT 'PENDING' NOT NULL,
	"proposed_by_id" integer NOT NULL,
	"reviewed_by_id" integer,
	"reviewed_at" timestamp with time zone,
	"rejection_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "revisions_entity_type_check" CHECK ("entity_type" in ('Provider', 'ModelFamily', 'Model', 'Benchmark', 'Source', 'SiteText')),
	CONSTRAINT "revisions_status_check" CHECK ("status" in ('PENDING', 'APPROVED', 'REJECTED')),
	CONSTRAINT "revisions_four_eyes_check" CHECK ("status" <> 'APPROVED' or ("reviewed_by_id" is not null and "reviewed_by_id" <> "proposed_by_id")),
	CONSTRAINT "revisions_rejection_check" CHECK ("status" <> 'REJECTED' or ("reviewed_by_id" is not null and length(trim("rejection_reason")) > 0))
);
--> statement-breakpoint
CREATE INDEX "revisions_entity_idx" ON "revisions" ("entity_type","entity_id","id");--> statement-breakpoint
CREATE INDEX "revisions_pending_idx" ON "revisions" ("id") WHERE "status" = 'PENDING';--> statement-breakpoint
ALTER TABLE "revisions" ADD CONSTRAINT "revisions_proposed_by_id_users_id_fkey" FOREIGN KEY ("proposed_by_id") REFERENCES "users"("id");--> statement-breakpoint
ALTER TABLE "revisions" ADD CONSTRAINT "revisions_reviewed_by_id_users_id_fkey" FOREIGN KEY ("reviewed_by_id") REFERENCES "users"("id");