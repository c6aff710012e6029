export * from './people.ts';
export * from './sources.ts';
export * from './catalog.ts';
export * from './claims.ts';
export * from './columns.ts';
export * from './auth.ts';
export * from './audit.ts';
export * from './revisions.ts';
