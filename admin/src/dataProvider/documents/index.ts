// Every GraphQL document the admin app sends, each a named operation written out in full (so a
// search for `verifyScore` finds it), with the fragments it spreads appended. Resources pick among
// them; nothing assembles a document at run time. test/unit/adminOperations.test.ts validates each
// against schema.graphql. Imports here carry `.ts` so that test (type-checked as Node code) can load them.
export * from './accounts.ts';
export * from './activity.ts';
export * from './catalog.ts';
export * from './claims.ts';
export * from './fragments.ts';
export * from './queues.ts';
export * from './sources.ts';
