import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterEach, expect, vi } from 'vitest';
import { buildAdminIfStale } from '../../scripts/build-admin-if-stale.ts';

/** Debian's Chromium (`apt-get install chromium`); browser downloads are impossible here. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const screensDir = join(process.cwd(), 'test-results', 'screens');

/**
 * How long a browser test waits for a page to show something. A real Chromium beside a real server on
 * a machine that may be busy (CI once ran at load 5–11 on 2 cores, where 10 s waits timed out, and at load 12 a 60 s wait): the
 * waits get room, so a test fails only when something is stuck, not slow. They end as soon as the
 * thing appears; no test asserts how long it took.
 */
export const browserWaitMs = 180_000;
// Every browser test file imports this module before declaring its tests: their own time limits and
// `expect.poll`'s (1 s by default) get the same room.
vi.setConfig({ testTimeout: 600_000, hookTimeout: 600_000, expect: { poll: { timeout: browserWaitMs } } });

// Without the background-networking flags Chromium keeps calling Google's hosts, which this
// machine's closed network refuses.
const chromiumFlags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Sessions still open, so a failed test can show what each page looked like when it failed. */
const openSessions = new Set<AdminSession>();

// A browser test that fails on CI leaves only its error; print what each open page showed then (its
// address, visible text without blank lines, and console errors; CI's summary repeats it) and keep a
// screenshot, so the failure can be read.
afterEach(async (context) => {
  if (context.task.result?.state !== 'fail') return;
  let index = 0;
  for (const session of openSessions) {
    index += 1;
    const { page } = session;
    const text = await page.locator('body').innerText({ timeout: 5_000 }).catch((error: Error) => `(no text: ${error.message})`);
    const shot = await session.screenshot(`failed-${context.task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}-${index}`).catch(() => '(no screenshot)');
    console.error(
      `[browser session ${index} when "${context.task.name}" failed] ${page.url()}\n${text.replace(/\n\s*\n+/g, '\n').slice(0, 4000)}\n` +
        `console errors: ${JSON.stringify(session.consoleErrors.slice(-10))}\nscreenshot: ${shot}`,
    );
  }
});

export interface AdminBrowser {
  browser: Browser;
  /** A fresh browser session (own cookies) for one person, with its console watched; `options` add to the context's. */
  session(options?: BrowserContextOptions): Promise<AdminSession>;
  close(): Promise<void>;
}

export interface AdminSession {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught exceptions seen so far. */
  consoleErrors: string[];
  /** Opens a route of the app: `go('/models')` → `/admin/#/models`. */
  go(route?: string): Promise<void>;
  login(email: string, password: string): Promise<void>;
  logout(): Promise<void>;
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

/** Builds admin/dist when it is missing or older than admin/src (test workers take turns). */
export async function ensureAdminBuilt(): Promise<void> {
  await buildAdminIfStale();
}

export async function launchAdminBrowser(baseUrl: string): Promise<AdminBrowser> {
  // Playwright starts Chromium on a fresh, empty profile directory of its own; each person gets a context.
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumFlags });
  await mkdir(screensDir, { recursive: true });
  return {
    browser,
    async session(options = {}) {
      const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 800 }, locale: 'en-GB', timezoneId: 'UTC', ...options });
      const page = await context.newPage();
      page.setDefaultTimeout(browserWaitMs);
      const consoleErrors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') consoleErrors.push(message.text());
      });
      page.on('pageerror', (error) => consoleErrors.push(`uncaught: ${error.message}`));
      const session: AdminSession = {
        context,
        page,
        consoleErrors,
        async go(route = '/') {
          await page.goto(`${baseUrl}/admin/#${route}`);
        },
        async login(email, password) {
          await session.go('/login');
          await page.locator('input[name=email]').fill(email);
          await page.locator('input[name=password]').fill(password);
          await page.getByRole('button', { name: 'Sign in' }).click();
          await expect.poll(() => page.url(), { timeout: browserWaitMs }).not.toContain('/login');
        },
        async logout() {
          await page.getByRole('button', { name: /profile|user/i }).click();
          await page.getByRole('menuitem', { name: /logout/i }).click();
          await expect.poll(() => page.url(), { timeout: browserWaitMs }).toContain('/login');
        },
        async screenshot(name) {
          const path = join(screensDir, `${name}.png`);
          await page.screenshot({ path, fullPage: false });
          return path;
        },
        close: async () => {
          openSessions.delete(session);
          await context.close();
        },
      };
      openSessions.add(session);
      return session;
    },
    async close() {
      await browser.close();
    },
  };
}
