import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, openFromList, people, pick, settled, startWalkthrough, type Walkthrough } from './steps.ts';

// Work in the editor app is not lost (issue 17, "guard work"): leaving a half-typed form asks first,
// Ctrl+S saves, a dialog with typed content survives an outside click, a version conflict re-applies
// what was typed to the latest version, and a number added from a model page returns to that page.

const providerRow = async (w: Walkthrough, slug: string) => {
  const [row] = await w.app.db.raw.query<{ docs_url: string | null }>(`select docs_url from providers where slug = $1`, [slug]);
  return row!.docs_url;
};

describe('an editor’s typed work is guarded', () => {
  let w: Walkthrough;

  beforeAll(async () => {
    w = await startWalkthrough();
    // A draft provider saves directly (a published one's change waits for a second person).
    await w.app.db.raw.query(`update providers set publication = 'DRAFT' where slug = 'anthropic'`);
  });

  afterAll(async () => {
    await w?.close();
  });

  async function openAnthropic(page: Page) {
    await openFromList(page, { menu: 'Providers', placeholder: 'Search providers', search: 'anthropic', cell: 'Anthropic' });
    await expect.poll(() => page.locator('input[name=name]').inputValue()).toBe('Anthropic');
  }

  it('asks before leaving a half-typed form, keeps the text on "stay", and Ctrl+S saves it', async () => {
    const session = await w.signedIn(people.editor);
    const { page } = session;
    const before = await providerRow(w, 'anthropic');
    await openAnthropic(page);
    const editUrl = page.url();
    const docs = page.locator('input[name=docsUrl]');
    const typed = 'https://docs.anthropic.com/en/home';
    expect(before).not.toBe(typed);
    await docs.fill(typed);

    // Leaving by the menu asks first; staying keeps what was typed.
    await page.getByRole('menuitem', { name: 'Models' }).click();
    const leave = page.getByRole('dialog', { name: 'Leave without saving?' });
    await leave.waitFor();
    expect(await leave.textContent()).toContain('You have changes on this page that are not saved. If you leave, they are lost.');
    await settled(leave);
    await session.screenshot('guard-leave-dialog');
    await leave.getByRole('button', { name: 'Stay and keep editing' }).click();
    await leave.waitFor({ state: 'detached' });
    expect(page.url()).toBe(editUrl);
    expect(await docs.inputValue()).toBe(typed);
    expect(await providerRow(w, 'anthropic')).toBe(before);

    // Moving between the form's own tabs is not leaving it.
    await page.getByRole('tab', { name: 'History' }).click();
    await expect.poll(() => page.url()).toBe(`${editUrl}/history`);
    expect(await leave.count()).toBe(0);
    await page.getByRole('tab', { name: 'Details' }).click();
    expect(await docs.inputValue()).toBe(typed);

    // Ctrl+S saves (the page stays the app's, no browser dialog), and then leaving asks nothing.
    await docs.focus();
    await page.keyboard.press('Control+s');
    await page.getByText(/updated/i).first().waitFor();
    await expect.poll(() => providerRow(w, 'anthropic')).toBe(typed);
    await expect.poll(() => page.url()).toMatch(/#\/providers$|#\/providers\?/);
    await page.getByRole('menuitem', { name: 'Models' }).click();
    await expect.poll(() => page.url()).toMatch(/#\/models$|#\/models\?/);
    expect(await leave.count()).toBe(0);
  });

  it('leaves without saving when asked to, and the record keeps its saved value', async () => {
    const session = await w.signedIn(people.editor);
    const { page } = session;
    const saved = await providerRow(w, 'anthropic');
    await openAnthropic(page);
    await page.locator('input[name=docsUrl]').fill('https://example.com/not-kept');
    await page.getByRole('menuitem', { name: 'Scores' }).click();
    const leave = page.getByRole('dialog', { name: 'Leave without saving?' });
    await leave.getByRole('button', { name: 'Leave without saving' }).click();
    await expect.poll(() => page.url()).toMatch(/#\/scores$|#\/scores\?/);
    await page.getByRole('link', { name: 'Add a score' }).waitFor();
    expect(await providerRow(w, 'anthropic')).toBe(saved);
  });

  it('keeps a half-typed form when the server is briefly too busy to reload the record', async () => {
    const session = await w.signedIn(people.editor);
    const { page } = session;
    await openAnthropic(page);
    const editUrl = page.url();
    const docs = page.locator('input[name=docsUrl]');
    await docs.fill('https://example.com/typed-while-busy');
    // Every API call answers 503, as an overloaded server does; then the record is reloaded.
    let refused = 0;
    await page.route('**/graphql', (route) => {
      refused++;
      return route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ errors: [{ message: 'The server is busy: retry in a moment.' }] }) });
    });
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.getByText('The record could not be loaded just now (the server is busy or out of reach). What you typed is kept: try again in a moment.').waitFor();
    expect(refused).toBeGreaterThan(1);
    expect(page.url()).toBe(editUrl);
    expect(await docs.inputValue()).toBe('https://example.com/typed-while-busy');
    await page.unroute('**/graphql');
    // The browser logged the 503s this test made; any other error still fails the suite.
    const others = session.consoleErrors.filter((error) => !/\b503\b/.test(error));
    session.consoleErrors.splice(0, session.consoleErrors.length, ...others);
  });

  it('keeps the propose dialog open on an outside click or Escape once something is typed', async () => {
    const session = await w.signedIn(people.editor);
    const { page } = session;
    await openFromList(page, { menu: 'Models', placeholder: 'Search models', search: 'o4-mini', cell: 'o4-mini' });
    await page.getByRole('tab', { name: 'Quick facts' }).click();
    const facts = page.getByTestId('quick-facts');
    const proposeFirst = facts.getByRole('button', { name: 'Propose a value' }).first();

    // Untouched, the dialog closes on an outside click like any other.
    await proposeFirst.click();
    let dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await settled(dialog);
    await page.mouse.click(5, 5);
    await dialog.waitFor({ state: 'detached' });

    await proposeFirst.click();
    dialog = page.getByRole('dialog');
    await dialog.waitFor();
    const title = await dialog.getByRole('heading', { level: 2 }).textContent();
    expect(title).toMatch(/ of o4-mini$/);
    const value = dialog.locator('input[name=value]');
    await value.fill('2025-01');
    await settled(dialog);
    await page.mouse.click(5, 5);
    await page.getByText('You have typed something here: press Cancel to discard it.').waitFor();
    expect(await dialog.isVisible()).toBe(true);
    expect(await dialog.getByRole('heading', { level: 2 }).textContent()).toBe(title);
    expect(await value.inputValue()).toBe('2025-01');
    await page.keyboard.press('Escape');
    expect(await dialog.isVisible()).toBe(true);
    expect(await value.inputValue()).toBe('2025-01');
    await session.screenshot('guard-propose-dialog');

    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('after adding a score from a model page, returns to that model’s Scores tab', async () => {
    const session = await w.signedIn(people.editor);
    const { page } = session;
    await openFromList(page, { menu: 'Models', placeholder: 'Search models', search: 'o4-mini', cell: 'o4-mini' });
    await page.getByRole('tab', { name: 'Scores' }).click();
    await expect.poll(() => page.url()).toMatch(/\/scores$/);
    const scoresTab = page.url();
    await page.getByRole('link', { name: 'Add a score' }).click();
    await expect.poll(() => page.url()).toContain('#/scores/create');
    await expect.poll(() => page.getByRole('combobox', { name: /^Model/ }).inputValue()).toBe('o4-mini');
    await pick(page, /^Benchmark/, 'GPQA Diamond', 'GPQA Diamond');
    await page.getByTestId('board-preview').getByTestId('board-joined').waitFor();
    await page.locator('input[name=value]').fill('77.7');
    await pick(page, /^Source/, 'introducing-o3-and-o4-mini', /— https:\/\/openai\.com\/index\/introducing-o3-and-o4-mini\/?$/);
    await page.getByRole('textbox', { name: /^Where in the source/ }).fill('Benchmarks table: GPQA Diamond, guard test');
    await page.getByRole('button', { name: 'Save and submit for review' }).click();

    await expect.poll(() => page.url()).toBe(scoresTab);
    expect(await page.getByRole('tab', { name: 'Scores' }).getAttribute('aria-selected')).toBe('true');
    const row = page.getByRole('row').filter({ hasText: 'GPQA Diamond' }).filter({ hasText: '77.7' });
    await row.waitFor();
    expect(await row.textContent()).toContain('Waiting for review');
    expect(await page.getByRole('dialog', { name: 'Leave without saving?' }).count()).toBe(0);
    const [saved] = await w.app.db.raw.query<{ status: string; locator: string }>(`select status, locator from scores where value = 77.7`);
    expect(saved).toEqual({ status: 'PENDING_REVIEW', locator: 'Benchmarks table: GPQA Diamond, guard test' });
  });

  async function draftScore() {
    const gql = await apiAs(w.app, people.editor);
    const { sources } = await gql(`{ sources(first: 1, filter: { search: "introducing-o3-and-o4-mini" }) { edges { node { id } } } }`);
    const { createScore } = await gql(
      `mutation ($input: CreateScoreInput!) { createScore(input: $input) { __typename ... on CreateScoreSuccess { score { id status } } ... on Error { message } } }`,
      {
        input: {
          model: 'o4-mini',
          benchmark: 'gpqa-diamond',
          value: 70.1,
          citation: { sourceId: sources.edges[0].node.id, locator: 'Benchmarks table' },
          submitForReview: false,
        },
      },
    );
    expect(createScore).toMatchObject({ __typename: 'CreateScoreSuccess', score: { status: 'DRAFT' } });
    const [row] = await w.app.db.raw.query<{ id: number }>(`select id from scores where value = 70.1 and status = 'DRAFT'`);
    return { id: createScore.score.id as string, dbId: row!.id };
  }

  const scoreRow = async (dbId: number) => {
    const [row] = await w.app.db.raw.query<{ value: number; locator: string; version: number }>(
      `select value::float8 as value, locator, version from scores where id = $1`,
      [dbId],
    );
    return row!;
  };

  it('two tabs edit one draft score: tab A gets the conflict with a per-field diff, re-applies its value to the latest version, and saves both changes', async () => {
    const { id, dbId } = await draftScore();
    const saved = () => scoreRow(dbId);
    const tabA = await w.signedIn(people.editor);
    const tabB = await w.signedIn(people.editor);
    for (const tab of [tabA, tabB]) {
      await tab.go(`/scores/${encodeURIComponent(id)}`);
      await expect.poll(() => tab.page.locator('input[name=value]').inputValue()).toBe('70.1');
    }
    const locatorOf = (page: Page) => page.getByRole('textbox', { name: /^Where in the source/ });

    // B changes the value and the locator, and saves first.
    await tabB.page.locator('input[name=value]').fill('70.4');
    await locatorOf(tabB.page).fill('Benchmarks table, GPQA Diamond row');
    await tabB.page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(saved).toMatchObject({ value: 70.4, locator: 'Benchmarks table, GPQA Diamond row' });

    // A, still on the version it opened, types its own value and saves: refused, with the diff.
    await tabA.page.locator('input[name=value]').fill('71.5');
    await tabA.page.getByRole('button', { name: 'Save', exact: true }).click();
    const dialog = tabA.page.getByRole('dialog', { name: 'This record changed while you were editing it' });
    await dialog.waitFor();
    expect(await dialog.getByTestId('conflict-message').textContent()).toContain('Your change was not saved, and theirs was not overwritten');
    const diff = dialog.getByRole('table', { name: 'Your changes and the saved record' });
    const valueRow = diff.getByRole('row').filter({ hasText: 'value' });
    await expect.poll(() => valueRow.getByRole('cell').nth(2).textContent()).toMatch(/^70\.4/);
    const cells = await valueRow.getByRole('cell').allTextContents();
    expect(cells[1]).toBe('71.5');
    expect(cells[2]).toMatch(/^70\.4changed by .+: yours replaces it$/);
    expect(await diff.getByRole('row').count()).toBe(2); // the header and the one field A changed
    expect(await dialog.getByRole('button', { name: 'Reload the record and discard my 1 change' }).count()).toBe(1);
    expect(await dialog.textContent()).toContain('Reloading discards your 1 change:');
    await settled(dialog);
    await tabA.screenshot('guard-conflict-diff');
    expect(await saved()).toMatchObject({ value: 70.4 });

    // Re-applied on the latest version: A's value, B's locator, left for A to review and save.
    await dialog.getByRole('button', { name: 'Re-apply my changes to the latest version' }).click();
    await dialog.waitFor({ state: 'detached' });
    await tabA.page.getByText(/back on the latest version \(\d+\): review and save\./).waitFor();
    await expect.poll(() => locatorOf(tabA.page).inputValue()).toBe('Benchmarks table, GPQA Diamond row');
    expect(await tabA.page.locator('input[name=value]').inputValue()).toBe('71.5');
    expect(await saved()).toMatchObject({ value: 70.4 });

    await tabA.page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(saved).toMatchObject({ value: 71.5, locator: 'Benchmarks table, GPQA Diamond row' });
    expect(await dialog.count()).toBe(0);
  });
});
