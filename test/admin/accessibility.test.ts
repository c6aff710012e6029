import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminSession } from '../helpers/browser.ts';
import { apiAs, pendingScore, people, startWalkthrough, type Walkthrough } from './steps.ts';

// axe-core over every screen of the editors' app, as an admin (who sees every screen) at a desk's
// width and a phone's, and the sign-in page signed out: no critical or serious violation, one h1 per
// page. axe's script is injected into the page; the app's CSP forbids inline scripts, so these
// browser contexts bypass it (the app's own pages are unchanged).
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; html: string; failureSummary?: string }[];
}

/** Critical and serious violations, one line each, with where axe found them. */
async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const axe = (window as any).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations as AxeViolation[];
  });
  return violations
    .filter((violation) => violation.impact === 'critical' || violation.impact === 'serious')
    .map((violation) => {
      const where = violation.nodes
        .slice(0, 3)
        .map((node) => `${JSON.stringify(node.target)} ${node.html.slice(0, 160)}${node.failureSummary ? ` (${node.failureSummary.replace(/\s+/g, ' ').slice(0, 200)})` : ''}`)
        .join('; ');
      return `${violation.impact} ${violation.id}: ${violation.help} — ${violation.nodes.length}× e.g. ${where}`;
    });
}

/** The visible h1 headings of the page. */
const headings = (page: Page) => page.locator('h1').evaluateAll((all) => all.filter((h) => (h as HTMLElement).offsetParent !== null).map((h) => h.textContent?.trim() ?? ''));

/** The screen's axe violations, and its visible h1 headings unless there is exactly one. */
async function screenProblems(page: Page): Promise<string[]> {
  const problems = await axeViolations(page);
  const h1 = await headings(page);
  if (h1.length !== 1) problems.push(`${h1.length} visible h1 (${JSON.stringify(h1)}), not one`);
  return problems;
}

/** Waits until the screen has shown its content and no request or placeholder is pending. */
async function settle(page: Page) {
  // Every screen sets its title (the app bar's h1); the sign-in page has its card.
  await page.locator('#react-admin-title:not(:empty), .RaLogin-card').first().waitFor();
  await expect
    .poll(() => page.evaluate(() => document.querySelectorAll('.app-loader, .MuiSkeleton-root, .RaDataTable-loading, [role=progressbar]').length), { interval: 300 })
    .toBe(0);
}

const lists = ['models', 'providers', 'families', 'benchmarks', 'scores', 'prices', 'sources', 'reviews', 'disagreements', 'driftQueue', 'auditEvents', 'users', 'webhooks'];
const creatable = ['models', 'providers', 'families', 'benchmarks', 'scores', 'prices', 'sources', 'users', 'webhooks'];
const editable = ['models', 'providers', 'families', 'benchmarks', 'scores', 'prices', 'sources', 'users'];
const widths = [1400, 390];

describe('the admin app is accessible on every page, at 1400 px and at 390 px', () => {
  let w: Walkthrough;
  let webhookId: string;
  let signedIn: { admin: AdminSession; routes: string[] } | undefined;

  /** The admin's session, and the route of every screen an admin can open (found once). */
  async function adminScreens() {
    if (signedIn) return signedIn;
    const admin = await w.browser.session({ bypassCSP: true });
    w.sessions.push(admin);
    await admin.login(people.admin.email, people.admin.password);
    await admin.page.getByTestId('role').getByText('admin').waitFor();
    const routes = ['/', '/digest', '/my-work', '/batch', ...lists.map((name) => `/${name}`), ...creatable.map((name) => `/${name}/create`)];
    // Each record's own page, opened from its list as a person would.
    for (const name of editable) {
      await admin.go(`/${name}`);
      // A cell with no checkbox or link of its own: a click there opens the row.
      await admin.page.locator('.RaDataTable-tbody tr').first().locator('td:not(:has(input, a))').first().click();
      await expect.poll(() => admin.page.url()).toMatch(new RegExp(`#/${name}/[^/]+$`));
      routes.push(admin.page.url().split('#')[1]!);
    }
    routes.push(`/webhooks/${encodeURIComponent(webhookId)}/show`);
    signedIn = { admin, routes };
    return signedIn;
  }

  beforeAll(async () => {
    // A webhook needs a destination the API accepts: a local port, allowed before the server starts.
    process.env.SOURCE_FETCH_ALLOW_HOSTS = '127.0.0.1:9';
    w = await startWalkthrough();
    // A pending score, so that the review queue shows its chips and buttons.
    await pendingScore(w.app, people.editor, { benchmark: 'aider-polyglot', value: 86.8, locator: 'Aider Polyglot chart, whole-file edits' });
    const gql = await apiAs(w.app, people.admin);
    const { createWebhook } = await gql(
      `mutation ($input: CreateWebhookInput!) { createWebhook(input: $input) { __typename ... on CreateWebhookSuccess { webhook { id } } ... on Error { message } } }`,
      { input: { url: 'http://127.0.0.1:9/hook', description: 'accessibility check' } },
    );
    expect(createWebhook.__typename).toBe('CreateWebhookSuccess');
    webhookId = createWebhook.webhook.id;
  });

  afterAll(async () => {
    await w?.close();
    delete process.env.SOURCE_FETCH_ALLOW_HOSTS;
  });

  for (const width of widths) {
    it(`has no critical or serious axe violation and one h1 on the sign-in page, signed out, at ${width} px`, async () => {
      const session = await w.browser.session({ bypassCSP: true, viewport: { width, height: 844 } });
      w.sessions.push(session);
      try {
        await session.go('/login');
        await session.page.getByRole('button', { name: 'Sign in' }).waitFor();
        await settle(session.page);
        expect(await axeViolations(session.page), 'axe on the sign-in page').toEqual([]);
        expect(await headings(session.page)).toEqual(['Sourced editors']);
      } finally {
        await session.close();
      }
    });

    it(`has no critical or serious axe violation and one h1 on any page an admin opens, at ${width} px`, async () => {
      const { admin, routes } = await adminScreens();
      const { page } = admin;
      await page.setViewportSize({ width, height: 844 });
      const found: Record<string, string[]> = {};
      for (const route of routes) {
        // Each screen loaded afresh, so that nothing of the previous one is checked in its place.
        await page.goto('about:blank');
        await admin.go(route);
        await settle(page);
        let problems = await screenProblems(page);
        if (problems.length) {
          // Checked again once the screen is still: on a busy machine a snackbar or a drawer may still
          // be fading in (partly transparent text fails contrast). What stays is reported.
          await page.waitForTimeout(1_000);
          await settle(page);
          problems = await screenProblems(page);
        }
        if (problems.length) found[route] = problems;
      }
      expect(found, `axe at ${width} px:\n${Object.entries(found).map(([route, problems]) => `${route}\n  ${problems.join('\n  ')}`).join('\n')}`).toEqual({});
    });
  }
});
