import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, pendingScore, people, startWalkthrough, type Walkthrough } from './steps.ts';

// An editor's home: what happened to their work. A score the reviewer rejected shows with the reason,
// who rejected it and when, and a badge counts it; "Fix and resubmit" and one save put it back in the
// queue. A proposed fact shows inline on the model's page, and the author reads the entry's history.
describe("an editor's work, rejected, fixed and resubmitted", () => {
  let w: Walkthrough;
  let scoreId: string;
  const reason = 'The launch post gives 68.9 for o4-mini (high); 86.8 is o3 (high).';

  beforeAll(async () => {
    w = await startWalkthrough();
    const score = await pendingScore(w.app, people.editor, { benchmark: 'aider-polyglot', value: 86.8, locator: 'Aider Polyglot chart, whole-file edits' });
    scoreId = score.id;
    const reviewer = await apiAs(w.app, people.reviewer);
    const { node } = await reviewer('query ($id: ID!) { node(id: $id) { ... on Score { version } } }', { id: scoreId });
    const { rejectScore } = await reviewer(
      'mutation ($id: ID!, $v: Int!, $reason: String!) { rejectScore(id: $id, expectedVersion: $v, reason: $reason) { __typename } }',
      { id: scoreId, v: node.version, reason },
    );
    expect(rejectScore.__typename).toBe('RejectScoreSuccess');
    const editor = await apiAs(w.app, people.editor);
    const { createModelFact } = await editor(
      `mutation ($input: CreateModelFactInput!) { createModelFact(input: $input) { __typename ... on CreateModelFactSuccess { fact { status } } ... on Error { message } } }`,
      { input: { model: 'o4-mini', fact: 'CONTEXT_WINDOW', value: '256000', citation: { sourceId: score.source.id, locator: 'Specs table' }, submitForReview: true } },
    );
    expect(createModelFact).toMatchObject({ __typename: 'CreateModelFactSuccess', fact: { status: 'PENDING_REVIEW' } });
  });

  afterAll(async () => {
    await w?.close();
  });

  const statusOfScore = async () => {
    const id = Number(Buffer.from(scoreId, 'base64').toString().split(':')[1]);
    const [row] = await w.app.db.raw.query<{ status: string; value: number }>(`select status, value::float8 as value from scores where id = $1`, [id]);
    return row;
  };

  it("shows the rejection on the editor's home with reason, reviewer and date, and a badge counts it", async () => {
    const session = await w.signedIn(people.editor);
    const { page } = session;
    await page.getByTestId('count-Rejected — to fix').getByText('1', { exact: true }).waitFor();
    await page.getByTestId('rejected-count').getByText('1', { exact: true }).waitFor();
    // No more "Pending reviews 0" for an editor whose work was rejected.
    expect(await page.getByTestId('count-Pending reviews').count()).toBe(0);
    const rejected = page.getByTestId('my-work-REJECTED').getByTestId('my-work-entry');
    await rejected.getByText(/^Rejected by rita@sourced\.test on .+: /).waitFor();
    expect(await rejected.count()).toBe(1);
    const text = await rejected.textContent();
    expect(text).toContain('86.8 % — o4-mini · Aider Polyglot');
    expect(text).toContain(reason);
    const waiting = page.getByTestId('my-work-PENDING_REVIEW').getByTestId('my-work-entry');
    await waiting.filter({ hasText: '256,000 — o4-mini · Context window' }).waitFor();
    await session.screenshot('my-work-dashboard');
  });

  it('"Fix and resubmit" opens the entry and one save puts it back in the review queue', async () => {
    const session = await w.signedIn(people.editor);
    const { page } = session;
    await page.getByRole('menuitem', { name: 'My work' }).click();
    await page.getByRole('heading', { name: 'My work', level: 1 }).waitFor();
    const rejected = page.getByTestId('my-work-REJECTED').getByTestId('my-work-entry');
    await rejected.getByRole('link', { name: 'Fix and resubmit' }).click();
    await page.getByText(`Rejected: ${reason}`).waitFor();
    const value = page.locator('input[name=value]');
    await value.fill('68.9');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(statusOfScore).toEqual({ status: 'PENDING_REVIEW', value: 68.9 });
    // The badge and the home follow: nothing left to fix, the score waits for a reviewer.
    await page.getByRole('menuitem', { name: 'My work' }).click();
    await page.getByTestId('my-work-PENDING_REVIEW').getByTestId('my-work-entry').filter({ hasText: '68.9 % — o4-mini · Aider Polyglot' }).waitFor();
    await page.getByTestId('my-work-REJECTED').getByText('Nothing of yours was rejected.').waitFor();
    // MUI hides a badge of 0 (keeping its last number in the hidden element).
    await expect.poll(() => page.getByTestId('rejected-count').locator('.MuiBadge-badge').getAttribute('class'), { timeout: 60_000 }).toContain('MuiBadge-invisible');

    const reviewer = await w.signedIn(people.reviewer);
    await reviewer.go('/reviews');
    const row = reviewer.page.getByRole('row').filter({ hasText: 'o4-mini · Aider Polyglot' }).filter({ hasText: '68.9 %' });
    await row.waitFor();
    expect(await row.textContent()).toContain(people.editor.email);
  });

  it("shows pending values inline on the model's quick facts and scores", async () => {
    const session = await w.signedIn(people.editor);
    const { page } = session;
    await page.getByRole('menuitem', { name: 'My work' }).click();
    const fact = page.getByTestId('my-work-PENDING_REVIEW').getByTestId('my-work-entry').filter({ hasText: 'Context window' });
    await fact.getByRole('link', { name: 'Open' }).click();
    const row = page.getByTestId('quick-facts').getByRole('row').filter({ hasText: 'Context window' });
    await row.getByTestId('proposed-value').filter({ hasText: '256,000 — waiting for review' }).waitFor();
    expect(await row.textContent()).not.toContain('— not published');
    await session.screenshot('model-facts-pending');
    await page.getByRole('tab', { name: 'Scores' }).click();
    const score = page.getByRole('row').filter({ hasText: 'Aider Polyglot' }).filter({ hasText: '68.9' });
    await score.getByTestId('proposed-value').filter({ hasText: '— waiting for review' }).waitFor();
  });

  it("opens the entry's history to its author, and not to another editor", async () => {
    const author = await w.signedIn(people.editor);
    await author.go(`/scores/${encodeURIComponent(scoreId)}/history`);
    const history = author.page.getByTestId('record-history');
    await history.getByText(/rita@sourced\.test rejected this score/).waitFor();
    await history.getByText(/eddie@sourced\.test created this score/).waitFor();
    await author.screenshot('history-author');

    const other = await w.signedIn(people.otherEditor);
    await other.go(`/scores/${encodeURIComponent(scoreId)}/history`);
    await other.page.getByText('The audit trail is open to reviewers and admins; editors read the history of the numbers they entered.').waitFor();
    expect(await other.page.getByTestId('record-history').count()).toBe(0);
  });
});
