// Every GraphQL document the admin app sends: one exported constant per operation, named like the
// operation and written out in full (so a search for `verifyScore` finds it). Resources pick among
// them; nothing assembles a document at run time. test/unit/adminOperations.test.ts validates each
// against schema.graphql and the server's query limits. No fragments: the server's depth and cost
// limits count a fragment spread as a level, so shared fragments would make documents costlier.
// Imports here carry `.ts` so that test (type-checked as Node code) can load them.
export * from './accounts.ts';
export * from './activity.ts';
export * from './batch.ts';
export * from './catalog.ts';
export * from './claims.ts';
export * from './digest.ts';
export * from './evidence.ts';
export * from './queues.ts';
export * from './sources.ts';
export * from './scoreForm.ts';
export * from './webhooks.ts';
export * from './reviews.ts';
export * from './myWork.ts';
