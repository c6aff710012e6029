import { describe, expect, it } from 'vitest';
import { decimalText, shiftDecimal } from '../../server/evidence/renderings.ts';
import {
  findValue,
  locatorWords,
  renderingsOf,
  textFragmentUrl,
  type ValueMatch,
  type ValueToFind,
} from '../../server/evidence/valueMatch.ts';

/** Every match must highlight exactly its rendering inside its excerpt. */
function check(match: ValueMatch): ValueMatch {
  if (match.found) {
    expect(match.excerpt).not.toBeNull();
    expect(match.excerpt!.slice(match.highlight!.start, match.highlight!.end)).toBe(match.rendering);
    expect(match.excerpt).not.toMatch(/\s{2}|[\n\t]/);
  } else {
    expect([match.excerpt, match.highlight, match.rendering]).toEqual([null, null, null]);
  }
  return match;
}

function rendering(text: string, value: ValueToFind): string | null {
  return check(findValue(text, value)).rendering;
}

// [page text, rendering expected to be found there, or null when the value is not on the page]
type Case = [string, string | null];

function table(value: ValueToFind, cases: Case[]): void {
  it.each(cases)(`${value.kind} ${value.value}${value.scaleMax ? `/${value.scaleMax}` : ''} in %j → %j`, (text, expected) => {
    expect(rendering(text, value)).toBe(expected);
  });
}

describe('scores', () => {
  table({ kind: 'SCORE', value: 81.4, scaleMax: 100 }, [
    ['GPQA 81.4', '81.4'],
    ['GPQA 81.4%', '81.4%'],
    ['GPQA: 81.4 % of questions', '81.4 %'],
    ['scored 81.40 overall', '81.40'],
    ['accuracy 0.814 on GPQA', '0.814'],
    ['accuracy .814 on GPQA', '.814'],
    ['(81.4).', '81.4'],
    ['81.4¹ with tools', '81.4'],
    ['cells 92.7,81.4', '81.4'],
    ['181.4', null],
    ['81.45', null],
    ['81.4.2', null],
    ['v81.4b', null],
    ['release v81.4', null],
    ['81.4b parameters', null],
    ['o4-81.4', null],
    ['1.814', null],
    ['0.8140001', null],
    ['814', null],
    // The sign, the unit and the magnitude are part of the number.
    ['delta -81.4', null],
    ['delta \u221281.4', null],
    ['delta - 81.4', '81.4'],
    ['81.4\u2030 of tokens', null],
    ['81.4 million downloads', null],
    ['81.4M parameters', null],
    ['81.4 bn', null],
    ['81.4k stars', null],
    ['+81.4 points', '81.4'],
    // A range, a time or a size is not a score.
    ['81.4-90 across runs', null],
    ['81.4 \u2013 90 across runs', null],
    ['took 0.814 seconds', null],
    ['81.4 s per task', null],
    ['81.4 GB of memory', null],
  ]);
  table({ kind: 'SCORE', value: 88, scaleMax: 100 }, [
    ['MMLU 88', '88'],
    ['MMLU 88%', '88%'],
    ['MMLU 88.0', '88.0'],
    ['MMLU 0.88', '0.88'],
    ['MMLU 188', null],
    ['MMLU 88.5', null],
    ['MMLU 8.8', null],
    ['MMLU 88,000 samples', null],
  ]);
  table({ kind: 'SCORE', value: 0.814, scaleMax: 1 }, [
    ['score 0.814', '0.814'],
    ['score 81.4%', '81.4%'],
    ['score 81.4 %', '81.4 %'],
    ['score 81.4', null],
    ['score 0.8145', null],
  ]);
  table({ kind: 'SCORE', value: 0.1 + 0.2, scaleMax: 1 }, [
    ['rate 0.3', '0.3'],
    ['rate 30%', '30%'],
    ['rate 0.30000000000000004', null],
  ]);
  table({ kind: 'SCORE', value: 57.5 }, [
    ['57.5%', '57.5%'],
    ['0.575', null],
  ]);

  it('lists the renderings it looked for', () => {
    expect(renderingsOf({ kind: 'SCORE', value: 81.4, scaleMax: 100 })).toEqual(['81.4', '81.4%', '0.814']);
    expect(renderingsOf({ kind: 'SCORE', value: 0.814, scaleMax: 1 })).toEqual(['0.814', '81.4%']);
    expect(renderingsOf({ kind: 'SCORE', value: 88, scaleMax: 100 })).toEqual(['88', '88%', '0.88']);
  });
});

