import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { expect } from 'vitest';
import { createDatabase, type DatabaseHandle } from '../../db/client.ts';
import { ChangeStream } from '../../server/changes/stream.ts';
import { createApp } from '../../server/http/app.ts';
import { CatalogMeta } from '../../server/http/catalogMeta.ts';
import type { TestApp } from './app.ts';

// What the live-change tests share: a second app instance on the test's database, and a
// GraphQL-over-SSE reader as a dashboard would hold it.

/** A second app instance on the same database (its own connection on PostgreSQL), as a second server would be. */
export async function secondInstance(app: TestApp): Promise<{ url: string; close: () => Promise<void> }> {
  const handle: DatabaseHandle = app.db.url ? await createDatabase({ url: app.db.url }) : app.db;
  const logger = pino({ level: 'silent' });
  const meta = new CatalogMeta(handle);
  await meta.start();
  const changes = new ChangeStream(handle, logger);
  await changes.start();
  const { server } = createApp({ handle, meta, logger, config: { CORS_ORIGINS: [], REQUEST_TIMEOUT_MS: 10_000 }, changes, captureOnCreate: false });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await changes.stop();
      await meta.stop();
      if (handle !== app.db) await handle.close();
    },
  };
}

/** Reads Server-Sent Events of a subscription until `count` `next` events arrived. */
export async function subscribe(url: string, query: string, variables: Record<string, unknown>) {
  const controller = new AbortController();
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ query, variables }),
    signal: controller.signal,
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  return {
    async next(): Promise<any> {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = event.split('\n').find((line) => line.startsWith('data:'));
          if (event.includes('event: next') && data) return JSON.parse(data.slice(5));
          continue;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error(`the stream ended: ${buffer}`);
        buffer += decoder.decode(value, { stream: true });
      }
    },
    close: () => controller.abort(),
  };
}

