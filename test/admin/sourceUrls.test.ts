import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { helperTextOf, people, pick, startWalkthrough, type Walkthrough } from './steps.ts';

// Sources as an editor meets them while entering numbers: a page already in the catalog is offered,
// however its URL is pasted; the retrieval date is asked once; the banner fits the source's kind;
// a price a vendor has announced (a future date) is accepted, as the API accepts it.
describe('an editor cites pages already in the catalog, and enters an announced price', () => {
  let w: Walkthrough;
  const docs = 'https://platform.openai.com/docs/models/o4-mini';
  const pasted = 'https://Platform.OpenAI.com/docs/models/o4-mini/?utm_source=newsletter&utm_medium=email';
  const sourceCount = async () => ((await w.app.db.raw.query<{ n: number }>('select count(*)::int as n from sources')) as [{ n: number }])[0].n;

  beforeAll(async () => {
    w = await startWalkthrough();
  });

  afterAll(async () => {
    await w?.close();
  });

  it('the demo catalog holds one source per page', async () => {
    const [row] = await w.app.db.raw.query<{ n: number; pages: number; duplicates: number }>(
      'select count(*)::int as n, count(distinct normalized_url)::int as pages, count(duplicate_of)::int as duplicates from sources',
    );
    expect(row!.n).toBeGreaterThan(2);
    expect(row).toEqual({ n: row!.n, pages: row!.n, duplicates: 0 });
  });

  it('offers the existing source for a pasted URL with a trailing slash and utm parameters, asks the date once, and saves an announced price', async () => {
    const before = await sourceCount();
    const session = await w.signedIn(people.editor);
    const { page } = session;
    await session.go('/prices/create');
    await pick(page, /^Model/, 'o4-mi', 'o4-mini');
    await page.getByRole('combobox', { name: /^Kind/ }).click();
    await page.getByRole('option', { name: 'Batch output', exact: true }).click();
    await page.locator('input[name=usdPerMillionTokens]').fill('2.2');

    // A date still to come: an announced price, and the form says so.
    const effective = page.locator('input[name=effectiveFrom]');
    expect(await helperTextOf(effective)).toBe('A future date enters an announced price');
    await effective.fill('2099-03-01');
    await expect.poll(() => helperTextOf(effective)).toBe('Announced price: takes effect on 2099-03-01; until then readers see the current price');

    // The retrieval date: one field on the whole form.
    expect(await page.getByLabel(/^Retrieved on/).count()).toBe(1);

    // Pasted with another spelling, the page is found in the picker…
    const sourceInput = page.getByRole('combobox', { name: /^Source/ });
    await sourceInput.click();
    await sourceInput.fill(pasted);
    await page.getByRole('option', { name: `o4-mini — OpenAI API model documentation — ${docs}` }).waitFor();
    // …and adding it anyway says it is already in the catalog, and offers it.
    await page.getByRole('option', { name: `Add a new source: ${pasted}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a source' });
    const notice = dialog.getByTestId('already-in-catalog');
    await notice.waitFor();
    expect(await notice.textContent()).toContain(`Already in the catalog: o4-mini — OpenAI API model documentation — ${docs}`);
    expect(await dialog.getByRole('button', { name: 'Add source' }).isDisabled()).toBe(true);
    // The dialog does not ask the retrieval date again: the citation's is the source's.
    expect(await dialog.getByLabel(/^Retrieved on/).count()).toBe(0);
    await session.screenshot('source-already-in-catalog');
    await dialog.getByRole('button', { name: 'Use this source' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => sourceInput.inputValue()).toBe(`o4-mini — OpenAI API model documentation — ${docs}`);

    // The banner fits a documentation page, not a model card.
    const banner = page.getByTestId('methodology');
    await expect.poll(() => banner.textContent()).toContain("The vendor's documentation");
    expect(await banner.textContent()).not.toContain('model card');

    await page.getByRole('textbox', { name: /^Where in the source/ }).fill('Pricing section: batch output');
    await page.getByRole('button', { name: 'Save and submit for review' }).click();
    await expect.poll(() => page.url()).toMatch(/#\/prices$|#\/prices\?/);

    const rows = await w.app.db.raw.query<{ status: string; effective: string; url: string }>(
      `select p.status, p.effective_from::text as effective, s.url from prices p join sources s on s.id = p.source_id
       join models m on m.id = p.model_id where m.slug = 'o4-mini' and p.kind = 'BATCH_OUTPUT' and p.usd_per_million_tokens = 2.2`,
    );
    expect(rows).toEqual([{ status: 'PENDING_REVIEW', effective: '2099-03-01', url: docs }]);
    expect(await sourceCount()).toBe(before);

    // Opened again, the price still reads as announced.
    await page.getByRole('row').filter({ hasText: '2099-03-01' }).first().click();
    const reopened = page.locator('input[name=effectiveFrom]');
    await expect.poll(() => reopened.inputValue()).toBe('2099-03-01');
    expect(await helperTextOf(reopened)).toContain('Announced price: takes effect on 2099-03-01');
  });

  it('adds a paper inline: its date is the citation\'s, and the banner speaks of a paper, not a model card', async () => {
    const session = await w.signedIn(people.editor);
    const { page } = session;
    await session.go('/scores/create');
    const banner = page.getByTestId('methodology');
    await banner.waitFor();
    const retrievedAt = await page.locator('input[name="citation.retrievedAt"]').inputValue();
    expect(retrievedAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const url = 'https://arxiv.org/abs/2501.12948v1';
    const sourceInput = page.getByRole('combobox', { name: /^Source/ });
    await sourceInput.click();
    await sourceInput.fill(url);
    await page.getByRole('option', { name: `Add a new source: ${url}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a source' });
    await dialog.waitFor();
    await dialog.getByLabel(/^Title/).fill('DeepSeek-R1: Incentivizing Reasoning Capability in LLMs');
    await dialog.getByLabel(/^Publisher/).fill('DeepSeek-AI');
    await dialog.getByRole('combobox', { name: /^Kind/ }).click();
    await page.getByRole('option', { name: 'Paper', exact: true }).click();
    expect(await dialog.getByTestId('already-in-catalog').count()).toBe(0);
    await dialog.getByRole('button', { name: 'Add source' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => sourceInput.inputValue()).toContain('DeepSeek-R1');

    await expect.poll(() => banner.textContent()).toContain('A paper: cite the table or figure');
    expect(await banner.textContent()).not.toContain('model card');
    expect(await page.getByLabel(/^Retrieved on/).count()).toBe(1);
    await session.screenshot('source-paper-banner');

    const [row] = await w.app.db.raw.query<{ kind: string; retrieved: string }>(
      `select kind, retrieved_at::text as retrieved from sources where url = $1`,
      [url],
    );
    expect(row).toEqual({ kind: 'PAPER', retrieved: retrievedAt });
  });
});
