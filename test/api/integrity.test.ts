import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { globalId, insertUser, login, rowId, smallCatalog, type Session } from '../helpers/editor.ts';

// What a black-box attack on the re-laid-out write paths found (issue 12's closing note): each test
// is a finding's reproduction, asserting what the public would see afterwards.
let app: TestApp;
let editor: Session;
let reviewer: Session;
let otherReviewer: Session;
let ids: Awaited<ReturnType<typeof smallCatalog>>;

beforeAll(async () => {
  app = await startTestApp(async (db) => {
    ids = await smallCatalog(db);
    await insertUser(db, 'editor@sourced.test', 'EDITOR');
    await insertUser(db, 'reviewer@sourced.test', 'REVIEWER');
    await insertUser(db, 'reviewer2@sourced.test', 'REVIEWER');
  });
  editor = await login(app, 'editor@sourced.test');
  reviewer = await login(app, 'reviewer@sourced.test');
  otherReviewer = await login(app, 'reviewer2@sourced.test');
});
afterAll(() => app?.close());

const typename = (result: { data?: Record<string, any> | null; errors?: unknown }, field: string) => {
  expect(result.errors).toBeUndefined();
  return result.data![field].__typename as string;
};

const createProvider = `mutation($input: CreateProviderInput!) {
  createProvider(input: $input) { __typename ... on CreateProviderSuccess { provider { id version } } ... on ValidationError { fieldErrors { path message } } }
}`;
const createFamily = `mutation($input: CreateFamilyInput!) {
  createFamily(input: $input) { __typename ... on CreateFamilySuccess { family { id version } } ... on ValidationError { fieldErrors { path message } } }
}`;
const createModel = `mutation($input: CreateModelInput!) {
  createModel(input: $input) { __typename ... on CreateModelSuccess { model { id version } } ... on ValidationError { fieldErrors { path message } } }
}`;
const updateModel = `mutation($id: ID!, $v: Int!, $patch: UpdateModelInput!) {
  updateModel(id: $id, expectedVersion: $v, patch: $patch) {
    __typename
    ... on UpdateModelSuccess { model { version } }
    ... on RevisionPending { revision { id version } }
    ... on ValidationError { fieldErrors { path message } }
  }
}`;
const publish = (name: string) => `mutation($id: ID!, $v: Int!) {
  publish${name}(id: $id, expectedVersion: $v) { __typename ... on ValidationError { fieldErrors { path message } } ... on ConflictError { message } }
}`;
const retire = (name: string) => `mutation($id: ID!, $v: Int!) {
  retire${name}(id: $id, expectedVersion: $v) { __typename ... on ValidationError { fieldErrors { path message } } ... on ConflictError { message } }
}`;
const approve = `mutation($id: ID!, $v: Int!) {
  approveRevision(id: $id, expectedVersion: $v) { __typename ... on ValidationError { fieldErrors { path message } } ... on ConflictError { message } }
}`;

let serial = 0;
/** A published provider, with a published family, made through the API (editor enters, reviewer publishes). */
async function publishedProviderAndFamily() {
  const tag = `t${++serial}`;
  const provider = await app.gql(createProvider, { input: { slug: `p-${tag}`, name: `P ${tag}` } }, editor.headers);
  const providerId = provider.data!.createProvider.provider.id as string;
  expect(typename(await app.gql(publish('Provider'), { id: providerId, v: 1 }, reviewer.headers), 'publishProvider')).toBe('PublishProviderSuccess');
  const family = await app.gql(createFamily, { input: { slug: `f-${tag}`, name: `F ${tag}`, provider: `p-${tag}` } }, editor.headers);
  const familyId = family.data!.createFamily.family.id as string;
  expect(typename(await app.gql(publish('Family'), { id: familyId, v: 1 }, reviewer.headers), 'publishFamily')).toBe('PublishFamilySuccess');
  return { tag, providerId, familyId, providerSlug: `p-${tag}`, familySlug: `f-${tag}` };
}

async function publication(table: string, id: string): Promise<string> {
  const [row] = await app.db.raw.query<{ publication: string }>(`select publication from ${table} where id = $1`, [rowId(id)]);
  return row!.publication;
}

