import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClaim, rejectClaim, submitClaim, updateClaim, verifyClaim, type ClaimKind } from '../../server/catalog/claims.ts';
import { requireOtherPerson, requireSecondPerson } from '../../server/catalog/fourEyes.ts';
import { changeEntity, approveRevision } from '../../server/catalog/revisions.ts';
import { visibleNodes } from '../../server/catalog/visibility.ts';
import { write, type Write } from '../../server/catalog/write.ts';
import type { Context, Viewer } from '../../server/context.ts';
import { ConflictError, NotAuthorizedError } from '../../server/errors.ts';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';
import { insertUser, type Role } from '../helpers/editor.ts';
import { CatalogFixture } from '../helpers/fixtures.ts';

// The rules of server/catalog/ called directly, as a resolver does (write(): one transaction, one audit
// event), on a migrated in-memory database: no HTTP, no GraphQL.
let db: TestDatabase;
let catalog: CatalogFixture;
const people = {} as Record<'editor' | 'reviewer' | 'reviewer2', Viewer>;
const ids = {} as Record<'model' | 'draftModel' | 'benchmark', number>;
let requestCount = 0;

beforeAll(async () => {
  db = await freshDatabase();
  catalog = new CatalogFixture(db);
  const provider = await catalog.provider('acme', 'Acme');
  ids.model = await catalog.model('acme-one', provider);
  ids.draftModel = await catalog.model('acme-draft', provider, { publication: 'DRAFT' });
  ids.benchmark = await catalog.benchmark('bench-a');
  const roles: [keyof typeof people, Role][] = [['editor', 'EDITOR'], ['reviewer', 'REVIEWER'], ['reviewer2', 'REVIEWER']];
  for (const [name, role] of roles) people[name] = { id: await insertUser(db, `${name}@sourced.test`, role), email: `${name}@sourced.test`, role } as Viewer;
});
afterAll(() => db?.destroy());

/** One mutation by `viewer`, as the API runs it. */
function as<T>(viewer: Viewer | null, change: (w: Write) => Promise<T>): Promise<T> {
  const ctx = { db: db.db, viewer, requestId: `unit-${++requestCount}` } as unknown as Context;
  return write(ctx, change);
}

/** A score entered by `by` for review, on a fresh source (so entries never share an open slot). */
async function enterScore(by: Viewer, value: number, options: { modelId?: number; setting?: string } = {}) {
  const sourceId = await catalog.source();
  const values = { modelId: options.modelId ?? ids.model, benchmarkId: ids.benchmark, setting: options.setting ?? '', value, sourceId, locator: 'Table 1', retrievedAt: '2026-11-01' };
  return as(by, (w) => createClaim(w, 'Score', values, true));
}

const scoreRow = async (id: number) =>
  (await db.raw.query<{ status: string; version: number; value: number; superseded_by: number | null }>('select status, version, value, superseded_by from scores where id = $1', [id]))[0]!;
const auditCount = async () => Number((await db.raw.query<{ n: number }>('select count(*)::int as n from audit_events'))[0]!.n);

/** The error a change threw (it must throw). */
async function refusal(change: Promise<unknown>): Promise<Error> {
  const error = await change.then(
    () => null,
    (e: Error) => e,
  );
  if (!error) expect.fail('the change went through');
  return error;
}

