import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { CatalogFixture } from '../helpers/fixtures.ts';
import { browserWaitMs, launchAdminBrowser, type AdminBrowser } from '../helpers/browser.ts';

declare global {
  interface Window {
    cspViolations?: string[];
  }
}

describe('GraphiQL in a browser that can reach nothing but this server', () => {
  let app: TestApp;
  let browser: AdminBrowser;

  beforeAll(async () => {
    app = await startTestApp(async (db) => {
      const catalog = new CatalogFixture(db);
      await catalog.model('tiny-model', await catalog.provider('acme', 'Acme Offline Labs'));
    });
    browser = await launchAdminBrowser(app.url);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('loads from this origin only, under its CSP, and runs a query', async () => {
    const session = await browser.session();
    const { context, page } = session;
    try {
      const origin = new URL(app.url).origin;
      // Anything not for this server is refused (and noted): the page must not need it.
      const elsewhere: string[] = [];
      const local: string[] = [];
      await context.route('**/*', (route) => {
        const url = route.request().url();
        if (new URL(url).origin === origin) {
          local.push(url);
          return route.continue();
        }
        elsewhere.push(url);
        return route.abort('blockedbyclient');
      });
      const workers: string[] = [];
      page.on('worker', (worker) => workers.push(worker.url()));
      // Every CSP violation, whether or not the browser also prints it to the console.
      await page.addInitScript(() => {
        window.cspViolations = [];
        document.addEventListener('securitypolicyviolation', (event) => {
          window.cspViolations!.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
        });
      });

      const response = await page.goto(`${app.url}/graphql`);
      expect(response?.status()).toBe(200);
      expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self';/);

      // The query editor (Monaco) is up: type a query into it and run it.
      const editor = page.locator('.graphiql-query-editor .monaco-editor').first();
      await editor.waitFor({ timeout: browserWaitMs });
      await editor.click();
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.press('Delete');
      await page.keyboard.insertText('{ model(slug: "tiny-model") { slug provider { name } } }');
      await page.locator('.graphiql-execute-button').click();
      // The result editor shows the JSON (Monaco renders its spaces as no-break spaces).
      const result = async () => (await page.locator('.graphiql-response').innerText()).replace(/\s+/g, ' ');
      await expect.poll(result, { timeout: browserWaitMs }).toContain('"name": "Acme Offline Labs"');
      expect(await result()).toContain('"slug": "tiny-model"');
      await session.screenshot('graphiql');

      expect(elsewhere, 'requests to other origins').toEqual([]);
      expect(local.some((url) => url.includes('/graphiql/assets/graphiql-'))).toBe(true);
      // The editor's workers started, from this origin (not blob: URLs built from fetched text).
      await expect.poll(() => workers.length, { timeout: browserWaitMs }).toBeGreaterThan(0);
      for (const worker of workers) expect(worker.startsWith(`${origin}/graphiql/assets/`), worker).toBe(true);
      expect(await page.evaluate(() => window.cspViolations), 'CSP violations').toEqual([]);
      expect(session.consoleErrors, 'console errors').toEqual([]);
    } finally {
      await session.close();
    }
  });
});
