import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../../db/client.ts';
import { digestItems, digests, emailOutbox } from '../../db/schema/index.ts';
import { diffRows } from '../catalog/audit.ts';
import type { Write } from '../catalog/write.ts';
import { readChanges } from '../changes/log.ts';
import { ConflictError, NotAuthorizedError, NotFoundError, ValidationError } from '../errors.ts';
import { weekRange, withCitations } from './candidates.ts';

// Editors assemble a week's digest from public changes (saveDigest); a reviewer or admin who did not
// assemble it publishes it, which queues one email per confirmed subscriber in the same transaction.

export interface DigestItemInput {
  changeId: number;
  headline: string | null;
  note: string | null;
}

export interface DigestInput {
  week: string;
  title: string;
  intro: string;
  items: DigestItemInput[];
  expectedVersion: number | null;
}

interface DigestRow {
  id: number;
  week: string;
  title: string;
  intro: string;
  status: string;
  version: number;
  edited_by: number[] | string;
  published_at: string | null;
}

const asDatabase = (write: Write) => write.tx as unknown as Database;

async function lockDigest(write: Write, week: string): Promise<DigestRow | null> {
  const [row] = rowsOf<DigestRow>(await write.tx.execute(sql`select * from ${digests} where week = ${week} for update`));
  return row ?? null;
}

const editorsOf = (row: DigestRow) => (Array.isArray(row.edited_by) ? row.edited_by : String(row.edited_by).replace(/[{}]/g, '').split(',').filter(Boolean)).map(Number);

async function itemsOf(write: Write, digestId: number) {
  return rowsOf<{ change_id: number; headline: string; note: string | null; claim_kind: string; claim_id: number }>(
    await write.tx.execute(sql`select change_id, headline, note, claim_kind, claim_id from ${digestItems} where digest_id = ${digestId} order by position`),
  ).map((item) => ({ change: Number(item.change_id), headline: item.headline, note: item.note }));
}

/** Saves the week's digest as given (its items replace the saved ones, in this order). Returns its id. */
export async function saveDigest(write: Write, input: DigestInput): Promise<number> {
  const range = weekRange(input.week);
  if (!range) throw ValidationError.field('week', `${input.week} is not an ISO week of that year (e.g. 2026-W49).`);
  if (range.start.getTime() > Date.now()) throw ValidationError.field('week', `${input.week} has not begun: a week's digest is assembled during or after it.`);
  const existing = await lockDigest(write, input.week);
  if (existing?.status === 'PUBLISHED') throw ValidationError.field('week', `The digest of ${input.week} is published; it no longer changes.`);
  if (existing && input.expectedVersion !== existing.version) {
    throw new ConflictError(existing.version, `The digest of ${input.week} changed since you loaded it (now at version ${existing.version}). Reload it and apply your change again.`).about('Digest', existing.id);
  }
  const ids = input.items.map((item) => item.changeId);
  const seen = new Set<number>();
  ids.forEach((id, index) => {
    if (seen.has(id)) throw ValidationError.field(`items.${index}.change`, 'This change is already an item of the digest.');
    seen.add(id);
  });
  const changes = new Map((await readChanges(asDatabase(write), { ids }, Math.max(ids.length, 1))).map((change) => [change.id, change]));
  const cited = new Map((await withCitations(asDatabase(write), [...changes.values()])).map((candidate) => [candidate.change.id, candidate]));
  const items = input.items.map((item, index) => {
    const candidate = cited.get(item.changeId);
    if (!candidate) throw ValidationError.field(`items.${index}.change`, 'No public change has this id.');
    if (new Date(candidate.change.at) >= range.end) throw ValidationError.field(`items.${index}.change`, `This change came after ${input.week} ended.`);
    if (!candidate.cited) {
      throw ValidationError.field(`items.${index}.change`, `${candidate.change.modelName} has no verified number to cite yet: every item of a digest is cited.`);
    }
    return {
      position: index + 1,
      changeId: item.changeId,
      kind: candidate.change.kind,
      headline: item.headline ?? candidate.headline,
      note: item.note,
      modelId: candidate.change.modelId,
      ...candidate.cited,
    };
  });
  const before = existing ? { title: existing.title, intro: existing.intro, items: await itemsOf(write, existing.id) } : null;
  let id: number;
  if (existing) {
    id = existing.id;
    await write.tx.execute(sql`update ${digests} set title = ${input.title}, intro = ${input.intro}, version = version + 1, updated_at = now(),
      edited_by = case when ${write.viewer.id}::integer = any(edited_by) then edited_by else array_append(edited_by, ${write.viewer.id}::integer) end
      where id = ${id}`);
    await write.tx.delete(digestItems).where(sql`${digestItems.digestId} = ${id}`);
  } else {
    const [row] = await write.tx
      .insert(digests)
      .values({ week: input.week, title: input.title, intro: input.intro, editedBy: [write.viewer.id] })
      .returning({ id: digests.id });
    id = row!.id;
  }
  if (items.length) await write.tx.insert(digestItems).values(items.map((item) => ({ ...item, digestId: id })));
  const after = { title: input.title, intro: input.intro, items: items.map((item) => ({ change: item.changeId, headline: item.headline, note: item.note })) };
  await write.audit({ action: existing ? 'UPDATE' : 'CREATE', entityType: 'Digest', entityId: id, diff: diffRows(before, after) });
  return id;
}

