import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, people, pick, publicScores, startWalkthrough, type Walkthrough } from './steps.ts';

// Only the actions each state allows: a verified number is read-only and corrected by a new entry,
// nothing is deleted, retiring asks why, and messages say what really happened.

/** Counts the clicks a person makes on the page (every trusted click, on any element). */
async function countClicks(page: Page) {
  await page.evaluate(() => {
    (window as any).__clicks = 0;
    if (!(window as any).__counting) {
      (window as any).__counting = true;
      document.addEventListener('click', (event) => { if (event.isTrusted) (window as any).__clicks++; }, true);
    }
  });
  return () => page.evaluate(() => (window as any).__clicks as number);
}

const globalId = async (w: Walkthrough, query: string) => (await w.app.gql(query)).data!;

describe('the actions each state of an entry allows', () => {
  let w: Walkthrough;

  beforeAll(async () => {
    w = await startWalkthrough();
  });

  afterAll(async () => {
    await w?.close();
  });

  it('names the model of every price: in the list, on its page and in the export', async () => {
    const session = await w.signedIn(people.editor);
    const { page } = session;
    await page.getByRole('menuitem', { name: 'Prices' }).click();
    const rows = page.locator('tbody tr');
    await rows.first().waitFor();
    await expect.poll(() => rows.first().locator('td').first().textContent()).not.toBe('');
    const header = (await page.locator('thead th').allTextContents()).map((text) => text.trim());
    const modelColumn = header.indexOf('Model');
    expect(modelColumn).toBeGreaterThanOrEqual(0);
    const names = await rows.evaluateAll((trs, column) => trs.map((tr) => tr.querySelectorAll('td')[column]?.textContent?.trim() ?? ''), modelColumn);
    expect(names.length).toBeGreaterThan(5);
    expect(names.filter((name) => name === '')).toEqual([]);

    // The export names the model of each price.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export all (CSV)' }).click();
    const csv = await readFile(await (await download).path(), 'utf8');
    const parsed = Papa.parse<Record<string, string>>(csv.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
    expect(parsed.meta.fields).toContain('Model');
    expect(parsed.data.length).toBeGreaterThan(5);
    expect(parsed.data.filter((row) => !row.Model?.trim())).toEqual([]);

    // A price's page: the model it is for.
    const first = names[0]!;
    await rows.first().click();
    await expect.poll(() => page.url()).toMatch(/#\/prices\/[^/]+$/);
    await page.getByText(first, { exact: true }).first().waitFor();
    await session.screenshot('price-page-model');
  });

  it('shows a verified score as read-only; "Enter a correction" opens a pre-filled form that saves a new pending entry citing the same source', async () => {
    const { model } = await globalId(w, '{ model(slug: "o4-mini") { scores { id value setting benchmark { slug name } citation { locator source { url } } } } }');
    const verified = model.scores.find((score: any) => score.benchmark.slug === 'swe-bench-verified') ?? model.scores[0];
    const session = await w.signedIn(people.editor);
    const { page } = session;
    await session.go(`/scores/${encodeURIComponent(verified.id)}`);
    const summary = page.getByTestId('claim-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain(verified.benchmark.name);
    // Nothing looks editable: no value input, no Save, no Delete.
    expect(await page.locator('input[name=value]').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Save' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /delete/i }).count()).toBe(0);
    await session.screenshot('score-verified-read-only');

    await page.getByRole('link', { name: 'Enter a correction' }).click();
    await expect.poll(() => page.url()).toContain('#/scores/create');
    await page.getByTestId('correction-notice').waitFor();
    const value = page.locator('input[name=value]');
    await expect.poll(() => value.inputValue()).toBe(String(verified.value));
    await expect.poll(() => page.getByRole('combobox', { name: /^Model/ }).inputValue()).toBe('o4-mini');
    await expect.poll(() => page.getByRole('combobox', { name: /^Source/ }).inputValue()).toContain(verified.citation.source.url);
    expect(await page.getByRole('textbox', { name: /^Where in the source/ }).inputValue()).toBe(verified.citation.locator);
    const corrected = Math.round((verified.value + 0.3) * 10) / 10;
    await value.fill(String(corrected));
    await session.screenshot('score-correction-form');
    await page.getByRole('button', { name: 'Save and submit for review' }).click();
    await expect.poll(() => page.url()).toMatch(/#\/scores($|\?)/);

    const rows = await w.app.db.raw.query<{ status: string; url: string; locator: string; setting: string | null; benchmark: string; email: string }>(
      `select s.status, src.url, s.locator, s.setting, b.slug as benchmark, u.email from scores s
       join sources src on src.id = s.source_id join benchmarks b on b.id = s.benchmark_id join users u on u.id = s.created_by
       join models m on m.id = s.model_id where m.slug = 'o4-mini' and s.value = $1`,
      [corrected],
    );
    expect(rows).toEqual([
      { status: 'PENDING_REVIEW', url: verified.citation.source.url, locator: verified.citation.locator, setting: verified.setting, benchmark: verified.benchmark.slug, email: people.editor.email },
    ]);
    // The published value is untouched until a reviewer verifies the correction.
    expect((await publicScores(w.app, 'o4-mini')).some((score) => score.value === verified.value && score.benchmark.slug === verified.benchmark.slug)).toBe(true);
  });

  it('offers no Delete button on any edit page nor any bulk delete', async () => {
    const session = await w.signedIn(people.admin);
    const { page } = session;
    const ids = await globalId(
      w,
      `{ model(slug: "o4-mini") { id provider { id } family { id } scores { id citation { source { id } } benchmark { id } } prices { id } } }`,
    );
    const m = ids.model;
    const pages = [
      `/models/${encodeURIComponent(m.id)}`,
      `/providers/${encodeURIComponent(m.provider.id)}`,
      `/benchmarks/${encodeURIComponent(m.scores[0].benchmark.id)}`,
      `/sources/${encodeURIComponent(m.scores[0].citation.source.id)}`,
      `/scores/${encodeURIComponent(m.scores[0].id)}`,
      `/prices/${encodeURIComponent(m.prices[0].id)}`,
      ...(m.family ? [`/families/${encodeURIComponent(m.family.id)}`] : []),
    ];
    const { users } = await (await apiAs(w.app, people.admin))(`{ users(first: 1) { edges { node { id } } } }`);
    pages.push(`/users/${encodeURIComponent(users.edges[0].node.id)}`);
    for (const route of pages) {
      await session.go(route);
      await page.getByRole('tab').first().waitFor();
      await page.locator('form').first().waitFor();
      expect(await page.getByRole('button', { name: /delete/i }).count(), route).toBe(0);
    }
    for (const list of ['/providers', '/families', '/benchmarks', '/models', '/sources', '/scores', '/prices']) {
      await session.go(list);
      await page.locator('tbody tr').first().waitFor();
      expect(await page.getByRole('checkbox', { name: /select all/i }).count(), list).toBe(0);
    }
  });

  it('asks a reason before retiring a model; the reason is in its history and the audit trail', async () => {
    const [target] = await w.app.db.raw.query<{ slug: string; name: string }>(
      `select slug, name from models where publication = 'PUBLISHED' and slug <> 'o4-mini' order by slug limit 1`,
    );
    const { model } = await globalId(w, `{ model(slug: "${target!.slug}") { id } }`);
    const session = await w.signedIn(people.reviewer);
    const { page } = session;
    await session.go(`/models/${encodeURIComponent(model.id)}`);
    await page.getByTestId('publication').getByRole('button', { name: 'Retire' }).click();
    const dialog = page.getByRole('dialog', { name: `Retire ${target!.name}` });
    await dialog.waitFor();
    const confirm = dialog.getByRole('button', { name: 'Retire' });
    expect(await confirm.isDisabled()).toBe(true);
    const reason = 'Withdrawn by its provider: the API no longer serves it.';
    await dialog.getByRole('textbox', { name: /^Reason/ }).fill(reason);
    await session.screenshot('model-retire-reason');
    await confirm.click();
    await page.getByText(/^Retired: it no longer shows in the public API/).waitFor();
    expect((await w.app.gql(`{ model(slug: "${target!.slug}") { id } }`)).data!.model).toBeNull();

    const audit = await w.app.db.raw.query<{ email: string; diff: any }>(
      `select u.email, a.diff from audit_events a join users u on u.id = a.actor_id
       join models m on m.id::text = a.entity_id where a.entity_type = 'Model' and a.action = 'RETIRE' and m.slug = $1`,
      [target!.slug],
    );
    expect(audit.map((row) => row.email)).toEqual([people.reviewer.email]);
    expect(audit[0]!.diff.reason).toEqual({ before: null, after: reason });
    await page.getByRole('tab', { name: 'History' }).click();
    const history = page.getByTestId('record-history');
    await history.waitFor();
    await expect.poll(() => history.textContent()).toContain(reason);
  });

  it('says a number verified on a draft model becomes public when the model is published; the public API does not show it', async () => {
    const editor = await apiAs(w.app, people.editor);
    const { createModel } = await editor(
      `mutation { createModel(input: { slug: "draft-entry-model", name: "Draft Entry Model", provider: "openai" }) { __typename ... on CreateModelSuccess { model { id } } ... on Error { message } } }`,
    );
    expect(createModel.__typename, JSON.stringify(createModel)).toBe('CreateModelSuccess');
    const { sources } = await editor(`{ sources(first: 1, filter: { search: "introducing-o3-and-o4-mini" }) { edges { node { id } } } }`);
    const { createScore } = await editor(
      `mutation ($input: CreateScoreInput!) { createScore(input: $input) { __typename ... on CreateScoreSuccess { score { id } } ... on Error { message } } }`,
      { input: { model: 'draft-entry-model', benchmark: 'swe-bench-verified', value: 42.5, citation: { sourceId: sources.edges[0].node.id, locator: 'SWE-bench chart' }, submitForReview: true } },
    );
    expect(createScore.__typename, JSON.stringify(createScore)).toBe('CreateScoreSuccess');

    const session = await w.signedIn(people.reviewer);
    const { page } = session;
    await session.go(`/scores/${encodeURIComponent(createScore.score.id)}`);
    // Watched from before the click: the notice shows for a few seconds only.
    const notice = page.getByText('Verified — becomes public when the model is published.').waitFor();
    await page.getByRole('button', { name: 'Verify' }).click();
    await notice;
    expect(await page.getByText('Verified: the number is now public.').count()).toBe(0);
    // Its page says so too, rather than "Verified (public)".
    await page.getByText('Verified (public once its model is published)').waitFor();
    await session.screenshot('verified-on-draft-model');
    const [row] = await w.app.db.raw.query<{ status: string }>(`select s.status from scores s join models m on m.id = s.model_id where m.slug = 'draft-entry-model'`);
    expect(row!.status).toBe('VERIFIED');
    expect((await w.app.gql('{ model(slug: "draft-entry-model") { id } }')).data!.model).toBeNull();
  });

  it('figures: the clicks and seconds to enter a sourced score, new and as a correction of a verified one', async () => {
    const session = await w.signedIn(people.editor);
    const { page } = session;
    const figures: Record<string, { clicks: number; seconds: number }> = {};

    // A new sourced score, from the dashboard: Scores, Add a score, the two pickers, value, source, locator, save.
    await page.getByTestId('count-Models').getByText(/^\d+$/).waitFor();
    let clicks = await countClicks(page);
    let started = Date.now();
    await page.getByRole('menuitem', { name: 'Scores' }).click();
    await page.getByRole('link', { name: 'Add a score' }).click();
    await pick(page, /^Model/, 'o4-mi', 'o4-mini');
    // Not GPQA: the correction above is an open entry citing the same source there, and the API would refuse a second.
    await pick(page, /^Benchmark/, 'aider', /Aider Polyglot/);
    await page.locator('input[name=value]').click();
    await page.locator('input[name=value]').fill('68.9');
    await pick(page, /^Source/, 'introducing-o3', /introducing-o3-and-o4-mini/);
    await page.getByRole('textbox', { name: /^Where in the source/ }).click();
    await page.getByRole('textbox', { name: /^Where in the source/ }).fill('Aider Polyglot chart, whole-file edits');
    await page.getByRole('button', { name: 'Save and submit for review' }).click();
    await expect.poll(() => page.url()).toMatch(/#\/scores($|\?)/);
    figures['enter a sourced score (new)'] = { clicks: await clicks(), seconds: (Date.now() - started) / 1000 };

    // Correcting a verified score, from its page: before this change the only way was a new entry typed in full.
    const [row] = await w.app.db.raw.query<{ id: number; value: number }>(
      `select s.id, s.value::float8 as value from scores s join models m on m.id = s.model_id join benchmarks b on b.id = s.benchmark_id
       where s.status = 'VERIFIED' and m.slug <> 'o4-mini' and m.publication = 'PUBLISHED' and b.publication = 'PUBLISHED' order by s.id limit 1`,
    );
    const verified = { id: Buffer.from(`Score:${row!.id}`).toString('base64'), value: row!.value };
    await session.go(`/scores/${encodeURIComponent(verified.id)}`);
    await page.getByTestId('claim-summary').waitFor();
    clicks = await countClicks(page);
    started = Date.now();
    await page.getByRole('link', { name: 'Enter a correction' }).click();
    const value = page.locator('input[name=value]');
    await expect.poll(() => value.inputValue()).toBe(String(verified.value));
    await value.click();
    await value.fill(String(Math.round((verified.value - 0.2) * 10) / 10));
    await page.getByRole('button', { name: 'Save and submit for review' }).click();
    await expect.poll(() => page.url()).toMatch(/#\/scores($|\?)/);
    figures['correct a verified score (Enter a correction)'] = { clicks: await clicks(), seconds: (Date.now() - started) / 1000 };

    const dir = join('test-results', 'figures');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'entry-states.json'), `${JSON.stringify(figures, null, 2)}\n`);
    console.log('task figures', JSON.stringify(figures));
    expect(figures['enter a sourced score (new)']!.clicks).toBeGreaterThan(figures['correct a verified score (Enter a correction)']!.clicks);
  });
});
