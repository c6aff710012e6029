CREATE TABLE "sessions" (
	"token_hash" text PRIMARY KEY,
	"user_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"absolute_expires_at" timestamp with time zone NOT NULL,
	"ip" text,
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" integer,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text NOT NULL,
	"diff" jsonb NOT NULL,
	"request_id" text,
	CONSTRAINT "audit_events_action_check" CHECK ("action" ~ '^[A-Z_]+$')
);
--> statement-breakpoint
DROP INDEX "model_facts_live_source_key";--> statement-breakpoint
DROP INDEX "prices_live_source_key";--> statement-breakpoint
DROP INDEX "scores_live_source_key";--> statement-breakpoint
CREATE UNIQUE INDEX "model_facts_open_source_key" ON "model_facts" ("model_id","fact","source_id") WHERE "status" in ('DRAFT', 'PENDING_REVIEW');--> statement-breakpoint
CREATE UNIQUE INDEX "prices_open_source_key" ON "prices" ("model_id","kind","tier_min_tokens","effective_from","source_id") WHERE "status" in ('DRAFT', 'PENDING_REVIEW');--> statement-breakpoint
CREATE UNIQUE INDEX "scores_open_source_key" ON "scores" ("model_id","benchmark_id","setting","source_id") WHERE "status" in ('DRAFT', 'PENDING_REVIEW');--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" ("user_id");--> statement-breakpoint
CREATE INDEX "sessions_expires_idx" ON "sessions" ("expires_at");--> statement-breakpoint
CREATE INDEX "audit_events_entity_idx" ON "audit_events" ("entity_type","entity_id","id");--> statement-breakpoint
CREATE INDEX "audit_events_actor_idx" ON "audit_events" ("actor_id","id");--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_actor_id_users_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "users"("id");--> statement-breakpoint
ALTER TABLE "model_facts" DROP CONSTRAINT "model_facts_status_check", ADD CONSTRAINT "model_facts_status_check" CHECK ("status" in ('DRAFT', 'PENDING_REVIEW', 'VERIFIED', 'REJECTED', 'SUPERSEDED', 'RETIRED'));--> statement-breakpoint
ALTER TABLE "prices" DROP CONSTRAINT "prices_status_check", ADD CONSTRAINT "prices_status_check" CHECK ("status" in ('DRAFT', 'PENDING_REVIEW', 'VERIFIED', 'REJECTED', 'SUPERSEDED', 'RETIRED'));--> statement-breakpoint
ALTER TABLE "scores" DROP CONSTRAINT "scores_status_check", ADD CONSTRAINT "scores_status_check" CHECK ("status" in ('DRAFT', 'PENDING_REVIEW', 'VERIFIED', 'REJECTED', 'SUPERSEDED', 'RETIRED'));