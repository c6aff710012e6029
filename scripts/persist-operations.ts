import { writeManifest } from '../server/http/persistedOperations.ts';

// `npm run operations:persist`: the hash → document manifest of the public contract's queries.
console.log(`wrote ${writeManifest()}`);
