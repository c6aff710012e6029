import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoCatalog } from '../../server/import/demo.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { contractOperations, contractVariables } from '../helpers/contract.ts';

// The reference page: fetched with the contract's ModelPage operation, o4-mini must be exactly the
// page editors entered in seed-page.json, every number with its citation.
const seedPage = JSON.parse(readFileSync(new URL('../../db/seed/seed-page.json', import.meta.url), 'utf8'));
const operations = contractOperations('public.graphql');
const variables = contractVariables();
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp((db) => seedDemoCatalog(db));
});
afterAll(() => app?.close());

function sourceOf(key: string) {
  const source = seedPage.sources.find((candidate: { key: string }) => candidate.key === key);
  return { id: expect.any(String), url: source.url, title: source.title, publisher: source.publisher, kind: source.kind };
}

function citationOf(claim: { source: string; locator: string }) {
  const source = seedPage.sources.find((candidate: { key: string }) => candidate.key === claim.source);
  return { locator: claim.locator, retrievedAt: source.retrievedAt, source: sourceOf(claim.source) };
}

describe('the demo o4-mini page', () => {
  let page: any;
  let methodology: string;

  beforeAll(async () => {
    const result = await app.gql(operations.get('ModelPage')!, variables.ModelPage);
    expect(result.errors).toBeUndefined();
    page = result.data!.model;
    methodology = result.data!.methodology;
  });

  it('has the header, provider, family and licence editors entered', () => {
    const { model, provider, family } = seedPage;
    expect(page).toMatchObject({
      slug: model.slug,
      name: model.name,
      tagline: model.tagline,
      about: model.about,
      status: model.status,
      provider: { slug: provider.slug, name: provider.name, website: provider.website },
      family: { slug: family.slug, name: family.name },
      license: model.license,
      modalities: model.modalities,
      strengths: model.strengths,
      weaknesses: model.weaknesses,
    });
    expect(Date.parse(page.updatedAt)).not.toBeNaN();
  });

  it('cites every quick fact', () => {
    const facts = seedPage.model.facts;
    for (const name of ['releaseDate', 'knowledgeCutoff', 'contextWindow', 'maxOutputTokens']) {
      expect(page[name], name).toEqual({ value: facts[name].value, citation: citationOf(facts[name]) });
    }
  });

  it('lists exactly the published prices, each cited', () => {
    const expected = seedPage.model.prices.map((price: any) => ({
      kind: price.kind,
      usdPerMillionTokens: price.usdPerMillionTokens,
      effectiveFrom: price.effectiveFrom,
      citation: citationOf(price),
    }));
    expect(page.prices).toEqual(expect.arrayContaining(expected));
    expect(page.prices).toHaveLength(expected.length);
  });

  it('shows the GPQA Diamond score with its citation and benchmark', () => {
    const benchmark = seedPage.benchmarks[0];
    expect(page.scores).toEqual(
      seedPage.model.scores.map((score: any) => ({
        value: score.value,
        setting: score.setting,
        benchmark: { slug: benchmark.slug, name: benchmark.name, unit: benchmark.unit, higherIsBetter: benchmark.higherIsBetter },
        citation: citationOf(score),
      })),
    );
  });

  it('answers the FAQ from the sourced facts', () => {
    const questions = page.faq.map((entry: any) => entry.question);
    expect(questions).toEqual([
      'How much does o4-mini cost?',
      'What is the context window of o4-mini?',
      'Is o4-mini open source?',
      'When was o4-mini released?',
      'What is the knowledge cutoff of o4-mini?',
    ]);
    expect(page.faq[0].answer).toContain('$1.10 per 1M input tokens and $4.40 per 1M output tokens');
    expect(page.faq[4].answer).toContain('May 2024');
  });

  it('estimates 1M input + 1M output tokens at $5.50', () => {
    expect(page.estimateCost).toBe(5.5);
  });

  it('builds the TypeScript snippet from the provider API facts', () => {
    expect(page.snippet).toContain('model: "o4-mini"');
    expect(page.snippet).toContain(seedPage.provider.api.baseUrl);
    expect(page.snippet).toContain(`process.env.${seedPage.provider.api.apiKeyEnv}`);
  });

  it('suggests three models to compare with, family first', () => {
    expect(page.compareWith).toHaveLength(3);
    const familyMembers = seedPage.family.members.filter((slug: string) => slug !== 'o4-mini');
    expect(familyMembers).toContain(page.compareWith[0].slug);
  });

  it('prints the methodology', () => {
    expect(methodology).toBe(seedPage.methodology);
  });
});

