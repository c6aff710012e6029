import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayPeriod } from '../../server/http/responseCache.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { contractOperations } from '../helpers/contract.ts';
import { CatalogFixture } from '../helpers/fixtures.ts';

// A price announced for a day comes into effect at its midnight without any commit, so no cached
// answer (either level) is served on a later day than the one it was computed on, and one computed in
// the first minute of a day (the database's clock may not have turned yet) not past that minute.
// The cache's clock is moved here; the database's day does not change, so what is asserted is what the
// cache serves, not the prices.

const modelPage = contractOperations('public.graphql').get('ModelPage')!;
const day = 86_400_000;
const today = Math.floor(Date.now() / day) * day;
let clock = today + 12 * 3_600_000;
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp(
    async (db) => {
      const catalog = new CatalogFixture(db);
      await catalog.model('alpha', await catalog.provider('acme', 'Acme'));
    },
    { responseCache: true, now: () => clock },
  );
});
afterAll(() => app?.close());

/**
 * Alpha's page, with the level that answered: 'HIT' (bytes), 'SECOND' (Yoga's cache: no statement), or
 * 'COMPUTED'. With `origin`, the request takes Yoga's path (a browser's CORS answer is Yoga's to give)
 * and so reaches the second level; the Accept header is part of the first level's key only.
 */
async function ask(accept: string, origin?: string) {
  app.statements.length = 0;
  const response = await app.gql(modelPage, { slug: 'alpha' }, { accept, ...(origin ? { origin } : {}) });
  expect(response.data?.model?.slug).toBe('alpha');
  return response.headers.get('x-cache') === 'HIT' ? 'HIT' : app.statements.length === 0 ? 'SECOND' : 'COMPUTED';
}

describe('cached answers and the day', () => {
  it('splits days, and the first minute of a day, into periods of their own', () => {
    expect(dayPeriod(today + 12 * 3_600_000)).toBe(dayPeriod(today + day - 1));
    expect(dayPeriod(today + day)).not.toBe(dayPeriod(today + day - 1));
    expect(dayPeriod(today + day + 59_999)).toBe(dayPeriod(today + day));
    expect(dayPeriod(today + day + 60_000)).not.toBe(dayPeriod(today + day));
  });

  it('serves no answer past the period it was computed in, from either level', async () => {
    const site = 'http://front-end.example';
    const [a, b, c] = ['application/json', 'application/graphql-response+json', '*/*'];
    expect(await ask(a)).toBe('COMPUTED');
    expect(await ask(a)).toBe('HIT');
    expect(await ask(a, site)).toBe('COMPUTED');
    expect(await ask(b, site)).toBe('SECOND');

    clock = today + day + 30_000;
    expect(await ask(a)).toBe('COMPUTED');
    expect(await ask(a)).toBe('HIT');
    expect(await ask(c, site)).toBe('COMPUTED');
    expect(await ask(a, site)).toBe('SECOND');

    clock = today + day + 90_000;
    expect(await ask(a)).toBe('COMPUTED');
    expect(await ask(a)).toBe('HIT');
    expect(await ask(b, site)).toBe('COMPUTED');
  });
});
