import { existsSync, readFileSync } from 'node:fs';
import { parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../server/graphql/schema.ts';
import { contractOperations, contractVariables } from '../helpers/contract.ts';

// The contract files are copied into the project so tests run without ../shared; when the
// reference shelf is beside the checkout (as in CI), the copies must still equal it.
const shared = new URL('../../../shared/contract/', import.meta.url);
const local = new URL('../../contract/', import.meta.url);
const files = ['public.graphql', 'public.variables.json', 'editor.graphql', 'evidence.graphql', 'results.graphql', 'changes.graphql', 'digest.graphql'];

describe('contract copies', () => {
  it('hold every operation clients send', () => {
    expect([...contractOperations('public.graphql').keys()]).toEqual(['ModelPage', 'Models', 'Leaderboard', 'Compare', 'Sources', 'Node']);
    expect(Object.keys(contractVariables())).toEqual(['ModelPage', 'Models', 'Leaderboard', 'Compare', 'Sources']);
    expect(contractOperations('editor.graphql').size).toBe(11);
  });

  it('changes.graphql: every operation validates against the schema unchanged', () => {
    const operations = contractOperations('changes.graphql');
    expect([...operations.keys()]).toEqual(['Changes', 'CatalogChanged', 'ModelAsOf', 'LeaderboardAsOf', 'CreateWebhook']);
    for (const [name, text] of operations) expect(validate(schema, parse(text)).map((error) => `${name}: ${error.message}`)).toEqual([]);
  });

  for (const file of files.filter((name) => existsSync(new URL(name, shared)))) {
    it(`contract/${file} equals ../shared/contract/${file}`, () => {
      expect(readFileSync(new URL(file, local), 'utf8')).toBe(readFileSync(new URL(file, shared), 'utf8'));
    });
  }
});
