import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { people, startWalkthrough, type Walkthrough } from './steps.ts';

// The auditor's view of sources: a dead link found by the link check, and every number citing it.
describe('a reviewer finds a dead source link and the numbers that cite it', () => {
  let w: Walkthrough;
  const launch = 'https://openai.com/index/introducing-o3-and-o4-mini/';
  let unreachableTitle: string;

  beforeAll(async () => {
    w = await startWalkthrough();
    // What `npm run sources:check` records when the page answers 404.
    const updated = await w.app.db.raw.query(
      `update sources set link_status = 'BROKEN', link_http_status = 404, link_checked_at = now() where url = $1 returning id`,
      [launch],
    );
    expect(updated).toHaveLength(1);
    // And one that did not answer in time: a dead link too.
    const [row] = await w.app.db.raw.query<{ title: string }>(
      `update sources set link_status = 'UNREACHABLE', link_checked_at = now() where id = (select min(id) from sources where url <> $1) returning title`,
      [launch],
    );
    unreachableTitle = row!.title;
  });

  afterAll(async () => {
    await w?.close();
  });

  it('counts the dead link on the dashboard and lists it first, filtered or sorted by link status', async () => {
    const session = await w.signedIn(people.reviewer);
    const { page } = session;
    await page.getByTestId('count-Dead links').getByText('2', { exact: true }).waitFor();
    await page.getByTestId('count-Dead links').click();

    // Filtered on dead links: the launch post (broken, with its HTTP code) and the unreachable one.
    await expect.poll(() => page.url()).toContain('/sources?');
    const rows = page.getByRole('row');
    const broken = rows.filter({ hasText: 'Introducing OpenAI o3 and o4-mini' });
    await broken.waitFor();
    await expect.poll(() => rows.count()).toBe(3);
    expect(await broken.getByText('Broken', { exact: true }).count()).toBe(1);
    expect(await broken.getByText('HTTP 404').count()).toBe(1);
    const unreachable = rows.filter({ hasText: unreachableTitle });
    expect(await unreachable.getByText('Unreachable', { exact: true }).count()).toBe(1);
    // The filter is shown, so the reader sees why the list is short and can clear it.
    expect(await page.getByLabel('Dead link').count()).toBeGreaterThan(0);
    await session.screenshot('sources-dead-links');

    // Unfiltered, sorted by link status: the dead link heads the list, above unchecked sources.
    await session.go('/sources?filter=%7B%7D');
    await page.getByRole('row').nth(10).waitFor();
    expect(await page.getByRole('row').nth(1).textContent()).toContain('Introducing OpenAI o3 and o4-mini');
    expect(await page.getByRole('row').nth(2).getByText('Not checked yet').count()).toBe(1);
    const [{ n: total }] = (await w.app.db.raw.query<{ n: number }>(`select count(*)::int as n from sources`)) as [{ n: number }];
    await page.getByText(`1-25 of ${total}`).waitFor();
  });

  it('opens the dead source and lists the score and quick fact that cite it', async () => {
    const session = await w.signedIn(people.reviewer);
    const { page } = session;
    await session.go('/sources?filter=%7B%22linkStatus%22%3A%22BROKEN%22%7D');
    await page.getByRole('cell', { name: 'Introducing OpenAI o3 and o4-mini' }).click();
    await expect.poll(() => page.locator('input[name=url]').inputValue()).toBe(launch);
    await page.getByRole('tab', { name: 'Numbers citing it' }).click();

    const scores = page.getByTestId('citing-scores');
    const gpqa = scores.getByRole('row').filter({ hasText: 'GPQA Diamond' });
    await gpqa.waitFor();
    expect(await gpqa.getByRole('cell').allTextContents()).toEqual([
      'o4-mini',
      'GPQA Diamond',
      '81.4',
      "Evaluation chart 'GPQA Diamond — PhD-level science questions (no tools)'",
      'Verified (public)',
    ]);
    const facts = page.getByTestId('citing-facts');
    const release = facts.getByRole('row').filter({ hasText: 'release date' });
    await release.waitFor();
    expect(await release.getByRole('cell').nth(2).textContent()).toBe('2025-04-16');

    // Exactly what the database says cites it.
    const [{ scores: scoreCount, facts: factCount }] = (await w.app.db.raw.query<{ scores: number; facts: number }>(
      `select (select count(*)::int from scores s join sources src on src.id = s.source_id where src.url = $1) as scores,
              (select count(*)::int from model_facts f join sources src on src.id = f.source_id where src.url = $1) as facts`,
      [launch],
    )) as [{ scores: number; facts: number }];
    expect(await scores.getByRole('row').count()).toBe(1 + scoreCount);
    expect(await facts.getByRole('row').count()).toBe(1 + factCount);
    expect(await page.getByTestId('citing-prices').textContent()).toContain('No price cites it.');
    await session.screenshot('source-citing-numbers');

    await gpqa.click();
    await expect.poll(() => page.url()).toMatch(/#\/scores\/[^/]+$/);
    await page.getByText('Verified (public)').first().waitFor();
  });

  it('retires the dead source with a reason: what cites it stays, and the page says so', async () => {
    const session = await w.signedIn(people.reviewer);
    const { page } = session;
    await session.go('/sources?filter=%7B%22linkStatus%22%3A%22BROKEN%22%7D');
    await page.getByRole('cell', { name: 'Introducing OpenAI o3 and o4-mini' }).click();
    await page.getByRole('button', { name: 'Retire this source' }).click();
    const dialog = page.getByRole('dialog', { name: 'Retire this source' });
    await dialog.getByLabel(/^Reason/).fill('The launch post was taken down; the system card carries the same numbers.');
    await dialog.getByRole('button', { name: 'Retire', exact: true }).click();
    const notice = page.getByTestId('source-retired');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('The launch post was taken down');
    await session.screenshot('source-retired');

    const [row] = await w.app.db.raw.query<{ retired: boolean; citing: number }>(
      `select retired_at is not null as retired, (select count(*)::int from scores where source_id = sources.id) as citing from sources where url = $1`,
      [launch],
    );
    expect(row).toEqual({ retired: true, citing: 1 });
  });
});
