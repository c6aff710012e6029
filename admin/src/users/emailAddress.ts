import type { Validator } from 'react-admin';

/**
 * The server's rule for a new account's address: zod's `z.email()` (server/auth/accounts.ts
 * `accountEmail`, the `createUser` mutation, ADMIN_EMAIL), copied here so the admin bundle does not
 * carry zod; test/admin/firstAdmin.test.ts checks it is the same pattern. react-admin's own `email()`
 * differs: it accepts addresses the server refuses (`a!b@example.com`).
 */
// biome-ignore lint/complexity/noUselessEscapeInRegex: the text of zod's own pattern, escapes included (the test compares them)
export const accountEmailPattern = /^(?:[A-Za-z0-9_'+\-]+\.)*[A-Za-z0-9_'+\-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9\-]*\.)+[A-Za-z]{2,}$/;

/** For the Users form: what the server will accept for a new account. */
export const accountEmail = (): Validator => (value: unknown) =>
  typeof value === 'string' && value.trim() && !accountEmailPattern.test(value.trim()) ? 'Enter an email address like ed@example.com.' : undefined;

/**
 * For the sign-in form: any address an account may hold, including ones made before today's rule
 * (`admin@localhost`, printed by earlier versions on the first start). The server answers a wrong
 * one like a wrong password.
 */
export const signInEmail = (): Validator => (value: unknown) =>
  typeof value === 'string' && value.trim() && !/^[^\s@]+@[^\s@]+$/.test(value.trim()) ? 'Enter the email address of your account.' : undefined;
