import { parseAtomFeed, parseJsonFeed } from 'feedsmith';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoWeekOf } from '../../server/digest/read.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { globalId, insertUser, login, op, type Session, smallCatalog } from '../helpers/editor.ts';

// The weekly digest over real HTTP: the week's candidate items come from the public change log (a
// launch, a move into the top 10, a price drop of 10% or more), each cited; an editor assembles it; a
// reviewer who did not assemble it publishes it, which queues one email per confirmed subscriber; the
// published digest is public and frozen.

const week = isoWeekOf(new Date());

let app: TestApp;
let editor: Session;
let reviewer: Session;
let otherReviewer: Session;
let laterModelId: number;

const draftQuery = `query ($week: String!) { digestDraft(week: $week) {
  week status version title intro assembledByYou itemChangeIds
  items { kind headline note model { slug } citation { locator source { url } } }
  candidates { change { id } kind headline model { slug } citation { locator source { url } } }
} }`;
const saveMutation = `mutation ($input: SaveDigestInput!) { saveDigest(input: $input) {
  __typename
  ... on SaveDigestSuccess { digest { status version items { headline note } } }
  ... on ConflictError { currentVersion message }
  ... on Error { message }
  ... on ValidationError { fieldErrors { path message } }
} }`;
const publishMutation = `mutation ($week: String!) { publishDigest(week: $week) {
  __typename
  ... on PublishDigestSuccess { recipients digest { week publishedAt } }
  ... on Error { message }
} }`;
const publicDigest = `query ($week: String) { digest(week: $week) {
  week title publishedAt intro items { kind headline note model { slug name } citation { locator source { url } } }
} }`;

beforeAll(async () => {
  app = await startTestApp(async (db) => {
    const { catalog, providerId, modelId, sourceId } = await smallCatalog(db);
    laterModelId = await catalog.model('later-model', providerId, { publication: 'DRAFT' });
    await catalog.fact(laterModelId, 'RELEASE_DATE', '2026-12-01', sourceId);
    await catalog.price(modelId, 'INPUT', 1.1, sourceId, '2025-01-01');
    await insertUser(db, 'editor@example.com', 'EDITOR');
    await insertUser(db, 'reviewer@example.com', 'REVIEWER');
    await insertUser(db, 'other-reviewer@example.com', 'REVIEWER');
    for (const [email, status] of [
      ['one@readers.test', 'CONFIRMED'],
      ['two@readers.test', 'CONFIRMED'],
      ['pending@readers.test', 'PENDING'],
      ['gone@readers.test', 'UNSUBSCRIBED'],
    ]) {
      await db.raw.query(`insert into subscribers (email, email_hash, status, unsubscribe_token) values ($1, md5($1), $2, md5($1 || 'u'))`, [email, status]);
    }
  }, { responseCache: true });
  editor = await login(app, 'editor@example.com');
  reviewer = await login(app, 'reviewer@example.com');
  otherReviewer = await login(app, 'other-reviewer@example.com');

  // This week: o4-mini enters the GPQA board at #1, its input price drops from $1.10 to $0.90, later-model is published.
  const [{ id: sourceId }] = (await app.db.raw.query<{ id: number }>(`select id from sources limit 1`)) as [{ id: number }];
  const created = await app.gql(
    op('CreateScore'),
    { input: { model: 'o4-mini', benchmark: 'gpqa-diamond', value: 81.4, setting: 'pass@1', citation: { sourceId: globalId('Source', sourceId), locator: 'Table 2' }, submitForReview: true } },
    editor.headers,
  );
  const score = created.data!.createScore.score;
  expect((await app.gql(op('VerifyScore'), { id: score.id, expectedVersion: score.version }, reviewer.headers)).data!.verifyScore.__typename).toBe('VerifyScoreSuccess');
  await app.db.raw.query(
    `insert into prices (model_id, kind, usd_per_million_tokens, effective_from, source_id, locator, retrieved_at, status, origin)
     select id, 'INPUT', 0.9, current_date, $1, 'Pricing table', current_date, 'VERIFIED', 'IMPORT' from models where slug = 'o4-mini'`,
    [sourceId],
  );
  await app.db.raw.query(`update models set input_price = 0.9 where slug = 'o4-mini'`);
  const [{ version }] = (await app.db.raw.query<{ version: number }>(`select version from models where id = $1`, [laterModelId])) as [{ version: number }];
  const published = await app.gql(`mutation ($id: ID!, $v: Int!) { publishModel(id: $id, expectedVersion: $v) { __typename } }`, { id: globalId('Model', laterModelId), v: version }, reviewer.headers);
  expect(published.data!.publishModel.__typename).toBe('PublishModelSuccess');
});
afterAll(() => app?.close());

