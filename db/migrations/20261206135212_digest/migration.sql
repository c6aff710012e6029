CREATE TABLE "digest_items" (
	"id" serial PRIMARY KEY,
	"digest_id" integer NOT NULL,
	"position" integer NOT NULL,
	"change_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"headline" text NOT NULL,
	"note" text,
	"model_id" integer NOT NULL,
	"claim_kind" text,
	"claim_id" integer,
	"source_id" integer,
	"locator" text,
	CONSTRAINT "digest_items_cited_check" CHECK ("claim_kind" in ('Score', 'Price', 'ModelFact') and "claim_id" is not null and "source_id" is not null)
);
--> statement-breakpoint
CREATE TABLE "digests" (
	"id" serial PRIMARY KEY,
	"week" text NOT NULL,
	"title" text NOT NULL,
	"intro" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'DRAFT' NOT NULL,
	"edited_by" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"published_by" integer,
	"published_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "digests_status_check" CHECK ("status" in ('DRAFT', 'PUBLISHED')),
	CONSTRAINT "digests_week_check" CHECK ("week" ~ '^[0-9]{4}-W(0[1-9]|[1-4][0-9]|5[0-3])$'),
	CONSTRAINT "digests_published_check" CHECK (("status" = 'PUBLISHED') = ("published_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "email_outbox" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "email_outbox_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"subscriber_id" integer NOT NULL,
	"digest_id" integer,
	"token" text,
	"status" text DEFAULT 'PENDING' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lease_until" timestamp with time zone,
	"last_error" text,
	"message_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "email_outbox_kind_check" CHECK ("kind" in ('CONFIRMATION', 'DIGEST')),
	CONSTRAINT "email_outbox_status_check" CHECK ("status" in ('PENDING', 'SENDING', 'SENT', 'UNCERTAIN', 'FAILED', 'SKIPPED')),
	CONSTRAINT "email_outbox_digest_check" CHECK (("kind" = 'DIGEST') = ("digest_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "subscribers" (
	"id" serial PRIMARY KEY,
	"email" text NOT NULL,
	"email_hash" text NOT NULL,
	"status" text DEFAULT 'PENDING' NOT NULL,
	"confirm_token_hash" text,
	"confirm_expires_at" timestamp with time zone,
	"confirmations_sent" integer DEFAULT 0 NOT NULL,
	"confirmation_window_at" timestamp with time zone,
	"unsubscribe_token" text NOT NULL,
	"confirmed_at" timestamp with time zone,
	"unsubscribed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "subscribers_status_check" CHECK ("status" in ('PENDING', 'CONFIRMED', 'UNSUBSCRIBED'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "digest_items_position_idx" ON "digest_items" ("digest_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "digest_items_change_idx" ON "digest_items" ("digest_id","change_id");--> statement-breakpoint
CREATE UNIQUE INDEX "digests_week_idx" ON "digests" ("week");--> statement-breakpoint
CREATE INDEX "digests_published_idx" ON "digests" ("published_at") WHERE "status" = 'PUBLISHED';--> statement-breakpoint
CREATE UNIQUE INDEX "email_outbox_digest_subscriber_idx" ON "email_outbox" ("digest_id","subscriber_id") WHERE "kind" = 'DIGEST';--> statement-breakpoint
CREATE INDEX "email_outbox_due_idx" ON "email_outbox" ("next_attempt_at","id") WHERE "status" = 'PENDING';--> statement-breakpoint
CREATE INDEX "email_outbox_sending_idx" ON "email_outbox" ("lease_until") WHERE "status" = 'SENDING';--> statement-breakpoint
CREATE UNIQUE INDEX "subscribers_email_hash_idx" ON "subscribers" ("email_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "subscribers_unsubscribe_token_idx" ON "subscribers" ("unsubscribe_token");--> statement-breakpoint
CREATE UNIQUE INDEX "subscribers_confirm_token_idx" ON "subscribers" ("confirm_token_hash");--> statement-breakpoint
CREATE INDEX "subscribers_confirmed_idx" ON "subscribers" ("id") WHERE "status" = 'CONFIRMED';--> statement-breakpoint
ALTER TABLE "digest_items" ADD CONSTRAINT "digest_items_digest_id_digests_id_fkey" FOREIGN KEY ("digest_id") REFERENCES "digests"("id") ON DELETE CASCADE;--> statement-breakpoint
ALTER TABLE "digest_items" ADD CONSTRAINT "digest_items_change_id_catalog_changes_id_fkey" FOREIGN KEY ("change_id") REFERENCES "catalog_changes"("id");--> statement-breakpoint
ALTER TABLE "digest_items" ADD CONSTRAINT "digest_items_model_id_models_id_fkey" FOREIGN KEY ("model_id") REFERENCES "models"("id");--> statement-breakpoint
ALTER TABLE "digest_items" ADD CONSTRAINT "digest_items_source_id_sources_id_fkey" FOREIGN KEY ("source_id") REFERENCES "sources"("id");--> statement-breakpoint
ALTER TABLE "digests" ADD CONSTRAINT "digests_published_by_users_id_fkey" FOREIGN KEY ("published_by") REFERENCES "users"("id");--> statement-breakpoint
ALTER TABLE "email_outbox" ADD CONSTRAINT "email_outbox_subscriber_id_subscribers_id_fkey" FOREIGN KEY ("subscriber_id") REFERENCES "subscribers"("id") ON DELETE CASCADE;--> statement-breakpoint
ALTER TABLE "email_outbox" ADD CONSTRAINT "email_outbox_digest_id_digests_id_fkey" FOREIGN KEY ("digest_id") REFERENCES "digests"("id");--> statement-breakpoint
-- A published digest is the public record of its week: neither it nor its items change afterwards.
CREATE FUNCTION digests_published_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'digests' THEN
    IF OLD.status = 'PUBLISHED' THEN RAISE EXCEPTION 'digest % is published and cannot change', OLD.week USING ERRCODE = 'check_violation'; END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
  END IF;
  IF EXISTS (SELECT 1 FROM digests d WHERE d.id = coalesce(NEW.digest_id, OLD.digest_id) AND d.status = 'PUBLISHED') THEN
    RAISE EXCEPTION 'the items of a published digest cannot change' USING ERRCODE = 'check_violation';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER digests_frozen BEFORE UPDATE OR DELETE ON digests FOR EACH ROW EXECUTE FUNCTION digests_published_frozen();
--> statement-breakpoint
CREATE TRIGGER digest_items_frozen BEFORE INSERT OR UPDATE OR DELETE ON digest_items FOR EACH ROW EXECUTE FUNCTION digests_published_frozen();
--> statement-breakpoint
-- Publishing a digest changes what the public reads (digest, digests): it moves the catalog version
-- at commit like every catalog write, so no cached answer outlives it.
CREATE CONSTRAINT TRIGGER digests_catalog_version AFTER INSERT OR UPDATE OR DELETE ON digests
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (catalog_change_queued_first()) EXECUTE FUNCTION catalog_version_bump();
