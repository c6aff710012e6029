import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshModelSimilarities } from '../../server/catalog/similarity.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { CatalogFixture } from '../helpers/fixtures.ts';
import { globalId, insertUser, login, type Session } from '../helpers/editor.ts';

// "Compare with…" follows the catalog as reviewers change it, not only at import time.
let app: TestApp;
let reviewer: Session;
let editor: Session;
const ids: Record<string, number> = {};
const pending: number[] = [];

beforeAll(async () => {
  app = await startTestApp(async (db) => {
    const catalog = new CatalogFixture(db);
    const acme = await catalog.provider('acme', 'Acme AI');
    const other = await catalog.provider('other', 'Other Lab');
    const [family] = await db.raw.query<{ id: number }>(`insert into model_families (slug, name, provider_id) values ('acme-line', 'Acme line', $1) returning id`, [acme]);
    const source = await catalog.source();
    for (const [slug, provider, publication, familyId, price] of [
      ['acme-a', acme, 'PUBLISHED', family!.id, 1],
      ['acme-b', acme, 'PUBLISHED', family!.id, 1.2],
      ['acme-new', acme, 'DRAFT', family!.id, 1.1],
      ['far-away', other, 'PUBLISHED', null, 1000],
    ] as const) {
      ids[slug] = await catalog.model(slug, provider, { publication, familyId: familyId ?? undefined });
      await catalog.price(ids[slug]!, 'INPUT', price, source);
    }
    await refreshModelSimilarities(db.db);
    await insertUser(db, 'reviewer@sourced.test', 'REVIEWER');
    // Numbers an editor entered on acme-a, waiting for review on six benchmarks.
    const editorId = await insertUser(db, 'editor@sourced.test', 'EDITOR');
    for (let i = 0; i < 6; i++) {
      const benchmark = await catalog.benchmark(`bench-${i}`);
      const [row] = await db.raw.query<{ id: number }>(
        `insert into scores (model_id, benchmark_id, value, setting, source_id, locator, retrieved_at, status, origin, created_by)
         values ($1, $2, 50, '', $3, 'Table 1', '2026-11-01', 'PENDING_REVIEW', 'EDITOR', $4) returning id`,
        [ids['acme-a'], benchmark, source, editorId],
      );
      pending.push(row!.id);
    }
  });
  reviewer = await login(app, 'reviewer@sourced.test');
  editor = await login(app, 'editor@sourced.test');
});
afterAll(() => app?.close());

const similar = async (slug: string, first = 5) => {
  const result = await app.gql(`query($slug: String!, $first: Int) { model(slug: $slug) { compareWith(first: $first) { slug } } }`, { slug, first });
  expect(result.errors).toBeUndefined();
  return result.data!.model.compareWith.map((model: { slug: string }) => model.slug);
};

const publication = (verb: 'publish' | 'retire', slug: string) =>
  app.gql(
    `mutation($id: ID!, $v: Int!) { result: ${verb}Model(id: $id, expectedVersion: $v) { __typename } }`,
    { id: globalId('Model', ids[slug]!), v: 1 },
    reviewer.headers,
  );

describe('compareWith', () => {
  it('suggests the family first, and nothing unrelated', async () => {
    expect(await similar('acme-a')).toEqual(['acme-b']);
  });

  it('takes in a model as soon as it is published, and lets go of one that is retired', async () => {
    expect((await publication('publish', 'acme-new')).data!.result.__typename).toBe('PublishModelSuccess');
    expect(await similar('acme-new')).toEqual(['acme-b', 'acme-a']); // by price: $1.20 is closer to $1.10 than $1
    expect(await similar('acme-a')).toEqual(['acme-new', 'acme-b']); // $1.10 is closer to $1 than $1.20
    expect((await publication('retire', 'acme-b')).data!.result.__typename).toBe('RetireModelSuccess');
    expect(await similar('acme-a')).toEqual(['acme-new']);
  });

  it('six verifications of one model at once all succeed (their refreshes take turns)', async () => {
    const verify = `mutation($id: ID!) { result: verifyScore(id: $id, expectedVersion: 1) { __typename } }`;
    const results = await Promise.all(pending.map((id) => app.gql(verify, { id: globalId('Score', id) }, reviewer.headers)));
    expect(results.map((result) => result.data?.result.__typename ?? result.errors)).toEqual(pending.map(() => 'VerifyScoreSuccess'));
    expect(await similar('acme-a')).toEqual(['acme-new']);
  });

  it('moving a model to another family refreshes the family it left too', async () => {
    // acme-c: in acme-line but far off in price, so acme-a ranks it below acme-new while they share the family.
    const [family] = await app.db.raw.query<{ id: number }>(`select family_id as id from models where id = $1`, [ids['acme-a']]);
    const [c] = await app.db.raw.query<{ id: number }>(
      `insert into models (slug, name, provider_id, publication, family_id, api_model_id) select 'acme-c', 'acme-c', provider_id, 'PUBLISHED', family_id, 'acme-c' from models where id = $1 returning id`,
      [ids['acme-a']],
    );
    await new CatalogFixture(app.db).price(c!.id, 'INPUT', 500, (await app.db.raw.query<{ id: number }>('select min(id) as id from sources'))[0]!.id);
    await app.db.raw.query(`insert into model_families (slug, name, provider_id) select 'acme-next', 'Acme next', provider_id from model_families where id = $1`, [family!.id]);
    await refreshModelSimilarities(app.db.db);
    expect(await similar('acme-a')).toEqual(['acme-new', 'acme-c']);

    const [current] = await app.db.raw.query<{ version: number }>('select version from models where id = $1', [ids['acme-new']]);
    // acme-new is published: the move is a revision an editor proposes and a reviewer approves.
    const moved = await app.gql(
      `mutation($id: ID!, $v: Int!) { updateModel(id: $id, expectedVersion: $v, patch: { family: "acme-next" }) { __typename ... on RevisionPending { revision { id version } } } }`,
      { id: globalId('Model', ids['acme-new']!), v: current!.version },
      editor.headers,
    );
    expect(moved.data?.updateModel.__typename ?? moved.errors).toBe('RevisionPending');
    const revision = moved.data!.updateModel.revision;
    const approved = await app.gql(`mutation($id: ID!, $v: Int!) { approveRevision(id: $id, expectedVersion: $v) { __typename } }`, revision && { id: revision.id, v: revision.version }, reviewer.headers);
    expect(approved.data?.approveRevision.__typename ?? approved.errors).toBe('ApproveRevisionSuccess');
    // acme-new is now only a same-provider model to acme-a: its old family mate ranks first.
    expect(await similar('acme-a')).toEqual(['acme-c', 'acme-new']);
  });

  it('says how many suggestions it keeps', async () => {
    const result = await app.gql(`{ model(slug: "acme-a") { compareWith(first: 6) { slug } } }`);
    expect(result.errors?.[0]?.message).toContain('At most 5 similar models are kept.');
  });
});