describe('the curl snippet and the addresses it is made of', () => {
  it('refuses a web address with a backslash, which shells and other URL parsers read as another host', async () => {
    const result = await app.gql(createProvider, { input: { slug: 'backslash', name: 'B', apiBaseUrl: 'https://api.openai.com\\@attacker.invalid/v1' } }, editor.headers);
    expect(result.data!.createProvider.__typename).toBe('ValidationError');
    expect(result.data!.createProvider.fieldErrors[0].path).toBe('apiBaseUrl');
  });

  it('runs, in a shell, the curl command it shows, and nothing else the address carries', async () => {
    const hostile = "https://api.example.com/v1$(echo${IFS}INJECTED)`echo${IFS}INJECTED`;echo${IFS}INJECTED'quote";
    const created = await app.gql(createProvider, { input: { slug: 'shelly', name: 'Shelly', apiBaseUrl: hostile } }, editor.headers);
    const providerId = created.data!.createProvider.provider.id;
    expect(typename(await app.gql(publish('Provider'), { id: providerId, v: 1 }, reviewer.headers), 'publishProvider')).toBe('PublishProviderSuccess');
    const model = await app.gql(createModel, { input: { slug: 'shelly-1', name: 'Shelly 1', provider: 'shelly', apiModelId: 'shelly-1' } }, editor.headers);
    expect(typename(await app.gql(publish('Model'), { id: model.data!.createModel.model.id, v: 1 }, reviewer.headers), 'publishModel')).toBe('PublishModelSuccess');
    const page = await app.gql(`{ model(slug: "shelly-1") { snippet(language: CURL) } }`);
    const snippet = page.data!.model.snippet as string;
    // A stand-in curl prints the arguments it was given, one per line; the shell runs the rest as shown.
    const printed = execFileSync('bash', ['-c', `curl() { printf '%s\\n' "$@"; }\n${snippet}`], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } });
    expect(printed.split('\n')[0]).toBe(`${hostile}/chat/completions`);
    expect(printed).not.toMatch(/^INJECTED$/m);
  });
});

describe('a number citing a retired source', () => {
  it('is not verified: it must cite the page where the number is published now', async () => {
    const source = await app.gql(
      `mutation { createSource(input: { url: "https://example.org/gone", title: "Gone", publisher: "Example", kind: VENDOR_DOCS, retrievedAt: "2026-11-01" }) { ... on CreateSourceSuccess { source { id } } } }`,
      {},
      editor.headers,
    );
    const sourceId = source.data!.createSource.source.id;
    const score = await app.gql(
      `mutation($input: CreateScoreInput!) { createScore(input: $input) { ... on CreateScoreSuccess { score { id } } } }`,
      { input: { model: 'o4-mini', benchmark: 'gpqa-diamond', value: 88.5, setting: '7-shot', citation: { sourceId, locator: 'Table 2' }, submitForReview: true } },
      editor.headers,
    );
    const scoreId = score.data!.createScore.score.id;
    const retired = await app.gql(`mutation($id: ID!) { retireSource(id: $id, expectedVersion: 1, reason: "Page gone.") { __typename } }`, { id: sourceId }, editor.headers);
    expect(typename(retired, 'retireSource')).toBe('RetireSourceSuccess');

    const verified = await app.gql(
      `mutation($id: ID!) { verifyScore(id: $id, expectedVersion: 1) { __typename ... on ValidationError { fieldErrors { path message } } } }`,
      { id: scoreId },
      reviewer.headers,
    );
    expect(verified.data!.verifyScore).toEqual({
      __typename: 'ValidationError',
      fieldErrors: [{ path: 'citation.sourceId', message: 'This number cites a retired source: cite the page where the number is published now, then verify it.' }],
    });
    const board = await app.gql(`{ leaderboard(benchmark: "gpqa-diamond", setting: "7-shot") { value } }`);
    expect(board.data!.leaderboard).toEqual([]);
  });
});