describe('four eyes', () => {
  it('the person who entered a score cannot verify it; nothing changes', async () => {
    const score = await enterScore(people.reviewer, 61);
    const error = await refusal(as(people.reviewer, (w) => verifyClaim(w, 'Score', score.id, score.version)));
    expect(error).toBeInstanceOf(NotAuthorizedError);
    expect(error.message).toBe('Nobody verifies their own entry: another reviewer must verify this score.');
    expect(await scoreRow(score.id)).toMatchObject({ status: 'PENDING_REVIEW', version: 1 });
  });

  it('nor reject it: they retire it instead', async () => {
    const score = await enterScore(people.reviewer, 62);
    const error = await refusal(as(people.reviewer, (w) => rejectClaim(w, 'Score', score.id, 'Wrong table', score.version)));
    expect(error.message).toBe('You cannot review your own entry; retire it instead if it should go.');
  });

  it('someone who edited a score cannot verify it, even with the version they saw', async () => {
    const score = await enterScore(people.editor, 63);
    const edited = await as(people.reviewer, (w) => updateClaim(w, 'Score', score.id, score.version, { value: 64 }));
    const error = await refusal(as(people.reviewer, (w) => verifyClaim(w, 'Score', score.id, edited.version)));
    expect(error).toBeInstanceOf(NotAuthorizedError);
    expect(error.message).toBe('Nobody verifies their own entry: you changed this score or the source it cites, so another reviewer must verify it.');
    // Whoever changed it hears that first, before a stale version.
    const stale = await refusal(as(people.reviewer, (w) => verifyClaim(w, 'Score', score.id, score.version)));
    expect(stale.message).toMatch(/^Nobody verifies their own entry: you changed this score/);
    expect(await scoreRow(score.id)).toMatchObject({ status: 'PENDING_REVIEW', value: 64, version: 2 });
  });

  it('someone who changed the cited source cannot verify the score either', async () => {
    const score = await enterScore(people.editor, 65);
    const sourceId = Number((await db.raw.query<{ source_id: number }>('select source_id from scores where id = $1', [score.id]))[0]!.source_id);
    await as(people.reviewer, (w) => changeEntity(w, 'Source', sourceId, 1, { publisher: 'Someone else' }));
    // The source change moved the score's version on: a reviewer who loaded it before gets a conflict.
    const moved = await scoreRow(score.id);
    expect(moved.version).toBe(2);
    const error = await refusal(as(people.reviewer, (w) => verifyClaim(w, 'Score', score.id, moved.version)));
    expect(error.message).toMatch(/you changed this score or the source it cites/);
  });

  it('someone else verifies it, once', async () => {
    const score = await enterScore(people.editor, 66, { setting: 'four-eyes' });
    const before = await auditCount();
    const verified = await as(people.reviewer, (w) => verifyClaim(w, 'Score', score.id, score.version));
    expect(verified).toMatchObject({ status: 'VERIFIED', verifiedById: people.reviewer.id, version: 2 });
    expect(await auditCount()).toBe(before + 1);
  });

  it('still holds when requireOtherPerson runs first, as the resolver did', async () => {
    const score = await enterScore(people.editor, 67, { setting: 'legacy' });
    const verified = await as(people.reviewer, async (w) => {
      await requireOtherPerson(w.tx, 'Score', score.id, w.viewer.id);
      return verifyClaim(w, 'Score', score.id, score.version);
    });
    expect(verified.status).toBe('VERIFIED');
    const own = await enterScore(people.reviewer2, 68, { setting: 'legacy-own' });
    await as(people.reviewer2, (w) => updateClaim(w, 'Score', own.id, own.version, { value: 69 }));
    const error = await refusal(
      as(people.reviewer2, async (w) => {
        await requireOtherPerson(w.tx, 'Score', own.id, w.viewer.id);
        return verifyClaim(w, 'Score', own.id, 2);
      }),
    );
    expect(error.message).toMatch(/you changed this score or the source it cites/);
  });

  it('nobody approves their own revision', async () => {
    const proposed = await as(people.reviewer, (w) => changeEntity(w, 'Model', ids.model, 1, { tagline: 'Fast and small' }));
    if (!('pending' in proposed)) expect.fail('a change to a published model is a revision');
    const revision = proposed.pending.revision;
    const error = await refusal(as(people.reviewer, (w) => approveRevision(w, revision.id, revision.version)));
    expect(error.message).toBe('Nobody approves their own change: another reviewer must approve it.');
    const approved = await as(people.reviewer2, (w) => approveRevision(w, revision.id, revision.version));
    expect(approved).toMatchObject({ status: 'APPROVED', reviewedById: people.reviewer2.id, version: revision.version + 1 });
  });
});

describe('four eyes for publishing (requireSecondPerson)', () => {
  it('whoever edited a draft does not publish it; someone else may', async () => {
    await as(people.reviewer, (w) => changeEntity(w, 'Model', ids.draftModel, 1, { tagline: 'Not out yet' }));
    const publish = (viewer: Viewer) => requireSecondPerson(db.db, { doing: 'publish', entityType: 'Model', entityId: ids.draftModel, viewerId: viewer.id });
    const error = await refusal(publish(people.reviewer));
    expect(error.message).toBe('Nobody publishes their own entry: you created or edited it, so another reviewer must publish it.');
    await expect(publish(people.reviewer2)).resolves.toBeUndefined();
  });
});

