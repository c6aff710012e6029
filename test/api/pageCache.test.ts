import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { contractOperations } from '../helpers/contract.ts';
import { CatalogFixture } from '../helpers/fixtures.ts';
import { until } from '../helpers/until.ts';

// A model's cached page (the contract's ModelPage) survives edits of other models, and is never served
// after a commit that changed anything it shows: its own rows, a model it lists as similar, or what every
// model page shows (providers, benchmarks, sources, the methodology). Writes come from elsewhere (SQL
// on the database, as another instance or the importer would): the process hears of them by NOTIFY.

const modelPage = contractOperations('public.graphql').get('ModelPage')!;
let app: TestApp;
let ids: { alpha: number; beta: number; gamma: number; benchmark: number; source: number };

beforeAll(async () => {
  app = await startTestApp(
    async (db) => {
      const catalog = new CatalogFixture(db);
      const provider = await catalog.provider('acme', 'Acme');
      const benchmark = await catalog.benchmark('gpqa');
      const source = await catalog.source();
      const alpha = await catalog.model('alpha', provider);
      const beta = await catalog.model('beta', provider);
      const gamma = await catalog.model('gamma', provider);
      for (const model of [alpha, beta, gamma]) await catalog.score(model, benchmark, 50, source);
      // Alpha's page lists beta as its similar model.
      await db.raw.query(`insert into model_similarities (model_id, similar_model_id, rank, score) values ($1, $2, 1, 0.9)`, [alpha, beta]);
      ids = { alpha, beta, gamma, benchmark, source };
    },
    { responseCache: true },
  );
});
afterAll(() => app?.close());

const page = (slug: string) => app.gql(modelPage, { slug });

/** Alpha's page comes from the cache: no statement reaches the database, same answer. */
async function expectAlphaCached(expected: unknown) {
  app.statements.length = 0;
  const again = await page('alpha');
  expect(again.data).toEqual(expected);
  expect(again.headers.get('x-cache')).toBe('HIT');
  expect(app.statements).toEqual([]);
}

