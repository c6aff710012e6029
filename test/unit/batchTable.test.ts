import { describe, expect, it } from 'vitest';
import { numberOf, parseTable } from '../../admin/src/batch/table.ts';

// The batch entry screen's reading of a pasted table (admin/src/batch/table.ts): header names in any
// case, tab or comma found from the header row, quoted cells, values as people write them.
describe('parseTable', () => {
  it('reads a tab-separated table with headers in any case and in any order', () => {
    const table = parseTable('LOCATOR\tValue\tmodel\tBenchmark\tSetting\nTable 2\t81.4%\to4-mini\tGPQA Diamond\tpass@1, no tools\n');
    expect(table).toEqual({
      delimiter: 'tab',
      problems: [],
      rows: [
        {
          model: 'o4-mini',
          benchmark: 'GPQA Diamond',
          priceKind: null,
          value: 81.4,
          valueText: '81.4%',
          setting: 'pass@1, no tools',
          locator: 'Table 2',
          quote: null,
          effectiveFrom: null,
        },
      ],
    });
  });

  it('reads a comma-separated table with quoted cells, a price kind column and blank lines', () => {
    const table = parseTable('model,price kind,value,locator,quote\n\no4-mini,Cached input,$0.275,"Pricing table, o4-mini","Cached input $0.275"\n\n');
    expect(table.delimiter).toBe('comma');
    expect(table.problems).toEqual([]);
    expect(table.rows).toEqual([
      expect.objectContaining({ model: 'o4-mini', priceKind: 'Cached input', value: 0.275, locator: 'Pricing table, o4-mini', quote: 'Cached input $0.275' }),
    ]);
  });

  it('says which columns are missing, and that an empty table has no rows', () => {
    expect(parseTable('model\tvalue\nx\t1').problems).toEqual([
      'The header row has no "locator" column.',
      'The header row needs a "benchmark" or a "price kind" column.',
    ]);
    expect(parseTable('model,benchmark,value,locator').problems).toEqual(['The table has a header row but no rows.']);
    expect(parseTable('  ').problems).toEqual(['Paste a table or choose a file first.']);
  });

  it('reads values as written, and nothing else as a number', () => {
    expect([numberOf('81.4'), numberOf('81.4%'), numberOf('$1.10'), numberOf('1,234.5'), numberOf('-0.5')]).toEqual([81.4, 81.4, 1.1, 1234.5, -0.5]);
    expect([numberOf(''), numberOf('n/a'), numberOf('81.4.1'), numberOf('1e3')]).toEqual([null, null, null, null]);
  });
});
