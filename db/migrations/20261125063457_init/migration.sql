-- Trigram search on model names (trusted extension: the database owner may create it).
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE TABLE "users" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "users_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"email" text NOT NULL,
	"name" text,
	"role" text NOT NULL,
	"password_hash" text NOT NULL,
	"disabled_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_role_check" CHECK ("role" in ('EDITOR', 'REVIEWER', 'ADMIN')),
	CONSTRAINT "users_email_check" CHECK ("email" ~ '^[^@\s]+@[^@\s]+$')
);
--> statement-breakpoint
CREATE TABLE "sources" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sources_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"url" text NOT NULL,
	"title" text NOT NULL,
	"publisher" text NOT NULL,
	"kind" text NOT NULL,
	"published_at" date,
	"retrieved_at" date NOT NULL,
	"archived_url" text,
	"link_status" text DEFAULT 'UNCHECKED' NOT NULL,
	"link_http_status" integer,
	"link_checked_at" timestamp with time zone,
	"created_by" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sources_kind_check" CHECK ("kind" in ('VENDOR_MODEL_CARD', 'VENDOR_DOCS', 'VENDOR_PRICING', 'PAPER', 'INDEPENDENT_LEADERBOARD', 'BENCHMARK_MAINTAINER', 'AGGREGATOR_DATASET', 'OTHER')),
	CONSTRAINT "sources_link_status_check" CHECK ("link_status" in ('UNCHECKED', 'OK', 'REDIRECTED', 'BROKEN', 'UNREACHABLE')),
	CONSTRAINT "sources_url_check" CHECK ("url" ~ '^https?://[^\s]+$'),
	CONSTRAINT "sources_archived_url_check" CHECK ("archived_url" is null or "archived_url" ~ '^https?://[^\s]+$'),
	CONSTRAINT "sources_title_check" CHECK (length(trim("title")) > 0)
);
--> statement-breakpoint
CREATE TABLE "benchmark_aliases" (
	"alias" text PRIMARY KEY,
	"benchmark_id" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "benchmarks" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "benchmarks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"category" text DEFAULT 'OTHER' NOT NULL,
	"description" text,
	"unit" text DEFAULT 'PERCENT' NOT NULL,
	"scale_min" double precision DEFAULT 0 NOT NULL,
	"scale_max" double precision DEFAULT 100 NOT NULL,
	"higher_is_better" boolean DEFAULT true NOT NULL,
	"homepage" text,
	"paper_source_id" integer,
	"publication" text DEFAULT 'PUBLISHED' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "benchmarks_slug_check" CHECK ("slug" ~ '^[a-z0-9][a-z0-9._-]*$'),
	CONSTRAINT "benchmarks_scale_check" CHECK ("scale_min" < "scale_max"),
	CONSTRAINT "benchmarks_category_check" CHECK ("category" in ('REASONING', 'KNOWLEDGE', 'MATH', 'CODING', 'AGENTIC', 'MULTIMODAL', 'LONG_CONTEXT', 'SAFETY', 'COMPOSITE', 'OTHER')),
	CONSTRAINT "benchmarks_unit_check" CHECK ("unit" in ('PERCENT', 'SCORE', 'INDEX', 'ELO', 'COUNT')),
	CONSTRAINT "benchmarks_publication_check" CHECK ("publication" in ('DRAFT', 'PUBLISHED', 'RETIRED'))
);
--> statement-breakpoint
CREATE TABLE "model_families" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "model_families_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"provider_id" integer NOT NULL,
	"description" text,
	"publication" text DEFAULT 'PUBLISHED' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "model_families_slug_check" CHECK ("slug" ~ '^[a-z0-9][a-z0-9._-]*$'),
	CONSTRAINT "model_families_publication_check" CHECK ("publication" in ('DRAFT', 'PUBLISHED', 'RETIRED'))
);
--> statement-breakpoint
CREATE TABLE "model_similarities" (
	"model_id" integer,
	"similar_model_id" integer,
	"rank" integer NOT NULL,
	"score" real NOT NULL,
	CONSTRAINT "model_similarities_pkey" PRIMARY KEY("model_id","similar_model_id"),
	CONSTRAINT "model_similarities_self_check" CHECK ("model_id" <> "similar_model_id")
);
--> statement-breakpoint
CREATE TABLE "models" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "models_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"provider_id" integer NOT NULL,
	"family_id" integer,
	"family_position" integer,
	"api_model_id" text,
	"tagline" text,
	"about" text,
	"status" text DEFAULT 'ACTIVE' NOT NULL,
	"license_name" text DEFAULT 'Proprietary' NOT NULL,
	"open_weights" boolean DEFAULT false NOT NULL,
	"input_modalities" text[] DEFAULT '{}'::text[] NOT NULL,
	"output_modalities" text[] DEFAULT '{}'::text[] NOT NULL,
	"strengths" text[] DEFAULT '{}'::text[] NOT NULL,
	"weaknesses" text[] DEFAULT '{}'::text[] NOT NULL,
	"publication" text DEFAULT 'DRAFT' NOT NULL,
	"curated" boolean DEFAULT false NOT NULL,
	"release_date" date,
	"knowledge_cutoff" text,
	"context_window" integer,
	"max_output_tokens" integer,
	"input_price" numeric(14,6),
	"output_price" numeric(14,6),
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "models_slug_check" CHECK ("slug" ~ '^[a-z0-9][a-z0-9._-]*$'),
	CONSTRAINT "models_status_check" CHECK ("status" in ('ACTIVE', 'DEPRECATED', 'RETIRED')),
	CONSTRAINT "models_publication_check" CHECK ("publication" in ('DRAFT', 'PUBLISHED', 'RETIRED')),
	CONSTRAINT "models_context_window_check" CHECK ("context_window" is null or "context_window" > 0),
	CONSTRAINT "models_max_output_check" CHECK ("max_output_tokens" is null or "max_output_tokens" > 0)
);
--> statement-breakpoint
CREATE TABLE "providers" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "providers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"website" text,
	"docs_url" text,
	"api_base_url" text,
	"api_key_env" text,
	"npm_package" text,
	"python_package" text,
	"publication" text DEFAULT 'PUBLISHED' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "providers_slug_check" CHECK ("slug" ~ '^[a-z0-9][a-z0-9._-]*$'),
	CONSTRAINT "providers_publication_check" CHECK ("publication" in ('DRAFT', 'PUBLISHED', 'RETIRED'))
);
--> statement-breakpoint
CREATE TABLE "site_texts" (
	"key" text PRIMARY KEY,
	"body" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "model_facts" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "model_facts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"model_id" integer NOT NULL,
	"fact" text NOT NULL,
	"value" text NOT NULL,
	"source_id" integer NOT NULL,
	"locator" text NOT NULL,
	"retrieved_at" date NOT NULL,
	"status" text DEFAULT 'DRAFT' NOT NULL,
	"origin" text DEFAULT 'EDITOR' NOT NULL,
	"note" text,
	"created_by" integer,
	"verified_by" integer,
	"verified_at" timestamp with time zone,
	"rejection_reason" text,
	"superseded_by" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "model_facts_fact_check" CHECK ("fact" in ('RELEASE_DATE', 'KNOWLEDGE_CUTOFF', 'CONTEXT_WINDOW', 'MAX_OUTPUT_TOKENS')),
	CONSTRAINT "model_facts_value_check" CHECK (case when "fact" in ('RELEASE_DATE', 'KNOWLEDGE_CUTOFF')
        then "value" ~ '^[0-9]{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?$'
        else "value" ~ '^[1-9][0-9]{0,9}$' end),
	CONSTRAINT "model_facts_locator_check" CHECK (length(trim("locator")) > 0),
	CONSTRAINT "model_facts_status_check" CHECK ("status" in ('DRAFT', 'PENDING_REVIEW', 'VERIFIED', 'REJECTED', 'SUPERSEDED')),
	CONSTRAINT "model_facts_origin_check" CHECK ("origin" in ('EDITOR', 'IMPORT')),
	CONSTRAINT "model_facts_four_eyes_check" CHECK ("verified_by" is null or "created_by" is null or "verified_by" <> "created_by"),
	CONSTRAINT "model_facts_verified_by_check" CHECK ("status" not in ('VERIFIED', 'SUPERSEDED') or "origin" = 'IMPORT' or ("verified_by" is not null and "created_by" is not null)),
	CONSTRAINT "model_facts_rejection_check" CHECK ("status" <> 'REJECTED' or length(trim(coalesce("rejection_reason", ''))) > 0)
);
--> statement-breakpoint
CREATE TABLE "prices" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "prices_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"model_id" integer NOT NULL,
	"kind" text NOT NULL,
	"tier_min_tokens" integer DEFAULT 0 NOT NULL,
	"usd_per_million_tokens" numeric(14,6) NOT NULL,
	"effective_from" date NOT NULL,
	"source_id" integer NOT NULL,
	"locator" text NOT NULL,
	"retrieved_at" date NOT NULL,
	"status" text DEFAULT 'DRAFT' NOT NULL,
	"origin" text DEFAULT 'EDITOR' NOT NULL,
	"note" text,
	"created_by" integer,
	"verified_by" integer,
	"verified_at" timestamp with time zone,
	"rejection_reason" text,
	"superseded_by" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "prices_kind_check" CHECK ("kind" in ('INPUT', 'OUTPUT', 'CACHED_INPUT', 'CACHE_WRITE', 'BATCH_INPUT', 'BATCH_OUTPUT', 'INPUT_AUDIO', 'OUTPUT_AUDIO', 'REASONING')),
	CONSTRAINT "prices_non_negative_check" CHECK ("usd_per_million_tokens" >= 0),
	CONSTRAINT "prices_tier_check" CHECK ("tier_min_tokens" >= 0),
	CONSTRAINT "prices_locator_check" CHECK (length(trim("locator")) > 0),
	CONSTRAINT "prices_status_check" CHECK ("status" in ('DRAFT', 'PENDING_REVIEW', 'VERIFIED', 'REJECTED', 'SUPERSEDED')),
	CONSTRAINT "prices_origin_check" CHECK ("origin" in ('EDITOR', 'IMPORT')),
	CONSTRAINT "prices_four_eyes_check" CHECK ("verified_by" is null or "created_by" is null or "verified_by" <> "created_by"),
	CONSTRAINT "prices_verified_by_check" CHECK ("status" not in ('VERIFIED', 'SUPERSEDED') or "origin" = 'IMPORT' or ("verified_by" is not null and "created_by" is not null)),
	CONSTRAINT "prices_rejection_check" CHECK ("status" <> 'REJECTED' or length(trim(coalesce("rejection_reason", ''))) > 0)
);
--> statement-breakpoint
CREATE TABLE "scores" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "scores_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"model_id" integer NOT NULL,
	"benchmark_id" integer NOT NULL,
	"setting" text DEFAULT '' NOT NULL,
	"value" double precision NOT NULL,
	"source_id" integer NOT NULL,
	"locator" text NOT NULL,
	"retrieved_at" date NOT NULL,
	"status" text DEFAULT 'DRAFT' NOT NULL,
	"origin" text DEFAULT 'EDITOR' NOT NULL,
	"note" text,
	"created_by" integer,
	"verified_by" integer,
	"verified_at" timestamp with time zone,
	"rejection_reason" text,
	"superseded_by" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "scores_value_finite_check" CHECK ("value" = "value" and "value" not in ('Infinity'::float8, '-Infinity'::float8)),
	CONSTRAINT "scores_locator_check" CHECK (length(trim("locator")) > 0),
	CONSTRAINT "scores_status_check" CHECK ("status" in ('DRAFT', 'PENDING_REVIEW', 'VERIFIED', 'REJECTED', 'SUPERSEDED')),
	CONSTRAINT "scores_origin_check" CHECK ("origin" in ('EDITOR', 'IMPORT')),
	CONSTRAINT "scores_four_eyes_check" CHECK ("verified_by" is null or "created_by" is null or "verified_by" <> "created_by"),
	CONSTRAINT "scores_verified_by_check" CHECK ("status" not in ('VERIFIED', 'SUPERSEDED') or "origin" = 'IMPORT' or ("verified_by" is not null and "created_by" is not null)),
	CONSTRAINT "scores_rejection_check" CHECK ("status" <> 'REJECTED' or length(trim(coalesce("rejection_reason", ''))) > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_key" ON "users" (lower("email"));--> statement-breakpoint
CREATE UNIQUE INDEX "sources_url_key" ON "sources" ("url");--> statement-breakpoint
CREATE INDEX "sources_link_status_idx" ON "sources" ("link_status","id");--> statement-breakpoint
CREATE INDEX "benchmark_aliases_benchmark_idx" ON "benchmark_aliases" ("benchmark_id");--> statement-breakpoint
CREATE UNIQUE INDEX "benchmarks_slug_key" ON "benchmarks" ("slug");--> statement-breakpoint
CREATE INDEX "benchmarks_name_idx" ON "benchmarks" ("name","id");--> statement-breakpoint
CREATE UNIQUE INDEX "model_families_slug_key" ON "model_families" ("slug");--> statement-breakpoint
CREATE INDEX "model_families_provider_idx" ON "model_families" ("provider_id");--> statement-breakpoint
CREATE INDEX "model_similarities_rank_idx" ON "model_similarities" ("model_id","rank");--> statement-breakpoint
CREATE UNIQUE INDEX "models_slug_key" ON "models" ("slug");--> statement-breakpoint
CREATE INDEX "models_provider_idx" ON "models" ("provider_id","id");--> statement-breakpoint
CREATE INDEX "models_family_idx" ON "models" ("family_id","family_position");--> statement-breakpoint
CREATE INDEX "models_pub_release_idx" ON "models" (coalesce("release_date", '0001-01-01'::date),"id") WHERE "publication" = 'PUBLISHED';--> statement-breakpoint
CREATE INDEX "models_pub_context_idx" ON "models" (coalesce("context_window", 0),"id") WHERE "publication" = 'PUBLISHED';--> statement-breakpoint
CREATE INDEX "models_pub_price_idx" ON "models" (coalesce("input_price", 0),"id") WHERE "publication" = 'PUBLISHED';--> statement-breakpoint
CREATE INDEX "models_pub_name_idx" ON "models" ("name","id") WHERE "publication" = 'PUBLISHED';--> statement-breakpoint
CREATE INDEX "models_search_idx" ON "models" USING gin ((lower("name" || ' ' || "slug")) gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "providers_slug_key" ON "providers" ("slug");--> statement-breakpoint
CREATE INDEX "providers_name_idx" ON "providers" ("name","id");--> statement-breakpoint
CREATE UNIQUE INDEX "model_facts_verified_key" ON "model_facts" ("model_id","fact") WHERE "status" = 'VERIFIED';--> statement-breakpoint
CREATE UNIQUE INDEX "model_facts_live_source_key" ON "model_facts" ("model_id","fact","source_id") WHERE "status" in ('DRAFT', 'PENDING_REVIEW', 'VERIFIED');--> statement-breakpoint
CREATE INDEX "model_facts_source_idx" ON "model_facts" ("source_id");--> statement-breakpoint
CREATE INDEX "model_facts_status_idx" ON "model_facts" ("status","id");--> statement-breakpoint
CREATE UNIQUE INDEX "prices_verified_key" ON "prices" ("model_id","kind","tier_min_tokens","effective_from") WHERE "status" = 'VERIFIED';--> statement-breakpoint
CREATE UNIQUE INDEX "prices_live_source_key" ON "prices" ("model_id","kind","tier_min_tokens","effective_from","source_id") WHERE "status" in ('DRAFT', 'PENDING_REVIEW', 'VERIFIED');--> statement-breakpoint
CREATE INDEX "prices_model_idx" ON "prices" ("model_id","kind","effective_from");--> statement-breakpoint
CREATE INDEX "prices_source_idx" ON "prices" ("source_id");--> statement-breakpoint
CREATE INDEX "prices_status_idx" ON "prices" ("status","id");--> statement-breakpoint
CREATE UNIQUE INDEX "scores_verified_key" ON "scores" ("model_id","benchmark_id","setting") WHERE "status" = 'VERIFIED';--> statement-breakpoint
CREATE UNIQUE INDEX "scores_live_source_key" ON "scores" ("model_id","benchmark_id","setting","source_id") WHERE "status" in ('DRAFT', 'PENDING_REVIEW', 'VERIFIED');--> statement-breakpoint
CREATE INDEX "scores_leaderboard_idx" ON "scores" ("benchmark_id","value","id") WHERE "status" = 'VERIFIED';--> statement-breakpoint
CREATE INDEX "scores_model_idx" ON "scores" ("model_id","benchmark_id");--> statement-breakpoint
CREATE INDEX "scores_source_idx" ON "scores" ("source_id");--> statement-breakpoint
CREATE INDEX "scores_status_idx" ON "scores" ("status","id");--> statement-breakpoint
ALTER TABLE "sources" ADD CONSTRAINT "sources_created_by_users_id_fkey" FOREIGN KEY ("created_by") REFERENCES "users"("id");--> statement-breakpoint
ALTER TABLE "benchmark_aliases" ADD CONSTRAINT "benchmark_aliases_benchmark_id_benchmarks_id_fkey" FOREIGN KEY ("benchmark_id") REFERENCES "benchmarks"("id") ON DELETE CASCADE;--> statement-breakpoint
ALTER TABLE "benchmarks" ADD CONSTRAINT "benchmarks_paper_source_id_sources_id_fkey" FOREIGN KEY ("paper_source_id") REFERENCES "sources"("id");--> statement-breakpoint
ALTER TABLE "model_families" ADD CONSTRAINT "model_families_provider_id_providers_id_fkey" FOREIGN KEY ("provider_id") REFERENCES "providers"("id");--> statement-breakpoint
ALTER TABLE "model_similarities" ADD CONSTRAINT "model_similarities_model_id_models_id_fkey" FOREIGN KEY ("model_id") REFERENCES "models"("id") ON DELETE CASCADE;--> statement-breakpoint
ALTER TABLE "model_similarities" ADD CONSTRAINT "model_similarities_similar_model_id_models_id_fkey" FOREIGN KEY ("similar_model_id") REFERENCES "models"("id") ON DELETE CASCADE;--> statement-breakpoint
ALTER TABLE "models" ADD CONSTRAINT "models_provider_id_providers_id_fkey" FOREIGN KEY ("provider_id") REFERENCES "providers"("id");--> statement-breakpoint
ALTER TABLE "models" ADD CONSTRAINT "models_family_id_model_families_id_fkey" FOREIGN KEY ("family_id") REFERENCES "model_families"("id");--> statement-breakpoint
ALTER TABLE "model_facts" ADD CONSTRAINT "model_facts_model_id_models_id_fkey" FOREIGN KEY ("model_id") REFERENCES "models"("id");--> statement-breakpoint
ALTER TABLE "model_facts" ADD CONSTRAINT "model_facts_source_id_sources_id_fkey" FOREIGN KEY ("source_id") REFERENCES "sources"("id");--> statement-breakpoint
ALTER TABLE "model_facts" ADD CONSTRAINT "model_facts_created_by_users_id_fkey" FOREIGN KEY ("created_by") REFERENCES "users"("id");--> statement-breakpoint
ALTER TABLE "model_facts" ADD CONSTRAINT "model_facts_verified_by_users_id_fkey" FOREIGN KEY ("verified_by") REFERENCES "users"("id");--> statement-breakpoint
ALTER TABLE "prices" ADD CONSTRAINT "prices_model_id_models_id_fkey" FOREIGN KEY ("model_id") REFERENCES "models"("id");--> statement-breakpoint
ALTER TABLE "prices" ADD CONSTRAINT "prices_source_id_sources_id_fkey" FOREIGN KEY ("source_id") REFERENCES "sources"("id");--> statement-breakpoint
ALTER TABLE "prices" ADD CONSTRAINT "prices_created_by_users_id_fkey" FOREIGN KEY ("created_by") REFERENCES "users"("id");--> statement-breakpoint
ALTER TABLE "prices" ADD CONSTRAINT "prices_verified_by_users_id_fkey" FOREIGN KEY ("verified_by") REFERENCES "users"("id");--> statement-breakpoint
ALTER TABLE "scores" ADD CONSTRAINT "scores_model_id_models_id_fkey" FOREIGN KEY ("model_id") REFERENCES "models"("id");--> statement-breakpoint
ALTER TABLE "scores" ADD CONSTRAINT "scores_benchmark_id_benchmarks_id_fkey" FOREIGN KEY ("benchmark_id") REFERENCES "benchmarks"("id");--> statement-breakpoint
ALTER TABLE "scores" ADD CONSTRAINT "scores_source_id_sources_id_fkey" FOREIGN KEY ("source_id") REFERENCES "sources"("id");--> statement-breakpoint
ALTER TABLE "scores" ADD CONSTRAINT "scores_created_by_users_id_fkey" FOREIGN KEY ("created_by") REFERENCES "users"("id");--> statement-breakpoint
ALTER TABLE "scores" ADD CONSTRAINT "scores_verified_by_users_id_fkey" FOREIGN KEY ("verified_by") REFERENCES "users"("id");