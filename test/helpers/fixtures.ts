import type { DatabaseHandle } from '../../db/client.ts';

/** Small catalogs built with plain SQL, for tests that need exact shapes rather than the demo data. */
export class CatalogFixture {
  private sourceId = 0;
  constructor(private readonly db: DatabaseHandle) {}

  async provider(slug: string, name = slug): Promise<number> {
    const [row] = await this.db.raw.query<{ id: number }>(
      `insert into providers (slug, name, api_base_url, api_key_env) values ($1, $2, $3, $4) returning id`,
      [slug, name, `https://api.${slug}.test/v1`, `${slug.toUpperCase()}_API_KEY`],
    );
    return row!.id;
  }

  async source(url = `https://example.test/source-${++this.sourceId}`): Promise<number> {
    const [row] = await this.db.raw.query<{ id: number }>(
      `insert into sources (url, title, publisher, kind, retrieved_at) values ($1, $2, 'Example', 'VENDOR_DOCS', '2026-11-01') returning id`,
      [url, `Source ${url}`],
    );
    return row!.id;
  }

  async benchmark(slug: string, options: { higherIsBetter?: boolean; min?: number; max?: number } = {}): Promise<number> {
    const [row] = await this.db.raw.query<{ id: number }>(
      `insert into benchmarks (slug, name, scale_min, scale_max, higher_is_better) values ($1, $2, $3, $4, $5) returning id`,
      [slug, slug.toUpperCase(), options.min ?? 0, options.max ?? 100, options.higherIsBetter ?? true],
    );
    return row!.id;
  }

  async model(
    slug: string,
    providerId: number,
    options: { publication?: string; openWeights?: boolean; familyId?: number } = {},
  ): Promise<number> {
    const [row] = await this.db.raw.query<{ id: number }>(
      `insert into models (slug, name, provider_id, publication, open_weights, api_model_id, family_id)
       values ($1, $1, $2, $3, $4, $1, $5) returning id`,
      [slug, providerId, options.publication ?? 'PUBLISHED', options.openWeights ?? false, options.familyId ?? null],
    );
    return row!.id;
  }

  async fact(modelId: number, fact: string, value: string, sourceId: number, status = 'VERIFIED'): Promise<void> {
    await this.db.raw.query(
      `insert into model_facts (model_id, fact, value, source_id, locator, retrieved_at, status, origin)
       values ($1, $2, $3, $4, 'Table 1', '2026-11-01', $5, 'IMPORT')`,
      [modelId, fact, value, sourceId, status],
    );
  }

  async price(modelId: number, kind: string, usd: number, sourceId: number, effectiveFrom = '2025-01-01', status = 'VERIFIED'): Promise<void> {
    await this.db.raw.query(
      `insert into prices (model_id, kind, usd_per_million_tokens, effective_from, source_id, locator, retrieved_at, status, origin)
       values ($1, $2, $3, $4, $5, 'Pricing table', '2026-11-01', $6, 'IMPORT')`,
      [modelId, kind, usd, effectiveFrom, sourceId, status],
    );
  }

  async score(modelId: number, benchmarkId: number, value: number, sourceId: number, options: { setting?: string; status?: string } = {}): Promise<void> {
    await this.db.raw.query(
      `insert into scores (model_id, benchmark_id, value, setting, source_id, locator, retrieved_at, status, origin)
       values ($1, $2, $3, $4, $5, 'Results table', '2026-11-01', $6, 'IMPORT')`,
      [modelId, benchmarkId, value, options.setting ?? '', sourceId, options.status ?? 'VERIFIED'],
    );
  }
}
