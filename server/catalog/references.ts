import type { Transaction } from '../../db/client.ts';
import { eq } from 'drizzle-orm';
import { benchmarks, modelFamilies, models, providers, sources } from '../../db/schema/index.ts';
import { NotFoundError, ValidationError, type FieldError } from '../errors.ts';
import { rowIdOf } from './ids.ts';
import { citeRule } from './inputs.ts';

/**
 * Looks up what an input refers to (models, benchmarks, providers and families by slug; sources by
 * ID) and reports every missing one as a field error at once.
 */
export class References {
  private readonly problems: FieldError[] = [];
  constructor(private readonly tx: Transaction) {}

  async model(path: string, slug: string) {
    const [row] = await this.tx.select({ id: models.id }).from(models).where(eq(models.slug, slug));
    if (!row) this.problems.push({ path, message: `No model has the slug "${slug.slice(0, 100)}".` });
    return row?.id ?? 0;
  }

  async benchmark(path: string, slug: string) {
    const [row] = await this.tx.select().from(benchmarks).where(eq(benchmarks.slug, slug));
    if (!row) this.problems.push({ path, message: `No benchmark has the slug "${slug.slice(0, 100)}".` });
    return row ?? null;
  }

  async provider(path: string, slug: string) {
    const [row] = await this.tx.select({ id: providers.id }).from(providers).where(eq(providers.slug, slug));
    if (!row) this.problems.push({ path, message: `No provider has the slug "${slug.slice(0, 100)}".` });
    return row?.id ?? 0;
  }

  async family(path: string, slug: string) {
    const [row] = await this.tx
      .select({ id: modelFamilies.id, providerId: modelFamilies.providerId })
      .from(modelFamilies)
      .where(eq(modelFamilies.slug, slug));
    if (!row) this.problems.push({ path, message: `No family has the slug "${slug.slice(0, 100)}".` });
    return row ?? null;
  }

  /** A source by its global ID (the citation's), with its retrieval date as the default. */
  async source(path: string, globalId: string) {
    let id = 0;
    try {
      id = rowIdOf(globalId, 'Source').id;
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
    }
    const [row] = id
      ? await this.tx.select({ id: sources.id, kind: sources.kind, retrievedAt: sources.retrievedAt, retiredAt: sources.retiredAt }).from(sources).where(eq(sources.id, id))
      : [];
    if (!row) this.problems.push({ path, message: `No source has this id. ${citeRule}` });
    else if (row.retiredAt) this.problems.push({ path, message: 'This source is retired: cite the page where the number is published now.' });
    return row ?? null;
  }

  add(path: string, message: string) {
    this.problems.push({ path, message });
  }

  /** Throws the collected problems, if any. */
  check() {
    if (this.problems.length) throw new ValidationError(this.problems);
  }
}