describe('prices', () => {
  table({ kind: 'PRICE', value: 1.1 }, [
    ['Input $1.10 / 1M tokens', '$1.10'],
    ['Input $1.1', '$1.1'],
    ['Input: 1.10 USD', '1.10 USD'],
    ['Input: USD 1.10', 'USD 1.10'],
    ['Input: US$1.10', 'US$1.10'],
    ['Input 1.1', '1.1'],
    ['Input $0.0011 / 1K tokens', '$0.0011 / 1K tokens'],
    ['Input $0.0011 per 1,000 tokens', '$0.0011 per 1,000 tokens'],
    ['Input $0.0011', null],
    ['Input $11.1', null],
    ['Input $1.15', null],
    ['Input $1.101', null],
    ['Updated 2025-1.1', null],
    ['Version 1.1.2', null],
    ['Size 1.1M', null],
    ['$2.10', null],
    // Another currency, another unit of time or of tokens, another magnitude: another price.
    ['Input \u00a51.10', null],
    ['Input \u20ac1.10', null],
    ['Input \u20ac 1.10', null],
    ['Input 1.10 EUR', null],
    ['Input 1.10\u20ac', null],
    ['Input HK$1.10', null],
    ['Input C$ 1.10', null],
    ['Input $1.10 / 1K tokens', null],
    ['Input $1.10 per 1K tokens', null],
    ['Input $1.10 per 1,000 tokens', null],
    ['Input $1.10 per hour', null],
    ['Input $1.10/hr', null],
    ['Input $1.10 per image', null],
    ['Input $1.10 million', null],
    ['Input -$1.10', null],
    ['Input $1.10 / $4.40 per 1M tokens', '$1.10'],
    ['Input $1.10/M', '$1.10'],
    ['Input $1.10 / 1M tokens', '$1.10'],
    ['Input $1.10 per million tokens', '$1.10'],
    ['Input $1.10 per 1M input tokens', '$1.10'],
    ['Input $1.10/MTok', '$1.10'],
    ['Input 1.10/1.50', '1.10'],
    ['Input $0.0011 / 1K tokens per hour', null],
    ['Input 1.10 cents per 1M tokens', null],
    ['Input 1.10\u00a2 per 1M tokens', null],
    ['Input $1.10 per 1M characters', null],
    ['Input $1.10 / 1M images', null],
    ['Input $1.10-$2.00 per 1M tokens', null],
  ]);
  table({ kind: 'PRICE', value: 0.275 }, [
    ['Cached input $0.275', '$0.275'],
    ['Cached input $0.2750', '$0.2750'],
    ['Cached input $0.27', null],
    ['Cached input $10.275', null],
  ]);
  table({ kind: 'PRICE', value: 15 }, [
    ['Output $15.00', '$15.00'],
    ['Output $15 / MTok', '$15'],
    ['Output $150', null],
    ['Output $15.5', null],
  ]);
  table({ kind: 'PRICE', value: 1234.5 }, [
    ['$1,234.50', '$1,234.50'],
    ['$1234.5', '$1234.5'],
    ['$11,234.50', null],
  ]);

  it('lists the renderings it looked for', () => {
    expect(renderingsOf({ kind: 'PRICE', value: 1.1 })).toEqual(['$1.10', '1.1', '1.10 USD', '$0.0011 / 1K tokens']);
    expect(renderingsOf({ kind: 'PRICE', value: 0.275 })[0]).toBe('$0.275');
  });
});

