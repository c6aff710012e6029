/**
 * Cache survival under a write load (part of `npm run bench`): the cached API is asked for the pages of
 * `pages` public models in turn, `concurrency` at a time, while another model's row changes once a
 * second (an UPDATE committed on the database, as an editor's save or a published number would): every
 * such commit is announced to the API, which must keep serving the pages it did not change. Reported:
 * the share of answers served from the first cache level (`X-Cache: HIT`) once each page was asked for
 * once, the writes made, and the errors. Whether a changed page is ever served stale is the tests' job
 * (test/api/pageCache.test.ts, test/faults/withdrawal.test.ts).
 */
import postgres from 'postgres';

export interface SurvivalReport {
  pages: number;
  seconds: number;
  writesPerSecond: number;
  writes: number;
  requests: number;
  hits: number;
  hitPercent: number;
  errors: number;
  /** Answers by their X-Cache header ("none" when absent: not kept). */
  byCacheHeader: Record<string, number>;
}

export interface SurvivalOptions {
  graphqlUrl: string;
  databaseUrl: string;
  /** The ModelPage document (the contract's). */
  modelPage: string;
  seconds: number;
  pages?: number;
  concurrency?: number;
}

export async function measureCacheSurvival({ graphqlUrl, databaseUrl, modelPage, seconds, pages = 100, concurrency = 4 }: SurvivalOptions): Promise<SurvivalReport> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {}, connection: { application_name: 'sourced-bench-writer' } });
  try {
    // The pages read: public models as the API lists them. The writes: models outside that set.
    const listed = await post(graphqlUrl, JSON.stringify({ query: `{ models(first: ${pages}) { edges { node { slug } } } }` }));
    const slugs: string[] = (JSON.parse(listed.text).data?.models.edges ?? []).map((edge: { node: { slug: string } }) => edge.node.slug);
    if (slugs.length === 0) throw new Error('cache survival: the API lists no model');
    const written = await sql<{ id: number }[]>`select id from models where slug <> all(${slugs}) order by id limit 500`;
    if (written.length === 0) throw new Error('cache survival: no model outside the pages read to write to');
    const bodies = slugs.map((slug) => JSON.stringify({ operationName: 'ModelPage', query: modelPage, variables: { slug } }));

    // Every page once, so that each is in the cache before the writes start.
    for (const body of bodies) await post(graphqlUrl, body);

    let writes = 0;
    let stopped = false;
    const writer = (async () => {
      for (let i = 0; !stopped; i++) {
        const model = written[i % written.length]!.id;
        await sql`update models set tagline = coalesce(tagline, '') where id = ${model}`;
        writes++;
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    })();

    let requests = 0;
    let hits = 0;
    let errors = 0;
    let next = 0;
    const byCacheHeader: Record<string, number> = {};
    const ends = performance.now() + seconds * 1_000;
    const reader = async () => {
      while (performance.now() < ends) {
        const answer = await post(graphqlUrl, bodies[next++ % bodies.length]!).catch(() => null);
        requests++;
        const header = answer?.cache ?? 'none';
        byCacheHeader[header] = (byCacheHeader[header] ?? 0) + 1;
        if (!answer || answer.status !== 200) errors++;
        else if (answer.cache === 'HIT') hits++;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, reader));
    stopped = true;
    await writer;
    return { pages: slugs.length, seconds, writesPerSecond: 1, writes, requests, hits, hitPercent: Math.round((hits / Math.max(1, requests)) * 1000) / 10, errors, byCacheHeader };
  } finally {
    await sql.end();
  }
}

async function post(url: string, body: string): Promise<{ status: number; text: string; cache: string | null }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' }, body });
  return { status: response.status, text: await response.text(), cache: response.headers.get('x-cache') };
}
