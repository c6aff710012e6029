import { describe, expect, it } from 'vitest';
import { findAtKeyPath } from '../../server/evidence/keyPath.ts';

const prices = JSON.stringify({ models: { o3: { input: 2.0, output: 8.0 }, 'o4-mini': { input: 1.1, output: 4.4 }, 'gpt-4.1-nano': { input: 0.1, output: 0.4 } } }, null, 2);
const toml = `name = "o4-mini"\nrelease_date = "2025-04-16"\nknowledge = "2024-05"\n\n[cost]\ninput = 1.10\noutput = 4.40\n\n[limit]\ncontext = 200_000\n\n[[benchmarks]]\nname = "GPQA"\nscore = 0.814\n`;

describe('numbers cited by key path in a JSON or TOML capture', () => {
  it("compares the value at the path, never another model's value of the same key", () => {
    expect(findAtKeyPath(prices, 'JSON', 'models.o4-mini.input', { kind: 'PRICE', value: 1.1 })).toMatchObject({
      found: true,
      excerpt: 'models.o4-mini.input = 1.1',
      rendering: '1.1',
      explanation: 'found $1.10 at models.o4-mini.input in: "models.o4-mini.input = 1.1"',
    });
    expect(findAtKeyPath(prices, 'JSON', 'models.o4-mini.input', { kind: 'PRICE', value: 2.0 })).toMatchObject({
      found: false,
      explanation: 'models.o4-mini.input is 1.1 in the JSON file, not $2.00',
    });
    expect(findAtKeyPath(prices, 'JSON', 'models.o4-mini.output', { kind: 'PRICE', value: 0.4 })?.found).toBe(false);
  });

  it('reads TOML tables, arrays of tables, digit separators and dates', () => {
    expect(findAtKeyPath(toml, 'TOML', 'cost.input', { kind: 'PRICE', value: 1.1 })?.found).toBe(true);
    expect(findAtKeyPath(toml, 'TOML', 'limit.context', { kind: 'TOKENS', value: 200_000 })?.found).toBe(true);
    expect(findAtKeyPath(toml, 'TOML', 'benchmarks[0].score', { kind: 'SCORE', value: 81.4, scaleMax: 100 })?.found).toBe(true);
    expect(findAtKeyPath(toml, 'TOML', 'release_date', { kind: 'DATE', value: '2025-04-16' })?.found).toBe(true);
    expect(findAtKeyPath(toml, 'TOML', 'knowledge', { kind: 'MONTH', value: '2024-05' })?.found).toBe(true);
  });

  it('says when the path is not in the file or names a table; leaves other locators to the text search', () => {
    expect(findAtKeyPath(prices, 'JSON', 'models.o5.input', { kind: 'PRICE', value: 1.1 })).toMatchObject({ found: false, explanation: 'the key path models.o5.input is not in the JSON file' });
    expect(findAtKeyPath(prices, 'JSON', 'models.o4-mini', { kind: 'PRICE', value: 1.1 })).toMatchObject({ found: false, explanation: 'models.o4-mini holds a table, not a value, in the JSON file' });
    expect(findAtKeyPath(prices, 'JSON', 'Pricing table, o4-mini row', { kind: 'PRICE', value: 1.1 })).toBeNull();
    expect(findAtKeyPath(prices, 'JSON', 'input', { kind: 'PRICE', value: 1.1 })).toBeNull();
    expect(findAtKeyPath('{ not json', 'JSON', 'models.o4-mini.input', { kind: 'PRICE', value: 1.1 })).toBeNull();
    expect(findAtKeyPath(prices, 'HTML', 'models.o4-mini.input', { kind: 'PRICE', value: 1.1 })).toBeNull();
  });
});