describe('token counts', () => {
  table({ kind: 'TOKENS', value: 200_000 }, [
    ['context 200K', '200K'],
    ['context 200k tokens', '200k'],
    ['context 200 K', '200 K'],
    ['context 200,000', '200,000'],
    ['context 200 000', '200 000'],
    ['context 200\u202F000 tokens', '200 000'],
    ['context 200\u00A0000 tokens', '200 000'],
    ['context 200000', '200000'],
    ['context: 200 thousand tokens', '200 thousand'],
    ['context 1200K', null],
    ['context 1,200,000', null],
    ['context 1 200 000', null],
    ['context 200,0000', null],
    ['context 200KB', null],
    ['context 2000K', null],
    ['context 200.5K', null],
    ['200 in one cell\n000 in the next', null],
    ['context = 200_000', '200_000'],
    ['context = 1_200_000', null],
    ['context -200,000', null],
    ['context 200,000 million', null],
  ]);
  table({ kind: 'TOKENS', value: 128_000 }, [
    ['128K context', '128K'],
    ['128k context', '128k'],
    ['128,000 context', '128,000'],
    ['125K context', null],
    ['131,072 context', null],
  ]);
  table({ kind: 'TOKENS', value: 131_072 }, [
    ['131,072 tokens', '131,072'],
    ['128K tokens', '128K'],
    ['131K tokens', null],
  ]);
  table({ kind: 'TOKENS', value: 1_000_000 }, [
    ['1M context', '1M'],
    ['1m context', '1m'],
    ['1,000,000 tokens', '1,000,000'],
    ['1 million tokens', '1 million'],
    ['11M tokens', null],
    ['1.5M tokens', null],
    ['1MB', null],
  ]);
  table({ kind: 'TOKENS', value: 1_048_576 }, [
    ['1,048,576 tokens', '1,048,576'],
    ['1M tokens', '1M'],
  ]);
  table({ kind: 'TOKENS', value: 100_000 }, [
    ['100,000', '100,000'],
    ['max output 100K', '100K'],
    ['100,000,000', null],
  ]);

  it('lists the renderings it looked for', () => {
    expect(renderingsOf({ kind: 'TOKENS', value: 200_000 })).toEqual(['200,000', '200000', '200 000', '200K']);
    expect(renderingsOf({ kind: 'TOKENS', value: 131_072 })).toContain('128K');
    expect(renderingsOf({ kind: 'TOKENS', value: 1_000_000 })).toEqual(['1,000,000', '1000000', '1 000 000', '1M']);
  });
});

describe('dates', () => {
  table({ kind: 'DATE', value: '2025-04-16' }, [
    ['released 2025-04-16', '2025-04-16'],
    ['released Apr 16, 2025', 'Apr 16, 2025'],
    ['released Apr. 16, 2025', 'Apr. 16, 2025'],
    ['released April 16, 2025', 'April 16, 2025'],
    ['released APRIL 16 2025', 'APRIL 16 2025'],
    ['released 16 April 2025', '16 April 2025'],
    ['released 16 Apr 2025', '16 Apr 2025'],
    ['released April 16th, 2025', 'April 16th, 2025'],
    ['released the 16th of April, 2025', '16th of April, 2025'],
    ['released 2025/04/16', '2025/04/16'],
    ['released 04/16/2025', '04/16/2025'],
    ['released 16.04.2025', '16.04.2025'],
    ['released April 6, 2025', null],
    ['released April 16, 2024', null],
    ['released 116 April 2025', null],
    ['released 2025-04-161', null],
    ['released 12025-04-16', null],
    ['released 2025-04-06', null],
    ['released Aprils 16, 2025', null],
    ['released April 2025', null],
  ]);
  table({ kind: 'DATE', value: '2025-03-05' }, [
    ['on 2025-03-05', '2025-03-05'],
    ['on March 5th, 2025', 'March 5th, 2025'],
    ['on 5 Mar 2025', '5 Mar 2025'],
    // 03/05/2025 is March 5 in the US and 3 May elsewhere: not evidence either way.
    ['on 03/05/2025', null],
  ]);

  it('lists the renderings it looked for; slashed day-month orders only when unambiguous', () => {
    expect(renderingsOf({ kind: 'DATE', value: '2025-04-16' })).toEqual([
      '2025-04-16',
      'April 16, 2025',
      'Apr 16, 2025',
      '16 April 2025',
      '2025/04/16',
      '04/16/2025',
      '16/04/2025',
    ]);
    expect(renderingsOf({ kind: 'DATE', value: '2025-03-05' })).not.toContain('03/05/2025');
  });

  it('refuses values that are not dates', () => {
    expect(() => findValue('x', { kind: 'DATE', value: '16/04/2025' })).toThrow(RangeError);
    expect(() => findValue('x', { kind: 'MONTH', value: '2024-13' })).toThrow(RangeError);
  });
});

