CREATE INDEX "sources_kind_idx" ON "sources" ("kind","id");--> statement-breakpoint
CREATE INDEX "sources_title_idx" ON "sources" ("title","id");--> statement-breakpoint
CREATE INDEX "models_pub_output_price_idx" ON "models" (coalesce("output_price", 0),"id") WHERE "publication" = 'PUBLISHED';--> statement-breakpoint
CREATE INDEX "models_pub_license_idx" ON "models" (lower("license_name"),"id") WHERE "publication" = 'PUBLISHED';--> statement-breakpoint
CREATE INDEX "models_pub_status_idx" ON "models" ("status","id") WHERE "publication" = 'PUBLISHED';--> statement-breakpoint
CREATE INDEX "models_input_modalities_idx" ON "models" USING gin ("input_modalities");--> statement-breakpoint
CREATE INDEX "models_output_modalities_idx" ON "models" USING gin ("output_modalities");--> statement-breakpoint
CREATE INDEX "model_facts_created_by_idx" ON "model_facts" ("created_by","id");--> statement-breakpoint
CREATE INDEX "prices_created_by_idx" ON "prices" ("created_by","id");--> statement-breakpoint
CREATE INDEX "scores_created_by_idx" ON "scores" ("created_by","id");