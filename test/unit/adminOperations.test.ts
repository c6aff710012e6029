import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { buildSchema, Kind, parse, specifiedRules, validate, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { listAwareCostPlugin, maxListLength, queryLimits } from '../../server/http/security.ts';
import * as documents from '../../admin/src/dataProvider/documents/index.ts';

// Every operation the admin app sends is a static document in admin/src/dataProvider/documents/;
// each is checked here against the committed schema and the server's query limits (depth, aliases,
// tokens, cost), as the server would check it, without a browser or a database.

const root = path.resolve(import.meta.dirname, '../..');
const documentsDir = 'admin/src/dataProvider/documents';
const schema = buildSchema(readFileSync(path.join(root, 'schema.graphql'), 'utf8'));

/** graphql-armor's validation rules as server/http/security.ts configures them (cost is checked apart). */
const { validationRules: limitRules } = new ApolloArmor({
  maxDepth: { n: queryLimits.maxDepth, flattenFragments: true },
  maxAliases: { n: queryLimits.maxAliases },
  maxDirectives: { n: queryLimits.maxDirectives },
  costLimit: { enabled: false },
  maxTokens: { enabled: false },
  blockFieldSuggestion: { enabled: false },
}).protect();

/** The server's cost verdict for a signed-in editor (listAwareCostPlugin), with every list and page size as long as the server allows. */
function costRefusal(document: DocumentNode, operation: OperationDefinitionNode): string | null {
  const variables = Object.fromEntries(
    (operation.variableDefinitions ?? []).map((definition) => [
      definition.variable.name.value,
      definition.type.kind === Kind.NON_NULL_TYPE && definition.type.type.kind === Kind.LIST_TYPE
        ? Array.from({ length: maxListLength }, (_, i) => `id${i}`)
        : // Page sizes at the largest a list gives.
          ['first', 'last', 'perPage'].includes(definition.variable.name.value)
          ? maxListLength
          : null,
    ]),
  );
  let refusal: string | null = null;
  // The admin sends its operations signed in.
  const onExecute = listAwareCostPlugin(queryLimits.maxCost, undefined, queryLimits.maxCostSignedIn).onExecute as (payload: unknown) => void;
  onExecute({
    args: { document, variableValues: variables, operationName: operation.name?.value, schema, contextValue: { viewer: { id: 1 } } },
    setResultAndStopExecution: (result: { errors: { message: string }[] }) => (refusal = result.errors.map((error) => error.message).join('; ')),
  });
  return refusal;
}

/** The exported constants holding an operation (the others hold the fragments those append). */
const operations = Object.entries(documents as Record<string, unknown>).flatMap(([exportName, text]) => {
  if (typeof text !== 'string') return [];
  const document = parse(text);
  const operation = document.definitions.find((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
  return operation ? [{ exportName, text, document, operation }] : [];
});

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(relative);
    return /\.(ts|tsx)$/.test(entry.name) ? [relative] : [];
  });
}

describe('the admin app’s GraphQL operations', () => {
  it('are found', () => {
    expect(operations.length).toBeGreaterThan(50);
  });

  it.each(operations.map((entry) => [entry.exportName, entry] as const))('%s is valid against schema.graphql and within the depth and alias limits', (_name, { document }) => {
    expect(validate(schema, document, [...specifiedRules, ...limitRules]).map((error) => error.message)).toEqual([]);
  });

  it('stay within the server’s cost limit, list arguments at their longest', () => {
    const costly = operations.flatMap(({ exportName, document, operation }) => {
      const refusal = costRefusal(document, operation);
      return refusal ? [`${exportName}: ${refusal}`] : [];
    });
    expect(costly).toEqual([]);
  });

  it('each is one named operation, exported under its own name', () => {
    const misnamed = operations.filter(
      ({ exportName, document, operation }) =>
        operation.name?.value !== exportName || document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION).length !== 1,
    );
    expect(misnamed.map(({ exportName }) => exportName)).toEqual([]);
  });

  it('have unique names', () => {
    const names = operations.map(({ operation }) => operation.name!.value);
    expect(names.filter((name, index) => names.indexOf(name) !== index)).toEqual([]);
  });

  it('fit under the server’s token limit (graphql-armor)', () => {
    const tooLong = operations.filter(({ text }) => {
      try {
        parse(text, { maxTokens: queryLimits.maxTokens });
        return false;
      } catch {
        return true;
      }
    });
    expect(tooLong.map(({ exportName }) => exportName)).toEqual([]);
  });

  it(`are written nowhere else in admin/src/ than ${documentsDir}/`, () => {
    const operationText = /[`'"]\s*(?:query|mutation|subscription|fragment)\s+\w+/;
    const elsewhere = sourceFiles('admin/src').filter(
      (file) => !file.startsWith(`${documentsDir}/`) && operationText.test(readFileSync(path.join(root, file), 'utf8')),
    );
    expect(elsewhere).toEqual([]);
  });
});
