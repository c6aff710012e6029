import { defineRelations } from 'drizzle-orm';
import * as tables from './tables.ts';

const publishedVerified = { status: 'VERIFIED' } as const;

export const relations = defineRelations(tables, (r) => ({
  providers: {
    models: r.many.models(),
    families: r.many.modelFamilies(),
  },
  modelFamilies: {
    provider: r.one.providers({ from: r.modelFamilies.providerId, to: r.providers.id, optional: false }),
    models: r.many.models(),
  },
  models: {
    provider: r.one.providers({ from: r.models.providerId, to: r.providers.id, optional: false }),
    family: r.one.modelFamilies({ from: r.models.familyId, to: r.modelFamilies.id }),
    facts: r.many.modelFacts({ from: r.models.id, to: r.modelFacts.modelId }),
    // The published value of each fact, one relation each so a page loads them in one statement.
    releaseDateFact: r.one.modelFacts({
      from: r.models.id,
      to: r.modelFacts.modelId,
      where: { fact: 'RELEASE_DATE', ...publishedVerified },
      alias: 'releaseDateFact',
    }),
    knowledgeCutoffFact: r.one.modelFacts({
      from: r.models.id,
      to: r.modelFacts.modelId,
      where: { fact: 'KNOWLEDGE_CUTOFF', ...publishedVerified },
      alias: 'knowledgeCutoffFact',
    }),
    contextWindowFact: r.one.modelFacts({
      from: r.models.id,
      to: r.modelFacts.modelId,
      where: { fact: 'CONTEXT_WINDOW', ...publishedVerified },
      alias: 'contextWindowFact',
    }),
    maxOutputTokensFact: r.one.modelFacts({
      from: r.models.id,
      to: r.modelFacts.modelId,
      where: { fact: 'MAX_OUTPUT_TOKENS', ...publishedVerified },
      alias: 'maxOutputTokensFact',
    }),
    prices: r.many.prices({ from: r.models.id, to: r.prices.modelId }),
    scores: r.many.scores({ from: r.models.id, to: r.scores.modelId }),
    similarities: r.many.modelSimilarities({ from: r.models.id, to: r.modelSimilarities.modelId }),
  },
  modelSimilarities: {
    similarModel: r.one.models({ from: r.modelSimilarities.similarModelId, to: r.models.id, optional: false }),
  },
  modelFacts: {
    model: r.one.models({ from: r.modelFacts.modelId, to: r.models.id, optional: false }),
    source: r.one.sources({ from: r.modelFacts.sourceId, to: r.sources.id, optional: false }),
    evidenceSnapshot: r.one.sourceSnapshots({ from: r.modelFacts.evidenceSnapshotId, to: r.sourceSnapshots.id, alias: 'factEvidenceSnapshot' }),
    createdBy: r.one.users({ from: r.modelFacts.createdById, to: r.users.id, alias: 'factCreatedBy' }),
    verifiedBy: r.one.users({ from: r.modelFacts.verifiedById, to: r.users.id, alias: 'factVerifiedBy' }),
  },
  prices: {
    model: r.one.models({ from: r.prices.modelId, to: r.models.id, optional: false }),
    source: r.one.sources({ from: r.prices.sourceId, to: r.sources.id, optional: false }),
    evidenceSnapshot: r.one.sourceSnapshots({ from: r.prices.evidenceSnapshotId, to: r.sourceSnapshots.id, alias: 'priceEvidenceSnapshot' }),
    createdBy: r.one.users({ from: r.prices.createdById, to: r.users.id, alias: 'priceCreatedBy' }),
    verifiedBy: r.one.users({ from: r.prices.verifiedById, to: r.users.id, alias: 'priceVerifiedBy' }),
  },
  scores: {
    model: r.one.models({ from: r.scores.modelId, to: r.models.id, optional: false }),
    benchmark: r.one.benchmarks({ from: r.scores.benchmarkId, to: r.benchmarks.id, optional: false }),
    source: r.one.sources({ from: r.scores.sourceId, to: r.sources.id, optional: false }),
    evidenceSnapshot: r.one.sourceSnapshots({ from: r.scores.evidenceSnapshotId, to: r.sourceSnapshots.id, alias: 'scoreEvidenceSnapshot' }),
    datasetCitation: r.one.scoreDatasetCitations({ from: r.scores.id, to: r.scoreDatasetCitations.scoreId }),
    createdBy: r.one.users({ from: r.scores.createdById, to: r.users.id, alias: 'scoreCreatedBy' }),
    verifiedBy: r.one.users({ from: r.scores.verifiedById, to: r.users.id, alias: 'scoreVerifiedBy' }),
  },
  scoreDatasetCitations: {
    source: r.one.sources({ from: r.scoreDatasetCitations.sourceId, to: r.sources.id, optional: false, alias: 'datasetCitationSource' }),
    evidenceSnapshot: r.one.sourceSnapshots({ from: r.scoreDatasetCitations.evidenceSnapshotId, to: r.sourceSnapshots.id, alias: 'datasetCitationSnapshot' }),
  },
  benchmarks: {
    scores: r.many.scores({ from: r.benchmarks.id, to: r.scores.benchmarkId }),
    aliases: r.many.benchmarkAliases(),
    paperSource: r.one.sources({ from: r.benchmarks.paperSourceId, to: r.sources.id }),
  },
  benchmarkAliases: {
    benchmark: r.one.benchmarks({ from: r.benchmarkAliases.benchmarkId, to: r.benchmarks.id, optional: false }),
  },
  auditEvents: {
    actor: r.one.users({ from: r.auditEvents.actorId, to: r.users.id }),
  },
  sessions: {
    user: r.one.users({ from: r.sessions.userId, to: r.users.id, optional: false }),
  },
  sources: {
    createdBy: r.one.users({ from: r.sources.createdById, to: r.users.id, alias: 'sourceCreatedBy' }),
    scores: r.many.scores({ from: r.sources.id, to: r.scores.sourceId }),
    prices: r.many.prices({ from: r.sources.id, to: r.prices.sourceId }),
    facts: r.many.modelFacts({ from: r.sources.id, to: r.modelFacts.sourceId }),
    snapshots: r.many.sourceSnapshots({ from: r.sources.id, to: r.sourceSnapshots.sourceId }),
  },
  sourceSnapshots: {
    source: r.one.sources({ from: r.sourceSnapshots.sourceId, to: r.sources.id, optional: false }),
  },
}));