describe('months (knowledge cutoffs)', () => {
  table({ kind: 'MONTH', value: '2024-06' }, [
    ['cutoff 2024-06', '2024-06'],
    ['cutoff June 2024', 'June 2024'],
    ['cutoff june 2024', 'june 2024'],
    ['cutoff Jun 2024', 'Jun 2024'],
    ['cutoff Jun. 2024', 'Jun. 2024'],
    ['cutoff 06/2024', '06/2024'],
    ['cutoff 2024-06-01', '2024-06-01'],
    ['cutoff June 1, 2024', 'June 1, 2024'],
    ['cutoff 30 June 2024', 'June 2024'],
    ['cutoff July 2024', null],
    ['cutoff June 2023', null],
    ['cutoff 2024-07', null],
    ['cutoff 12024-06', null],
    ['cutoff 2024-061', null],
    ['cutoff 16/06/2024', null],
    ['cutoff Junebug 2024', null],
  ]);
  table({ kind: 'MONTH', value: '2023-09' }, [
    ['cutoff Sept 2023', 'Sept 2023'],
    ['cutoff Sep 2023', 'Sep 2023'],
    ['cutoff September 2023', 'September 2023'],
  ]);
});

describe('plain numbers', () => {
  table({ kind: 'NUMBER', value: 1234.5 }, [
    ['1,234.5', '1,234.5'],
    ['1234.50', '1234.50'],
    ['1 234.5', '1 234.5'],
    ['11,234.5', null],
    ['1,234.56', null],
  ]);
  table({ kind: 'NUMBER', value: -0.5 }, [
    ['delta -0.5', '-0.5'],
    ['delta \u22120.5', '-0.5'],
    ['delta 0.5', null],
  ]);
  table({ kind: 'NUMBER', value: '7' }, [
    ['7 models', '7'],
    ['17 models', null],
    ['7B models', null],
  ]);

  it('turns float arithmetic into the decimal an editor typed', () => {
    expect(decimalText(0.1 + 0.2)).toBe('0.3');
    expect(decimalText(1e-7)).toBe('0.0000001');
    expect(decimalText(1.1 / 1000)).toBe('0.0011');
    expect(shiftDecimal('81.4', -2)).toBe('0.814');
    expect(shiftDecimal('0.814', 2)).toBe('81.4');
    expect(shiftDecimal('200000', -3)).toBe('200');
  });
});

// What the capture of a vendor's results page reads like once its HTML is turned into text.
const vendorPage = `Introducing OpenAI o3 and o4-mini
April 16, 2025
Our smartest and most capable models to date, with full tool access.
${'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor. '.repeat(5)}
Benchmark\tOpenAI o1\tOpenAI o3-mini\tOpenAI o3\tOpenAI o4-mini
AIME 2024 (no tools)\t74.3%\t87.3%\t91.6%\t93.4%
GPQA Diamond (no tools)\t78.0%\t77.0%\t83.3%\t81.4%
SWE-bench Verified\t48.9%\t49.3%\t69.1%\t68.1%
${'Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip. '.repeat(5)}
Pricing
o4-mini input: $1.10 per 1M tokens; cached input: $0.275; output: $4.40.
Context window: 200,000 tokens. Max output: 100,000 tokens. Knowledge cutoff: June 1, 2024.`;

