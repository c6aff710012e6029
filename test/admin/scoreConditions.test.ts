import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { globalId } from '../helpers/editor.ts';
import { helperTextOf, pendingScore, people, pick, startWalkthrough, type Walkthrough } from './steps.ts';

// The score form asks how a score was obtained (issue 14): structured conditions with the
// benchmark's default board as the starting point, the label they make and the board the score will
// join shown before saving, a warning when no published result is comparable, and the server's
// field errors on the inputs they are about.

const field = (page: Page, name: string) => page.locator(`input[name="${name}"]`);

async function choose(page: Page, label: string, option: string) {
  await page.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

async function fitsWithin(element: Locator, width: number) {
  const box = await element.boundingBox();
  return box !== null && box.x >= 0 && box.x + box.width <= width;
}

async function cite(page: Page) {
  await pick(page, /^Source/, 'introducing-o3-and-o4-mini', /— https:\/\/openai\.com\/index\/introducing-o3-and-o4-mini\/?$/);
  await page.getByRole('textbox', { name: /^Where in the source/ }).fill('Benchmarks table: GPQA Diamond');
}

describe('an editor states how a score was obtained', () => {
  let w: Walkthrough;
  let board: string;

  beforeAll(async () => {
    w = await startWalkthrough();
    // GPQA Diamond declares no default: its board is the conditions most published results share.
    board = (await w.app.gql('{ benchmark(slug: "gpqa-diamond") { defaultSetting } }')).data!.benchmark.defaultSetting;
    expect(board).toBeTruthy();
  });

  afterAll(async () => {
    await w?.close();
  });

  it('starts from the benchmark’s default board, shows the label and the board the score joins before saving, and saves the conditions', async () => {
    const session = await w.signedIn(people.editor);
    const { page } = session;
    await session.go('/scores/create');
    await pick(page, /^Model/, 'o4-mini', 'o4-mini');
    await pick(page, /^Benchmark/, 'GPQA Diamond', 'GPQA Diamond');

    const preview = page.getByTestId('board-preview');
    await preview.getByText(`Joins the GPQA Diamond board ${board}`).waitFor();
    expect(await preview.getByTestId('setting-label').textContent()).toBe(`Setting: ${board}`);
    // Comparable with the published results that made the board.
    expect(await preview.textContent()).toMatch(/Comparable with [1-9]\d* published results?\./);

    // The harness is reported, not compared: the label names it, the board stays the same.
    await field(page, 'conditions.harness').fill('Codex');
    await field(page, 'metric').fill('accuracy');
    await expect.poll(() => preview.getByTestId('setting-label').textContent()).toBe(`Setting: accuracy, ${board}, harness Codex`);
    expect(await preview.getByTestId('board-joined').textContent()).toBe(`Joins the GPQA Diamond board ${board}`);

    await field(page, 'value').fill('77.31');
    await cite(page);
    // A vendor's page: the maker ran it, shown as the default.
    const runBy = page.getByRole('combobox', { name: /^Who ran it/ });
    await expect.poll(() => runBy.textContent()).toBe("The model's maker (self-reported)");
    expect(await helperTextOf(runBy)).toMatch(/^Default for a vendor .*: change it if someone else ran the evaluation$/);
    await field(page, 'uncertainty.stderr').fill('1.2');
    await field(page, 'uncertainty.samples').fill('198');
    await session.screenshot('score-conditions-create');
    await page.getByRole('button', { name: 'Save and submit for review' }).click();
    await expect.poll(() => page.url()).toMatch(/#\/scores$|#\/scores\?/);

    const rows = await w.app.db.raw.query<Record<string, unknown>>(
      `select setting, harness, metric, run_by, stderr, samples, setting_parsed from scores where value = 77.31 and status = 'PENDING_REVIEW'`,
    );
    expect(rows).toEqual([
      { setting: `accuracy, ${board}, harness Codex`, harness: 'Codex', metric: 'accuracy', run_by: 'VENDOR', stderr: 1.2, samples: 198, setting_parsed: true },
    ]);
  });

  it('warns when a score under other conditions is comparable with no published one', async () => {
    const session = await w.signedIn(people.editor);
    const { page } = session;
    await session.go('/scores/create');
    await pick(page, /^Model/, 'o4-mini', 'o4-mini');
    await pick(page, /^Benchmark/, 'GPQA Diamond', 'GPQA Diamond');
    const preview = page.getByTestId('board-preview');
    await preview.getByTestId('board-joined').waitFor();

    await field(page, 'conditions.shots').fill('37');
    await choose(page, 'Reasoning effort', 'xhigh');
    await preview.getByTestId('board-warning').waitFor();
    expect(await preview.getByTestId('board-warning').textContent()).toBe('No published GPQA Diamond result was obtained this way: this score will be ranked alone.');
    await expect.poll(() => preview.getByTestId('board-apart').textContent()).toMatch(new RegExp(`^Not on the default board \\(${board.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\): listed apart with the reason “.*37-shot.*xhigh effort.*”\\.$`));
    expect(await preview.getByTestId('setting-label').textContent()).toContain('37-shot');
    await session.screenshot('score-conditions-warning');

    // On a phone the inputs and the board fit the screen.
    await page.setViewportSize({ width: 390, height: 800 });
    for (const part of [field(page, 'conditions.harness'), page.getByRole('combobox', { name: /^Reasoning effort/ }), preview]) {
      await part.scrollIntoViewIfNeeded();
      await expect.poll(() => fitsWithin(part, 390)).toBe(true);
    }
    await session.screenshot('score-conditions-390');
  });

  it('shows the server’s refusal of an interval whose low end is above its high end on the low input', async () => {
    const session = await w.signedIn(people.editor);
    const { page } = session;
    await session.go('/scores/create');
    await pick(page, /^Model/, 'o4-mini', 'o4-mini');
    await pick(page, /^Benchmark/, 'GPQA Diamond', 'GPQA Diamond');
    await page.getByTestId('board-joined').waitFor();
    await field(page, 'value').fill('66.61');
    await cite(page);
    await field(page, 'uncertainty.low').fill('70');
    await field(page, 'uncertainty.high').fill('60');
    await page.getByRole('button', { name: 'Save and submit for review' }).click();

    const low = field(page, 'uncertainty.low');
    await expect.poll(() => low.getAttribute('aria-invalid')).toBe('true');
    expect(await helperTextOf(low)).toBe('The low end is above the high end.');
    expect(await field(page, 'uncertainty.high').getAttribute('aria-invalid')).not.toBe('true');
    expect(await w.app.db.raw.query(`select id from scores where value = 66.61`)).toEqual([]);
  });

  it('brings the saved conditions back in the edit form', async () => {
    const [saved] = await w.app.db.raw.query<{ id: number }>(`select id from scores where value = 77.31 and status = 'PENDING_REVIEW'`);
    const session = await w.signedIn(people.editor);
    const { page } = session;
    await session.go(`/scores/${encodeURIComponent(globalId('Score', saved!.id))}`);
    await expect.poll(() => field(page, 'conditions.harness').inputValue()).toBe('Codex');
    expect(await field(page, 'metric').inputValue()).toBe('accuracy');
    expect(await field(page, 'uncertainty.stderr').inputValue()).toBe('1.2');
    expect(await field(page, 'uncertainty.samples').inputValue()).toBe('198');
    expect(await page.getByRole('combobox', { name: /^Who ran it/ }).textContent()).toBe("The model's maker (self-reported)");
    await page.getByTestId('board-joined').waitFor();
    expect(await page.getByTestId('setting-label').textContent()).toBe(`Setting: accuracy, ${board}, harness Codex`);
  });

  it('asks the editor to state the conditions of a score whose setting could not be read', async () => {
    const { id } = await pendingScore(w.app, people.editor, { benchmark: 'gpqa-diamond', value: 55.5, setting: 'best of our internal harness', locator: 'Footnote 4' });
    const session = await w.signedIn(people.editor);
    const { page } = session;
    await session.go(`/scores/${encodeURIComponent(id)}`);
    const notice = page.getByTestId('setting-unread');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('“best of our internal harness” could not be read');
  });
});
