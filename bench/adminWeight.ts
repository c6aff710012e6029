/**
 * What the editors' app costs a browser: the cold sign-in page and the cold dashboard, in Chromium.
 *
 *   npx tsx bench/adminWeight.ts [root …] [--rounds 5]
 *
 * For each root (a checkout whose admin/dist is built; default: this one) it starts that tree's server
 * (`tsx server/main.ts`, a fresh embedded database with the demo catalog and one admin), then per round:
 *   sign-in page   a new browser context (empty cache) opens /admin/ until the Sign in button shows
 *   dashboard      signed in, cache cleared, /admin/#/ opened until the counts and the chart show
 *   dashboard, warm  the same again with the cache the first load left
 * and reports bytes transferred (headers and encoded bodies, as Chromium's network log counts them),
 * requests and the time until the page showed what it waits for. Roots are interleaved round by round
 * so that a before/after comparison sees the same machine load; figures are medians.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

const args = process.argv.slice(2);
const roundsAt = args.indexOf('--rounds');
const rounds = roundsAt >= 0 ? Number(args.splice(roundsAt, 2)[1]) : 5;
const roots = (args.length ? args : ['.']).map((root) => resolve(root));
const email = 'weight@sourced.test';
const password = 'weight-password-1234';

function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

async function startServer(root: string) {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'sourced-weight-'));
  const child = spawn(join(root, 'node_modules', '.bin', 'tsx'), ['server/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      ADMIN_EMAIL: email,
      ADMIN_PASSWORD: password,
      LOG_LEVEL: 'warn',
      SOURCE_RECHECK_EVERY_MINUTES: '0',
      SOURCE_CAPTURE_ON_CREATE: 'false',
      MAIL_OUTBOX_DIR: join(dataDir, 'outbox'),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let tries = 0; ; tries++) {
    const ready = await fetch(`${url}/ready`).then((r) => r.ok).catch(() => false);
    if (ready) break;
    if (tries > 600 || child.exitCode !== null) throw new Error(`the server in ${root} did not start`);
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

interface Load {
  bytes: number;
  requests: number;
  ms: number;
}

/** Counts what the page fetches (CDP network log) while `action` runs. */
async function measure(context: BrowserContext, page: Page, action: () => Promise<void>, { clearCache }: { clearCache: boolean }): Promise<Load> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  if (clearCache) await cdp.send('Network.clearBrowserCache');
  let bytes = 0;
  let requests = 0;
  cdp.on('Network.requestWillBeSent', () => {
    requests += 1;
  });
  cdp.on('Network.loadingFinished', (event: { encodedDataLength: number }) => {
    bytes += event.encodedDataLength;
  });
  const started = performance.now();
  await action();
  const ms = performance.now() - started;
  // Late responses (a chart's data) still count toward the bytes.
  await page.waitForLoadState('networkidle');
  await cdp.detach();
  return { bytes, requests, ms };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});
const servers = [];
for (const root of roots) servers.push({ root, ...(await startServer(root)) });
type Figures = { signIn: Load[]; dashboard: Load[]; dashboardWarm: Load[] };
const results = new Map<string, Figures>(roots.map((root) => [root, { signIn: [], dashboard: [], dashboardWarm: [] }]));
try {
  for (let round = 0; round < rounds; round++) {
    for (const server of servers) {
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'en-GB' });
      const page = await context.newPage();
      page.setDefaultTimeout(120_000);
      const figures = results.get(server.root)!;
      figures.signIn.push(
        await measure(context, page, async () => {
          await page.goto(`${server.url}/admin/`);
          await page.getByRole('button', { name: 'Sign in' }).waitFor();
        }, { clearCache: true }),
      );
      await page.locator('input[name=email]').fill(email);
      await page.locator('input[name=password]').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByTestId('count-Models').getByText(/^\d+$/).waitFor();
      await page.waitForLoadState('networkidle');
      for (const [name, clearCache] of [['dashboard', true], ['dashboardWarm', false]] as const) {
        await page.goto('about:blank');
        figures[name].push(
          await measure(context, page, async () => {
            await page.goto(`${server.url}/admin/#/`);
            await page.getByTestId('count-Models').getByText(/^\d+$/).waitFor();
            await page.getByTestId('score-vs-price').locator('.recharts-scatter-symbol').first().waitFor();
          }, { clearCache }),
        );
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
  for (const server of servers) await server.stop();
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
console.log(`Medians of ${rounds} rounds (Chromium, loopback, no throttling):`);
console.log('| tree | page | transferred | requests | shown after |');
console.log('|---|---|---|---|---|');
for (const [root, figures] of results) {
  for (const [name, loads] of Object.entries(figures)) {
    console.log(
      `| ${root} | ${name} | ${kB(median(loads.map((l) => l.bytes)))} | ${median(loads.map((l) => l.requests))} | ${Math.round(median(loads.map((l) => l.ms)))} ms |`,
    );
  }
}