async function draft(session: Session) {
  const answer = await app.gql(draftQuery, { week }, session.headers);
  expect(answer.errors).toBeUndefined();
  return answer.data!.digestDraft;
}

describe('the week’s draft', () => {
  it('suggests the launch, the move into the top 10 and the price drop, each with its citation', async () => {
    const current = await draft(editor);
    expect(current).toMatchObject({ week, status: 'NEW', version: null, items: [] });
    // o4-mini was published this week too (the test's catalog is new), cited by its price.
    const byKind = Object.fromEntries(current.candidates.map((candidate: any) => [`${candidate.kind} ${candidate.model.slug}`, candidate]));
    expect(Object.keys(byKind).sort()).toEqual(['LEADERBOARD_MOVE o4-mini', 'MODEL_PUBLISHED later-model', 'MODEL_PUBLISHED o4-mini', 'PRICE_CHANGED o4-mini']);
    expect(byKind['MODEL_PUBLISHED later-model']).toMatchObject({ model: { slug: 'later-model' }, headline: 'later-model published', citation: { locator: 'Table 1' } });
    expect(byKind['LEADERBOARD_MOVE o4-mini']).toMatchObject({ model: { slug: 'o4-mini' }, headline: 'o4-mini enters GPQA-DIAMOND at #1', citation: { locator: 'Table 2' } });
    expect(byKind['PRICE_CHANGED o4-mini']).toMatchObject({ model: { slug: 'o4-mini' }, headline: 'o4-mini input price $1.10 → $0.90 (−18%)' });
    expect(byKind['PRICE_CHANGED o4-mini'].citation.source.url).toBe('https://openai.com/index/o3-o4-mini-system-card');
  });

  it('is for editors only, and refuses a week that does not exist', async () => {
    expect((await app.gql(draftQuery, { week })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const bad = await app.gql(draftQuery, { week: '2025-W53' }, editor.headers);
    expect(bad.errors?.[0]).toMatchObject({ message: 'week: "2025-W53" is not an ISO week such as 2026-W49.', extensions: { code: 'BAD_USER_INPUT' } });
  });
});

describe('assembling and publishing', () => {
  it('saves the items in the editor’s order, refuses what is not a public change, and answers a stale version with a conflict', async () => {
    const { candidates } = await draft(editor);
    const pick = (kind: string) => candidates.find((candidate: any) => candidate.kind === kind && (kind !== 'MODEL_PUBLISHED' || candidate.model.slug === 'later-model')).change.id;
    const input = {
      week,
      title: 'A new model, a new leader, a cheaper o4-mini',
      intro: 'Three things moved this week.',
      items: [
        { change: pick('PRICE_CHANGED'), note: 'Input tokens are 18% cheaper.' },
        { change: pick('LEADERBOARD_MOVE'), headline: 'o4-mini leads GPQA Diamond' },
        { change: pick('MODEL_PUBLISHED') },
      ],
    };
    const saved = await app.gql(saveMutation, { input }, editor.headers);
    expect(saved.data!.saveDigest).toMatchObject({ __typename: 'SaveDigestSuccess', digest: { status: 'DRAFT', version: 1 } });
    expect(saved.data!.saveDigest.digest.items.map((item: any) => [item.headline.split(',')[0], item.note])).toEqual([
      ['o4-mini input price $1.10 → $0.90 (−18%)', 'Input tokens are 18% cheaper.'],
      ['o4-mini leads GPQA Diamond', null],
      ['later-model published', null],
    ]);

    const { preview } = (await app.gql(`query ($week: String!) { digestDraft(week: $week) { preview { subject text html } } }`, { week }, editor.headers)).data!.digestDraft;
    expect(preview.subject).toBe('A new model, a new leader, a cheaper o4-mini');
    expect(preview.text).toContain('Input tokens are 18% cheaper.');
    expect(preview.html).toContain('o4-mini leads GPQA Diamond');

    const stale = await app.gql(saveMutation, { input: { ...input, expectedVersion: undefined } }, editor.headers);
    expect(stale.data!.saveDigest).toMatchObject({ __typename: 'ConflictError', currentVersion: 1 });
    const forged = await app.gql(saveMutation, { input: { ...input, expectedVersion: 1, items: [{ change: globalId('Change', 99999) }] } }, editor.headers);
    expect(forged.data!.saveDigest).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: 'items.0.change', message: 'No public change has this id.' }] });
    const twoLines = await app.gql(saveMutation, { input: { ...input, expectedVersion: 1, items: [{ change: pick('MODEL_PUBLISHED'), note: 'one\ntwo' }] } }, editor.headers);
    expect(twoLines.data!.saveDigest.fieldErrors).toEqual([{ path: 'items.0.note', message: 'One line: no line breaks.' }]);

    const [event] = await app.db.raw.query<{ action: string; diff: unknown }>(`select action, diff from audit_events where entity_type = 'Digest' order by id`);
    expect(event).toMatchObject({ action: 'CREATE' });
    expect(JSON.stringify(event!.diff)).toContain('o4-mini leads GPQA Diamond');
  });

  it('refuses a week still to come and a title of two lines', async () => {
    const next = isoWeekOf(new Date(Date.now() + 14 * 86_400_000));
    const future = await app.gql(saveMutation, { input: { week: next, title: 'Ahead', items: [] } }, editor.headers);
    expect(future.data!.saveDigest.fieldErrors).toEqual([{ path: 'week', message: `${next} has not begun: a week's digest is assembled during or after it.` }]);
    const twoLines = await app.gql(saveMutation, { input: { week, title: 'T\r\nBcc: someone@example.org', items: [], expectedVersion: 1 } }, editor.headers);
    expect(twoLines.data!.saveDigest.fieldErrors).toEqual([{ path: 'title', message: 'One line: no line breaks.' }]);
  });

  it('is not public before it is published', async () => {
    // Asked twice, as a front end would: the second answer comes from the response cache, which the
    // publication below must not outlive.
    for (let i = 0; i < 2; i++) {
      expect((await app.gql(publicDigest, { week })).data!.digest).toBeNull();
      expect((await app.gql(publicDigest, {})).data!.digest).toBeNull();
      expect((await app.gql(`{ digests(first: 3) { edges { node { week } } } }`)).data!.digests.edges).toEqual([]);
    }
  });

  it('is published by a reviewer who did not assemble it, and queued for each confirmed subscriber', async () => {
    expect((await app.gql(publishMutation, { week }, editor.headers)).data!.publishDigest.__typename).toBe('NotAuthorizedError');
    // The reviewer edits the intro: now they assembled it too.
    const current = await draft(reviewer);
    const items = current.itemChangeIds.map((change: string, index: number) => ({ change, headline: current.items[index].headline, note: current.items[index].note }));
    const edited = await app.gql(saveMutation, { input: { week, title: current.title, intro: 'Three things moved.', items, expectedVersion: current.version } }, reviewer.headers);
    expect(edited.data!.saveDigest.__typename).toBe('SaveDigestSuccess');
    const own = await app.gql(publishMutation, { week }, reviewer.headers);
    expect(own.data!.publishDigest).toEqual({ __typename: 'NotAuthorizedError', message: 'You assembled this digest: a different reviewer or admin must publish it (four eyes).' });
    expect((await draft(reviewer)).assembledByYou).toBe(true);

    // Publishing what one read: a version saved since is refused.
    const stale = await app.gql(publishMutation.replace('($week: String!)', '($week: String!, $v: Int)').replace('publishDigest(week: $week)', 'publishDigest(week: $week, expectedVersion: $v)'), { week, v: 1 }, otherReviewer.headers);
    expect(stale.data!.publishDigest).toMatchObject({ __typename: 'ConflictError', message: expect.stringContaining('saved again since you read it') });
    const published = await app.gql(publishMutation, { week }, otherReviewer.headers);
    expect(published.data!.publishDigest).toMatchObject({ __typename: 'PublishDigestSuccess', recipients: 2, digest: { week } });
    const queued = await app.db.raw.query<{ email: string }>(
      `select s.email from email_outbox o join subscribers s on s.id = o.subscriber_id where o.kind = 'DIGEST' order by s.email`,
    );
    expect(queued.map((row) => row.email)).toEqual(['one@readers.test', 'two@readers.test']);
    const { delivery } = (await app.gql(`query ($week: String!) { digestDraft(week: $week) { delivery { pending sent uncertain failed skipped } } }`, { week }, editor.headers)).data!.digestDraft;
    expect(delivery).toEqual({ pending: 2, sent: 0, uncertain: 0, failed: 0, skipped: 0 });
    // An email whose sender died mid-send is UNCERTAIN; a reviewer may send it again.
    await app.db.raw.query(`update email_outbox set status = 'UNCERTAIN' where id = (select min(id) from email_outbox where kind = 'DIGEST')`);
    const resent = await app.gql(`mutation ($week: String!) { resendDigestEmails(week: $week, statuses: [UNCERTAIN]) { __typename ... on ResendDigestEmailsSuccess { queued } ... on Error { message } } }`, { week }, otherReviewer.headers);
    expect(resent.data!.resendDigestEmails).toEqual({ __typename: 'ResendDigestEmailsSuccess', queued: 1 });
    const [{ n }] = (await app.db.raw.query<{ n: number }>(`select count(*)::int as n from email_outbox where kind = 'DIGEST' and status = 'PENDING'`)) as [{ n: number }];
    expect(n).toBe(2);
    const again = await app.gql(publishMutation, { week }, otherReviewer.headers);
    expect(again.data!.publishDigest).toMatchObject({ __typename: 'ValidationError', message: expect.stringContaining('already published') });
  });

  it('is public once published, in order, each item cited, and frozen', async () => {
    const answer = (await app.gql(publicDigest, { week })).data!.digest;
    expect(answer).toMatchObject({ week, title: 'A new model, a new leader, a cheaper o4-mini', intro: 'Three things moved.' });
    expect(answer.items.map((item: any) => [item.kind, item.model.slug, item.citation.source.url])).toEqual([
      ['PRICE_CHANGED', 'o4-mini', 'https://openai.com/index/o3-o4-mini-system-card'],
      ['LEADERBOARD_MOVE', 'o4-mini', 'https://openai.com/index/o3-o4-mini-system-card'],
      ['MODEL_PUBLISHED', 'later-model', 'https://openai.com/index/o3-o4-mini-system-card'],
    ]);
    expect((await app.gql(publicDigest, {})).data!.digest.week).toBe(week);
    const list = await app.gql(`{ digests(first: 5) { pageInfo { hasNextPage endCursor } edges { node { week title publishedAt } } } }`);
    expect(list.data!.digests).toMatchObject({ pageInfo: { hasNextPage: false, endCursor: week }, edges: [{ node: { week } }] });

    const current = await draft(editor);
    const late = await app.gql(saveMutation, { input: { week, title: 'Changed', items: [], expectedVersion: current.version } }, editor.headers);
    expect(late.data!.saveDigest).toMatchObject({ __typename: 'ValidationError', message: `week: The digest of ${week} is published; it no longer changes.` });
    await expect(app.db.raw.query(`update digest_items set note = 'changed'`)).rejects.toThrow(/published digest cannot change/);
    await expect(app.db.raw.query(`update digests set title = 'changed'`)).rejects.toThrow(/is published and cannot change/);
  });
});

