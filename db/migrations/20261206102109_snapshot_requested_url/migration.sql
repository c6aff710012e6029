-- A capture is evidence for the address it was made for: once a source's URL changes, its numbers are
-- checked against captures of the new address only.
ALTER TABLE "source_snapshots" ADD COLUMN "requested_url" text;
