import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { helperTextOf, people, pick, startWalkthrough, type Walkthrough } from './steps.ts';

// Prices are sourced numbers too: the form refuses one without a citation or below zero, and shows
// the server's own refusals on the field they name.
describe('an editor enters a price, and the server\'s field errors land on the form', () => {
  let w: Walkthrough;

  beforeAll(async () => {
    w = await startWalkthrough();
  });

  afterAll(async () => {
    await w?.close();
  });

  it('refuses a price without a citation and a negative price, then saves a cited one for review', async () => {
    const session = await w.signedIn(people.editor);
    const { page } = session;
    await page.getByRole('menuitem', { name: 'Prices' }).click();
    await page.getByRole('link', { name: 'Add a price' }).click();
    await expect.poll(() => page.url()).toContain('#/prices/create');

    await pick(page, /^Model/, 'o4-mi', 'o4-mini');
    await page.getByRole('combobox', { name: /^Kind/ }).click();
    await page.getByRole('option', { name: 'Batch input', exact: true }).click();
    const price = page.locator('input[name=usdPerMillionTokens]');
    await price.fill('-0.55');
    await page.locator('input[name=effectiveFrom]').fill('2025-04-16');
    const save = page.getByRole('button', { name: 'Save and submit for review' });
    await save.click();

    await expect.poll(() => price.getAttribute('aria-invalid')).toBe('true');
    expect(await helperTextOf(price)).toBe('A price cannot be negative');
    const sourceInput = page.getByRole('combobox', { name: /^Source/ });
    await expect.poll(() => sourceInput.getAttribute('aria-invalid')).toBe('true');
    expect(await helperTextOf(sourceInput)).toContain('We do not publish numbers we cannot source.');
    await page.getByTestId('citation-missing').waitFor();
    await session.screenshot('price-create-errors');

    await price.fill('0.55');
    await pick(page, /^Source/, 'OpenAI API pricing', /^OpenAI API pricing — /);
    await page.getByRole('textbox', { name: /^Where in the source/ }).fill('Batch API table: o4-mini input');
    await save.click();
    await expect.poll(() => page.url()).toMatch(/#\/prices$|#\/prices\?/);

    const rows = await w.app.db.raw.query<{ status: string; usd: number; url: string; email: string }>(
      `select p.status, p.usd_per_million_tokens::float8 as usd, s.url, u.email from prices p
       join sources s on s.id = p.source_id join users u on u.id = p.created_by
       join models m on m.id = p.model_id where m.slug = 'o4-mini' and p.kind = 'BATCH_INPUT'`,
    );
    expect(rows).toEqual([{ status: 'PENDING_REVIEW', usd: 0.55, url: 'https://openai.com/api/pricing/', email: people.editor.email }]);
  });

  it('shows the server\'s refusal on the field it names when the form could not know', async () => {
    // The form checks a score against the scale it loaded; the benchmark's scale changes before the save.
    await w.app.db.raw.query(`insert into benchmarks (slug, name, scale_min, scale_max, higher_is_better, publication)
      values ('rescaled-bench', 'Rescaled Bench', 0, 100, true, 'PUBLISHED')`);
    const session = await w.signedIn(people.editor);
    const { page } = session;
    await session.go('/scores/create');
    await pick(page, /^Model/, 'o4-mini', 'o4-mini');
    await pick(page, /^Benchmark/, 'Rescaled', 'Rescaled Bench');
    await page.getByTestId('benchmark-scale').waitFor();
    const value = page.locator('input[name=value]');
    await value.fill('68.1');
    await pick(page, /^Source/, 'OpenAI API pricing', /^OpenAI API pricing — /);
    await page.getByRole('textbox', { name: /^Where in the source/ }).fill('Somewhere');
    await w.app.db.raw.query(`update benchmarks set scale_max = 10 where slug = 'rescaled-bench'`);
    await page.getByRole('button', { name: 'Save and submit for review' }).click();

    await expect.poll(() => value.getAttribute('aria-invalid')).toBe('true');
    expect(await helperTextOf(value)).toBe('Rescaled Bench scores lie between 0 and 10.');
    expect(await w.app.db.raw.query(`select id from scores where value = 68.1`)).toEqual([]);
  });
});