describe('supersede', () => {
  it('verifying a second value in the same slot supersedes the first and records what replaced it', async () => {
    const first = await enterScore(people.editor, 70, { setting: 'slot' });
    await as(people.reviewer, (w) => verifyClaim(w, 'Score', first.id, first.version));
    const second = await enterScore(people.editor, 71, { setting: 'slot' });
    await as(people.reviewer2, (w) => verifyClaim(w, 'Score', second.id, second.version));
    expect(await scoreRow(first.id)).toMatchObject({ status: 'SUPERSEDED', superseded_by: second.id, version: 3 });
    expect(await scoreRow(second.id)).toMatchObject({ status: 'VERIFIED', superseded_by: null });
    const [event] = await db.raw.query<{ diff: Record<string, { after: unknown }> }>(
      `select diff from audit_events where entity_type = 'Score' and entity_id = $1 and action = 'VERIFY'`,
      [String(second.id)],
    );
    expect(event!.diff.supersedes!.after).toEqual({ id: first.id, value: 70 });
    expect(event!.diff.status).toEqual({ before: 'PENDING_REVIEW', after: 'VERIFIED' });
  });

  it('a value in another slot (another setting) is left alone', async () => {
    const other = await enterScore(people.editor, 72, { setting: 'other slot' });
    await as(people.reviewer, (w) => verifyClaim(w, 'Score', other.id, other.version));
    const [{ n }] = (await db.raw.query<{ n: number }>(`select count(*)::int as n from scores where setting = 'slot' and status = 'VERIFIED'`)) as [{ n: number }];
    expect(n).toBe(1);
  });
});

describe('version conflicts', () => {
  const kind: ClaimKind = 'Score';

  it('a stale expectedVersion is a ConflictError with the current version, and nothing changes', async () => {
    const score = await enterScore(people.editor, 73, { setting: 'conflict' });
    await as(people.editor, (w) => updateClaim(w, kind, score.id, 1, { value: 74 }));
    const before = await auditCount();
    for (const change of [
      (w: Write) => updateClaim(w, kind, score.id, 1, { value: 75 }),
      (w: Write) => verifyClaim(w, kind, score.id, 1),
      (w: Write) => rejectClaim(w, kind, score.id, 'No', 1),
      (w: Write) => submitClaim(w, kind, score.id, 1),
    ]) {
      const error = await refusal(as(people.reviewer, change));
      expect(error).toBeInstanceOf(ConflictError);
      expect((error as ConflictError).currentVersion).toBe(2);
      expect(error.message).toBe('This record changed since you loaded it (now at version 2). Reload it and apply your change again.');
    }
    expect(await scoreRow(score.id)).toMatchObject({ status: 'PENDING_REVIEW', value: 74, version: 2 });
    expect(await auditCount()).toBe(before);
  });

  it('a verified number is not verified again: a conflict saying why', async () => {
    const score = await enterScore(people.editor, 76, { setting: 'twice' });
    const verified = await as(people.reviewer, (w) => verifyClaim(w, kind, score.id, score.version));
    const error = await refusal(as(people.reviewer2, (w) => verifyClaim(w, kind, score.id, verified.version)));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toBe('This score is VERIFIED; only DRAFT or PENDING_REVIEW entries can be verified.');
  });
});

describe('visibility', () => {
  const anonymous = () => ({ db: db.db, viewer: null }) as unknown as Context;
  const publicScore = async (id: number) => (await visibleNodes(anonymous(), [{ typename: 'Score', id: String(id) }]))[0];

  it('a verified score of a draft model is not public; of a published model it is', async () => {
    const hidden = await enterScore(people.editor, 77, { modelId: ids.draftModel });
    await as(people.reviewer, (w) => verifyClaim(w, 'Score', hidden.id, hidden.version));
    expect(await scoreRow(hidden.id)).toMatchObject({ status: 'VERIFIED' });
    expect(await publicScore(hidden.id)).toBe(false);
    const shown = await enterScore(people.editor, 78, { setting: 'public' });
    expect(await publicScore(shown.id)).toBe(false);
    await as(people.reviewer, (w) => verifyClaim(w, 'Score', shown.id, shown.version));
    expect(await publicScore(shown.id)).toBe(true);
  });
});