describe('the published digest on the web', () => {
  it('is a page readable without JavaScript, each item linked to its model page and its source', async () => {
    const response = await fetch(`${app.url}/digest/${week}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const body = await response.text();
    expect(body).not.toContain('<script');
    expect(body).toContain('<h1>A new model, a new leader, a cheaper o4-mini</h1>');
    expect(body).toContain('<strong>o4-mini leads GPQA Diamond</strong> (<a href="/models/o4-mini">o4-mini</a>)');
    expect(body).toContain('Source: <a href="https://openai.com/index/o3-o4-mini-system-card" rel="noopener">');
    expect(body).toContain('<a href="/models/later-model">later-model</a>');

    const list = await (await fetch(`${app.url}/digest`)).text();
    expect(list).toContain(`<a href="/digest/${week}">${week}: A new model, a new leader, a cheaper o4-mini</a>`);
    const none = await fetch(`${app.url}/digest/2026-W01`);
    expect(none.status).toBe(404);
    expect(await none.text()).toContain('No digest for 2026-W01');
    expect((await fetch(`${app.url}/digest/%E0%A4%A`)).status).toBe(404);
  });

  it('links to model pages that show each public number with its source, and no draft model', async () => {
    const response = await fetch(`${app.url}/models/o4-mini`);
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(body).toContain('<h1>o4-mini</h1>');
    expect(body).toMatch(/<th scope="row">GPQA-DIAMOND \(pass@1\)<\/th><td>81\.4 %<\/td><td class="source"><a href="https:\/\/openai\.com\/index\/o3-o4-mini-system-card"/);
    expect(body).toContain('$0.9 / 1M tokens');
    expect((await fetch(`${app.url}/models/secret-model`)).status).toBe(404);
    expect((await fetch(`${app.url}/models/<script>`)).status).toBe(404);
  });

  it('is in the site-wide feeds, linked to its page', async () => {
    const atom = parseAtomFeed(await (await fetch(`${app.url}/feed.atom`)).text());
    const entry = atom.entries!.find((one) => (one.title as { value: string }).value.startsWith('Weekly digest'));
    expect((entry!.title as { value: string }).value).toBe(`Weekly digest ${week}: A new model, a new leader, a cheaper o4-mini`);
    expect(entry!.links?.[0]?.href).toMatch(new RegExp(`/digest/${week}$`));
    const json = parseJsonFeed(await (await fetch(`${app.url}/feed.json`)).json());
    expect(json.items!.find((item) => item.id === `tag:sourced.catalog,2026:digest:${week}`)?.url).toMatch(new RegExp(`/digest/${week}$`));
    // A filtered feed is about changes only.
    const filtered = parseJsonFeed(await (await fetch(`${app.url}/feed.json?model=o4-mini`)).json());
    expect(filtered.items!.some((item) => String(item.id).includes(':digest:'))).toBe(false);
  });
});
