import { readFile } from 'node:fs/promises';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, pendingScore, people, startWalkthrough, type Walkthrough } from './steps.ts';

// History and the audit trail read as sentences about named records (never ids), any two versions
// compare side by side, an old value can be entered again, the trail filters by part of an email and
// by several actions, and an export holds every row of its list.
const base64Ids = /\b(?:TW9kZWw6|U2NvcmU6|U291cmNlO|QmVuY2htYXJrO|UHJpY2U6|VXNlcj)[A-Za-z0-9+/=]*/;

describe('readable history, audit trail and full exports', () => {
  let w: Walkthrough;
  let scoreId: string;
  let sourceUrl: string;

  beforeAll(async () => {
    w = await startWalkthrough();
    // The editor enters a score, then corrects its value: two versions.
    const entered = await pendingScore(w.app, people.editor, { benchmark: 'gpqa-diamond', value: 68.1, locator: 'Table 1, o4-mini (high)' });
    scoreId = entered.id;
    sourceUrl = entered.source.url;
    const gql = await apiAs(w.app, people.editor);
    const { node } = await gql(`query ($id: ID!) { node(id: $id) { ... on Score { version } } }`, { id: scoreId });
    const { updateScore } = await gql(
      `mutation ($id: ID!, $version: Int!) { updateScore(id: $id, expectedVersion: $version, patch: { value: 69.1 }) { __typename ... on Error { message } } }`,
      { id: scoreId, version: node.version },
    );
    expect(updateScore.__typename).toBe('UpdateScoreSuccess');
  });

  afterAll(async () => {
    await w?.close();
  });

  async function openHistory(page: Page) {
    await page.getByRole('tab', { name: 'History' }).click();
    await page.getByTestId('record-history').waitFor();
  }

  it('reads the history of an edited score as "value 68.1 → 69.1", with named, linked records and no ids', async () => {
    const session = await w.signedIn(people.reviewer);
    const { page } = session;
    await session.go(`/scores/${encodeURIComponent(scoreId)}`);
    await openHistory(page);
    const versions = page.getByTestId('history-version');
    await expect.poll(() => versions.count()).toBe(2);

    const newest = versions.first();
    expect(await newest.textContent()).toContain(`Version 2 · ${people.editor.email} changed this score`);
    expect(await newest.getByTestId('change-lines').textContent()).toBe('value 68.1 → 69.1');

    const first = versions.nth(1);
    const lines = await first.getByTestId('change-lines').locator('li').allTextContents();
    expect(lines).toContain('value 68.1');
    expect(lines).toContain('model o4-mini');
    expect(lines).toContain('benchmark GPQA Diamond');
    expect(lines).toContain('status pending review');
    expect(lines).toContain(`source Introducing OpenAI o3 and o4-mini (${sourceUrl})`);
    // Bookkeeping is left out; ids are links, never text.
    expect(lines.some((line) => /^(id|created at|created by id|version|setting parsed) /.test(line))).toBe(false);
    const model = first.getByRole('link', { name: 'o4-mini', exact: true });
    expect(await model.getAttribute('href')).toMatch(/#\/models\/[A-Za-z0-9%]+$/);
    expect(await first.getByRole('link', { name: sourceUrl }).getAttribute('href')).toBe(sourceUrl);
    const text = (await page.getByTestId('record-history').textContent()) ?? '';
    expect(text).not.toMatch(base64Ids);
    expect(text).not.toMatch(/modelId|sourceId|benchmarkId/);
    await session.screenshot('history-readable');

    // The model's link opens its page.
    await model.click();
    await expect.poll(() => page.url()).toMatch(/#\/models\//);
    await page.getByRole('textbox', { name: /^Name/ }).first().waitFor();
    expect(await page.getByRole('textbox', { name: /^Name/ }).first().inputValue()).toBe('o4-mini');
  });

  it('shows two picked versions side by side, only the fields that differ', async () => {
    const session = await w.signedIn(people.reviewer);
    const { page } = session;
    await session.go(`/scores/${encodeURIComponent(scoreId)}`);
    await openHistory(page);
    expect(await page.getByTestId('version-compare').count()).toBe(0);
    await page.getByRole('checkbox', { name: 'Compare version 2' }).check();
    await page.getByRole('checkbox', { name: 'Compare version 1' }).check();
    const compare = page.getByTestId('version-compare');
    await compare.waitFor();
    expect(await compare.getByRole('heading').textContent()).toBe('Version 1 and version 2 side by side');
    const rows = compare.getByRole('row');
    await expect.poll(() => rows.count()).toBe(2);
    const header = await rows.first().getByRole('columnheader').allTextContents();
    expect(header[1]).toMatch(/^Version 1 \(eddie@sourced\.test, /);
    expect(header[2]).toMatch(/^Version 2 \(eddie@sourced\.test, /);
    expect(await rows.nth(1).locator('th, td').allTextContents()).toEqual(['value', '68.1', '69.1']);
    await session.screenshot('history-compare');
  });

  it('re-enters the value of an old version in a pre-filled new score', async () => {
    const session = await w.signedIn(people.reviewer);
    const { page } = session;
    await session.go(`/scores/${encodeURIComponent(scoreId)}`);
    await openHistory(page);
    await page.getByRole('link', { name: 'Re-enter this value (version 1)' }).click();
    await expect.poll(() => page.url()).toContain('#/scores/create');
    const value = page.locator('input[name=value]');
    await expect.poll(() => value.inputValue()).toBe('68.1');
    await expect.poll(() => page.getByRole('combobox', { name: /^Model/ }).inputValue()).toBe('o4-mini');
    await expect.poll(() => page.getByRole('combobox', { name: /^Benchmark/ }).inputValue()).toBe('GPQA Diamond');
    await expect.poll(() => page.getByRole('combobox', { name: /^Source/ }).inputValue()).toMatch(/^Introducing OpenAI o3 and o4-mini/);
    expect(await page.getByRole('textbox', { name: /^Where in the source/ }).inputValue()).toBe('Table 1, o4-mini (high)');
    await session.screenshot('history-re-enter');
  });

  it('filters the audit trail by part of an email and by two actions at once', async () => {
    const session = await w.signedIn(people.reviewer);
    const { page } = session;
    await page.getByRole('menuitem', { name: 'Audit trail' }).click();
    await page.getByRole('textbox', { name: 'By (part of an email)' }).fill('EDD');
    const actions = page.getByRole('combobox', { name: 'Actions' });
    for (const [typed, option] of [['upd', 'Update'], ['cre', 'Create']] as const) {
      await actions.click();
      await actions.fill(typed);
      await page.getByRole('option', { name: option, exact: true }).click();
    }
    // The data rows (a row's expansion is a hidden row of its own until opened).
    const rows = page.locator('tbody').getByRole('row').filter({ has: page.getByRole('cell', { name: /sourced\.test$/ }) });
    await expect.poll(() => rows.count()).toBe(2);
    const texts = await rows.allTextContents();
    expect(texts[0]).toContain(people.editor.email);
    expect(texts[0]).toContain('changed');
    expect(texts[0]).toContain('score: o4-mini on GPQA Diamond: 69.1');
    expect(texts[0]).toContain('value');
    expect(texts[1]).toContain('created');
    expect(texts.join('\n')).not.toMatch(base64Ids);
    expect(texts.join('\n')).not.toContain(people.reviewer.email);
    // The filter reached the API: the URL holds it (bookmarkable).
    expect(decodeURIComponent(page.url())).toContain('"actions":["UPDATE","CREATE"]');
    expect(decodeURIComponent(page.url())).toContain('"actor":"EDD"');

    // A row opens to its change in words; the record's name links to it.
    await rows.first().click();
    await page.getByTestId('change-lines').getByText('value 68.1 → 69.1').waitFor();
    expect(await rows.first().getByRole('link', { name: 'o4-mini on GPQA Diamond: 69.1' }).getAttribute('href')).toContain('#/scores/');
    await session.screenshot('audit-filtered');
  });

  it('exports every price, with the model name, as the API counts them', async () => {
    const editor = await apiAs(w.app, people.editor);
    const { entries } = await editor(`{ entries(first: 1, filter: { kind: PRICE }) { totalCount } }`);
    const total = entries.totalCount as number;
    expect(total).toBeGreaterThan(100);

    const session = await w.signedIn(people.editor);
    const { page } = session;
    await page.getByRole('menuitem', { name: 'Prices' }).click();
    await page.locator('tbody tr').first().waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export all (CSV)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^prices-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = await readFile((await download.path())!, 'utf8');
    await page.getByText(`Exported all ${total} rows to ${download.suggestedFilename()}.`).waitFor();

    const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.data).toHaveLength(total);
    expect(parsed.meta.fields?.slice(0, 4)).toEqual(['Model', 'Model slug', 'Kind', 'USD per 1M tokens']);
    expect(parsed.meta.fields).toContain('Source URL');
    expect(parsed.meta.fields).toContain('Status');
    expect(parsed.data.filter((row) => !row.Model)).toEqual([]);
    expect(parsed.data.filter((row) => !row['Source URL']?.startsWith('http'))).toEqual([]);
    const o4mini = parsed.data.find((row) => row['Model slug'] === 'o4-mini' && row.Kind === 'input' && row['From tokens'] === '0');
    expect(o4mini).toMatchObject({ Model: 'o4-mini', 'USD per 1M tokens': '1.1' });
    expect(text).not.toMatch(base64Ids);
  });

  it('saves the Prices list\'s filters under a name and applies them again', async () => {
    const session = await w.signedIn(people.editor);
    const { page } = session;
    await page.getByRole('menuitem', { name: 'Prices' }).click();
    await page.getByRole('combobox', { name: 'Kind' }).click();
    await page.getByRole('option', { name: 'Batch input', exact: true }).click();
    await expect.poll(() => decodeURIComponent(page.url())).toContain('"kind":"BATCH_INPUT"');
    await page.getByRole('button', { name: 'Saved filters' }).click();
    await page.getByRole('menuitem', { name: 'Save the current filters…' }).click();
    await page.getByRole('textbox', { name: 'Query name' }).fill('Batch input prices');
    await page.getByRole('button', { name: 'Save' }).click();

    await session.go(`/prices?filter=${encodeURIComponent('{}')}`);
    await expect.poll(() => decodeURIComponent(page.url())).not.toContain('BATCH_INPUT');
    await page.getByRole('button', { name: 'Saved filters' }).click();
    await page.getByRole('menuitem', { name: 'Batch input prices' }).click();
    await expect.poll(() => decodeURIComponent(page.url())).toContain('"kind":"BATCH_INPUT"');
    await expect.poll(() => page.getByRole('combobox', { name: 'Kind' }).textContent()).toBe('Batch input');
  });
});
