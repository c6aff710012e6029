import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { helperTextOf, openFromList, people, pick, settled, startWalkthrough, type Walkthrough } from './steps.ts';

// The editor's half of the walk-through, in Chromium against the real server and database.
describe('an editor edits o4-mini and enters a cited score for review', () => {
  let w: Walkthrough;

  beforeAll(async () => {
    w = await startWalkthrough();
  });

  afterAll(async () => {
    await w?.close();
  });

  it('finds o4-mini with the search and changes its tagline: o4-mini is public, so the change is sent for review, and shows once a reviewer approves it', async () => {
    const tagline = 'OpenAI’s small reasoning model: strong maths and coding at a low price.';
    const before = (await w.app.gql('{ model(slug: "o4-mini") { tagline } }')).data!.model.tagline;
    const session = await w.signedIn(people.editor);
    const { page } = session;
    await page.getByTestId('count-Models').getByText(/^\d+$/).waitFor();
    await session.screenshot('dashboard-editor');
    await openFromList(page, { menu: 'Models', placeholder: 'Search models', search: 'o4-mini', cell: 'o4-mini' });
    const input = page.locator('[name=tagline]');
    await expect.poll(() => input.inputValue()).toMatch(/reasoning/i);
    await input.fill(tagline);
    await session.screenshot('model-edit');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText(/^Sent for review: .*second person/).first().waitFor();
    expect(await page.getByText(/updated/i).count()).toBe(0);

    // Not public yet: the change waits as a revision, in the audit trail as a proposal.
    expect((await w.app.gql('{ model(slug: "o4-mini") { tagline } }')).data!.model.tagline).toBe(before);
    const proposals = await w.app.db.raw.query<{ email: string; diff: any }>(
      `select u.email, a.diff from audit_events a join users u on u.id = a.actor_id where a.entity_type = 'Revision' and a.action = 'PROPOSE'`,
    );
    expect(proposals.map((row) => row.email)).toEqual([people.editor.email]);
    expect(proposals[0]!.diff.tagline).toEqual({ before, after: tagline });

    // The reviewer sees it in the review queue with its diff, and approves it.
    const reviewer = await w.signedIn(people.reviewer);
    await reviewer.page.getByRole('menuitem', { name: 'Review queue' }).click();
    const changes = reviewer.page.getByLabel('Changes to public records');
    const row = changes.locator('tr[data-revision]').filter({ hasText: 'o4-mini' });
    await row.waitFor();
    expect(await row.textContent()).toContain(people.editor.email);
    const diffRow = row.getByRole('row').filter({ hasText: 'tagline' });
    expect(await diffRow.getByRole('cell').nth(1).textContent()).toBe(before);
    expect(await diffRow.getByRole('cell').nth(2).textContent()).toBe(tagline);
    await settled(changes);
    await reviewer.screenshot('review-queue-revision');
    await row.getByRole('button', { name: 'Approve' }).click();
    await reviewer.page.getByText('Approved: the change is public now.').waitFor();
    await row.waitFor({ state: 'detached' });

    expect((await w.app.gql('{ model(slug: "o4-mini") { tagline } }')).data!.model.tagline).toBe(tagline);
    const audit = await w.app.db.raw.query<{ email: string; diff: any }>(
      `select u.email, a.diff from audit_events a join users u on u.id = a.actor_id where a.entity_type = 'Model' and a.action = 'APPROVE'`,
    );
    expect(audit.map((row) => row.email)).toEqual([people.reviewer.email]);
    expect(audit[0]!.diff.tagline).toEqual({ before, after: tagline });
  });

  it('adds a score: pickers with autocomplete, the scale shown, no saving without a citation or outside the scale', async () => {
    const session = await w.signedIn(people.editor);
    const { page } = session;
    await page.getByRole('menuitem', { name: 'Scores' }).click();
    await page.getByRole('link', { name: 'Add a score' }).click();
    await expect.poll(() => page.url()).toContain('#/scores/create');

    await pick(page, /^Model/, 'o4-mi', 'o4-mini');
    await expect(await page.getByTestId('benchmark-scale').count()).toBe(0);
    await pick(page, /^Benchmark/, 'swe-bench ver', 'SWE-bench Verified');
    const scale = page.getByTestId('benchmark-scale');
    await scale.waitFor();
    expect(await scale.textContent()).toBe('SWE-bench Verified scale: 0–100%, higher is better');

    const value = page.locator('input[name=value]');
    await value.fill('68.1');
    await page.getByTestId('board-preview').getByTestId('setting-label').waitFor();
    await page.locator('input[name="conditions.shots"]').fill('');
    await page.locator('input[name="conditions.passAtK"]').fill('1');
    for (const [label, option] of [['Tools', 'No tools'], ['Reasoning effort', 'Clear value']]) {
      await page.getByRole('combobox', { name: new RegExp('^' + label) }).click();
      await page.getByRole('option', { name: option, exact: true }).click();
    }
    await expect.poll(() => page.getByTestId('setting-label').textContent()).toBe('Setting: pass@1, no tools');
    await page.getByRole('button', { name: 'Save and submit for review' }).click();

    // Refused without a source, saying why: the methodology.
    const sourceInput = page.getByRole('combobox', { name: /^Source/ });
    await expect.poll(() => sourceInput.getAttribute('aria-invalid')).toBe('true');
    const why = await helperTextOf(sourceInput);
    expect(why).toContain('A number cannot be saved without its source');
    expect(why).toContain('We do not publish numbers we cannot source.');
    const locator = page.getByRole('textbox', { name: /^Where in the source/ });
    expect(await locator.getAttribute('aria-invalid')).toBe('true');
    const notice = page.getByTestId('citation-missing');
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/^Not saved: this number has no citation\. Every number we publish needs its source/);

    // Outside the benchmark's scale: the value field says so.
    await value.fill('168.1');
    await page.getByRole('button', { name: 'Save and submit for review' }).click();
    await expect.poll(() => value.getAttribute('aria-invalid')).toBe('true');
    expect(await helperTextOf(value)).toBe('SWE-bench Verified is scored from 0 to 100; 168.1 is outside its scale.');
    await session.screenshot('score-create-errors');

    const nothing = await w.app.db.raw.query(`select id from scores where value in (68.1, 168.1)`);
    expect(nothing).toEqual([]);
  });

  it('adds the source inline, saves, and the score waits in the review queue; its author cannot verify it', async () => {
    const session = await w.signedIn(people.editor);
    const { page } = session;
    await session.go('/scores/create');
    await pick(page, /^Model/, 'o4-mini', 'o4-mini');
    await pick(page, /^Benchmark/, 'SWE-bench Verified', 'SWE-bench Verified');
    await page.locator('input[name=value]').fill('68.1');
    await page.getByTestId('board-preview').getByTestId('setting-label').waitFor();
    await page.locator('input[name="conditions.shots"]').fill('');
    await page.locator('input[name="conditions.passAtK"]').fill('1');
    for (const [label, option] of [['Tools', 'No tools'], ['Reasoning effort', 'Clear value']]) {
      await page.getByRole('combobox', { name: new RegExp('^' + label) }).click();
      await page.getByRole('option', { name: option, exact: true }).click();
    }
    await expect.poll(() => page.getByTestId('setting-label').textContent()).toBe('Setting: pass@1, no tools');

    const url = 'https://cdn.openai.com/pdf/o3-and-o4-mini-system-card.pdf';
    const sourceInput = page.getByRole('combobox', { name: /^Source/ });
    await sourceInput.click();
    await sourceInput.fill(url);
    await page.getByRole('option', { name: `Add a new source: ${url}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a source' });
    await dialog.waitFor();
    expect(await dialog.getByLabel(/^URL/).inputValue()).toBe(url);
    await dialog.getByLabel(/^Title/).fill('OpenAI o3 and o4-mini System Card');
    await dialog.getByLabel(/^Publisher/).fill('OpenAI');
    await session.screenshot('source-inline');
    await dialog.getByRole('button', { name: 'Add source' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => sourceInput.inputValue()).toContain('OpenAI o3 and o4-mini System Card');

    await page.getByRole('textbox', { name: /^Where in the source/ }).fill('Table 3: SWE-bench Verified (n=477), pass@1');
    await page.getByRole('button', { name: 'Save and submit for review' }).click();
    await expect.poll(() => page.url()).toMatch(/#\/scores$|#\/scores\?/);

    const [row] = await w.app.db.raw.query<{ status: string; setting: string; locator: string; url: string; email: string }>(
      `select s.status, s.setting, s.locator, src.url, u.email from scores s join sources src on src.id = s.source_id
       join users u on u.id = s.created_by where s.value = 68.1`,
    );
    expect(row).toEqual({ status: 'PENDING_REVIEW', setting: 'pass@1, no tools', locator: 'Table 3: SWE-bench Verified (n=477), pass@1', url, email: people.editor.email });

    await page.getByRole('menuitem', { name: 'Review queue' }).click();
    const entry = page.getByRole('row').filter({ hasText: 'o4-mini · SWE-bench Verified (pass@1, no tools)' });
    await entry.waitFor();
    // The value, then what it would replace (looked up after the row shows: "…" meanwhile).
    await expect.poll(() => entry.getByRole('cell').nth(2).textContent()).toBe('68.1 %new: nothing published');
    expect(await entry.getByRole('link', { name: 'OpenAI o3 and o4-mini System Card' }).getAttribute('href')).toBe(url);
    const verify = entry.getByRole('button', { name: 'Verify' });
    expect(await verify.isDisabled()).toBe(true);
    await verify.locator('..').hover();
    const tooltip = page.getByRole('tooltip');
    await tooltip.waitFor();
    expect(await tooltip.textContent()).toBe('You entered this number: a different reviewer must check it against its source (four eyes).');
    await settled(tooltip);
    await session.screenshot('review-queue-editor');
  });
});
