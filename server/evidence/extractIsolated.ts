import { Worker } from 'node:worker_threads';
import type { ExtractedText } from './extractText.ts';

// Reading a fetched page's text runs in worker threads with a deadline: parsing is CPU work that a
// hostile page can make last minutes (a 2 MB page nested 200,000 deep took 44 s on the main thread,
// and every request waited). A worker past the deadline is stopped (and replaced): the page is
// UNCHECKABLE. Two workers stay warm (loading the parsers takes about a second).

/** How long reading one page's text may take. */
export const extractDeadlineMs = 15_000;
/** Pages read at the same time: at most two cores' worth, whatever the captures in flight. */
const poolSize = 2;

const moduleUrl = new URL('./extractText.ts', import.meta.url).href;
const tsxApi = import.meta.resolve('tsx/esm/api');
// The worker loads extractText.ts through tsx whatever the parent runs under (tsx, vitest).
const workerSource = `
const { parentPort } = require('node:worker_threads');
import(${JSON.stringify(tsxApi)})
  .then(({ tsImport }) => tsImport(${JSON.stringify(moduleUrl)}, ${JSON.stringify(moduleUrl)}))
  .then(({ extractText }) => {
    parentPort.on('message', async ({ body, contentType, url }) => {
      try {
        parentPort.postMessage({ result: await extractText(Buffer.from(body), contentType, url) });
      } catch (error) {
        parentPort.postMessage({ error: String((error && error.message) || error) });
      }
    });
    parentPort.postMessage({ ready: true });
  })
  .catch((error) => parentPort.postMessage({ error: String((error && error.message) || error) }));
`;

const uncheckable = (reason: string): ExtractedText => ({ format: 'UNCHECKABLE', text: null, reason });

interface Job {
  body: Buffer;
  contentType: string | null;
  url: string;
  deadlineMs: number;
  resolve: (result: ExtractedText) => void;
}

/** One warm worker: loads the parsers once, reads one page at a time. */
class ExtractWorker {
  private readonly worker: Worker;
  private readonly ready: Promise<boolean>;
  private current: ((message: { result?: ExtractedText; error?: string } | null) => void) | null = null;

  constructor() {
    this.worker = new Worker(workerSource, { eval: true, resourceLimits: { maxOldGenerationSizeMb: 768 } });
    this.worker.unref();
    this.ready = new Promise((resolve) => {
      this.worker.on('message', (message: { ready?: true; result?: ExtractedText; error?: string }) => {
        if (message.ready) resolve(true);
        else if (this.current) this.current(message);
        else resolve(false);
      });
      this.worker.on('error', () => {
        resolve(false);
        this.current?.(null);
      });
      this.worker.on('exit', () => {
        resolve(false);
        this.current?.(null);
      });
    });
  }

  /** The page's text, or null when the worker died or missed the deadline (it is then stopped). */
  async read(job: Job): Promise<ExtractedText | null> {
    const started = Date.now();
    if (!(await this.ready)) return null;
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish(null, true), Math.max(1, job.deadlineMs - (Date.now() - started)));
      const finish = (message: { result?: ExtractedText; error?: string } | null, late = false) => {
        clearTimeout(timer);
        this.current = null;
        if (late) resolve(uncheckable(`Reading the page's text took longer than ${job.deadlineMs / 1000} s (nested very deep or very large); it was stopped.`));
        else if (message?.result) resolve(message.result);
        else if (message?.error) resolve(uncheckable(`The page's text could not be read (${message.error}).`));
        else resolve(null);
      };
      this.current = (message) => finish(message);
      this.worker.postMessage({ body: job.body, contentType: job.contentType, url: job.url });
    });
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }
}

const idle: ExtractWorker[] = [];
let busy = 0;
const queue: Job[] = [];

function next(): void {
  while (busy < poolSize && queue.length > 0) {
    const job = queue.shift()!;
    busy++;
    const worker = idle.pop() ?? new ExtractWorker();
    void worker.read(job).then(async (result) => {
      busy--;
      if (result && !(result.format === 'UNCHECKABLE' && result.reason.startsWith("Reading the page's text took longer"))) idle.push(worker);
      else await worker.terminate();
      job.resolve(result ?? uncheckable("Reading the page's text failed (the reader stopped); capture the page again."));
      next();
    });
  }
}

/** The text of a fetched page, read off the main thread, within `deadlineMs`. */
export function extractTextIsolated(body: Buffer, contentType: string | null, url: string, deadlineMs = extractDeadlineMs): Promise<ExtractedText> {
  return new Promise((resolve) => {
    queue.push({ body, contentType, url, deadlineMs, resolve });
    next();
  });
}

/** Stops the warm workers (tests, shutdown); new ones start on the next read. */
export async function stopExtractWorkers(): Promise<void> {
  await Promise.all(idle.splice(0).map((worker) => worker.terminate()));
}
