import { eq } from 'drizzle-orm';
import { postgresErrorOf } from '../catalog/databaseErrors.ts';
import { bumpVersion } from '../catalog/versioned.ts';
import type { Database } from '../../db/client.ts';
import { providers } from '../../db/schema/index.ts';
import { diffOf, recordImport, refusalOfRow } from './apply.ts';
import type { ImportContext, Tx } from './state.ts';
import { emptyCount, type Count, type Problem } from './summary.ts';

// Providers are written first, in one transaction, before any model that needs one.

const vendorNames = new Map([
  ['alibaba', 'Alibaba'],
  ['anthropic', 'Anthropic'],
  ['cohere', 'Cohere'],
  ['deepreinforce', 'DeepReinforce'],
  ['deepseek', 'DeepSeek'],
  ['google', 'Google'],
  ['meta', 'Meta'],
  ['minimax', 'MiniMax'],
  ['mistral', 'Mistral'],
  ['moonshotai', 'Moonshot AI'],
  ['openai', 'OpenAI'],
  ['sarvam', 'Sarvam AI'],
  ['tencent', 'Tencent'],
  ['xai', 'xAI'],
  ['zhipuai', 'Z.ai (Zhipu AI)'],
]);

/**
 * Every vendor's provider row, found or created (ids in ctx.providerIds). Each in its own savepoint:
 * one the database refuses is skipped (reported in `skipped`) with its models, the rest import.
 */
export async function writeProviders(db: Database, ctx: ImportContext, skipped: Problem[]): Promise<Count> {
  const count = emptyCount();
  await db.transaction(async (outer) => {
    for (const vendor of [...ctx.catalog.vendors].sort()) {
      try {
        await outer.transaction((tx) => writeProvider(tx, ctx, vendor, count));
      } catch (error) {
        if (!postgresErrorOf(error)) throw error;
        ctx.providerIds.delete(vendor);
        const file = ctx.catalog.providerFiles.get(vendor);
        skipped.push(refusalOfRow(error, file?.path ?? `models/${vendor}`, 'provider', 'provider not imported, nor its models'));
      }
    }
  });
  return count;
}

async function writeProvider(tx: Tx, ctx: ImportContext, vendor: string, count: Count) {
  const file = ctx.catalog.providerFiles.get(vendor);
  const values = {
    slug: vendor,
    name: vendorNames.get(vendor) ?? file?.name ?? vendor,
    docsUrl: file?.doc ?? null,
    apiBaseUrl: file?.api ?? null,
    apiKeyEnv: file?.env?.[0] ?? null,
  };
  const [existing] = await tx.select().from(providers).where(eq(providers.slug, vendor));
  if (!existing) {
    const [created] = await tx.insert(providers).values(values).returning();
    ctx.providerIds.set(vendor, created!.id);
    count.created++;
    await recordImport(tx, ctx, 'Provider', created!.id, diffOf(null, created!, ctx.runId));
    return;
  }
  ctx.providerIds.set(vendor, existing.id);
  // Fill what editors have not set; never overwrite their values.
  const fill = {
    docsUrl: existing.docsUrl ?? values.docsUrl,
    apiBaseUrl: existing.apiBaseUrl ?? values.apiBaseUrl,
    apiKeyEnv: existing.apiKeyEnv ?? values.apiKeyEnv,
  };
  if (fill.docsUrl === existing.docsUrl && fill.apiBaseUrl === existing.apiBaseUrl && fill.apiKeyEnv === existing.apiKeyEnv) {
    count.unchanged++;
    return;
  }
  await tx
    .update(providers)
    .set({ ...fill, ...bumpVersion(providers) })
    .where(eq(providers.id, existing.id));
  count.updated++;
  await recordImport(tx, ctx, 'Provider', existing.id, diffOf(existing, { ...existing, ...fill }, ctx.runId));
}
