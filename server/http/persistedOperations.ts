/**
 * Persisted operations: the public contract's queries, known by the SHA-256 of their text, so a front
 * end can send `GET /graphql?operationName=ModelPage&variables=…&extensions={"persistedQuery":
 * {"version":1,"sha256Hash":"…"}}` — a short, cacheable URL that the response cache answers with an
 * ETag (and 304 on revalidation). The manifest `persisted-operations.json` (hash → document, the
 * format GraphQL Codegen's persisted documents use) is generated from `contract/public.graphql`
 * by `npm run operations:persist` and committed; a test fails when it is stale. Ad-hoc queries stay
 * allowed: the API is public. Unknown hashes answer `PersistedQueryNotFound`, which APQ clients
 * (Apollo's automatic persisted queries) take as the cue to resend with the query text.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { parse, print, type OperationDefinitionNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';

const manifestFile = fileURLToPath(new URL('../../persisted-operations.json', import.meta.url));
const contractFile = fileURLToPath(new URL('../../contract/public.graphql', import.meta.url));

/** Each operation of a document as a client sends it: the operation, then the fragments it spreads. */
export function operationDocuments(source: string): Map<string, { kind: OperationDefinitionNode['operation']; text: string }> {
  const document = parse(source);
  const fragments = document.definitions.filter((definition) => definition.kind === 'FragmentDefinition');
  const operations = new Map<string, { kind: OperationDefinitionNode['operation']; text: string }>();
  for (const definition of document.definitions) {
    if (definition.kind !== 'OperationDefinition') continue;
    const text = print(definition);
    const used = fragments.filter((fragment) => text.includes(`...${fragment.name.value}`));
    operations.set(definition.name!.value, { kind: definition.operation, text: [text, ...used.map((fragment) => print(fragment))].join('\n\n') });
  }
  return operations;
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** hash → document for every query of the source; mutations are never persisted (nor sent over GET). */
export function buildManifest(source: string): Record<string, string> {
  const manifest: Record<string, string> = {};
  for (const { kind, text } of operationDocuments(source).values()) if (kind === 'query') manifest[sha256(text)] = text;
  return manifest;
}

export function readManifest(file = manifestFile): Record<string, string> {
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
}

export function persistedOperationsPlugin(manifest: Record<string, string> = readManifest()): Plugin {
  const documents = new Map(Object.entries(manifest));
  return usePersistedOperations({
    getPersistedOperation: (hash) => documents.get(hash) ?? null,
    allowArbitraryOperations: true,
    customErrors: {
      notFound: { message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } },
      keyNotFound: {
        message: 'Send a query, or the sha256Hash of a persisted operation in extensions.persistedQuery.',
        extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
      },
    },
  });
}

/** Rewrites persisted-operations.json from the public contract (`npm run operations:persist`); returns its path. */
export function writeManifest(): string {
  writeFileSync(manifestFile, `${JSON.stringify(buildManifest(readFileSync(contractFile, 'utf8')), null, 2)}\n`);
  return manifestFile;
}