describe('every public contract operation on the demo catalog', () => {
  for (const [name, document] of operations) {
    it(`${name} runs anonymously without errors`, async () => {
      let vars: Record<string, unknown> = variables[name] ?? {};
      if (name === 'Node') {
        const page = await app.gql(operations.get('ModelPage')!, variables.ModelPage);
        vars = { id: page.data!.model.id };
      }
      const result = await app.gql(document, vars);
      expect(result.errors).toBeUndefined();
      expect(result.status).toBe(200);
      if (name === 'Node') expect(result.data!.node).toMatchObject({ __typename: 'Model', slug: 'o4-mini' });
    });
  }

  it('Models: the contract filter holds for every row', async () => {
    const result = await app.gql(operations.get('Models')!, variables.Models);
    const edges = result.data!.models.edges;
    expect(edges.length).toBeGreaterThan(0);
    expect(result.data!.models.totalCount).toBeGreaterThanOrEqual(edges.length);
    const dates = edges.map((edge: any) => edge.node.releaseDate?.value ?? '');
    expect(dates).toEqual([...dates].sort().reverse());
    for (const { node } of edges) {
      expect(node.provider.slug).toBe('openai');
      expect(node.contextWindow.value).toBeGreaterThanOrEqual(100_000);
      expect(`${node.name} ${node.slug}`.toLowerCase()).toContain('mini');
    }
  });

  it('Leaderboard: ranked, every row cited', async () => {
    const result = await app.gql(operations.get('Leaderboard')!, variables.Leaderboard);
    const rows = result.data!.leaderboard;
    expect(result.data!.benchmark).toMatchObject({ slug: 'gpqa-diamond', scaleMin: 0, scaleMax: 100, higherIsBetter: true });
    expect(rows.length).toBeGreaterThan(0);
    rows.forEach((row: any, index: number) => {
      expect(row.citation.source.url).toMatch(/^https?:\/\//);
      if (index > 0) expect(row.value).toBeLessThanOrEqual(rows[index - 1].value);
    });
    expect(rows.find((row: any) => row.model.slug === 'o4-mini')).toMatchObject({ value: 81.4, setting: 'pass@1, no tools' });
  });

  it('Compare: one column per model, cells cited', async () => {
    const result = await app.gql(operations.get('Compare')!, variables.Compare);
    const { models, rows } = result.data!.compare;
    expect(models.map((model: any) => model.slug)).toEqual(['o4-mini', 'o3']);
    for (const row of rows) {
      expect(row.cells).toHaveLength(2);
      for (const cell of row.cells) if (cell.value !== null) expect(cell.citation.source.url).toMatch(/^https?:\/\//);
    }
  });

  it('Sources: pages through every cited source once, counting its citations', async () => {
    const seen = new Set<string>();
    let after: string | null = null;
    let totalCount = 0;
    for (let page = 0; page < 200; page++) {
      const result: any = await app.gql(operations.get('Sources')!, { first: 50, after });
      totalCount = result.data.sources.totalCount;
      for (const edge of result.data.sources.edges) {
        expect(seen.has(edge.node.id)).toBe(false);
        seen.add(edge.node.id);
        expect(edge.node.citationCount).toBeGreaterThan(0);
      }
      if (!result.data.sources.pageInfo.hasNextPage) break;
      after = result.data.sources.pageInfo.endCursor;
    }
    expect(seen.size).toBe(totalCount);
    expect(totalCount).toBeGreaterThan(100);
  });
});

describe('evidence on the demo catalog', () => {
  it('finds every imported number in the models.dev file it was read from; the unreachable vendor pages stay unchecked', async () => {
    const rows = await app.db.raw.query<{ kind: string; fromFile: boolean; status: string; dataset: string | null; n: number }>(
      `with numbers as (
         select 'fact' as kind, source_id, evidence_status, null as dataset from model_facts where status = 'VERIFIED'
         union all select 'price', source_id, evidence_status, null from prices where status = 'VERIFIED'
         union all select 'score', s.source_id, s.evidence_status, d.evidence_status from scores s
           left join score_dataset_citations d on d.score_id = s.id where s.status = 'VERIFIED'
       )
       select numbers.kind, (src.kind = 'AGGREGATOR_DATASET') as "fromFile", evidence_status as status, dataset, count(*)::int as n
       from numbers join sources src on src.id = numbers.source_id group by 1, 2, 3, 4 order by 1, 2, 3, 4`,
    );
    // Facts and prices read from models.dev cite the file itself: found in it.
    const fromFiles = rows.filter((row) => row.fromFile);
    expect(fromFiles.reduce((sum, row) => sum + row.n, 0)).toBeGreaterThan(100);
    for (const row of fromFiles) expect(row).toMatchObject({ status: 'FOUND', dataset: null });
    // Scores cite the page the file names (never fetched here): unchecked, and found in the file through their dataset citation.
    const importedScores = rows.filter((row) => row.kind === 'score' && row.dataset !== null);
    expect(importedScores.reduce((sum, row) => sum + row.n, 0)).toBeGreaterThan(50);
    for (const row of importedScores) expect(row).toMatchObject({ status: 'UNCHECKED', dataset: 'FOUND' });
    // Every other number cites a vendor page the demo never fetched: unchecked, never found without a capture.
    for (const row of rows.filter((candidate) => !candidate.fromFile)) expect(row.status).toBe('UNCHECKED');
  });

  it("gives auditors each imported score's dataset file and its check in the export", async () => {
    const response = await fetch(`${app.url}/export/numbers.ndjson`);
    expect(response.status).toBe(200);
    const rows = (await response.text()).trim().split('\n').map((line) => JSON.parse(line));
    const imported = rows.filter((row) => row.kind === 'SCORE' && row.dataset_url);
    expect(imported.length).toBeGreaterThan(50);
    for (const row of imported) {
      expect(row).toMatchObject({ evidence_status: 'UNCHECKED', dataset_evidence_status: 'FOUND', dataset_capture_sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
      expect(row.dataset_url).toMatch(/^https:\/\/github\.com\/anomalyco\/models\.dev\/blob\//);
    }
    for (const row of rows.filter((candidate) => candidate.kind !== 'SCORE')) expect(row.dataset_url).toBeNull();
  });

  it('shows a reader the evidence of an imported number, and the file an imported score was read from', async () => {
    const [withScores] = await app.db.raw.query<{ slug: string }>(
      `select m.slug from models m join scores s on s.model_id = m.id join score_dataset_citations d on d.score_id = s.id
       where s.status = 'VERIFIED' and m.publication = 'PUBLISHED' order by m.slug limit 1`,
    );
    const result = await app.gql(`query ($slug: String!) {
      model(slug: $slug) {
        scores { value benchmark { slug } citation { evidence { status } } recordedIn { locator source { url } evidence { status excerpt snapshot { sha256 contentType } } } }
      }
      models(first: 50) { edges { node { slug contextWindow { value citation { source { url } evidence { status excerpt } } } } } }
    }`, { slug: withScores!.slug });
    expect(result.errors).toBeUndefined();
    const imported = result.data!.model.scores.filter((score: any) => score.recordedIn);
    expect(imported.length).toBeGreaterThan(0);
    for (const score of imported) {
      expect(score.recordedIn.source.url).toMatch(/^https:\/\/github\.com\/anomalyco\/models\.dev\/blob\/[0-9a-f]{40}\/models\/.+\.toml$/);
      expect(score.recordedIn.evidence).toMatchObject({ status: 'FOUND', snapshot: { sha256: expect.stringMatching(/^[0-9a-f]{64}$/), contentType: 'application/toml' } });
      expect(score.recordedIn.evidence.excerpt).toContain(String(score.value));
    }
    const fromFiles = result.data!.models.edges.map((edge: any) => edge.node.contextWindow).filter((fact: any) => fact?.citation.source.url.includes('models.dev'));
    expect(fromFiles.length).toBeGreaterThan(10);
    for (const fact of fromFiles) expect(fact.citation.evidence.status).toBe('FOUND');
  });
});

describe('comparable results on the demo catalog', () => {
  it('the migration reads every demo setting into conditions, as the import path does', async () => {
    const snapshot = async () =>
      app.db.raw.query<Record<string, unknown>>(
        `select id, harness, benchmark_version, shots, pass_at_k, tools, reasoning_effort, metric, setting_parsed, run_by from scores order by id`,
      );
    const asImported = await snapshot();
    // Forget what the import recorded, then run the migration's own backfill statement over the same rows.
    const migration = readFileSync(new URL('../../db/migrations/20261206104813_score_conditions/migration.sql', import.meta.url), 'utf8');
    const backfill = migration.slice(migration.indexOf('UPDATE scores s SET'), migration.indexOf('WHERE c.id = s.id;') + 'WHERE c.id = s.id;'.length);
    await app.db.raw.query(
      `update scores set harness = null, benchmark_version = null, shots = null, pass_at_k = null, tools = null,
         reasoning_effort = null, metric = null, setting_parsed = false, run_by = 'VENDOR'`,
    );
    await app.db.raw.query(backfill);
    expect(await snapshot()).toEqual(asImported);

    const [counts] = await app.db.raw.query<{ scores: number; parsed: number; text: number; vendor: number; independent: number; aggregator: number; harness: number; effort: number; version: number; pass: number }>(
      `select count(*)::int as scores, count(*) filter (where setting_parsed)::int as parsed, count(*) filter (where not setting_parsed)::int as text,
         count(*) filter (where run_by = 'VENDOR')::int as vendor, count(*) filter (where run_by = 'INDEPENDENT')::int as independent,
         count(*) filter (where run_by = 'AGGREGATOR')::int as aggregator, count(harness)::int as harness, count(reasoning_effort)::int as effort,
         count(benchmark_version)::int as version, count(pass_at_k)::int as pass
       from scores`,
    );
    // Every label the demo has (models.dev's metric · harness · variant · set · version, and "pass@1, no tools") is read.
    expect(counts).toMatchObject({ scores: 255, parsed: 255, text: 0 });
    expect(counts!.vendor + counts!.independent + counts!.aggregator).toBe(255);
    expect(counts!.independent).toBeGreaterThan(100);
    expect(counts!.harness).toBeGreaterThan(50);
    expect(counts!.effort).toBeGreaterThan(10);
    const [reference] = await app.db.raw.query(`select shots, pass_at_k, tools, run_by from scores s join models m on m.id = s.model_id where m.slug = 'o4-mini' and s.setting = 'pass@1, no tools'`);
    expect(reference).toEqual({ shots: null, pass_at_k: 1, tools: false, run_by: 'VENDOR' });
  });
});

describe('the demo digest', () => {
  it('is one published digest of the week the demo was loaded, built from its changes, every item cited', async () => {
    const digests = contractOperations('digest.graphql');
    const latest = await app.gql(digests.get('Digest')!, {});
    expect(latest.errors).toBeUndefined();
    const digest = latest.data!.digest;
    expect(digest.week).toMatch(/^\d{4}-W\d\d$/);
    expect(digest.items.length).toBeGreaterThanOrEqual(3);
    expect(digest.items[0]).toMatchObject({ kind: 'MODEL_PUBLISHED', model: { slug: 'o4-mini' }, note: 'The model the reference page is about.' });
    expect(digest.items.some((item: { kind: string }) => item.kind === 'LEADERBOARD_MOVE')).toBe(true);
    for (const item of digest.items) expect(item.citation.source.url).toMatch(/^https?:\/\//);
    const list = await app.gql(digests.get('Digests')!, { first: 5 });
    expect(list.data!.digests.edges.map((edge: { node: { week: string } }) => edge.node.week)).toEqual([digest.week]);
    const page = await fetch(`${app.url}/digest/${digest.week}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<a href="/models/o4-mini">o4-mini</a>');
  });
});
