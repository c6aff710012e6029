import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoWeekOf, weekStart } from '../../server/digest/read.ts';
import { createPeople, type Person } from '../helpers/adminApp.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { ensureAdminBuilt, launchAdminBrowser, type AdminBrowser, type AdminSession } from '../helpers/browser.ts';
import { globalId, op, smallCatalog } from '../helpers/editor.ts';
import { apiAs, helperTextOf, people } from './steps.ts';

// The weekly digest screen in a real browser: an editor picks the week's candidates (each cited),
// orders them, writes a title, an intro and a note, saves and previews the email; a second reviewer's
// save over a stale version is a conflict that keeps what they typed, and makes them an assembler who
// may not publish; a reviewer who did not save it publishes it to the two confirmed subscribers.

const week = isoWeekOf(new Date());
const previousWeek = isoWeekOf(new Date(weekStart(week)!.getTime() - 86_400_000));
const rex: Person = { email: 'rex@sourced.test', password: 'reviewer-password-5678', role: 'REVIEWER' };
const sourceTitle = 'Source https://openai.com/index/o3-o4-mini-system-card';
const title = 'A new model, a new leader, a cheaper o4-mini';
const note = 'Input tokens are 18% cheaper.';

describe('the weekly digest screen', () => {
  let app: TestApp;
  let browser: AdminBrowser;
  const sessions: AdminSession[] = [];
  let eddie: AdminSession;

  async function signedIn(person: Person) {
    const session = await browser.session();
    sessions.push(session);
    // A failed request shows in the console only as its status; an internal error answers 200 with "Unexpected error.".
    session.page.on('response', async (response) => {
      const body = await response.text().catch(() => '');
      if (response.status() < 400 && !(response.url().endsWith('/graphql') && body.includes('"Unexpected error."'))) return;
      session.consoleErrors.push(`(request) ${response.status()} ${response.url()}: ${response.request().postData()?.slice(0, 300)} → ${body.slice(0, 300)}`);
    });
    await session.login(person.email, person.password);
    await session.page.getByTestId('role').getByText(person.role.toLowerCase()).waitFor();
    return session;
  }

  async function openDigest(page: Page) {
    await page.getByRole('menuitem', { name: 'Weekly digest' }).click();
    await page.getByRole('heading', { name: `Weekly digest ${week}` }).waitFor();
  }

  const items = (page: Page) => page.getByRole('list', { name: 'Items' }).getByRole('listitem');
  const candidate = (page: Page, text: string | RegExp) => page.getByRole('list', { name: 'Candidates' }).getByRole('listitem').filter({ hasText: text });

  async function noHorizontalScroll(session: AdminSession, name: string) {
    const { page } = session;
    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await session.screenshot(name);
    await page.setViewportSize({ width: 1280, height: 800 });
  }

  beforeAll(async () => {
    await ensureAdminBuilt();
    app = await startTestApp(async (db) => {
      const { catalog, providerId, modelId, sourceId } = await smallCatalog(db);
      const later = await catalog.model('later-model', providerId, { publication: 'DRAFT' });
      await catalog.fact(later, 'RELEASE_DATE', '2026-12-01', sourceId);
      await catalog.price(modelId, 'INPUT', 1.1, sourceId, '2025-01-01');
      // Published with no verified number: a candidate nothing can cite yet.
      await catalog.model('bare-model', providerId);
      await createPeople(db, [...Object.values(people), rex]);
      for (const [email, status] of [
        ['one@readers.test', 'CONFIRMED'],
        ['two@readers.test', 'CONFIRMED'],
        ['pending@readers.test', 'PENDING'],
      ]) {
        await db.raw.query(`insert into subscribers (email, email_hash, status, unsubscribe_token) values ($1, md5($1), $2, md5($1 || 'u'))`, [email, status]);
      }
    });
    // This week: o4-mini enters the GPQA board at #1, its input price drops from $1.10 to $0.90, later-model is published.
    const asEditor = await apiAs(app, people.editor);
    const asReviewer = await apiAs(app, people.reviewer);
    const [{ id: sourceId }] = (await app.db.raw.query<{ id: number }>(`select id from sources limit 1`)) as [{ id: number }];
    const { createScore } = await asEditor(op('CreateScore'), {
      input: { model: 'o4-mini', benchmark: 'gpqa-diamond', value: 81.4, setting: 'pass@1', citation: { sourceId: globalId('Source', sourceId), locator: 'Table 2' }, submitForReview: true },
    });
    const { verifyScore } = await asReviewer(op('VerifyScore'), { id: createScore.score.id, expectedVersion: createScore.score.version });
    expect(verifyScore.__typename).toBe('VerifyScoreSuccess');
    await app.db.raw.query(
      `insert into prices (model_id, kind, usd_per_million_tokens, effective_from, source_id, locator, retrieved_at, status, origin)
       select id, 'INPUT', 0.9, current_date, $1, 'Pricing table', current_date, 'VERIFIED', 'IMPORT' from models where slug = 'o4-mini'`,
      [sourceId],
    );
    await app.db.raw.query(`update models set input_price = 0.9 where slug = 'o4-mini'`);
    const [model] = await app.db.raw.query<{ id: number; version: number }>(`select id, version from models where slug = 'later-model'`);
    const { publishModel } = await asReviewer(`mutation ($id: ID!, $v: Int!) { publishModel(id: $id, expectedVersion: $v) { __typename } }`, {
      id: globalId('Model', model!.id),
      v: model!.version,
    });
    expect(publishModel.__typename).toBe('PublishModelSuccess');
    browser = await launchAdminBrowser(app.url);
  });

  afterAll(async () => {
    try {
      for (const session of sessions) expect(session.consoleErrors, 'browser console errors').toEqual([]);
    } finally {
      await browser?.close();
      await app?.close();
    }
  });

  it('shows an editor the week’s candidates with their citations, and weeks before it', async () => {
    eddie = await signedIn(people.editor);
    const { page } = eddie;
    await openDigest(page);
    const drop = candidate(page, 'o4-mini input price $1.10 → $0.90 (−18%)');
    await drop.getByText('Price drop').waitFor();
    const link = drop.getByRole('link', { name: sourceTitle });
    expect(await link.getAttribute('href')).toBe('https://openai.com/index/o3-o4-mini-system-card');
    expect(await drop.textContent()).toContain('(Pricing table)');
    await candidate(page, /^Leaderboard move/).getByText(/o4-mini enters GPQA-DIAMOND at #1/).waitFor();
    expect(await candidate(page, /^Leaderboard move/).textContent()).toContain('(Table 2)');
    await candidate(page, 'later-model published').getByText('New model').waitFor();
    expect(await page.getByRole('list', { name: 'Candidates' }).getByRole('listitem').count()).toBe(5);

    const bare = candidate(page, 'bare-model published');
    await bare.getByText('Cannot be added: bare-model has no verified number to cite yet.').waitFor();
    expect(await bare.getByRole('button', { name: /^Add/ }).isDisabled()).toBe(true);
    expect(await bare.getByRole('link').count()).toBe(0);

    // An editor does not publish: the screen says who does.
    expect(await page.getByRole('button', { name: 'Publish', exact: true }).count()).toBe(0);
    await page.getByText('A reviewer or an admin publishes the digest once it is saved').waitFor();
    await page.getByText('Not saved yet.').waitFor();
    await eddie.screenshot('digest-candidates');

    await page.getByRole('button', { name: 'Previous week' }).click();
    await page.getByRole('heading', { name: `Weekly digest ${previousWeek}` }).waitFor();
    await page.getByText('No change this week is worth an item yet.').waitFor();
    await page.getByRole('link', { name: 'This week' }).click();
    await page.getByRole('heading', { name: `Weekly digest ${week}` }).waitFor();
    expect(await page.getByRole('button', { name: 'Next week' }).isDisabled()).toBe(true);
  });

  it('lets the editor add, order and annotate three items, save them and preview the email', async () => {
    const { page } = eddie;
    await page.getByRole('button', { name: /^Add: o4-mini input price/ }).click();
    await page.getByRole('button', { name: /^Add: o4-mini enters GPQA-DIAMOND/ }).click();
    await page.getByRole('button', { name: /^Add: later-model published/ }).click();
    expect(await page.getByRole('button', { name: /^Added: o4-mini input price/ }).isDisabled()).toBe(true);
    await expect.poll(() => items(page).count()).toBe(3);

    // Reordered from the keyboard: the focus stays on the moved item's button.
    await page.getByRole('button', { name: 'Move item 3 up' }).focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('items-status').getByText(/^Moved “later-model published” to position 2 of 3\.$/).waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Move item 2 up');
    const order = async () => (await items(page).evaluateAll((nodes) => nodes.map((node) => node.getAttribute('aria-label')))).map((label) => label!.split(',')[0]);
    expect(await order()).toEqual(['Item 1: o4-mini input price $1.10 → $0.90 (−18%)', 'Item 2: later-model published', 'Item 3: o4-mini enters GPQA-DIAMOND at #1']);

    await page.getByRole('textbox', { name: 'Title' }).fill(title);
    await page.getByRole('textbox', { name: 'Intro' }).fill('Three things moved this week.');
    await page.getByRole('textbox', { name: 'Note on item 1' }).fill(note);
    await page.getByRole('textbox', { name: 'Headline of item 3' }).fill('o4-mini leads GPQA Diamond');
    await page.getByText('You have unsaved changes.').waitFor();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved: version 1.').waitFor();
    await page.getByText('Draft, version 1. All changes saved.').waitFor();
    expect(await page.getByRole('textbox', { name: 'Headline of item 3' }).inputValue()).toBe('o4-mini leads GPQA Diamond');
    await noHorizontalScroll(eddie, 'digest-items-390');

    await page.getByRole('button', { name: 'Preview email' }).click();
    const dialog = page.getByRole('dialog', { name: 'Email preview' });
    await dialog.getByTestId('preview-subject').getByText(title).waitFor();
    const email = page.frameLocator('iframe[title="Email preview (HTML)"]');
    await email.getByRole('heading', { name: title }).waitFor();
    await email.getByText(note).waitFor();
    await email.getByText('o4-mini leads GPQA Diamond').waitFor();
    expect(await page.locator('iframe[title="Email preview (HTML)"]').getAttribute('sandbox')).toBe('');
    await eddie.screenshot('digest-preview');
    await dialog.getByRole('tab', { name: 'Plain text' }).click();
    expect(await dialog.getByLabel('Email preview (plain text)').textContent()).toContain(note);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('shows the API’s message next to a note too long, and asks before leaving unsaved changes', async () => {
    const { page } = eddie;
    const noteInput = page.getByRole('textbox', { name: 'Note on item 2' });
    await noteInput.fill('x'.repeat(301));
    expect(await helperTextOf(noteInput)).toBe('One line, optional (301/300 characters).');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Not saved:', { exact: false }).first().waitFor();
    await expect.poll(() => helperTextOf(noteInput)).toBe('Use at most 300 characters.');
    expect(await noteInput.getAttribute('aria-invalid')).toBe('true');
    // The message follows its item when the items are reordered.
    await page.getByRole('button', { name: 'Move item 2 down' }).click();
    await page.getByTestId('items-status').getByText(/to position 3 of 3\.$/).waitFor();
    expect(await helperTextOf(page.getByRole('textbox', { name: 'Note on item 3' }))).toBe('Use at most 300 characters.');

    await page.getByRole('menuitem', { name: 'Models' }).click();
    const leave = page.getByRole('dialog', { name: 'Leave without saving?' });
    await leave.getByRole('button', { name: 'Stay and keep editing' }).click();
    await leave.waitFor({ state: 'detached' });
    expect(await page.getByRole('textbox', { name: 'Note on item 3' }).inputValue()).toHaveLength(301);
    await page.getByRole('button', { name: 'Undo changes' }).click();
    await page.getByText('Draft, version 1. All changes saved.').waitFor();
    expect(await page.getByRole('textbox', { name: 'Note on item 1' }).inputValue()).toBe(note);
  });

  it('tells a second reviewer that someone else saved, keeps what they typed, and then does not let them publish', async () => {
    const session = await signedIn(rex);
    const { page } = session;
    await openDigest(page);
    await page.getByText('Draft, version 1. All changes saved.').waitFor();

    // Meanwhile the editor saves a new intro: version 2.
    await eddie.page.getByRole('textbox', { name: 'Intro' }).fill('Three things moved this week, and one got cheaper.');
    await eddie.page.getByRole('button', { name: 'Save', exact: true }).click();
    await eddie.page.getByText('Saved: version 2.').waitFor();

    await page.getByRole('textbox', { name: 'Intro' }).fill('Three things moved.');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const conflict = page.getByRole('dialog', { name: 'Someone else saved this digest' });
    await conflict.getByText(`${people.editor.email} saved it`).waitFor();
    await conflict.getByText(/now at version 2/).waitFor();
    await conflict.getByRole('button', { name: 'Keep my changes' }).click();
    await page.getByText('Your changes are kept over version 2: save to apply them.').waitFor();
    expect(await page.getByRole('textbox', { name: 'Intro' }).inputValue()).toBe('Three things moved.');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved: version 3.').waitFor();

    const publish = page.getByRole('button', { name: 'Publish', exact: true });
    await page.getByTestId('publish-reason').getByText('You saved this digest: a different reviewer or admin must publish it (four eyes).').waitFor();
    expect(await publish.isDisabled()).toBe(true);
    expect(await publish.getAttribute('aria-describedby')).toBeTruthy();
    await session.screenshot('digest-four-eyes');
  });

  it('lets a reviewer who did not save it publish it to the confirmed subscribers; it is then read-only', async () => {
    const session = await signedIn(people.reviewer);
    const { page } = session;
    await openDigest(page);
    await page.getByText('Draft, version 3. All changes saved.').waitFor();
    // Unsaved changes are not published: save or undo them first.
    await page.getByRole('textbox', { name: 'Title' }).fill(`${title}!`);
    await page.getByTestId('publish-reason').getByText(/You have unsaved changes/).waitFor();
    await page.getByRole('button', { name: 'Undo changes' }).click();
    await page.getByTestId('publish-reason').waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    const confirm = page.getByRole('dialog', { name: `Publish the digest of ${week}?` });
    await confirm.getByText(/emailed, as saved, to every confirmed subscriber/).waitFor();
    await session.screenshot('digest-publish-confirm');
    await confirm.getByRole('button', { name: 'Publish and send' }).click();
    const published = page.getByTestId('published-digest');
    await published.getByText('Published: queued for 2 subscribers.').waitFor();
    await published.getByRole('heading', { name: title }).waitFor();
    await published.getByText('Three things moved.').waitFor();
    expect(await published.getByRole('listitem').allTextContents()).toEqual([
      expect.stringContaining(note),
      expect.stringContaining('later-model published'),
      expect.stringContaining('o4-mini leads GPQA Diamond'),
    ]);
    expect(await published.getByRole('link', { name: `Public page: /digest/${week}` }).getAttribute('href')).toBe(`/digest/${week}`);
    expect(await page.getByRole('textbox').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Save', exact: true }).count()).toBe(0);
    await noHorizontalScroll(session, 'digest-published-390');
    await session.screenshot('digest-published');

    const queued = await app.db.raw.query<{ email: string }>(
      `select s.email from email_outbox o join subscribers s on s.id = o.subscriber_id where o.kind = 'DIGEST' order by s.email`,
    );
    expect(queued.map((row) => row.email)).toEqual(['one@readers.test', 'two@readers.test']);

    // The editor's screen, opened again, shows it read-only too.
    await eddie.page.reload();
    await eddie.page.getByTestId('published-digest').getByRole('heading', { name: title }).waitFor();
  });
});