describe('a vendor page', () => {
  it('finds a score in its table cell and highlights it in the excerpt', () => {
    const quote = 'GPQA Diamond (no tools)';
    const row = check(findValue(vendorPage, { kind: 'SCORE', value: 83.3, scaleMax: 100 }, { quote }));
    expect(row).toMatchObject({ found: true, scope: 'QUOTE', rendering: '83.3%' });
    expect(row.excerpt).toContain('GPQA Diamond (no tools) 78.0% 77.0% 83.3% 81.4%');
    expect(row.explanation).toMatch(/^found 83\.3 in: "….*GPQA Diamond \(no tools\) 78\.0% 77\.0% 83\.3%.*…"$/);
    const nextRow = check(findValue(vendorPage, { kind: 'SCORE', value: 68.1, scaleMax: 100 }, { quote }));
    expect(nextRow).toMatchObject({ found: false, scope: 'QUOTE' });
    expect(nextRow.explanation).toMatch(/68\.1 appears elsewhere on the page$/);
  });

  it('finds the score the quote copies, the cells between it and its row name included', () => {
    const quote = 'GPQA Diamond (no tools) 78.0% 77.0% 83.3% 81.4%';
    const match = check(findValue(vendorPage, { kind: 'SCORE', value: 81.4, scaleMax: 100 }, { quote }));
    expect(match).toMatchObject({ found: true, scope: 'QUOTE', rendering: '81.4%' });
  });

  it('reads a table extracted as one row a line, cells joined by bars', () => {
    const text = 'Benchmark | o4-mini | o3\nGPQA Diamond (no tools) | 81.4% | 83.3%\nAIME 2025 | 92.7% | 88.9%';
    const quote = 'GPQA Diamond (no tools) 81.4%';
    const match = check(findValue(text, { kind: 'SCORE', value: 81.4, scaleMax: 100 }, { quote }));
    expect(match).toMatchObject({ found: true, scope: 'QUOTE', rendering: '81.4%', highlight: { start: 51, end: 56 } });
    expect(match.explanation).toBe(
      'found 81.4 in: "Benchmark | o4-mini | o3 GPQA Diamond (no tools) | 81.4% | 83.3% AIME 2025 | 92.7% | 88.9%"',
    );
    expect(findValue(text, { kind: 'SCORE', value: 88.9, scaleMax: 100 }, { locator: 'AIME 2025, o3' })).toMatchObject({
      found: true,
      scope: 'LOCATOR',
    });
  });

  it('finds prices, the context window and the cutoff near their labels', () => {
    const price = (value: number, locator: string) => check(findValue(vendorPage, { kind: 'PRICE', value }, { locator }));
    expect(price(1.1, 'cost.input')).toMatchObject({ found: true, scope: 'LOCATOR', rendering: '$1.10' });
    expect(price(0.275, 'cost.cache_read')).toMatchObject({ found: true, scope: 'LOCATOR', rendering: '$0.275' });
    expect(price(4.4, 'cost.output')).toMatchObject({ found: true, scope: 'LOCATOR', rendering: '$4.40' });
    expect(
      check(findValue(vendorPage, { kind: 'TOKENS', value: 200_000 }, { locator: 'limit.context' })),
    ).toMatchObject({ found: true, scope: 'LOCATOR', rendering: '200,000' });
    expect(
      check(findValue(vendorPage, { kind: 'MONTH', value: '2024-06' }, { locator: 'Knowledge cutoff' })),
    ).toMatchObject({ found: true, scope: 'LOCATOR', rendering: 'June 1, 2024' });
    expect(check(findValue(vendorPage, { kind: 'DATE', value: '2025-04-16' }))).toMatchObject({
      found: true,
      scope: 'PAGE',
      rendering: 'April 16, 2025',
      excerpt:
        'Introducing OpenAI o3 and o4-mini April 16, 2025 Our smartest and most capable models to date, with full tool access. Lorem…',
    });
  });
});

