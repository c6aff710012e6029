import Papa from 'papaparse';

/** One row of the pasted table, as the API's BatchRowInput takes it, with the text of its value cell. */
export interface TableRow {
  model: string;
  benchmark: string | null;
  priceKind: string | null;
  value: number | null;
  valueText: string;
  setting: string | null;
  locator: string | null;
  quote: string | null;
  effectiveFrom: string | null;
}

export interface ParsedTable {
  rows: TableRow[];
  /** Problems with the table as a whole (a missing column); no row is checked then. */
  problems: string[];
  delimiter: 'tab' | 'comma';
}

type Column = 'model' | 'benchmark' | 'priceKind' | 'value' | 'setting' | 'locator' | 'quote' | 'effectiveFrom';

// Header names, matched without regard to case, spaces, "_" and "-".
const headerNames: Record<string, Column> = {
  model: 'model',
  benchmark: 'benchmark',
  pricekind: 'priceKind',
  kind: 'priceKind',
  value: 'value',
  setting: 'setting',
  locator: 'locator',
  wheresource: 'locator',
  quote: 'quote',
  effectivefrom: 'effectiveFrom',
};
const columnOf = (header: string): Column | null => headerNames[header.toLowerCase().replace(/[\s_-]+/g, '')] ?? null;

/** "81.4", "81.4%", "$1.10", "1,234.5" → a number; anything else → null. */
export function numberOf(text: string): number | null {
  const cleaned = text.trim().replace(/^\$/, '').replace(/%$/, '').replace(/,(?=\d{3}\b)/g, '').trim();
  if (!/^-?\d+(\.\d+)?$/.test(cleaned)) return null;
  return Number(cleaned);
}

const cell = (value: string | undefined) => {
  const trimmed = (value ?? '').trim();
  return trimmed === '' ? null : trimmed;
};

/** Reads a pasted or uploaded table: a header row, then one number a row; tab-separated when the header has a tab. */
export function parseTable(text: string): ParsedTable {
  const firstLine = text.replace(/^\s*\n/, '').split('\n', 1)[0] ?? '';
  const delimiter = firstLine.includes('\t') ? 'tab' : 'comma';
  const parsed = Papa.parse<string[]>(text.trim(), { delimiter: delimiter === 'tab' ? '\t' : ',', skipEmptyLines: 'greedy' });
  const [header = [], ...body] = parsed.data;
  const columns = header.map(columnOf);
  const problems: string[] = [];
  if (!text.trim()) problems.push('Paste a table or choose a file first.');
  else {
    for (const required of ['model', 'value', 'locator'] as const) {
      if (!columns.includes(required)) problems.push(`The header row has no "${required}" column.`);
    }
    if (!columns.includes('benchmark') && !columns.includes('priceKind')) problems.push('The header row needs a "benchmark" or a "price kind" column.');
    if (!body.length) problems.push('The table has a header row but no rows.');
  }
  const rows = body.map((cells) => {
    const at = (column: Column) => {
      const index = columns.indexOf(column);
      return index < 0 ? null : cell(cells[index]);
    };
    const valueText = at('value') ?? '';
    return {
      model: at('model') ?? '',
      benchmark: at('benchmark'),
      priceKind: at('priceKind'),
      value: numberOf(valueText),
      valueText,
      setting: at('setting'),
      locator: at('locator'),
      quote: at('quote'),
      effectiveFrom: at('effectiveFrom'),
    };
  });
  return { rows, problems, delimiter };
}

/** The row as the API takes it. */
export const rowInput = ({ valueText: _valueText, ...row }: TableRow) => row;
