-- One source per page. source_url_key(url) is which page a URL names: scheme and host lower-cased,
-- default port, #fragment, tracking parameters and the path's trailing slash dropped, other query
-- parameters kept in order (the same rule as server/sources/sourceUrls.ts, tested to agree).
CREATE FUNCTION source_url_key(url text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  WITH parts AS (
    SELECT split_part(split_part(url, '#', 1), '?', 1) AS base,
           CASE WHEN position('?' in split_part(url, '#', 1)) > 0
                THEN substr(split_part(url, '#', 1), position('?' in split_part(url, '#', 1)) + 1) ELSE '' END AS query
  ), origin AS (
    SELECT lower(substring(base from '^[A-Za-z][A-Za-z0-9+.-]*://[^/]*')) AS origin,
           coalesce(substring(base from '^[A-Za-z][A-Za-z0-9+.-]*://[^/]*(.*)$'), '') AS path,
           query
    FROM parts
  )
  SELECT regexp_replace(regexp_replace(origin, '^(http://.*):80$', '\1'), '^(https://.*):443$', '\1')
    || regexp_replace(path, '/+$', '')
    || coalesce('?' || (
         SELECT string_agg(piece, '&' ORDER BY n)
         FROM unnest(string_to_array(query, '&')) WITH ORDINALITY AS q(piece, n)
         WHERE piece <> ''
           AND lower(split_part(piece, '=', 1)) !~ '^utm_'
           AND lower(split_part(piece, '=', 1)) <> ALL (ARRAY['gclid', 'dclid', 'gbraid', 'wbraid', 'msclkid', 'fbclid', 'igshid', 'yclid',
             'twclid', 'mc_cid', 'mc_eid', '_hsenc', '_hsmi', 'mkt_tok', 'ref', 'ref_src'])
       ), '')
  FROM origin
$$;
--> statement-breakpoint
ALTER TABLE "sources" ADD COLUMN "normalized_url" text GENERATED ALWAYS AS (source_url_key(url)) STORED;--> statement-breakpoint
ALTER TABLE "sources" ADD COLUMN "duplicate_of" integer;--> statement-breakpoint
ALTER TABLE "sources" ADD CONSTRAINT "sources_duplicate_of_sources_id_fkey" FOREIGN KEY ("duplicate_of") REFERENCES "sources"("id");--> statement-breakpoint
-- Sources already in the catalog that name the same page (e.g. /pricing and /pricing/) are kept, not
-- merged: the numbers citing each keep their citation, history and evidence. One stays the page's
-- source (the oldest not retired, else the oldest); each other one points at it (duplicate_of) and is
-- retired if it was not, so no new number cites it.
WITH ranked AS (
  SELECT id, url, normalized_url, row_number() OVER (PARTITION BY normalized_url ORDER BY retired_at IS NOT NULL, id) AS rank FROM "sources"
)
UPDATE "sources" AS later SET
  "duplicate_of" = keeper.id,
  "retired_at" = coalesce(later."retired_at", now()),
  "retirement_reason" = coalesce(later."retirement_reason", 'The same page as source #' || keeper.id || ' (' || keeper.url || '): cite that one.')
FROM ranked AS other, ranked AS keeper
WHERE other.id = later.id AND other.rank > 1 AND keeper.normalized_url = other.normalized_url AND keeper.rank = 1;
--> statement-breakpoint
CREATE UNIQUE INDEX "sources_normalized_url_key" ON "sources" ("normalized_url") WHERE "duplicate_of" is null;