describe('the quote rule', () => {
  const page = 'Results. On “GPQA Diamond” — the hard set — our model scores 81.4%. Elsewhere: 90.1 on MMLU.';

  it('finds the number inside the quote, whatever its case, quotes, dashes and spacing', () => {
    const match = check(
      findValue(page, { kind: 'SCORE', value: 81.4 }, { quote: '  on "gpqa diamond" - the hard set -\n our MODEL scores 81.4% ' }),
    );
    expect(match).toMatchObject({ found: true, scope: 'QUOTE', rendering: '81.4%' });
  });

  it('finds the number within 40 characters after the quote, not further', () => {
    expect(findValue(page, { kind: 'SCORE', value: 81.4 }, { quote: 'the hard set' })).toMatchObject({ found: true });
    const far = findValue(page, { kind: 'SCORE', value: 90.1 }, { quote: 'the hard set' });
    expect(far).toMatchObject({ found: false, scope: 'QUOTE' });
    expect(far.explanation).toBe('the quote "the hard set" is on the page but 90.1 is not in or next to it; 90.1 appears elsewhere on the page');
  });

  it('says so when the quote is not on the page, even though the number is', () => {
    const match = check(findValue(page, { kind: 'SCORE', value: 81.4 }, { quote: 'GPQA Diamond (no tools)', locator: 'GPQA' }));
    expect(match).toMatchObject({ found: false, scope: 'QUOTE' });
    expect(match.explanation).toBe('the quote "GPQA Diamond (no tools)" is not on the page');
  });

  it('says when neither is near nor anywhere', () => {
    const match = findValue(page, { kind: 'SCORE', value: 83.3, scaleMax: 100 }, { quote: 'our model scores' });
    expect(match.explanation).toBe(
      'the quote "our model scores" is on the page but 83.3 is not in or next to it; 83.3 is not on the page in any usual rendering (83.3, 83.3%, 0.833)',
    );
  });

  it('reads an ellipsis in the quote as words left out', () => {
    const match = findValue(page, { kind: 'SCORE', value: 81.4 }, { quote: '"…GPQA Diamond … our model scores 81.4%…"' });
    expect(match).toMatchObject({ found: true, scope: 'QUOTE' });
  });

  it('ignores an empty quote', () => {
    expect(findValue(page, { kind: 'SCORE', value: 90.1 }, { quote: '  ' })).toMatchObject({ found: true, scope: 'PAGE' });
  });
});

