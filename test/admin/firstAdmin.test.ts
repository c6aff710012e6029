import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { accountEmailPattern } from '../../admin/src/users/emailAddress.ts';
import { accountEmail, defaultFirstAdminEmail } from '../../server/auth/accounts.ts';
import { startServer, type ServerProcess } from '../faults/harness.ts';
import { ensureAdminBuilt, launchAdminBrowser, type AdminBrowser, type AdminSession } from '../helpers/browser.ts';

// `npm start` on a fresh, empty data directory with neither DATABASE_URL nor ADMIN_EMAIL prints the
// first admin's address and a generated password. Whoever reads them signs in with them, in the admin
// app (its form once refused the printed `admin@localhost`).
describe('the first admin printed by the first embedded start', () => {
  let dir: string;
  let server: ServerProcess;
  let browser: AdminBrowser;
  const sessions: AdminSession[] = [];

  beforeAll(async () => {
    await ensureAdminBuilt();
    dir = mkdtempSync(join(tmpdir(), 'sourced-first-admin-'));
    // As `npm start` runs it (the admin app built above, as its prestart does): the embedded database,
    // the demo catalog by default, no admin configured. Only the request deadline gets room: on a busy
    // machine a sign-in (argon2) may take longer than the default 1.5 s, and its 503 is not the subject.
    server = await startServer({
      DATA_DIR: dir,
      DATABASE_URL: '',
      DATABASE_OWNER_URL: '',
      ADMIN_EMAIL: '',
      ADMIN_PASSWORD: '',
      SEED_DEMO: '',
      REQUEST_TIMEOUT_MS: '60000',
    });
    browser = await launchAdminBrowser(server.url);
  });

  afterAll(async () => {
    for (const session of sessions) expect(session.consoleErrors, 'browser console errors').toEqual([]);
    await browser?.close();
    if (server) expect(await server.stop('SIGTERM'), server.output()).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  });

  it('signs in with the printed email and password and sees the dashboard', async () => {
    const printed = /First admin account: (\S+)\npassword \(shown once\): (\S+)/.exec(server.output());
    expect(printed, server.output()).not.toBeNull();
    const [, email, password] = printed!;
    expect(email).toBe(defaultFirstAdminEmail);

    const session = await browser.session();
    sessions.push(session);
    const { page } = session;
    await session.login(email!, password!);
    await page.getByTestId('role').getByText('admin').waitFor();
    await page.getByTestId('count-Models').getByText(/^\d+$/).waitFor();
    await session.screenshot('first-admin-dashboard');

    // The new admin adds an editor: the Users form refuses what the server would (an address without
    // a dotted domain) and saves what it accepts.
    await session.go('/users/create');
    await page.locator('input[name=email]').fill('ed@localhost');
    await page.locator('input[name=password]').fill('a long enough password');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Enter an email address like ed@example.com.').waitFor();
    await page.locator('input[name=email]').fill('ed@sourced.localhost');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: 'ed@sourced.localhost' }).waitFor();
  });
});

describe('the address rule for new accounts', () => {
  it('is the same in the admin app, the API (zod) and the CLI', () => {
    expect(accountEmailPattern.source).toBe(z.regexes.email.source);
    for (const address of [defaultFirstAdminEmail, 'ed@example.com', 'ED@Example.COM ', 'admin@localhost', 'a!b@example.com', 'ed@', 'ed@example.c']) {
      const server = z.email().safeParse(address.trim()).success;
      expect(accountEmail.safeParse(address).success, address).toBe(server);
      expect(accountEmailPattern.test(address.trim()), address).toBe(server);
    }
    expect(accountEmail.safeParse(defaultFirstAdminEmail).success).toBe(true);
  });
});
