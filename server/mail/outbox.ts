import type { DatabaseHandle } from '../../db/client.ts';
import { emailStatuses, type EmailKind, type EmailStatus } from '../../db/schema/digest.ts';

// The statements on the mail outbox (email_outbox), each one committed on its own. The order of an
// email's life: PENDING → (claim) SENDING → SENT, or back to PENDING to retry, or FAILED; SKIPPED when
// its subscriber is no longer one it may go to; UNCERTAIN when its sender stopped mid-send.

export interface ClaimedEmail {
  id: number;
  kind: EmailKind;
  subscriberId: number;
  digestId: number | null;
  week: string | null;
  token: string | null;
  attempts: number;
  /** SENDING: to send now; SKIPPED: settled by the claim itself, not to send (`reason` says why). */
  status: 'SENDING' | 'SKIPPED';
  reason: string | null;
  email: string;
  unsubscribeToken: string;
}

/**
 * The oldest due PENDING emails, up to `limit`, locked with SKIP LOCKED (another worker takes others)
 * and, in the same statement, either leased (SENDING until `leaseMs` from now, attempts + 1) or
 * SKIPPED when their subscriber may no longer get them: a digest for anyone not CONFIRMED, a
 * confirmation for anyone not PENDING or whose link expired. Committed, durably, before any of them
 * is handed to SMTP: a claim lost in a crash would send the email again once its sender's email had
 * gone out, which is what leases and UNCERTAIN are here to prevent.
 * The head of the queue is read in index order (email_outbox_due_idx) and the rows not yet due are
 * dropped after: with `next_attempt_at <= now()` in the scan, stale statistics after a digest's
 * thousands of rows (PGlite never analyzes) made the planner read every due row and sort them,
 * 5–30 ms a claim instead of 0.4. One UPDATE … FROM with no second pass over email_outbox: PGlite
 * plans every statement anew, and the planning was most of a claim's cost.
 */
export async function claimDue(handle: DatabaseHandle, limit: number, leaseMs: number): Promise<ClaimedEmail[]> {
  const rows = await handle.raw.query<Record<string, unknown>>(
    `with head as (
       select o.id, o.next_attempt_at, o.kind, o.subscriber_id, o.digest_id, o.token from email_outbox o
        where o.status = 'PENDING'
        order by o.next_attempt_at, o.id
        limit $1
        for update of o skip locked
     )
     update email_outbox o
        set status = case when j.skip is null then 'SENDING' else 'SKIPPED' end,
            attempts = o.attempts + case when j.skip is null then 1 else 0 end,
            lease_until = case when j.skip is null then now() + $2::int * interval '1 millisecond' end,
            last_error = coalesce(j.skip, o.last_error),
            token = case when j.skip is null then o.token end
       from head h
       join subscribers s on s.id = h.subscriber_id
       left join digests d on d.id = h.digest_id
      cross join lateral (select case
                when h.kind = 'DIGEST' and s.status <> 'CONFIRMED' then 'not sent: the subscriber is ' || lower(s.status)
                when h.kind = 'DIGEST' and d.status is distinct from 'PUBLISHED' then 'not sent: the digest is not published'
                when h.kind = 'CONFIRMATION' and s.status <> 'PENDING' then 'not sent: the subscriber is already ' || lower(s.status)
                when h.kind = 'CONFIRMATION' and h.token is null then 'not sent: no confirmation token'
                when h.kind = 'CONFIRMATION' and s.confirm_expires_at <= now() then 'not sent: the confirmation link had expired'
              end as skip) j
      where o.id = h.id and h.next_attempt_at <= now()
     returning o.id, o.kind, o.subscriber_id, o.digest_id, d.week, o.token, o.attempts, o.status, j.skip, s.email, s.unsubscribe_token`,
    [limit, Math.round(leaseMs)],
  );
  return rows
    .map((row) => ({
      id: Number(row.id),
      kind: row.kind as EmailKind,
      subscriberId: Number(row.subscriber_id),
      digestId: row.digest_id == null ? null : Number(row.digest_id),
      week: (row.week as string | null) ?? null,
      token: (row.token as string | null) ?? null,
      attempts: Number(row.attempts),
      status: row.status as ClaimedEmail['status'],
      reason: (row.skip as string | null) ?? null,
      email: String(row.email),
      unsubscribeToken: String(row.unsubscribe_token),
    }))
    .sort((a, b) => a.id - b.id);
}

/**
 * Accepted by the SMTP server (or written to the outbox folder): SENT, the confirmation token gone.
 * Also from UNCERTAIN: a send that outlived its lease and then succeeded is known to have gone out.
 */
