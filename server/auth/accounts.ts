import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DatabaseHandle } from '../../db/client.ts';
import { users, type Role } from '../../db/schema/index.ts';
import { appendAuditEvent, diffRows } from '../catalog/audit.ts';
import { generatePassword, hashPassword, minPasswordLength } from './passwords.ts';

/**
 * The address rule for new accounts, the same as the `createUser` mutation's and ADMIN_EMAIL's (zod's
 * `z.email()`: a dotted domain) and the admin app's Users form (admin/src/users/emailAddress.ts).
 */
export const accountEmail = z.string().trim().toLowerCase().max(254, 'Use at most 254 characters.').pipe(z.email('Enter an email address.'));

/**
 * The first admin of the embedded database when ADMIN_EMAIL is not set. `.localhost` is a reserved
 * name (RFC 6761) that passes the address rule: the login form and the API accept it.
 */
export const defaultFirstAdminEmail = 'admin@sourced.localhost';

/** Creates an account outside a request (first start, `npm run user:create`); audited as the system. */
export async function createAccount(
  handle: DatabaseHandle,
  account: { email: string; password: string; role: Role; name?: string | null },
  requestId: string,
) {
  const email = accountEmail.safeParse(account.email);
  if (!email.success) throw new Error(`${JSON.stringify(account.email)} is not an email address the admin app accepts (like ed@example.com)`);
  if (account.password.length < minPasswordLength) throw new Error(`the password needs at least ${minPasswordLength} characters`);
  const passwordHash = await hashPassword(account.password);
  return handle.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(users)
      .values({ email: email.data, role: account.role, name: account.name ?? null, passwordHash })
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
    const admin = await createAccount(handle, { email: options.email, password: options.password, role: 'ADMIN' }, 'first-start');
    return { created: true, email: admin.email, generatedPassword: null };
  }
  if (!options.embedded) return { created: false, reason: 'no credentials' };
  const password = generatePassword();
  const admin = await createAccount(handle, { email: options.email ?? defaultFirstAdminEmail, password, role: 'ADMIN' }, 'first-start');
  return { created: true, email: admin.email, generatedPassword: password };
}
