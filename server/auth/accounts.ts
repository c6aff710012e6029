import { sql } from 'drizzle-orm';
import type { DatabaseHandle } from '../../db/client.ts';
import { users, type Role } from '../../db/schema/index.ts';
import { appendAuditEvent, diffRows } from '../editing/audit.ts';
import { generatePassword, hashPassword, minPasswordLength } from './passwords.ts';

/** Creates an account outside a request (first start, `npm run user:create`); audited as the system. */
export async function createAccount(
  handle: DatabaseHandle,
  account: { email: string; password: string; role: Role; name?: string | null },
  requestId: string,
) {
  if (account.password.length < minPasswordLength) throw new Error(`the password needs at least ${minPasswordLength} characters`);
  const passwordHash = await hashPassword(account.password);
  return handle.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(users)
      .values({ email: account.email.trim().toLowerCase(), role: account.role, name: account.name ?? null, passwordHash })
      .returning();
    await appendAuditEvent(tx, { actorId: null, action: 'CREATE', entityType: 'User', entityId: row!.id, diff: diffRows(null, row!), requestId });
    return row!;
  });
}

export interface FirstAdminOptions {
  email?: string;
  password?: string;
  /** The zero-setup embedded database: make up a password and print it once. */
  embedded: boolean;
}

export type FirstAdminResult =
  | { created: false; reason: 'accounts exist' | 'no credentials' }
  | { created: true; email: string; generatedPassword: string | null };

/**
 * The first admin, when there are no accounts yet: from ADMIN_EMAIL/ADMIN_PASSWORD, or on the
 * embedded database's first start with a generated password the caller prints once.
 */
export async function ensureFirstAdmin(handle: DatabaseHandle, options: FirstAdminOptions): Promise<FirstAdminResult> {
  const [{ count } = { count: 0 }] = await handle.db.select({ count: sql<number>`count(*)::int` }).from(users);
  if (Number(count) > 0) return { created: false, reason: 'accounts exist' };
  if (options.email && options.password) {
    await createAccount(handle, { email: options.email, password: options.password, role: 'ADMIN' }, 'first-start');
    return { created: true, email: options.email.toLowerCase(), generatedPassword: null };
  }
  if (!options.embedded) return { created: false, reason: 'no credentials' };
  const email = options.email ?? 'admin@localhost';
  const password = generatePassword();
  await createAccount(handle, { email, password, role: 'ADMIN' }, 'first-start');
  return { created: true, email, generatedPassword: password };
}