/**
 * Publishes the week's digest as saved, by a reviewer or admin who did not assemble it, and queues it
 * for every confirmed subscriber (one email each; the mail worker sends them). Returns its id.
 */
export async function publishDigest(write: Write, week: string, expectedVersion: number | null): Promise<{ id: number; recipients: number }> {
  const digest = await lockDigest(write, week);
  if (!digest) throw new NotFoundError(`No digest of ${week} has been saved.`);
  if (digest.status === 'PUBLISHED') throw ValidationError.field('week', `The digest of ${week} is already published.`);
  // The version the reviewer read: a save since then is not what they checked (four eyes).
  if (expectedVersion !== null && expectedVersion !== digest.version) {
    throw new ConflictError(digest.version, `The digest of ${week} was saved again since you read it (now at version ${digest.version}): read it again before publishing.`).about('Digest', digest.id);
  }
  if (editorsOf(digest).includes(write.viewer.id)) {
    throw new NotAuthorizedError('You assembled this digest: a different reviewer or admin must publish it (four eyes).');
  }
  const items = rowsOf<{ position: number; change_id: number; headline: string; claim_kind: string; claim_id: number }>(
    await write.tx.execute(sql`select position, change_id, headline, claim_kind, claim_id from ${digestItems} where digest_id = ${digest.id} order by position`),
  );
  if (!items.length) throw ValidationError.field('items', 'The digest has no items: add at least one before publishing.');
  const visible = new Set((await readChanges(asDatabase(write), { ids: items.map((item) => Number(item.change_id)) }, items.length)).map((change) => change.id));
  for (const item of items) {
    if (!visible.has(Number(item.change_id)) || !(await stillCited(write, item.claim_kind, Number(item.claim_id)))) {
      throw ValidationError.field(`items.${item.position - 1}`, `Item ${item.position} (“${item.headline}”) is no longer public or its number was withdrawn: remove it and save the digest again.`);
    }
  }
  await write.tx.execute(
    sql`update ${digests} set status = 'PUBLISHED', published_at = now(), published_by = ${write.viewer.id}, version = version + 1, updated_at = now() where id = ${digest.id}`,
  );
  const queued = rowsOf<{ id: number }>(
    await write.tx.execute(sql`insert into ${emailOutbox} (kind, subscriber_id, digest_id)
      select 'DIGEST', s.id, ${digest.id} from subscribers s where s.status = 'CONFIRMED' order by s.id
      on conflict (digest_id, subscriber_id) where kind = 'DIGEST' do nothing returning id`),
  );
  await write.tx.execute(sql`select pg_notify('email_outbox', ${String(digest.id)})`);
  await write.audit({
    action: 'PUBLISH',
    entityType: 'Digest',
    entityId: digest.id,
    diff: { status: { before: 'DRAFT', after: 'PUBLISHED' }, recipients: { before: null, after: queued.length } },
  });
  return { id: digest.id, recipients: queued.length };
}

const claimTables: Record<string, string> = { Score: 'scores', Price: 'prices', ModelFact: 'model_facts' };

/** The cited number is still one the public saw: verified, or since replaced by a correction. */
async function stillCited(write: Write, kind: string, id: number): Promise<boolean> {
  const table = claimTables[kind];
  if (!table) return false;
  const [row] = rowsOf<{ ok: boolean }>(
    await write.tx.execute(sql`select status in ('VERIFIED', 'SUPERSEDED') as ok from ${sql.identifier(table)} where id = ${id}`),
  );
  return row?.ok === true;
}

/**
 * Sends again a published digest's emails that are UNCERTAIN (their sender died or lost the server
 * mid-send: they may have arrived) or FAILED (given up), once a reviewer has decided a second copy is
 * better than none. Returns how many were queued again.
 */
export async function resendDigestEmails(write: Write, week: string, statuses: ('UNCERTAIN' | 'FAILED')[]): Promise<number> {
  const digest = await lockDigest(write, week);
  if (!digest) throw new NotFoundError(`No digest of ${week} has been saved.`);
  if (digest.status !== 'PUBLISHED') throw ValidationError.field('week', `The digest of ${week} is not published: it has no emails yet.`);
  const queued = rowsOf<{ id: number }>(
    await write.tx.execute(sql`update ${emailOutbox} o set status = 'PENDING', attempts = 0, next_attempt_at = now(), lease_until = null, last_error = null
      from subscribers s
      where o.kind = 'DIGEST' and o.digest_id = ${digest.id} and o.subscriber_id = s.id and s.status = 'CONFIRMED'
        and o.status in (${sql.join(
          statuses.map((status) => sql`${status}`),
          sql`, `,
        )})
      returning o.id`),
  );
  await write.tx.execute(sql`select pg_notify('email_outbox', ${String(digest.id)})`);
  await write.audit({ action: 'RESEND', entityType: 'Digest', entityId: digest.id, diff: { resent: { before: statuses.join(', '), after: queued.length } } });
  return queued.length;
}
