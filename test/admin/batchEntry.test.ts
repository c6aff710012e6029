import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { people, pick, publicScores, settled, startWalkthrough, type Walkthrough } from './steps.ts';

// Batch entry from one source: an editor pastes a table read from the o3/o4-mini launch post, the
// preview flags exactly the bad rows before anything is written, the good rows become drafts citing
// the source and go to the review queue together; the public sees none of them before verification.
const launchPost = 'https://openai.com/index/introducing-o3-and-o4-mini/';
const table = [
  ['Model', 'Benchmark', 'Value', 'Setting', 'Locator', 'Quote'],
  ['o4-mini', 'GPQA Diamond', '81.4', 'high effort', "Evaluation chart 'GPQA Diamond', o4-mini (high)", ''],
  ['o4-mini', 'gpqa-diamond', '77.6', 'medium effort', "Evaluation chart 'GPQA Diamond', o4-mini (medium)", ''],
  ['o4-mini', 'Aider Polyglot', '68.9%', 'high effort', 'Aider Polyglot chart, o4-mini (high)', 'o4-mini (high) 68.9%'],
  ['O4-MINI', 'swe-bench-verified', '61.3', 'medium effort', 'SWE-bench Verified chart, o4-mini (medium)', ''],
  ['o4-mini', 'SWE-bench Verified', '68.1', 'high effort', 'SWE-bench Verified chart, o4-mini (high)', ''],
  ['o4-mni', 'GPQA Diamond', '83.3', 'with tools', "Evaluation chart 'GPQA Diamond', o4-mini with tools", ''],
  ['o4-mini', 'Aider Polyglot', '589', 'low effort', 'Aider Polyglot chart, o4-mini (low)', ''],
  ['o4-mini', 'SWE-bench Verified', '59.2', 'low effort', '', ''],
]
  .map((cells) => cells.join('\t'))
  .join('\n');

describe('an editor enters a table of numbers from one source, and a reviewer finds them together in the queue', () => {
  let w: Walkthrough;

  beforeAll(async () => {
    w = await startWalkthrough();
  });

  afterAll(async () => {
    await w?.close();
  });

  it('previews the rows with their problems, creates the good ones as drafts citing the source, and submits them as one batch', async () => {
    const [{ n: pendingBefore }] = (await w.app.db.raw.query<{ n: number }>(
      `select ((select count(*) from scores where status = 'PENDING_REVIEW') + (select count(*) from prices where status = 'PENDING_REVIEW')
        + (select count(*) from model_facts where status = 'PENDING_REVIEW'))::int as n`,
    )) as [{ n: number }];
    const publicBefore = await publicScores(w.app, 'o4-mini');
    const session = await w.signedIn(people.editor);
    const { page } = session;
    await page.getByRole('menuitem', { name: 'Batch entry' }).click();
    await page.getByRole('heading', { level: 2, name: 'Batch entry from one source' }).waitFor();

    await pick(page, /^Source/, 'Introducing OpenAI', /^Introducing OpenAI o3 and o4-mini — /);
    await page.getByRole('textbox', { name: 'Table (CSV or TSV)' }).fill(table);
    await page.getByRole('button', { name: 'Preview' }).click();

    const rows = page.getByTestId('batch-row');
    await expect.poll(() => rows.count()).toBe(8);
    const statuses = await rows.evaluateAll((elements) => elements.map((element) => element.getAttribute('data-status')));
    expect(statuses).toEqual(['ready', 'ready', 'ready', 'ready', 'ready', 'problem', 'problem', 'problem']);
    const problemsOf = (index: number) => rows.nth(index).getByTestId('batch-row-problem').allTextContents();
    expect(await problemsOf(5)).toEqual(['No model "o4-mni" in the catalog. Did you mean o4-mini, o3-mini?']);
    expect(await problemsOf(6)).toEqual(['Aider Polyglot scores lie between 0 and 100.']);
    expect((await problemsOf(7)).join(' ')).toMatch(/^Say where in the source the number appears\./);
    expect(await page.getByTestId('batch-summary').textContent()).toBe(
      '5 of 8 rows ready; 3 with problems will not be created (fix the table and preview again).',
    );
    await settled(page.getByRole('table', { name: 'Preview of the rows' }));
    await session.screenshot('batch-preview');
    // The preview wrote nothing.
    expect(await w.app.db.raw.query(`select id from scores where value in (77.6, 68.9, 61.3) and created_by is not null`)).toEqual([]);

    await page.getByRole('button', { name: 'Create 5 drafts' }).click();
    await page.getByText('5 drafts created, each citing the source.').waitFor();
    // Until they are submitted the table cannot change under them.
    expect(await page.getByRole('textbox', { name: 'Table (CSV or TSV)' }).isDisabled()).toBe(true);
    const drafts = await w.app.db.raw.query<{ status: string; value: number; url: string; email: string; locator: string }>(
      `select s.status, s.value, src.url, u.email, s.locator from scores s join sources src on src.id = s.source_id
       join users u on u.id = s.created_by where u.email = $1 order by s.id`,
      [people.editor.email],
    );
    expect(drafts.map((draft) => [draft.status, draft.value, draft.url])).toEqual(
      [81.4, 77.6, 68.9, 61.3, 68.1].map((value) => ['DRAFT', value, launchPost]),
    );
    expect(drafts[2]!.locator).toBe('Aider Polyglot chart, o4-mini (high)');

    await page.getByRole('button', { name: 'Submit 5 for review' }).click();
    await page.getByTestId('batch-submitted').waitFor();
    expect(await page.getByRole('button', { name: 'Submit 5 for review' }).count()).toBe(0);
    await session.screenshot('batch-submitted');
    const submitted = await w.app.db.raw.query<{ status: string; entered: string }>(
      `select s.status, s.created_at::text as entered from scores s join users u on u.id = s.created_by where u.email = $1`,
      [people.editor.email],
    );
    expect(submitted.map((row) => row.status)).toEqual(Array(5).fill('PENDING_REVIEW'));
    // One transaction: the batch shares its entry time (with its source and editor, what groups it for reviewers).
    expect(new Set(submitted.map((row) => row.entered)).size).toBe(1);

    // The reviewer sees the five in the queue, each citing the launch post; the public sees none yet.
    const reviewer = await w.signedIn(people.reviewer);
    await reviewer.go('/reviews');
    const queue = reviewer.page.getByRole('row').filter({ hasText: people.editor.email });
    await expect.poll(() => queue.count()).toBe(5);
    expect(await reviewer.page.getByRole('row').count()).toBe(1 + pendingBefore + 5);
    for (let index = 0; index < 5; index++) {
      expect(await queue.nth(index).getByRole('link', { name: 'Introducing OpenAI o3 and o4-mini' }).getAttribute('href')).toBe(launchPost);
    }
    expect(await publicScores(w.app, 'o4-mini')).toEqual(publicBefore);
  });
});
