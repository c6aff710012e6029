import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.ts';
import { people, startAdminApp } from '../helpers/adminApp.ts';
import { ensureAdminBuilt, launchAdminBrowser, type AdminBrowser, type AdminSession } from '../helpers/browser.ts';

describe('the admin app: signing in, menus by role, lists', () => {
  let app: TestApp;
  let browser: AdminBrowser;
  const sessions: AdminSession[] = [];

  async function signedIn(person: (typeof people)[keyof typeof people]) {
    const session = await browser.session();
    sessions.push(session);
    await session.login(person.email, person.password);
    return session;
  }

  beforeAll(async () => {
    await ensureAdminBuilt();
    app = await startAdminApp();
    browser = await launchAdminBrowser(app.url);
  });

  afterAll(async () => {
    for (const session of sessions) expect(session.consoleErrors, 'browser console errors').toEqual([]);
    await browser?.close();
    await app?.close();
  });

  it('asks for a password, refuses a wrong one with a clear message, and signs in with the right one', async () => {
    const session = await browser.session();
    sessions.push(session);
    const { page } = session;
    await session.go('/');
    await expect.poll(() => page.url()).toContain('#/login');
    await session.screenshot('login');
    await page.locator('input[name=email]').fill(people.editor.email);
    await page.locator('input[name=password]').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('The email or password is not correct.').waitFor();
    await session.login(people.editor.email, people.editor.password);
    await page.getByTestId('role').getByText('editor').waitFor();
    await page.getByTestId('count-Models').getByText(/^\d+$/).waitFor();
    await page.getByTestId('score-vs-price').locator('.recharts-scatter-symbol').first().waitFor();
    // Disagreements are for reviewers: an editor's dashboard has no card for them.
    expect(await page.getByTestId('count-Disagreements').count()).toBe(0);
    await expect.poll(() => page.getByTestId('count-Waiting for review').innerText()).toMatch(/of your entries/);
    await session.screenshot('dashboard');
  });

  it('shows an editor the catalog and review queue but not accounts, the audit trail or disagreements', async () => {
    const { page } = await signedIn(people.editor);
    const menu = page.locator('.RaSidebar-fixed, .RaMenu-open, [class*="RaMenu"]').first();
    await menu.getByRole('menuitem', { name: 'Models' }).waitFor();
    for (const item of ['Models', 'Providers', 'Families', 'Benchmarks', 'Scores', 'Prices', 'Sources', 'Review queue']) {
      await expect.soft(await menu.getByRole('menuitem', { name: item }).count(), item).toBe(1);
    }
    for (const item of ['Users', 'Audit trail', 'Disagreements']) {
      await expect.soft(await menu.getByRole('menuitem', { name: item }).count(), item).toBe(0);
    }
  });

  it('shows an admin the accounts and the audit trail, and lists the team', async () => {
    const session = await signedIn(people.admin);
    const { page } = session;
    await page.getByRole('menuitem', { name: 'Audit trail' }).waitFor();
    await page.getByTestId('count-Disagreements').getByText(/^\d+$/).waitFor();
    await page.getByRole('menuitem', { name: 'Users' }).click();
    await page.getByRole('cell', { name: people.reviewer.email }).waitFor();
    expect(await page.getByRole('row').count()).toBe(1 + Object.keys(people).length);
    await session.screenshot('users');
  });

  it('lists every account of a team larger than one page of the API, and finds the newest', async () => {
    await app.db.raw.query(
      `insert into users (email, role, password_hash) select 'member' || i || '@sourced.test', 'EDITOR', 'not a hash' from generate_series(1, 130) i`,
    );
    const [{ n }] = (await app.db.raw.query<{ n: number }>('select count(*)::int as n from users')) as [{ n: number }];
    expect(n).toBeGreaterThan(100);
    const session = await signedIn(people.admin);
    const { page } = session;
    await page.getByRole('menuitem', { name: 'Users' }).click();
    await page.getByText(`1-10 of ${n}`).waitFor();
    await page.getByPlaceholder(/search/i).fill('member130@');
    await page.getByRole('cell', { name: 'member130@sourced.test' }).waitFor();
    await expect.poll(() => page.getByRole('row').count()).toBe(2);
  });

  it('lists models with the API search and opens o4-mini', async () => {
    const session = await signedIn(people.editor);
    const { page } = session;
    await page.getByRole('menuitem', { name: 'Models' }).click();
    await page.getByRole('row').nth(10).waitFor();
    await session.screenshot('models');
    await page.getByPlaceholder('Search models').fill('o4-mini');
    await page.getByRole('cell', { name: 'o4-mini', exact: true }).waitFor();
    await expect.poll(() => page.getByRole('row').count()).toBeLessThan(5);
    await page.getByRole('cell', { name: 'o4-mini', exact: true }).click();
    await expect.poll(() => page.locator('[name=tagline]').inputValue()).toMatch(/reasoning/i);
    await session.screenshot('model-edit');
  });

  it('lists draft and retired entries too, with a filter by publication state', async () => {
    await app.db.raw.query(`insert into benchmarks (slug, name, scale_min, scale_max, higher_is_better, publication)
      values ('draft-bench', 'Draft Bench', 0, 100, true, 'DRAFT')`);
    await app.db.raw.query(`insert into models (slug, name, provider_id, publication, open_weights)
      select 'retired-model', 'Retired Model', id, 'RETIRED', false from providers where slug = 'openai'`);
    const session = await signedIn(people.editor);
    const { page } = session;
    await session.go('/benchmarks');
    const draftRow = page.getByRole('row').filter({ hasText: 'Draft Bench' });
    await draftRow.getByText('Draft', { exact: true }).waitFor();
    await session.go('/benchmarks?filter=%7B%22publication%22%3A%22PUBLISHED%22%7D');
    // The list refetches with the filter: the draft goes, the published benchmarks stay.
    await draftRow.waitFor({ state: 'detached' });
    await page.getByRole('cell', { name: 'GPQA Diamond', exact: true }).waitFor();
    await session.go('/models?filter=%7B%22publication%22%3A%22RETIRED%22%7D');
    await page.getByRole('cell', { name: 'Retired Model', exact: true }).waitFor();
    await page.getByRole('cell', { name: 'o4-mini', exact: true }).waitFor({ state: 'detached' });
    expect(await page.getByRole('row').count()).toBe(2); // the header and the retired model
  });

  it('lists sources with their link status, filtered by it', async () => {
    const session = await signedIn(people.editor);
    const { page } = session;
    await page.getByRole('menuitem', { name: 'Sources' }).click();
    await page.getByRole('cell', { name: 'Introducing OpenAI o3 and o4-mini' }).waitFor();
    await session.screenshot('sources');
  });
});
