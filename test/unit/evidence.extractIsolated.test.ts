import { afterAll, describe, expect, it } from 'vitest';
import { extractTextIsolated, stopExtractWorkers } from '../../server/evidence/extractIsolated.ts';

// A hostile page's parsing (nesting 200,000 deep took 44 s on the main thread) runs in a worker with a
// deadline: the server keeps answering meanwhile, and the page ends UNCHECKABLE.

afterAll(() => stopExtractWorkers());

const deep = (levels: number) => Buffer.from(`${'<div>'.repeat(levels)}GPQA Diamond 81.4${'</div>'.repeat(levels)}`);

describe('reading a page off the main thread', () => {
  it('reads an ordinary page as before', async () => {
    expect(await extractTextIsolated(Buffer.from('<table><tr><td>GPQA</td><td>81.4%</td></tr></table>'), 'text/html', 'https://vendor.example/a.html')).toEqual({
      format: 'HTML',
      text: 'GPQA | 81.4%',
    });
  });

  it('leaves the main thread free while a pathological page is parsed, and stops it at the deadline', async () => {
    const reading = extractTextIsolated(deep(200_000), 'text/html', 'https://vendor.example/deep.html', 500);
    // The next turn of the event loop comes first: the parsing is not on this thread.
    const first = await Promise.race([reading.then(() => 'parsed'), new Promise((resolve) => setImmediate(() => resolve('main thread free')))]);
    expect(first).toBe('main thread free');
    expect(await reading).toEqual({
      format: 'UNCHECKABLE',
      text: null,
      reason: "Reading the page's text took longer than 0.5 s (nested very deep or very large); it was stopped.",
    });
    // A stopped reader is replaced: the next page is read.
    expect((await extractTextIsolated(Buffer.from('<p>MMLU 90.1</p>'), 'text/html', 'https://vendor.example/b.html')).text).toBe('MMLU 90.1');
  });
});
