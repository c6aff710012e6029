import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { CatalogFixture } from '../helpers/fixtures.ts';

describe('benchmarks { publishedScoreCount }', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp(async (db) => {
      const fixture = new CatalogFixture(db);
      const provider = await fixture.provider('acme');
      const gpqa = await fixture.benchmark('gpqa');
      await fixture.benchmark('mmlu');
      const source = await fixture.source();
      const published = await fixture.model('published', provider);
      const draft = await fixture.model('draft', provider, { publication: 'DRAFT' });
      await fixture.score(published, gpqa, 50, source);
      await fixture.score(published, gpqa, 55, source, { setting: 'pass@1' });
      await fixture.score(published, gpqa, 70, source, { setting: 'pass@8', status: 'PENDING_REVIEW' });
      await fixture.score(draft, gpqa, 60, source);
    });
  });
  afterAll(() => app.close());

  it('counts only verified scores of published models, per benchmark', async () => {
    const { data, errors } = await app.gql('{ benchmarks { slug publishedScoreCount } }');
    expect(errors).toBeUndefined();
    expect(data!.benchmarks).toEqual([
      { slug: 'gpqa', publishedScoreCount: 2 },
      { slug: 'mmlu', publishedScoreCount: 0 },
    ]);
  });
});
