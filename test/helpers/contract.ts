import { readFileSync } from 'node:fs';
import { operationDocuments } from '../../server/http/persistedOperations.ts';

const contractDir = new URL('../../contract/', import.meta.url);

/** One operation of a contract file as a client sends it: the operation plus the fragments it uses. */
export function contractOperations(file: 'public.graphql' | 'editor.graphql' | 'evidence.graphql' | 'results.graphql' | 'changes.graphql' | 'digest.graphql'): Map<string, string> {
  const source = readFileSync(new URL(file, contractDir), 'utf8');
  return new Map([...operationDocuments(source)].map(([name, { text }]) => [name, text]));
}

export function contractVariables(): Record<string, Record<string, unknown>> {
  return JSON.parse(readFileSync(new URL('public.variables.json', contractDir), 'utf8'));
}

/** The whole contract file, unchanged, as a client would send it with an operationName. */
export function contractDocument(file: 'public.graphql' | 'editor.graphql'): string {
  return readFileSync(new URL(file, contractDir), 'utf8');
}
