import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebhookWorker } from '../../server/webhooks/worker.ts';
import { apiAs, helperTextOf, people, settled, startWalkthrough, type Walkthrough } from './steps.ts';
import type { AdminSession } from '../helpers/browser.ts';

// The Webhooks screen in a real browser, as an admin: create a webhook to a local receiver and see its
// secret once; a verified score reaches the receiver and shows in the delivery log with the status it
// answered (204, then 500); disable (confirmed) and enable; delete (confirmed); an auto-disabled
// webhook shows its notice; an editor has no Webhooks menu entry; a phone-wide screen does not scroll
// sideways. The WebhookWorker runs here, beside the server, as in test/api/webhooks.test.ts.

interface Received {
  headers: IncomingMessage['headers'];
  body: Buffer;
}

let walk: Walkthrough;
let worker: WebhookWorker;
let receiver: Server;
let base: string;
/** What the receiver answers now. */
let answer = 204;
const received: Received[] = [];

/** The webhook the walk-through creates, and the secret its creation showed. */
let hookUrl: string;
let secret: string;
let admin: AdminSession;

beforeAll(async () => {
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks) });
      response.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const port = (receiver.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
  // createWebhook refuses private addresses unless allowed: set before the server starts.
  process.env.SOURCE_FETCH_ALLOW_HOSTS = `127.0.0.1:${port}`;
  walk = await startWalkthrough();
  worker = new WebhookWorker(walk.app.db, pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }), {
    allowHosts: [{ host: '127.0.0.1', port: String(port) }],
    timeoutMs: 5_000,
    pollMs: 250,
    // A failed attempt is retried only minutes later: the log keeps showing the 500 meanwhile.
    retry: { baseMs: 600_000, capMs: 600_000, jitter: 0 },
  });
  await worker.start();
});

afterAll(async () => {
  await worker?.stop();
  try {
    await walk?.close();
  } finally {
    receiver?.closeAllConnections();
    await new Promise((resolve) => receiver?.close(resolve));
    delete process.env.SOURCE_FETCH_ALLOW_HOSTS;
  }
});

let runs = 0;
/** A public change: an editor enters an o4-mini score, a reviewer verifies it. Its setting names it in the change's summary. */
async function publishScore(value: number): Promise<string> {
  const setting = `webhook run ${++runs}`;
  const editor = await apiAs(walk.app, people.editor);
  const reviewer = await apiAs(walk.app, people.reviewer);
  const { sources } = await editor(`{ sources(first: 1, filter: { search: "introducing-o3-and-o4-mini" }) { edges { node { id } } } }`);
  const { createScore } = await editor(
    `mutation ($input: CreateScoreInput!) { createScore(input: $input) { __typename ... on CreateScoreSuccess { score { id version } } ... on Error { message } } }`,
    { input: { model: 'o4-mini', benchmark: 'gpqa-diamond', value, setting, citation: { sourceId: sources.edges[0].node.id, locator: 'Table 2' }, submitForReview: true } },
  );
  expect(createScore.__typename, JSON.stringify(createScore)).toBe('CreateScoreSuccess');
  const { verifyScore } = await reviewer(
    `mutation ($id: ID!, $version: Int!) { verifyScore(id: $id, expectedVersion: $version) { __typename ... on Error { message } } }`,
    { id: createScore.score.id, version: createScore.score.version },
  );
  expect(verifyScore.__typename, JSON.stringify(verifyScore)).toBe('VerifyScoreSuccess');
  return `(${setting})`;
}

/** Standard Webhooks: HMAC-SHA256 of "id.timestamp.body" with the secret's bytes, written here from the convention. */
function signedWith(key: string, request: Received): boolean {
  const signed = Buffer.concat([Buffer.from(`${request.headers['webhook-id']}.${request.headers['webhook-timestamp']}.`), request.body]);
  const expected = createHmac('sha256', Buffer.from(key.replace(/^whsec_/, ''), 'base64')).update(signed).digest('base64');
  return String(request.headers['webhook-signature']).split(' ').includes(`v1,${expected}`);
}

/** Controls a person cannot name: an unnamed button, link, input or menu in the page's accessibility tree. */
async function unnamedControls(page: Page): Promise<string[]> {
  const tree = await page.locator('body').ariaSnapshot();
  return tree.split('\n').filter((line) => /^\s*- (button|link|combobox|textbox|checkbox|menuitem|option)(\s*\[[^\]]*\])?:?\s*$/.test(line));
}

/** The page itself does not scroll sideways (a table may, inside its own box). */
const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