describe('the locator rule', () => {
  const filler = ' Nothing to see here at all.'.repeat(20);
  const page = `GPQA Diamond: 81.4%.${filler} MMLU: 90.1.${filler} Footnote: 77.7 on an internal set.`;

  it('keeps the distinctive words of a locator', () => {
    expect(locatorWords('Table 3, GPQA Diamond row, o3 column')).toEqual(['GPQA', 'Diamond', 'o3']);
    expect(locatorWords('cost.input')).toEqual(['input']);
    expect(locatorWords('models[0].limit.context')).toEqual(['context']);
    expect(locatorWords('cost.cache_read')).toEqual(['cache', 'read']);
    expect(locatorWords('gpt-4.1 pricing')).toEqual(['gpt-4.1', 'pricing']);
    expect(locatorWords('Figure 2, page 7, section IV')).toEqual([]);
  });

  it('finds the number near the locator words', () => {
    const match = check(findValue(page, { kind: 'SCORE', value: 81.4 }, { locator: 'GPQA Diamond row' }));
    expect(match).toMatchObject({ found: true, scope: 'LOCATOR', rendering: '81.4%' });
    expect(match.explanation).toMatch(/^found 81\.4 near "GPQA" and "Diamond" in: "GPQA Diamond: 81\.4%\. Nothing/);
  });

  it('says honestly when the number is on the page but not near the locator', () => {
    const match = check(findValue(page, { kind: 'SCORE', value: 77.7 }, { locator: 'GPQA' }));
    expect(match).toMatchObject({ found: false, scope: 'LOCATOR' });
    expect(match.explanation).toBe('77.7 appears on the page but not near "GPQA"');
  });

  it('prefers the match near more of the locator words', () => {
    const cells = `o3 results${filler} GPQA 78.0 o1${filler} GPQA 83.3 o3`;
    const match = check(findValue(cells, { kind: 'NUMBER', value: 83.3 }, { locator: 'GPQA row, o3 column' }));
    expect(match.explanation).toMatch(/^found 83\.3 near "GPQA" and "o3"/);
  });

  it('finds nothing when the locator names words the page does not have: the number elsewhere is no evidence', () => {
    const match = check(findValue(page, { kind: 'SCORE', value: 77.7 }, { locator: 'HLE row' }));
    expect(match).toMatchObject({ found: false, scope: 'LOCATOR' });
    expect(match.explanation).toBe(
      '77.7 appears elsewhere on the page, but the locator\'s words "HLE" are not on the page: quote the words around the number or name its row or column',
    );
  });

  it('searches the whole page when the locator has no distinctive word, and says so', () => {
    const match = check(findValue(page, { kind: 'SCORE', value: 77.7 }, { locator: 'Table 2' }));
    expect(match).toMatchObject({ found: true, scope: 'PAGE' });
    expect(match.explanation).toMatch(/\(the locator names no words to look near, so the whole page was searched\)$/);
  });

  it('does not read text shown right to left by an override as the number it spells', () => {
    expect(findValue('GPQA Diamond \u202E81.4\u202C', { kind: 'SCORE', value: 81.4 }, { locator: 'GPQA Diamond' }).found).toBe(false);
    expect(findValue('GPQA Diamond \u206781.4\u2069', { kind: 'SCORE', value: 81.4 }, { locator: 'GPQA Diamond' }).found).toBe(false);
    expect(findValue('GPQA Diamond \u200E81.4%', { kind: 'SCORE', value: 81.4 }, { locator: 'GPQA Diamond' }).rendering).toBe('81.4%');
  });

  it('names every rendering it tried when the number is nowhere', () => {
    const match = check(findValue(page, { kind: 'SCORE', value: 83.3, scaleMax: 100 }, { locator: 'GPQA' }));
    expect(match).toMatchObject({ found: false, scope: 'LOCATOR' });
    expect(match.explanation).toBe('83.3 is not on the page in any usual rendering (83.3, 83.3%, 0.833)');
    expect(findValue('', { kind: 'PRICE', value: 1.1 }).explanation).toBe(
      '$1.10 is not on the page in any usual rendering ($1.10, 1.1, 1.10 USD, $0.0011 / 1K tokens)',
    );
  });
});

describe('excerpts', () => {
  it('cuts on word boundaries with an ellipsis and keeps the highlight on the rendering', () => {
    const words = 'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu '.repeat(4);
    const match = check(findValue(`${words}\n\n  price   $1.10\tper 1M ${words}`, { kind: 'PRICE', value: 1.1 }));
    expect(match.excerpt).toMatch(/^…[a-z]+ .* price \$1\.10 per 1M .* [a-z]+…$/);
    expect(match.excerpt!.length).toBeLessThanOrEqual(1 + 80 + 5 + 80 + 1);
  });

  it('shows the start or end of the page without an ellipsis', () => {
    expect(findValue('81.4% on GPQA', { kind: 'SCORE', value: 81.4 })).toMatchObject({
      excerpt: '81.4% on GPQA',
      highlight: { start: 0, end: 5 },
    });
  });
});

describe('large pages', () => {
  it('searches a 5 MB page without the number to the end', () => {
    const row = 'GPQA Diamond 81.5% 1,200,000 tokens 2025-04-17 $1.11 v81.4b 181.4 — ';
    const page = row.repeat(Math.ceil(5_000_000 / row.length));
    expect(findValue(page, { kind: 'SCORE', value: 81.4, scaleMax: 100 }, { locator: 'GPQA' })).toMatchObject({
      found: false,
    });
    expect(findValue(page, { kind: 'TOKENS', value: 200_000 }, { quote: 'GPQA Diamond' }).found).toBe(false);
  });
});

describe('text fragment links', () => {
  it('percent-encodes the quote, dashes and commas included', () => {
    expect(textFragmentUrl('https://openai.com/index/o3-o4-mini/', 'GPQA Diamond (no tools), o4-mini & o3')).toBe(
      'https://openai.com/index/o3-o4-mini/#:~:text=GPQA%20Diamond%20(no%20tools)%2C%20o4%2Dmini%20%26%20o3',
    );
  });

  it('replaces an existing fragment and collapses whitespace', () => {
    expect(textFragmentUrl('https://example.com/p?a=1#pricing', '  $1.10\n per   1M ')).toBe(
      'https://example.com/p?a=1#:~:text=%241.10%20per%201M',
    );
    expect(textFragmentUrl('https://example.com/#:~:text=old', 'new')).toBe('https://example.com/#:~:text=new');
  });
});
