import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

// argon2id (the library's default algorithm; its const enum cannot be imported here, 2 = Argon2id)
// with OWASP's minimum settings: 19 MiB, 2 passes, 1 lane; ~15 ms to verify here.
const options = { algorithm: 2 as never, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const minPasswordLength = 12;

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

/** How many password checks (argon2 verifications) this process has run: a figure for tests and metrics. */
export const passwordChecks = { count: 0 };

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  passwordChecks.count++;
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/**
 * A hash of a random secret, verified when the email is unknown, so that an unknown email and a
 * wrong password cost the same time and cannot be told apart.
 */
let dummyHash: Promise<string> | null = null;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(24).toString('base64url'));
  return dummyHash;
}

/** A password for generated accounts (first admin, user:create without --password). */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}