const deliveryRow = (page: Page, change: string) => page.getByTestId('delivery').filter({ hasText: change });

describe('the admin app: webhooks', () => {
  it('an editor has no Webhooks menu entry', async () => {
    const { page } = await walk.signedIn(people.editor);
    await page.getByRole('menuitem', { name: 'Models' }).waitFor();
    expect(await page.getByRole('menuitem', { name: 'Webhooks' }).count()).toBe(0);
  });

  it('an admin creates one: a private address is refused with the API’s message; the secret is shown once, copyable', async () => {
    admin = await walk.signedIn(people.admin);
    const { page, context } = admin;
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: walk.app.url });
    await page.getByRole('menuitem', { name: 'Webhooks' }).click();
    await page.getByText('No webhook yet.').waitFor();
    await page.getByRole('link', { name: 'Create a webhook' }).click();

    const url = page.getByRole('textbox', { name: 'URL' });
    await url.fill('http://10.1.2.3/hook');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => helperTextOf(url)).toMatch(/^Use a public web address: /);

    hookUrl = `${base}/hooks/sourced`;
    await url.fill(hookUrl);
    await page.getByRole('combobox', { name: 'Kinds of change' }).click();
    await page.getByRole('option', { name: 'Score published' }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('textbox', { name: 'Description' }).fill('The browser test’s receiver');
    expect(await unnamedControls(page)).toEqual([]);
    await page.getByRole('button', { name: 'Save' }).click();

    const dialog = page.getByRole('dialog', { name: 'Webhook created: copy its signing secret' });
    await dialog.waitFor();
    await dialog.getByText('it will not be shown again').waitFor();
    secret = await dialog.getByRole('textbox', { name: 'Signing secret' }).inputValue();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    await settled(dialog);
    await admin.screenshot('webhook-secret');
    await dialog.getByRole('button', { name: 'Copy secret' }).click();
    await page.getByText('Secret copied to the clipboard.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await dialog.getByRole('button', { name: 'I have copied it' }).click();

    // Its page: what was saved, and no secret anywhere (nor after a reload).
    await page.getByRole('button', { name: 'Disable' }).waitFor();
    await page.locator('main').getByText(hookUrl).first().waitFor();
    await page.getByText('Score published', { exact: true }).waitFor();
    await page.getByText('The browser test’s receiver').waitFor();
    await page.getByText('Enabled', { exact: true }).waitFor();
    expect(await page.content()).not.toContain(secret.slice(6));
    await page.reload();
    await page.getByRole('button', { name: 'Disable' }).waitFor();
    expect(await page.content()).not.toContain(secret.slice(6));
  });

  it('a verified score shows in the delivery log with the receiver’s 204; a 500 shows as a failed attempt; the log filters by status', async () => {
    const { page } = admin;
    const first = await publishScore(71.5);
    const delivered = deliveryRow(page, first);
    await delivered.getByText('Delivered', { exact: true }).waitFor();
    await delivered.getByText('HTTP 204', { exact: true }).waitFor();
    // The receiver got it, signed with the secret shown once.
    expect(received.length).toBeGreaterThanOrEqual(1);
    expect(signedWith(secret, received[0]!)).toBe(true);

    answer = 500;
    const second = await publishScore(72.5);
    const failed = deliveryRow(page, second);
    await failed.getByText('HTTP 500', { exact: true }).waitFor();
    await failed.getByText('Pending', { exact: true }).waitFor();
    await failed.getByText('answered HTTP 500').waitFor(); // its last error
    expect(await failed.getByRole('cell').nth(2).textContent()).toBe('1'); // attempts
    // Newest first.
    await expect.poll(() => page.getByTestId('delivery').first().textContent()).toContain(second);
    await expect.poll(() => page.getByTestId('consecutive-failures').textContent()).toBe('1');
    await admin.screenshot('webhook-deliveries');

    const status = page.getByRole('combobox', { name: 'Status' });
    await status.click();
    await page.getByRole('option', { name: 'Delivered' }).click();
    await failed.waitFor({ state: 'detached' });
    await delivered.waitFor();
    await status.click();
    await page.getByRole('option', { name: 'Pending' }).click();
    await delivered.waitFor({ state: 'detached' });
    await failed.waitFor();
    await status.click();
    await page.getByRole('option', { name: 'All' }).click();
    await delivered.waitFor();
    expect(await unnamedControls(page)).toEqual([]);
  });

  it('fits a 390 px wide screen: the list, the webhook with its log, the create form', async () => {
    const { page } = admin;
    await page.setViewportSize({ width: 390, height: 800 });
    try {
      await page.getByTestId('delivery').filter({ hasText: 'HTTP 204' }).waitFor();
      await expect.poll(() => pageWidth(page)).toBeLessThanOrEqual(390);
      await admin.screenshot('webhook-show-390');
      await admin.go('/webhooks');
      // On a phone the list shows the address more than once (a card per webhook).
      await page.getByText(hookUrl).first().waitFor();
      await expect.poll(() => pageWidth(page)).toBeLessThanOrEqual(390);
      await admin.go('/webhooks/create');
      await page.getByRole('textbox', { name: 'URL' }).waitFor();
      await expect.poll(() => pageWidth(page)).toBeLessThanOrEqual(390);
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });

  it('disable asks first and says nothing is dropped; enable resumes', async () => {
    const { page } = admin;
    await admin.go('/webhooks');
    await page.getByRole('cell', { name: hookUrl }).click();
    await page.getByRole('button', { name: 'Disable' }).click();
    const confirm = page.getByRole('dialog', { name: 'Disable this webhook?' });
    await confirm.getByText(/none is dropped/).waitFor();
    await confirm.getByRole('textbox', { name: 'Reason (optional)' }).fill('Receiver maintenance');
    await confirm.getByRole('button', { name: 'Disable webhook' }).click();
    await page.getByRole('button', { name: 'Enable' }).waitFor();
    await page.getByText('Disabled', { exact: true }).waitFor();
    await page.getByText('Receiver maintenance').waitFor();
    // An admin's disabling is not the automatic notice.
    expect(await page.getByTestId('auto-disabled-notice').count()).toBe(0);
    await admin.go('/webhooks');
    await page.getByRole('row').filter({ hasText: hookUrl }).getByText('Receiver maintenance').waitFor();
    await page.getByRole('cell', { name: hookUrl }).click();
    await page.getByRole('button', { name: 'Enable' }).click();
    await page.getByRole('button', { name: 'Disable' }).waitFor();
    await page.getByText('Enabled', { exact: true }).waitFor();
  });

  it('delete asks first, then removes the webhook and its delivery log', async () => {
    const { page } = admin;
    await page.getByRole('button', { name: 'Delete' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete this webhook?' });
    await confirm.getByText(/its delivery log is deleted/).waitFor();
    await confirm.getByRole('button', { name: 'Confirm' }).click();
    await page.getByText('No webhook yet.').waitFor();
    const [{ n }] = (await walk.app.db.raw.query<{ n: number }>('select count(*)::int as n from webhook_deliveries')) as [{ n: number }];
    expect(n).toBe(0);
  });

  it('a webhook disabled after about a day of failures shows a notice on the list and on its page', async () => {
    const reason = 'Disabled automatically: change 7 could not be delivered in 11 attempts (last: answered HTTP 500). Deliveries wait; enable the webhook to resume.';
    await walk.app.db.raw.query(
      `insert into webhooks (url, secret, enabled, disabled_reason, disabled_at, consecutive_failures, last_success_at, last_failure_at)
       values ($1, 'whsec_x', false, $2, now(), 11, now() - interval '26 hours', now()),
              ($3, 'whsec_y', false, 'Disabled by ada@sourced.test.', now(), 0, null, null)`,
      [`${base}/down`, reason, `${base}/paused`],
    );
    const { page } = admin;
    await admin.go('/webhooks');
    await page.reload(); // the list was open already: read it again
    const notice = page.getByTestId('auto-disabled-notice');
    await notice.waitFor();
    expect(await notice.count()).toBe(1); // not for the one an admin paused
    expect(await notice.textContent()).toMatch(
      new RegExp(`^Deliveries to ${base}/down failed for about a day, so it was disabled on .+: change 7 could not be delivered in 11 attempts \\(last: answered HTTP 500\\)\\..* Fix the receiver, then enable it: waiting deliveries are sent again, oldest first\\.$`),
    );
    await page.getByRole('row').filter({ hasText: `${base}/down` }).getByRole('cell', { name: '11', exact: true }).waitFor();
    expect(await unnamedControls(page)).toEqual([]);
    await admin.screenshot('webhook-auto-disabled');
    await page.getByRole('cell', { name: `${base}/down` }).click();
    await page.getByTestId('auto-disabled-notice').getByText(/failed for about a day/).waitFor();
    await page.getByRole('button', { name: 'Enable' }).click();
    await page.getByTestId('auto-disabled-notice').waitFor({ state: 'detached' });
    await page.getByText('Enabled', { exact: true }).waitFor();
  });
});
