import { readFileSync } from 'node:fs';
import { parse, print, type OperationDefinitionNode } from 'graphql';

const contractDir = new URL('../contract/', import.meta.url);

/** One operation of a contract file as a client sends it: the operation plus the fragments it uses. */
export function contractOperations(file: 'public.graphql' | 'editor.graphql'): Map<string, string> {
  const source = readFileSync(new URL(file, contractDir), 'utf8');
  const document = parse(source);
  const fragments = document.definitions.filter((d) => d.kind === 'FragmentDefinition');
  const operations = new Map<string, string>();
  for (const definition of document.definitions) {
    if (definition.kind !== 'OperationDefinition') continue;
    const text = print(definition as OperationDefinitionNode);
    const used = fragments.filter((fragment) => text.includes(`...${fragment.name.value}`));
    operations.set(definition.name!.value, [text, ...used.map((fragment) => print(fragment))].join('\n\n'));
  }
  return operations;
}

export function contractVariables(): Record<string, Record<string, unknown>> {
  return JSON.parse(readFileSync(new URL('public.variables.json', contractDir), 'utf8'));
}

/** The whole contract file, unchanged, as a client would send it with an operationName. */
export function contractDocument(file: 'public.graphql' | 'editor.graphql'): string {
  return readFileSync(new URL(file, contractDir), 'utf8');
}