describe('a published model or family stays under published parents', () => {
  it('whichever of publishing a child and retiring its parent commits first, never both', async () => {
    for (let round = 0; round < 6; round++) {
      const { tag, providerId, familyId, providerSlug, familySlug } = await publishedProviderAndFamily();
      const model = await app.gql(createModel, { input: { slug: `m-${tag}`, name: `M ${tag}`, provider: providerSlug, family: familySlug } }, editor.headers);
      const modelId = model.data!.createModel.model.id;
      // The family is published under the provider: retire the family (nothing published in it yet)
      // while its model is published, and the provider while the family is (two races per round).
      const [, family] = await Promise.all([
        app.gql(publish('Model'), { id: modelId, v: 1 }, reviewer.headers),
        app.gql(retire('Family'), { id: familyId, v: 1 }, otherReviewer.headers),
      ]);
      const modelState = await publication('models', modelId);
      const familyState = await publication('model_families', familyId);
      expect([modelState, familyState]).not.toEqual(['PUBLISHED', 'RETIRED']);
      if (family.data!.retireFamily.__typename !== 'RetireFamilySuccess') continue;
      // The family is gone: the provider has no published child; race a new family's publication with its retirement.
      const second = await app.gql(createFamily, { input: { slug: `g-${tag}`, name: `G ${tag}`, provider: providerSlug } }, editor.headers);
      const secondId = second.data!.createFamily.family.id;
      await Promise.all([
        app.gql(publish('Family'), { id: secondId, v: 1 }, reviewer.headers),
        app.gql(retire('Provider'), { id: providerId, v: 2 }, otherReviewer.headers),
      ]);
      expect([await publication('model_families', secondId), await publication('providers', providerId)]).not.toEqual(['PUBLISHED', 'RETIRED']);
    }
  });

  it('an approved move re-checks that the new provider is still published', async () => {
    const from = await publishedProviderAndFamily();
    const to = await publishedProviderAndFamily();
    const model = await app.gql(createModel, { input: { slug: `m-${from.tag}`, name: 'Mover', provider: from.providerSlug } }, editor.headers);
    const modelId = model.data!.createModel.model.id;
    expect(typename(await app.gql(publish('Model'), { id: modelId, v: 1 }, reviewer.headers), 'publishModel')).toBe('PublishModelSuccess');
    const moved = await app.gql(updateModel, { id: modelId, v: 2, patch: { provider: to.providerSlug, family: null } }, editor.headers);
    expect(moved.data!.updateModel.__typename).toBe('RevisionPending');
    // The new provider loses its published family, then is retired before the move is approved.
    expect(typename(await app.gql(retire('Family'), { id: to.familyId, v: 2 }, reviewer.headers), 'retireFamily')).toBe('RetireFamilySuccess');
    expect(typename(await app.gql(retire('Provider'), { id: to.providerId, v: 2 }, reviewer.headers), 'retireProvider')).toBe('RetireProviderSuccess');

    const revision = moved.data!.updateModel.revision;
    const approved = await app.gql(approve, { id: revision.id, v: revision.version }, otherReviewer.headers);
    expect(approved.data!.approveRevision).toEqual({
      __typename: 'ValidationError',
      fieldErrors: [{ path: 'provider', message: 'This provider is not published: publish it first.' }],
    });
    const [row] = await app.db.raw.query<{ provider_id: number }>('select provider_id from models where id = $1', [rowId(modelId)]);
    expect(row!.provider_id).toBe(rowId(from.providerId));
  });

  it("refuses moving a model to another provider while it stays in the old provider's family", async () => {
    const from = await publishedProviderAndFamily();
    const to = await publishedProviderAndFamily();
    const model = await app.gql(createModel, { input: { slug: `m-${from.tag}`, name: 'In family', provider: from.providerSlug, family: from.familySlug } }, editor.headers);
    const modelId = model.data!.createModel.model.id;
    const moved = await app.gql(updateModel, { id: modelId, v: 1, patch: { provider: to.providerSlug } }, editor.headers);
    expect(moved.data!.updateModel).toEqual({
      __typename: 'ValidationError',
      fieldErrors: [{ path: 'family', message: 'The family belongs to another provider.' }],
    });
    const intoOther = await app.gql(updateModel, { id: modelId, v: 1, patch: { family: to.familySlug } }, editor.headers);
    expect(intoOther.data!.updateModel.fieldErrors).toEqual([{ path: 'family', message: 'The family belongs to another provider.' }]);
    const both = await app.gql(updateModel, { id: modelId, v: 1, patch: { provider: to.providerSlug, family: to.familySlug } }, editor.headers);
    expect(both.data!.updateModel.__typename).toBe('UpdateModelSuccess');
  });
});

describe('global IDs', () => {
  it('names a row only in the form the API gives out ("Source:12"), not " 12" or "0xc"', async () => {
    for (const id of [globalId('Source', ` ${ids.sourceId}`), globalId('Source', `0x${ids.sourceId.toString(16)}`), globalId('Source', `${ids.sourceId}.0`)]) {
      const result = await app.gql(
        `mutation($input: CreateScoreInput!) { createScore(input: $input) { __typename ... on ValidationError { fieldErrors { path } } } }`,
        { input: { model: 'o4-mini', benchmark: 'gpqa-diamond', value: 50, citation: { sourceId: id, locator: 'Table 1' } } },
        editor.headers,
      );
      expect(result.data!.createScore).toEqual({ __typename: 'ValidationError', fieldErrors: [{ path: 'citation.sourceId' }] });
    }
  });
});
