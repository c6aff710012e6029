import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, pendingScore, people, publicScores, startWalkthrough, type Walkthrough } from './steps.ts';
import type { Person } from '../helpers/adminApp.ts';

// The reviewer's workbench: the selected number in a panel beside the queue (with the published value
// it would replace, its source and quote), single-key shortcuts, a batch entered from one source
// verified at once (each number still checked and audited on its own), and the queue on a phone.

const systemCard = { url: 'https://example.com/o4-mini-system-card', title: 'o4-mini system card (workbench test)' };

/** Ten numbers entered from the system card (the task "review ten imported numbers"); the first replaces the published 81.4. */
const ten = [
  { benchmark: 'gpqa-diamond', value: 81.5, setting: 'pass@1, no tools', quote: 'GPQA Diamond (no tools) 81.5%' },
  { benchmark: 'swe-bench-verified', value: 68.1, setting: 'pass@1, no tools' },
  { benchmark: 'aider-polyglot', value: 68.9, setting: 'whole-file edits' },
  { benchmark: 'aider-polyglot', value: 58.2, setting: 'diff edits' },
  { benchmark: 'swe-bench-verified', value: 69.1, setting: 'pass@1, with tools' },
  { benchmark: 'gpqa-diamond', value: 83.3, setting: 'pass@1, with python' },
  { benchmark: 'terminal-bench-2-0', value: 30.2, setting: 'pass@1, Terminus 2' },
  { benchmark: 'swe-bench-pro', value: 23.3, setting: 'pass@1, no tools' },
  { benchmark: 'swe-bench-multilingual', value: 50.4, setting: 'pass@1, no tools' },
  { benchmark: 'gpqa-diamond', value: 77.7, setting: 'pass@4, no tools' },
];

/** The element lies within the first `width` pixels of the page. */
/** The outermost elements sticking out to the right of the screen (for the failure message). */
const overflowing = (width: number) =>
  [...document.querySelectorAll('body *')]
    .filter((element) => element.getBoundingClientRect().right > width + 0.5 && (element.parentElement?.getBoundingClientRect().right ?? 0) <= width + 0.5)
    .slice(0, 8)
    .map((element) => `${element.tagName}.${String(element.className).slice(0, 60)} ${Math.round(element.getBoundingClientRect().right)}`);

async function fitsWithin(element: Locator, width: number) {
  const box = await element.boundingBox();
  return box !== null && box.x >= 0 && box.x + box.width <= width;
}

