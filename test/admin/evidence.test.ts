import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoCatalog } from '../../server/import/demo.ts';
import { createPeople } from '../helpers/adminApp.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { ensureAdminBuilt, launchAdminBrowser, type AdminBrowser, type AdminSession } from '../helpers/browser.ts';
import { apiAs, people, pick } from './steps.ts';
import type { Person } from '../helpers/adminApp.ts';

// Evidence in the admin, in Chromium against the real server: the cited page is served by a local
// server the captures may open (allow-listed), never the internet. An editor sees whether the page
// says the number before saving it; a reviewer sees what the page says beside each pending number,
// and verifying one the page does not hold takes a reason.

const vendorPage = readFileSync(new URL('../fixtures/evidence/vendor.html', import.meta.url), 'utf8');

/** The element lies within the first `width` pixels of the page: nothing of it is off screen to the right. */
async function fitsWithin(element: Locator, width: number) {
  const box = await element.boundingBox();
  return box !== null && box.x >= 0 && box.x + box.width <= width;
}

function startPages(): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.url === '/vendor.html' || request.url === '/launch.html') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(vendorPage);
    } else {
      response.writeHead(404);
      response.end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const createSource = `mutation ($input: CreateSourceInput!) {
  createSource(input: $input) { __typename ... on CreateSourceSuccess { source { id } } ... on Error { message } }
}`;
const captureSource = `mutation ($id: ID!) { captureSource(id: $id) { __typename ... on Error { message } } }`;
const createScore = `mutation ($input: CreateScoreInput!) {
  createScore(input: $input) { __typename ... on CreateScoreSuccess { score { id status citation { evidence { status } } } } ... on Error { message } }
}`;

describe('evidence: the cited page checked as numbers are entered and reviewed', () => {
  let pages: Server;
  let pagesUrl: string;
  let app: TestApp;
  let browser: AdminBrowser;
  const sessions: AdminSession[] = [];

  async function signedIn(person: Person): Promise<AdminSession> {
    const session = await browser.session();
    sessions.push(session);
    session.page.on('response', async (response) => {
      const body = await response.text().catch(() => '');
      const failed = response.status() >= 400 || (response.url().endsWith('/graphql') && body.includes('"Unexpected error."'));
      if (failed) session.consoleErrors.push(`(request) ${response.status()} ${response.url()}: ${response.request().postData()?.slice(0, 600)} → ${body.slice(0, 400)}`);
    });
    await session.login(person.email, person.password);
    await session.page.getByTestId('role').getByText(person.role.toLowerCase()).waitFor();
    return session;
  }

  beforeAll(async () => {
    await ensureAdminBuilt();
    pages = await startPages();
    const port = (pages.address() as AddressInfo).port;
    pagesUrl = `http://127.0.0.1:${port}`;
    // As an intranet deployment would list its own hosts; nothing else private is opened.
    process.env.SOURCE_FETCH_ALLOW_HOSTS = `127.0.0.1:${port}`;
    app = await startTestApp(
      async (db) => {
        await seedDemoCatalog(db);
        await createPeople(db);
      },
      { allowHosts: [{ host: '127.0.0.1', port: String(port) }] },
    );
    browser = await launchAdminBrowser(app.url);

    // The launch post, captured once; a second copy of it nobody has captured yet.
    const gql = await apiAs(app, people.otherEditor);
    const source = async (path: string, title: string) => {
      const { createSource: created } = await gql(createSource, {
        input: { url: `${pagesUrl}${path}`, title, publisher: 'OpenAI', kind: 'VENDOR_MODEL_CARD', retrievedAt: '2026-11-01' },
      });
      expect(created.__typename).toBe('CreateSourceSuccess');
      return created.source.id as string;
    };
    const captured = await source('/vendor.html', 'Evidence fixture: o3 and o4-mini results');
    expect((await gql(captureSource, { id: captured })).captureSource.__typename).toBe('CaptureSourceSuccess');
    await source('/launch.html', 'Evidence fixture: launch post, not captured');

    // A number the page does not say, waiting for review.
    const { createScore: missing } = await gql(createScore, {
      input: {
        model: 'o4-mini',
        benchmark: 'gpqa-diamond',
        value: 79.9,
        setting: 'evidence: not on the page',
        citation: { sourceId: captured, locator: 'Results table', quote: 'GPQA Diamond (no tools) 79.9%' },
        submitForReview: true,
      },
    });
    expect(missing).toMatchObject({ __typename: 'CreateScoreSuccess', score: { status: 'PENDING_REVIEW', citation: { evidence: { status: 'NOT_FOUND' } } } });
  });

  afterAll(async () => {
    try {
      for (const session of sessions) expect(session.consoleErrors, 'browser console errors').toEqual([]);
    } finally {
      delete process.env.SOURCE_FETCH_ALLOW_HOSTS;
      await browser?.close();
      await app?.close();
      await new Promise((resolve) => pages?.close(resolve));
    }
  });

  it('an editor entering a score sees, before saving, that the page says it, with the number marked in the page’s words', async () => {
    const session = await signedIn(people.editor);
    const { page } = session;
    await session.go('/scores/create');
    await pick(page, /^Model/, 'o4-mini', 'o4-mini');
    await pick(page, /^Benchmark/, 'GPQA', 'GPQA Diamond');
    await page.locator('input[name=value]').fill('81.4');
    // Told apart from the other pending scores by its harness (reported in the label, not compared).
    await page.getByTestId('board-preview').getByTestId('setting-label').waitFor();
    await page.locator('input[name="conditions.harness"]').fill('evidence found');
    await pick(page, /^Source/, 'results', /Evidence fixture: o3 and o4-mini results/);
    await page.getByRole('textbox', { name: /^Where in the source/ }).fill('Results table, GPQA Diamond row');

    const panel = page.getByRole('region', { name: 'Evidence' });
    const explanation = panel.getByTestId('evidence-explanation');
    await expect.poll(() => explanation.textContent()).toMatch(/^found 81\.4 near "GPQA" and "Diamond" in: /);
    expect(await panel.getByTestId('evidence-status').textContent()).toBe('Found on the page');
    expect(await panel.getByTestId('evidence-excerpt').locator('mark').textContent()).toBe('81.4%');
    expect(await panel.getByTestId('evidence-excerpt').textContent()).toContain('GPQA Diamond (no tools) | 81.4%');
    expect(await panel.textContent()).toMatch(/Captured \d/);

    // A quote that is not next to the number: the panel says so as the editor types.
    const quote = page.getByRole('textbox', { name: /^Quote/ });
    await quote.fill('AIME 2024 (no tools)');
    await expect.poll(() => panel.getByTestId('evidence-status').textContent()).toBe('Not found');
    expect(await explanation.textContent()).toContain('the quote "AIME 2024 (no tools)" is on the page but 81.4 is not in or next to it');
    await quote.fill('GPQA Diamond (no tools)');
    await expect.poll(() => panel.getByTestId('evidence-status').textContent()).toBe('Found on the page');
    await session.screenshot('evidence-score-entry');

    await page.getByRole('button', { name: 'Save and submit for review' }).click();
    await expect.poll(() => page.url()).toMatch(/#\/scores$|#\/scores\?/);
    const [saved] = await app.db.raw.query<{ status: string; quote: string; evidence_status: string }>(
      `select status, quote, evidence_status from scores where harness = 'evidence found'`,
    );
    expect(saved).toEqual({ status: 'PENDING_REVIEW', quote: 'GPQA Diamond (no tools)', evidence_status: 'FOUND' });
  });

  it('a source never captured offers to capture the page from the form, and then the number is found', async () => {
    const session = await signedIn(people.editor);
    const { page } = session;
    await session.go('/scores/create');
    await pick(page, /^Model/, 'o4-mini', 'o4-mini');
    await pick(page, /^Benchmark/, 'GPQA', 'GPQA Diamond');
    await page.locator('input[name=value]').fill('83.3');
    await pick(page, /^Source/, 'launch post', /Evidence fixture: launch post, not captured/);
    await page.getByRole('textbox', { name: /^Where in the source/ }).fill('GPQA Diamond row, o3 column');

    const panel = page.getByRole('region', { name: 'Evidence' });
    await expect.poll(() => panel.getByTestId('evidence-status').textContent()).toBe('Not captured yet');
    expect(await panel.textContent()).toContain('The page has never been captured.');
    await panel.getByRole('button', { name: 'Capture the page now' }).click();
    await expect.poll(() => panel.getByTestId('evidence-status').textContent()).toBe('Found on the page');
    expect(await panel.getByTestId('evidence-excerpt').locator('mark').textContent()).toBe('83.3%');
    expect(await panel.getByRole('button', { name: 'Capture the page now' }).count()).toBe(0);

    // On a phone the panel fits the screen.
    await page.setViewportSize({ width: 390, height: 800 });
    await panel.scrollIntoViewIfNeeded();
    await expect.poll(async () => fitsWithin(panel, 390)).toBe(true);
    await session.screenshot('evidence-panel-390');
  });

  it('a reviewer sees each pending number’s evidence, and verifying one the page does not hold asks for a reason, which is kept', async () => {
    const session = await signedIn(people.reviewer);
    const { page } = session;
    await page.getByRole('menuitem', { name: 'Review queue' }).click();

    const found = page.getByRole('row').filter({ hasText: /o4-mini · GPQA Diamond \(.*harness evidence found\)/ });
    await found.waitFor();
    const foundEvidence = found.getByTestId('claim-evidence');
    expect(await foundEvidence.getByTestId('evidence-status').textContent()).toBe('Found on the page');
    expect(await foundEvidence.getByTestId('evidence-excerpt').locator('mark').textContent()).toBe('81.4%');
    expect(await foundEvidence.textContent()).toMatch(/captured \d/);
    expect(await foundEvidence.getByRole('link', { name: 'open at the quote' }).getAttribute('href')).toBe(
      `${pagesUrl}/vendor.html#:~:text=GPQA%20Diamond%20(no%20tools)`,
    );

    const missing = page.getByRole('row').filter({ hasText: 'o4-mini · GPQA Diamond (evidence: not on the page)' });
    const missingEvidence = missing.getByTestId('claim-evidence');
    expect(await missingEvidence.getByTestId('evidence-status').textContent()).toBe('Not found');
    expect(await missingEvidence.textContent()).toContain('is not on the page');
    await session.screenshot('evidence-review-queue');

    await missing.getByRole('button', { name: 'Verify' }).click();
    const dialog = page.getByRole('dialog', { name: 'Verify against the evidence' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('Not found');
    const confirm = dialog.getByRole('button', { name: 'Verify anyway' });
    expect(await confirm.isDisabled()).toBe(true);
    const reason = 'The vendor gives 79.9 in its system card, table 4; the launch post rounds differently.';
    await dialog.getByRole('textbox', { name: /Reason/ }).fill(reason);
    await confirm.click();
    await page.getByText('Verified: the number is now public.').waitFor();
    await missing.waitFor({ state: 'detached' });

    const [audit] = await app.db.raw.query<{ diff: { evidenceOverride?: { after: string } } }>(
      `select diff from audit_events where action = 'VERIFY' and entity_type = 'Score' order by id desc limit 1`,
    );
    expect(audit?.diff.evidenceOverride?.after).toBe(reason);

    // Verified against the evidence, it is a drifted number: the drift queue lists it.
    await page.getByRole('menuitem', { name: 'Drift queue' }).click();
    const drifted = page.getByRole('row').filter({ hasText: '79.9' });
    await drifted.waitFor();
    expect(await drifted.textContent()).toContain('o4-mini');
    expect(await drifted.getByTestId('evidence-status').textContent()).toBe('Not found');
    expect(await drifted.getByRole('link', { name: /GPQA Diamond/ }).getAttribute('href')).toMatch(/#\/scores\/[^/]+$/);
  });

  it('a check the API was too busy to answer is asked again, and the panel shows the evidence', async () => {
    const session = await signedIn(people.editor);
    const { page } = session;
    // The first check is answered as an overloaded server answers (server/http/admission.ts): 503.
    let refused = 0;
    await page.route('**/graphql', async (route) => {
      if (refused === 0 && route.request().postData()?.includes('checkEvidence')) {
        refused += 1;
        await route.fulfill({
          status: 503,
          headers: { 'content-type': 'application/json', 'retry-after': '1' },
          body: JSON.stringify({ errors: [{ message: 'The server is busy; retry in a moment.', extensions: { code: 'SERVICE_UNAVAILABLE' } }] }),
        });
      } else {
        await route.continue();
      }
    });
    await session.go('/scores/create');
    await pick(page, /^Model/, 'o4-mini', 'o4-mini');
    await pick(page, /^Benchmark/, 'GPQA', 'GPQA Diamond');
    await page.locator('input[name=value]').fill('81.4');
    await pick(page, /^Source/, 'results', /Evidence fixture: o3 and o4-mini results/);
    await page.getByRole('textbox', { name: /^Where in the source/ }).fill('Results table, GPQA Diamond row');

    const panel = page.getByRole('region', { name: 'Evidence' });
    await expect.poll(() => panel.getByTestId('evidence-status').textContent()).toBe('Found on the page');
    expect(refused).toBe(1);
    expect(await panel.textContent()).not.toContain('Cannot check this yet');
    // The refused request is the only error the page saw (the browser logs the 503 too).
    expect(session.consoleErrors.every((error) => error.includes('503'))).toBe(true);
    session.consoleErrors.length = 0;
  });

  it('a source shows its captures and captures its page on request', async () => {
    const session = await signedIn(people.editor);
    const { page } = session;
    const [row] = await app.db.raw.query<{ id: number }>(`select id from sources where url = $1`, [`${pagesUrl}/vendor.html`]);
    await session.go(`/sources/${encodeURIComponent(Buffer.from(`Source:${row!.id}`).toString('base64'))}`);
    const captures = page.getByTestId('source-captures');
    await captures.getByRole('table', { name: 'Captures' }).waitFor();
    const rows = captures.getByRole('row');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(1).textContent()).toContain('text/html');
    expect(await rows.nth(1).textContent()).toContain('200');
    await captures.getByRole('button', { name: 'Capture now' }).click();
    // The page has not changed since: no new capture, its numbers confirmed again.
    await page.getByText('Captured: the page is the same as at the last capture.').waitFor();
    expect(await rows.count()).toBe(2);
    await page.setViewportSize({ width: 390, height: 800 });
    await captures.getByRole('button', { name: 'Capture now' }).scrollIntoViewIfNeeded();
    await expect.poll(async () => fitsWithin(captures, 390)).toBe(true);
    await session.screenshot('evidence-source-captures-390');
  });
});
