import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pendingScore, people, publicScores, settled, startWalkthrough, type Walkthrough } from './steps.ts';

// The reviewer's half of the walk-through: check the pending number against its citation, then
// verify it (the public API shows it with the citation) or reject it with a reason.
describe('a reviewer verifies one pending score and rejects another', () => {
  let w: Walkthrough;
  let sourceUrl: string;

  beforeAll(async () => {
    w = await startWalkthrough();
    const verified = await pendingScore(w.app, people.editor, {
      benchmark: 'swe-bench-verified',
      value: 68.1,
      setting: 'pass@1, no tools',
      locator: 'SWE-bench Verified chart, o4-mini (high)',
    });
    sourceUrl = verified.source.url;
    await pendingScore(w.app, people.editor, { benchmark: 'aider-polyglot', value: 86.8, locator: 'Aider Polyglot chart, whole-file edits' });
  });

  async function pendingCount() {
    const [row] = await w.app.db.raw.query<{ n: number }>(
      `select (select count(*) from scores where status = 'PENDING_REVIEW') + (select count(*) from prices where status = 'PENDING_REVIEW')
        + (select count(*) from model_facts where status = 'PENDING_REVIEW') as n`,
    );
    return Number(row!.n);
  }

  afterAll(async () => {
    await w?.close();
  });

  it('shows the reviewer the pending scores with their citation link and value, and verifies one; the public API then shows it with its citation', async () => {
    expect((await publicScores(w.app, 'o4-mini')).map((score) => score.benchmark.slug)).toEqual(['gpqa-diamond']);

    // The demo catalog has its own pending entries (imported values on the curated o4-mini page).
    const pending = await pendingCount();
    expect(pending).toBeGreaterThanOrEqual(2);
    const session = await w.signedIn(people.reviewer);
    const { page } = session;
    await page.getByTestId('count-Pending reviews').getByText(String(pending), { exact: true }).waitFor();
    await page.getByTestId('score-vs-price').locator('.recharts-scatter-symbol').first().waitFor();
    await session.screenshot('dashboard');

    await page.getByRole('menuitem', { name: 'Review queue' }).click();
    const row = page.getByRole('row').filter({ hasText: 'o4-mini · SWE-bench Verified (pass@1, no tools)' });
    await row.waitFor();
    expect(await page.getByRole('row').count()).toBe(1 + pending);
    // The value, and under it the published value it would replace (none yet in this setting): it is
    // looked up after the row shows ("…" until then), so it is waited for.
    await row.getByTestId('was-value').waitFor();
    expect(await row.getByRole('cell').nth(2).textContent()).toBe('68.1 %new: nothing published');
    const citation = row.getByRole('link', { name: 'Introducing OpenAI o3 and o4-mini' });
    expect(await citation.getAttribute('href')).toBe(sourceUrl);
    expect(await citation.getAttribute('target')).toBe('_blank');
    expect(await row.textContent()).toContain('SWE-bench Verified chart, o4-mini (high)');
    expect(await row.textContent()).toContain(people.editor.email);
    await session.screenshot('review-queue');

    await row.getByRole('button', { name: 'Verify' }).click();
    await page.getByText('Verified: the number is now public.').waitFor();
    await row.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByRole('row').count()).toBe(pending);
    expect(await pendingCount()).toBe(pending - 1);

    const scores = await publicScores(w.app, 'o4-mini');
    expect(scores.find((score) => score.benchmark.slug === 'swe-bench-verified')).toEqual({
      value: 68.1,
      setting: 'pass@1, no tools',
      benchmark: { slug: 'swe-bench-verified' },
      citation: { locator: 'SWE-bench Verified chart, o4-mini (high)', source: { url: sourceUrl, title: 'Introducing OpenAI o3 and o4-mini' } },
    });
    const board = await w.app.gql(
      // It ranks on the board of its own conditions (pass@1, no tools), apart from results obtained otherwise.
      '{ leaderboard(benchmark: "swe-bench-verified", first: 100, setting: "pass@1, no tools") { rank value model { slug } citation { locator source { url } } } }',
    );
    const entry = board.data!.leaderboard.find((one: any) => one.model.slug === 'o4-mini');
    expect(entry).toMatchObject({ value: 68.1, citation: { locator: 'SWE-bench Verified chart, o4-mini (high)', source: { url: sourceUrl } } });
    const [verifiedBy] = await w.app.db.raw.query<{ email: string }>(
      `select u.email from scores s join users u on u.id = s.verified_by where s.value = 68.1 and s.status = 'VERIFIED'`,
    );
    expect(verifiedBy).toEqual({ email: people.reviewer.email });
  });

  it('rejects the other with a reason, which its editor then reads on the score', async () => {
    const session = await w.signedIn(people.reviewer);
    const { page } = session;
    await session.go('/reviews');
    const row = page.getByRole('row').filter({ hasText: 'o4-mini · Aider Polyglot' }).filter({ hasText: '86.8 %' });
    await row.waitFor();
    await row.getByRole('button', { name: 'Reject' }).click();
    const dialog = page.getByRole('dialog', { name: 'Reject this number' });
    await dialog.waitFor();
    const confirm = dialog.getByRole('button', { name: 'Reject' });
    expect(await confirm.isDisabled()).toBe(true);
    const reason = 'The launch post gives 68.9 for o4-mini (high); 86.8 is o3 (high).';
    await dialog.getByRole('textbox', { name: /Reason/ }).fill(reason);
    await settled(dialog);
    await session.screenshot('reject-dialog');
    await confirm.click();
    await page.getByText('Rejected; the editor sees your reason.').waitFor();
    await row.waitFor({ state: 'detached' });
    // The imported Aider Polyglot value of the demo catalog still waits; only the rejected one left.
    await expect.poll(() => page.getByRole('row').filter({ hasText: 'o4-mini · Aider Polyglot' }).count()).toBe(1);

    const [rejected] = await w.app.db.raw.query<{ status: string; rejection_reason: string }>(
      `select status, rejection_reason from scores where value = 86.8`,
    );
    expect(rejected).toEqual({ status: 'REJECTED', rejection_reason: reason });
    expect((await publicScores(w.app, 'o4-mini')).map((score) => score.benchmark.slug).sort()).toEqual(['gpqa-diamond', 'swe-bench-verified']);

    const editor = await w.signedIn(people.editor);
    await editor.page.getByRole('menuitem', { name: 'Scores' }).click();
    const mine = editor.page.getByRole('row').filter({ hasText: 'Aider Polyglot' }).filter({ hasText: '86.8' });
    await mine.getByText('Rejected').waitFor();
    await mine.click();
    await editor.page.getByText(`Rejected: ${reason}`).waitFor();
  });
});