describe('the reviewer workbench', () => {
  let w: Walkthrough;
  let sourceId: string;

  async function enterScore(person: Person, one: { benchmark: string; value: number; setting: string; quote?: string }, locator: string) {
    const gql = await apiAs(w.app, person);
    const { createScore } = await gql(
      `mutation ($input: CreateScoreInput!) { createScore(input: $input) { __typename ... on CreateScoreSuccess { score { id status } } ... on Error { message } } }`,
      {
        input: {
          model: 'o4-mini',
          benchmark: one.benchmark,
          value: one.value,
          setting: one.setting,
          citation: { sourceId, locator, quote: one.quote ?? null },
          submitForReview: true,
        },
      },
    );
    expect(createScore, JSON.stringify(createScore)).toMatchObject({ __typename: 'CreateScoreSuccess', score: { status: 'PENDING_REVIEW' } });
    return createScore.score.id as string;
  }

  async function statusOf(value: number) {
    const rows = await w.app.db.raw.query<{ status: string; reason: string | null; verifier: string | null }>(
      `select s.status, s.rejection_reason as reason, u.email as verifier from scores s left join users u on u.id = s.verified_by where s.value = $1 order by s.id desc limit 1`,
      [value],
    );
    return rows[0];
  }

  beforeAll(async () => {
    w = await startWalkthrough();
    const gql = await apiAs(w.app, people.editor);
    const { createSource } = await gql(
      `mutation ($input: CreateSourceInput!) { createSource(input: $input) { __typename ... on CreateSourceSuccess { source { id } } ... on Error { message } } }`,
      { input: { ...systemCard, publisher: 'OpenAI', kind: 'VENDOR_MODEL_CARD', retrievedAt: '2026-11-01' } },
    );
    expect(createSource.__typename).toBe('CreateSourceSuccess');
    sourceId = createSource.source.id;
    for (const [i, one] of ten.entries()) await enterScore(people.editor, one, `Results table, row ${i + 1}`);
    // The reviewer entered one number from the same card: the batch holds it, and four eyes refuses it to them.
    await enterScore(people.reviewer, { benchmark: 'swe-bench-pro', value: 24.4, setting: 'pass@1, with tools' }, 'Results table, row 11');
    // Numbers from the launch post, for the keyboard, the phone and a rejection of several at once.
    for (const [value, setting] of [[11.1, 'keyboard'], [22.2, 'phone'], [33.3, 'reject one'], [44.4, 'reject two']] as const) {
      await pendingScore(w.app, people.editor, { benchmark: 'aider-polyglot', value, setting, locator: `Aider chart, ${setting}` });
    }
  });

  afterAll(async () => {
    await w?.close();
  });

  it('shows the selected number beside the published value it would replace, with its source, quote and a link to the quote', async () => {
    const session = await w.signedIn(people.reviewer);
    const { page } = session;
    await page.getByRole('menuitem', { name: 'Review queue' }).click();
    const row = page.getByRole('row').filter({ hasText: 'o4-mini · GPQA Diamond (pass@1, no tools)' }).filter({ hasText: '81.5 %' });
    await row.getByTestId('was-value').getByText('was 81.4 % (+0.1)').waitFor();
    await row.click();
    const panel = page.getByTestId('review-panel');
    await panel.getByRole('heading', { name: 'o4-mini · GPQA Diamond (pass@1, no tools)' }).waitFor();
    expect(await panel.getByTestId('published-change').textContent()).toBe('81.5 %, was 81.4 % (+0.1)');
    expect(await panel.textContent()).toContain('Verifying this one replaces it.');
    expect(await panel.getByRole('link', { name: systemCard.title }).getAttribute('href')).toBe(systemCard.url);
    expect(await panel.getByTestId('source-kind').textContent()).toBe('Vendor model card');
    expect(await panel.getByTestId('link-status').textContent()).toBe('LinkNot checked yet');
    expect(await panel.getByTestId('locator').textContent()).toBe('Where: Results table, row 1');
    expect(await panel.getByTestId('quote').textContent()).toBe('“GPQA Diamond (no tools) 81.5%”');
    expect(await panel.textContent()).toContain(`Entered by ${people.editor.email}`);
    const atQuote = panel.getByRole('link', { name: 'Open the page at the quote' });
    expect(await atQuote.getAttribute('href')).toMatch(new RegExp(`^${systemCard.url}#:~:text=GPQA`));
    expect(await atQuote.getAttribute('target')).toBe('_blank');
    // A number nothing was verified for yet says so.
    const fresh = page.getByRole('row').filter({ hasText: 'o4-mini · SWE-Bench Pro (pass@1, no tools)' });
    expect(await fresh.getByTestId('was-value').textContent()).toBe('new: nothing published');
    await session.screenshot('workbench-panel');
  });

  it('moves with j and k and verifies the selected number with v; keys typed into a field are text, not shortcuts', async () => {
    const session = await w.signedIn(people.reviewer);
    const { page } = session;
    await session.go('/reviews');
    expect(await page.getByTestId('queue-keys').textContent()).toContain('j / k next / previous · v verify · r reject');
    const panel = page.getByTestId('review-panel');
    const heading = panel.getByRole('heading', { level: 2 });
    await heading.waitFor();
    const first = await heading.textContent();
    await page.keyboard.press('j');
    await expect.poll(() => heading.textContent()).not.toBe(first);
    await page.keyboard.press('k');
    await expect.poll(() => heading.textContent()).toBe(first);

    // Typing a v into the source filter verifies nothing.
    const filter = page.getByRole('combobox', { name: 'Source' });
    await filter.pressSequentially('v');
    await filter.fill('');
    await page.keyboard.press('Escape');
    await filter.blur();
    expect((await statusOf(11.1))?.status).toBe('PENDING_REVIEW');

    for (let step = 0; step < 100 && (await heading.textContent()) !== 'o4-mini · Aider Polyglot (keyboard)'; step++) {
      const before = await heading.textContent();
      await page.keyboard.press('j');
      await expect.poll(() => heading.textContent()).not.toBe(before);
    }
    expect(await panel.getByTestId('published-change').textContent()).toBe('11.1 %, new: nothing is verified in its place yet.');
    await page.keyboard.press('v');
    await page.getByText('Verified: the number is now public.').waitFor();
    await expect.poll(async () => (await statusOf(11.1))?.status).toBe('VERIFIED');
    expect((await statusOf(11.1))?.verifier).toBe(people.reviewer.email);
    // The next number takes its place in the panel.
    await expect.poll(() => heading.textContent()).not.toBe('o4-mini · Aider Polyglot (keyboard)');

    // r asks for the reason (and Escape leaves it).
    await page.keyboard.press('r');
    const dialog = page.getByRole('dialog', { name: 'Reject this number' });
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('verifies a batch from one source at once, each on its own: the reviewer’s own entry is refused and explained; the public API shows the others', async () => {
    const session = await w.signedIn(people.reviewer);
    const { page } = session;
    let clicks = 0;
    const started = performance.now();
    await page.getByRole('menuitem', { name: 'Review queue' }).click();
    clicks++;
    await page.getByRole('navigation', { name: 'Batches by source' }).getByRole('button', { name: `${systemCard.title} · 11` }).click();
    clicks++;
    const rows = page.getByRole('table', { name: 'Numbers waiting for review' }).locator('tbody').getByRole('row');
    await expect.poll(() => rows.count()).toBe(11);
    expect(await rows.filter({ hasText: 'Aider chart' }).count()).toBe(0);
    await page.getByRole('checkbox', { name: 'Select every number on this page' }).check();
    clicks++;
    await page.getByRole('region', { name: 'Selected numbers' }).getByRole('button', { name: 'Verify 11' }).click();
    clicks++;
    const outcome = page.getByTestId('bulk-outcome');
    await outcome.getByText('Verified 10 of 11 (each checked and recorded on its own).').waitFor();
    const seconds = (performance.now() - started) / 1000;
    console.log(`TASK review ten imported numbers (workbench, bulk): ${clicks} clicks, ${seconds.toFixed(1)} s`);
    const refused = outcome.getByTestId('bulk-refused');
    expect(await refused.count()).toBe(1);
    expect(await refused.textContent()).toBe(
      'o4-mini · SWE-Bench Pro (pass@1, with tools) 24.4 %: Nobody verifies their own entry: another reviewer must verify this score.',
    );
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('24.4 %');
    await session.screenshot('workbench-batch-verified');

    // Each was verified by its own mutation, version checked and audited one by one.
    const audits = await w.app.db.raw.query<{ n: number }>(
      `select count(*)::int as n from audit_events a join users u on u.id = a.actor_id
        where a.action = 'VERIFY' and a.entity_type = 'Score' and u.email = $1 and a.entity_id in (select id::text from scores where locator like 'Results table, row %')`,
      [people.reviewer.email],
    );
    expect(Number(audits[0]!.n)).toBe(10);
    expect((await statusOf(24.4))?.status).toBe('PENDING_REVIEW');

    const scores = await publicScores(w.app, 'o4-mini');
    for (const one of ten) {
      expect(scores.find((score) => score.value === one.value && score.setting === one.setting)?.citation.source.url, `${one.value}`).toBe(systemCard.url);
    }
    // 81.5 replaced 81.4 on the public page.
    expect(scores.filter((score) => score.benchmark.slug === 'gpqa-diamond' && score.setting === 'pass@1, no tools').map((score) => score.value)).toEqual([81.5]);
  });

  it('rejects several at once with one reason, which each editor reads', async () => {
    const session = await w.signedIn(people.reviewer);
    const { page } = session;
    await session.go('/reviews');
    await page.getByRole('checkbox', { name: 'Select o4-mini · Aider Polyglot (reject one) 33.3 %' }).check();
    await page.getByRole('checkbox', { name: 'Select o4-mini · Aider Polyglot (reject two) 44.4 %' }).check();
    await page.getByRole('region', { name: 'Selected numbers' }).getByRole('button', { name: 'Reject 2' }).click();
    const dialog = page.getByRole('dialog', { name: 'Reject 2 numbers' });
    const reason = 'The launch post charts Aider Polyglot for o3 only.';
    await dialog.getByRole('textbox', { name: /Reason/ }).fill(reason);
    await dialog.getByRole('button', { name: 'Reject 2' }).click();
    await page.getByTestId('bulk-outcome').getByText('Rejected 2 of 2; their editors see your reason.').waitFor();
    expect(await statusOf(33.3)).toMatchObject({ status: 'REJECTED', reason });
    expect(await statusOf(44.4)).toMatchObject({ status: 'REJECTED', reason });
  });

  it('fits a 390 px screen: no horizontal scroll, Verify within reach, the panel under the chosen number', async () => {
    const session = await w.signedIn(people.reviewer);
    const { page } = session;
    await page.setViewportSize({ width: 390, height: 800 });
    await session.go('/reviews');
    const card = page.getByRole('listitem').filter({ hasText: 'o4-mini · Aider Polyglot (phone)' });
    await card.waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth), (await page.evaluate(overflowing, 390)).join('\n')).toBeLessThanOrEqual(390);
    await card.scrollIntoViewIfNeeded();
    await card.getByText('o4-mini · Aider Polyglot (phone)').click();
    const panel = card.getByTestId('review-panel');
    await panel.waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth), (await page.evaluate(overflowing, 390)).join('\n')).toBeLessThanOrEqual(390);
    const verify = panel.getByRole('button', { name: 'Verify' });
    await verify.scrollIntoViewIfNeeded();
    expect(await fitsWithin(verify, 390)).toBe(true);
    await session.screenshot('workbench-390');
    await verify.click();
    await page.getByText('Verified: the number is now public.').waitFor();
    await card.waitFor({ state: 'detached' });
    expect((await statusOf(22.2))?.status).toBe('VERIFIED');
  });
});