describe('a model page in the response cache', () => {
  it('stays cached while other models change, and is computed again once its own model changes', async () => {
    await page('alpha');
    const cached = (await page('alpha')).data;
    await expectAlphaCached(cached);

    // Gamma's score changes; once gamma's page shows it, this process has heard of the commit.
    await app.db.raw.query(`update scores set value = 61 where model_id = $1`, [ids.gamma]);
    await until(() => page('gamma'), (result) => result.data?.model.scores[0]?.value === 61);
    await expectAlphaCached(cached);

    // A new source, cited by nothing yet, changes no model page. (Gamma's page then changes again, so
    // that this process has heard of both commits, in order.)
    await app.db.raw.query(`insert into sources (url, title, publisher, kind, retrieved_at) values ('https://example.test/new-page', 'New page', 'Example', 'VENDOR_DOCS', now())`);
    await app.db.raw.query(`update scores set value = 63 where model_id = $1`, [ids.gamma]);
    await until(() => page('gamma'), (result) => result.data?.model.scores[0]?.value === 63);
    await expectAlphaCached(cached);

    // A link check or a capture of a cited source changes nothing a model page shows (the server
    // re-checks every cited page on a timer: each would otherwise make every model page stale).
    await app.db.raw.query(`update sources set link_status = 'BROKEN', link_http_status = 404, link_checked_at = now(), archived_url = 'https://archive.example/page' where id = $1`, [ids.source]);
    // So is the check of a number against a capture (evidence columns), alpha's own included.
    await app.db.raw.query(`update scores set evidence_status = 'FOUND', evidence_checked_at = now(), last_confirmed_at = now(), evidence_excerpt = 'seen' where model_id = $1`, [ids.alpha]);
    // And a model row written back unchanged (its price and fact copies are, on every such check).
    await app.db.raw.query(`update models set name = name, input_price = input_price where id = $1`, [ids.alpha]);
    await app.db.raw.query(`update scores set value = 64 where model_id = $1`, [ids.gamma]);
    await until(() => page('gamma'), (result) => result.data?.model.scores[0]?.value === 64);
    await expectAlphaCached(cached);

    // Alpha's own score changes: its page is computed again.
    await app.db.raw.query(`update scores set value = 62 where model_id = $1`, [ids.alpha]);
    const changed = await until(() => page('alpha'), (result) => result.data?.model.scores[0]?.value === 62);
    expect(changed.data?.model.scores[0]?.value).toBe(62);
  });

  it('changes when a model it lists as similar is renamed or stops being public', async () => {
    expect((await page('alpha')).data?.model.compareWith).toEqual([{ slug: 'beta', name: 'beta' }]);
    await app.db.raw.query(`update models set name = 'Beta Renamed' where id = $1`, [ids.beta]);
    const renamed = await until(() => page('alpha'), (result) => result.data?.model.compareWith[0]?.name === 'Beta Renamed');
    expect(renamed.data?.model.compareWith).toEqual([{ slug: 'beta', name: 'Beta Renamed' }]);

    await app.db.raw.query(`update models set publication = 'DRAFT' where id = $1`, [ids.beta]);
    const hidden = await until(() => page('alpha'), (result) => result.data?.model.compareWith.length === 0);
    expect(hidden.data?.model.compareWith).toEqual([]);
  });

  it('changes when its provider, a benchmark on it or a cited source changes', async () => {
    const edits: [string, unknown[], (data: any) => boolean][] = [
      [`update providers set name = 'Acme Labs' where slug = 'acme'`, [], (data) => data.model.provider.name === 'Acme Labs'],
      [`update benchmarks set name = 'GPQA Diamond' where id = $1`, [ids.benchmark], (data) => data.model.scores[0].benchmark.name === 'GPQA Diamond'],
      [`update sources set title = 'Retitled page' where id = $1`, [ids.source], (data) => data.model.scores[0].citation.source.title === 'Retitled page'],
    ];
    for (const [statement, params, shows] of edits) {
      const before = await page('alpha');
      expect(shows(before.data), statement).toBe(false);
      await app.db.raw.query(statement, params);
      const after = await until(() => page('alpha'), (result) => shows(result.data));
      expect(shows(after.data), statement).toBe(true);
    }
  });

  it('changes when a writer makes the commit-time bump fire early (SET CONSTRAINTS ALL IMMEDIATE) and writes on', async () => {
    // Django's check_constraints() does this mid-transaction: the catalog version is bumped (and its
    // keys announced) before the later statements of the same transaction record theirs.
    for (const before of ['', 'set constraints all deferred']) {
      const value = before ? 71 : 72;
      await page('gamma');
      expect((await page('gamma')).headers.get('x-cache')).toBe('HIT');
      await app.db.db.transaction(async (tx) => {
        await tx.execute(sql`insert into sources (url, title, publisher, kind, retrieved_at) values (${`https://example.test/early-${value}`}, 'Early', 'Example', 'VENDOR_DOCS', now())`);
        await tx.execute(sql`set constraints all immediate`);
        if (before) await tx.execute(sql.raw(before));
        await tx.execute(sql`update scores set value = ${value} where model_id = ${ids.gamma}`);
      });
      const changed = await until(() => page('gamma'), (result) => result.data?.model.scores[0]?.value === value);
      expect(changed.data?.model.scores[0]?.value).toBe(value);
    }
  });

  it('changes on a TRUNCATE of a catalog table, and on a bulk update of every model', async () => {
    await page('gamma');
    expect((await page('gamma')).headers.get('x-cache')).toBe('HIT');
    await app.db.raw.query(`truncate model_similarities`);
    // Alpha listed beta as similar: a TRUNCATE counts for every model page, gamma's included.
    const gone = await until(() => page('alpha'), (result) => result.data?.model.compareWith.length === 0);
    expect(gone.data?.model.compareWith).toEqual([]);
    expect((await page('gamma')).headers.get('x-cache')).toBe('MISS');

    await page('gamma');
    expect((await page('gamma')).headers.get('x-cache')).toBe('HIT');
    await app.db.raw.query(`update models set tagline = 'Bulk-edited' where true`);
    const edited = await until(() => page('gamma'), (result) => result.data?.model.tagline === 'Bulk-edited');
    expect(edited.data?.model.tagline).toBe('Bulk-edited');
  });

  it('serves a kept answer only to a request Yoga would answer the same: not to a text/plain body', async () => {
    const body = JSON.stringify({ query: modelPage, variables: { slug: 'gamma' } });
    const send = (type: string) => fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': type }, body });
    expect((await send('application/json')).status).toBe(200);
    expect((await send('application/json')).headers.get('x-cache')).toBe('HIT');
    const plain = await send('text/plain');
    expect(plain.status).toBe(415);
    expect(plain.headers.get('x-cache')).toBeNull();
  });

  it('is not kept per model when the model does not exist (the slug may name one later)', async () => {
    expect((await page('delta')).data?.model).toBeNull();
    const [provider] = await app.db.raw.query<{ id: number }>(`select id from providers where slug = 'acme'`);
    await new CatalogFixture(app.db).model('delta', provider!.id);
    const appeared = await until(() => page('delta'), (result) => result.data?.model?.slug === 'delta');
    expect(appeared.data?.model.slug).toBe('delta');
  });
});