export async function markSent(handle: DatabaseHandle, id: number, messageId: string): Promise<void> {
  await handle.raw.query(
    `update email_outbox set status = 'SENT', sent_at = now(), message_id = $2, token = null, lease_until = null, last_error = null
      where id = $1 and status in ('SENDING', 'UNCERTAIN')`,
    [id, messageId],
  );
}

/** markSent for many at once, in one statement (the worker's group commit of finished sends). */
export async function markSentMany(handle: DatabaseHandle, sent: { id: number; messageId: string }[]): Promise<void> {
  if (sent.length === 0) return;
  await handle.raw.query(
    `update email_outbox o
        set status = 'SENT', sent_at = now(), message_id = v.message_id, token = null, lease_until = null, last_error = null
       from (select unnest($1::bigint[]) as id, unnest($2::text[]) as message_id) v
      where o.id = v.id and o.status in ('SENDING', 'UNCERTAIN')`,
    [sent.map((one) => one.id), sent.map((one) => one.messageId)],
  );
}

/** Certainly not accepted: PENDING again after `delayMs`, or FAILED when `final`. */
export async function markFailed(handle: DatabaseHandle, id: number, error: string, delayMs: number, final: boolean): Promise<void> {
  await handle.raw.query(
    `update email_outbox
        set status = case when $4 then 'FAILED' else 'PENDING' end, last_error = $2, lease_until = null,
            next_attempt_at = now() + $3::int * interval '1 millisecond',
            token = case when $4 then null else token end
      where id = $1 and status in ('SENDING', 'UNCERTAIN')`,
    [id, error.slice(0, 500), Math.round(delayMs), final],
  );
}

/** May have been accepted (no answer in time): UNCERTAIN, never sent again on its own. */
export async function markUncertain(handle: DatabaseHandle, id: number, error: string): Promise<void> {
  await handle.raw.query(`update email_outbox set status = 'UNCERTAIN', last_error = $2, lease_until = null, token = null where id = $1 and status = 'SENDING'`, [
    id,
    error.slice(0, 500),
  ]);
}

/** Settled without sending (the digest could not be read as published). */
export async function markSkipped(handle: DatabaseHandle, id: number, reason: string): Promise<void> {
  await handle.raw.query(`update email_outbox set status = 'SKIPPED', last_error = $2, lease_until = null, token = null where id = $1 and status = 'SENDING'`, [
    id,
    reason,
  ]);
}

/**
 * Emails still SENDING after their lease ran out: their sender died (kill -9, a crash, a lost machine)
 * between handing them to SMTP and recording the answer. They may have gone out, so they become
 * UNCERTAIN, for an admin to look at, and are not sent again: a second copy of a digest is worse.
 */
export async function expireLeases(handle: DatabaseHandle): Promise<{ id: number; kind: EmailKind; subscriberId: number }[]> {
  const rows = await handle.raw.query<Record<string, unknown>>(
    `update email_outbox
        set status = 'UNCERTAIN', lease_until = null, token = null,
            last_error = 'its sender stopped while sending (the lease ran out): it may have gone out, so it is not sent again on its own'
      where status = 'SENDING' and lease_until < now()
     returning id, kind, subscriber_id`,
  );
  return rows.map((row) => ({ id: Number(row.id), kind: row.kind as EmailKind, subscriberId: Number(row.subscriber_id) }));
}

/**
 * Subscriptions never confirmed, created more than `days` days ago, are deleted with their emails
 * (the outbox's foreign key cascades); one whose confirmation link is still valid waits for it.
 */
export async function purgeUnconfirmed(handle: DatabaseHandle, days = 7): Promise<number> {
  const [row] = await handle.raw.query<{ n: number }>(
    `with gone as (
       delete from subscribers
        where status = 'PENDING' and created_at < now() - $1::int * interval '1 day'
          and (confirm_expires_at is null or confirm_expires_at < now())
       returning id)
     select count(*)::int as n from gone`,
    [days],
  );
  return Number(row?.n ?? 0);
}

/** Emails by status (every status present, 0 when none): UNCERTAIN and FAILED are for an admin to see. */
export async function outboxCounts(handle: DatabaseHandle, digestId?: number): Promise<Record<EmailStatus, number>> {
  const rows = await handle.raw.query<{ status: EmailStatus; n: number }>(
    `select status, count(*)::int as n from email_outbox where $1::int is null or digest_id = $1 group by status`,
    [digestId ?? null],
  );
  const counts = Object.fromEntries(emailStatuses.map((status) => [status, 0])) as Record<EmailStatus, number>;
  for (const row of rows) counts[row.status] = Number(row.n);
  return counts;
}
