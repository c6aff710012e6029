export type ValueKind = 'SCORE' | 'PRICE' | 'TOKENS' | 'DATE' | 'MONTH' | 'NUMBER';

export interface ValueToFind {
  kind: ValueKind;
  /** SCORE/PRICE/TOKENS/NUMBER: the number; DATE: 'YYYY-MM-DD'; MONTH: 'YYYY-MM'. */
  value: number | string;
  /** SCORE only: the benchmark's scale maximum (100 → 81.4 may also be written 0.814; 1 → 0.814 may also be written 81.4%). */
  scaleMax?: number;
}

/** How a value is searched for: one regex source (flags giu) and the list of renderings shown to editors. */
export interface ValuePattern {
  label: string;
  renderings: string[];
  source: string;
}

const monthNames = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

// Spaces a page may put between digit groups ("200 000"): line breaks are not among them, so
// table cells on separate lines stay separate numbers.
const groupSpace = '[ \\u00A0\\u2007\\u2009\\u202F]';
const letter = '\\p{L}';
// A number starts where no letter, digit, '.' or "word-" precedes it (v81.4, 181.4, 2025-1.1) and
// is not the tail of a grouped number ("200,000" inside "1,200,000"; "200 000" inside "1 200 000").
const numberStart =
  `(?<![${letter}\\d_.])(?<![${letter}\\d]-)(?!(?<=\\d[,_])\\d{3}(?!\\d))` +
  `(?!(?<=(?<![\\d.,])\\d{1,3}(?:${groupSpace}\\d{3})*${groupSpace})\\d{3}(?!\\d))`;
const numberEnd = '(?!\\d)(?!\\.\\d)';
const notLetter = `(?!${letter})`;
// "81.4 million", "81.4k", "81.4‰": the same digits, another number.
const noMagnitude = `(?!\\s?(?:thousand|million|billion|trillion|bn|mn|[kmbt])${notLetter})(?![\u2030\u2031])`;
// "81.4-90" is a range; "0.814 seconds", "81.4 GB" a time or a size: not the number cited.
const noRange = '(?!\\s?-\\s?[$\\d])';
const noUnit = `(?!\\s?(?:ms|s|sec|secs|seconds?|minutes?|mins?|hours?|hrs?|[kmgt]i?b|bytes?|px)${notLetter})`;
// A currency other than the dollar, before or after: "€1.10", "HK$1.10", "1.10 EUR" are not $1.10.
const currencyCodes = 'EUR|GBP|JPY|CNY|RMB|INR|CAD|AUD|NZD|CHF|KRW|HKD|SGD|BRL|MXN|SEK|NOK|DKK|PLN|TRY|ZAR';
const noOtherCurrencyBefore = `(?<![^\\P{Sc}$]\\s?)(?<!(?<!U)${letter}\\$\\s?)(?<!(?:${currencyCodes})\\s?)`;
const noOtherCurrencyAfter = `(?!\\s?(?:[^\\P{Sc}$]|(?:${currencyCodes})${notLetter}))`;
// Per million of something other than tokens is another price.
const perWhatNot = `(?!\\s?(?:input\\s|output\\s)?(?:characters?|chars?|images?|requests?|seconds?|minutes?|hours?|queries|pages?|calls?|searches)${notLetter})`;
// A per-million price may be followed by "/ 1M tokens", "per million" or the next price ("/ $4.40"),
// not by another unit: "$1.10 / 1K tokens", "$1.10 per hour", "$1.10/image" are other prices.
const perMillionOnly =
  `(?!\\s?(?:/|per${notLetter})(?!\\s?(?:\\$|(?:1\\s?)?(?:M(?:Tok)?${notLetter}|million)${perWhatNot}|1,000,000${perWhatNot}|` +
  `(?!1\\s?K|1,000(?!,\\d)|1000(?!\\d)|1\\s?thousand|1\\s?M${notLetter}|1\\s?million)\\d)))`;

/**
 * Exact decimal text of a number with no exponent and no trailing zeros; floating-point noise
 * (0.1 + 0.2) is rounded away at 12 significant digits.
 */
export function decimalText(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`Not a finite number: ${n}`);
  const [mantissa = '0', exponent = '0'] = String(Math.abs(Number(n.toPrecision(12)))).split('e');
  const plain = shiftDecimal(mantissa, Number(exponent));
  return n < 0 && plain !== '0' ? `-${plain}` : plain;
}

/** Moves the decimal point of a non-negative decimal text `places` to the right (left when negative). */
export function shiftDecimal(text: string, places: number): string {
  const [whole = '0', fraction = ''] = text.split('.');
  let digits = whole + fraction;
  let point = whole.length + places;
  if (point <= 0) {
    digits = '0'.repeat(1 - point) + digits;
    point = 1;
  }
  if (point > digits.length) digits += '0'.repeat(point - digits.length);
  const intPart = digits.slice(0, point).replace(/^0+(?=\d)/, '');
  const fracPart = digits.slice(point).replace(/0+$/, '');
  return fracPart ? `${intPart}.${fracPart}` : intPart;
}

function groupThousands(whole: string, separator: string): string {
  return whole.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

/** Regex source of a non-negative decimal text: trailing zeros, thousands separators, ".814" for "0.814". */
function numberSource(decimal: string): string {
  const [whole = '0', fraction = ''] = decimal.split('.');
  let wholeSource = whole;
  if (whole.length > 3) {
    const head = whole.length % 3 || 3;
    const groups = whole.slice(head).match(/\d{3}/g) ?? [];
    // "_" groups digits in TOML and code ("200_000").
    wholeSource = whole.slice(0, head) + groups.map((g) => `(?:,|_|${groupSpace})?${g}`).join('');
  } else if (whole === '0' && fraction) {
    wholeSource = '0?';
  }
  // An integer must not run on into a further group: "200" is not in "200,000" or "200 000".
  const fractionSource = fraction
    ? `\\.${fraction}0*`
    : `(?:\\.0+|(?!(?:,|_|${groupSpace})\\d{3}(?!\\d)))`;
  return `${numberStart}${wholeSource}${fractionSource}${numberEnd}`;
}

function monthSource(month: number): string {
  const name = monthNames[month - 1]!;
  const abbreviation = name.slice(0, 3);
  const names = name === abbreviation ? name : month === 9 ? `${name}|Sept|Sep` : `${name}|${abbreviation}`;
  return `(?<!${letter})(?:${names})${notLetter}\\.?`;
}

const ordinal = '(?:st|nd|rd|th)?';

function numericValue(value: ValueToFind): number {
  const n = typeof value.value === 'number' ? value.value : Number(value.value);
  if (typeof value.value === 'string' && !/^-?\d+(\.\d+)?$/.test(value.value.trim())) {
    throw new RangeError(`${value.kind} value is not a number: ${value.value}`);
  }
  return n;
}

/** A negative number needs its minus; a positive one must not have one (the page text's minus signs are all '-'). */
function signed(n: number, source: string): string {
  return n < 0 ? `(?:-|\\u2212)(?:${source})` : `(?<![-\\u2212])(?:${source})`;
}

function scorePattern(n: number, scaleMax: number | undefined): ValuePattern {
  const decimal = decimalText(Math.abs(n));
  const label = decimalText(n);
  const percent = `(?:\\s?%|\\s?percent${notLetter}|${notLetter})`;
  const renderings = [label, `${label}%`];
  const sources = [signed(n, numberSource(decimal) + noMagnitude + noRange + noUnit + percent)];
  if (scaleMax === 100) {
    renderings.push(`${n < 0 ? '-' : ''}${shiftDecimal(decimal, -2)}`);
    sources.push(signed(n, numberSource(shiftDecimal(decimal, -2)) + noMagnitude + noRange + noUnit + notLetter));
  } else if (scaleMax === 1) {
    // A 0–1 score written as a percentage must carry its '%': a bare 81.4 is another number.
    const percentage = shiftDecimal(decimal, 2);
    renderings.splice(1, 1, `${n < 0 ? '-' : ''}${percentage}%`);
    sources.push(signed(n, `${numberSource(percentage)}\\s?%`));
  }
  return { label, renderings, source: sources.join('|') };
}

function pricePattern(n: number): ValuePattern {
  if (n < 0) throw new RangeError(`A price cannot be negative: ${n}`);
  const decimal = decimalText(n);
  const money = decimal.includes('.') && decimal.split('.')[1]!.length >= 2 ? decimal : Number(decimal).toFixed(2);
  const perThousand = shiftDecimal(decimal, -3);
  const currency = '(?:US\\s?\\$|\\$|USD\\s?)?';
  // Prices are never negative: a minus before the number or its dollar sign makes it another number.
  const before = `${noOtherCurrencyBefore}(?<![-\\u2212](?:US\\s?\\$|\\$|USD\\s?)?)`;
  const after = `${noMagnitude}${noOtherCurrencyAfter}${noRange}(?!\\s?(?:cents?|\u00a2)${notLetter})(?!\u00a2)`;
  const sources = [
    `${currency}${before}${numberSource(decimal)}${after}(?:\\s?USD${notLetter}|${notLetter})${perMillionOnly}`,
    // Per-1K prices only count with their unit written out, so 0.0011 alone never passes for $1.10/1M.
    `${currency}${before}${numberSource(perThousand)}${noOtherCurrencyAfter}\\s?(?:/|per)\\s?(?:1\\s?K|1,000|thousand)(?:\\s?tokens)?${notLetter}(?!(?:\\s?tokens)?\\s?(?:/|per${notLetter})(?!\\s?\\$))`,
  ];
  return {
    label: `$${money}`,
    renderings: [`$${money}`, decimal, `${money} USD`, `$${perThousand} / 1K tokens`],
    source: sources.join('|'),
  };
}

function tokensPattern(n: number): ValuePattern {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`A token count is a whole number: ${n}`);
  const decimal = String(n);
  const renderings = [groupThousands(decimal, ','), decimal];
  if (n >= 1000) renderings.push(groupThousands(decimal, ' '));
  const sources = [`(?<![-\\u2212])${numberSource(decimal)}${noMagnitude}${notLetter}`];
  const scaled = (divisor: number, suffix: string, words: string): void => {
    const amount = decimalText(n / divisor);
    renderings.push(`${amount}${suffix}`);
    sources.push(`${numberSource(amount)}\\s?(?:${suffix}|${words})${notLetter}`);
  };
  if (n >= 1000 && n < 1_000_000 && n % 100 === 0) scaled(1000, 'K', 'thousand');
  // Context windows are often powers of two written in kibi/mebi: 131072 is "128K".
  if (n >= 1024 && n < 1_048_576 && n % 1024 === 0 && n % 1000 !== 0) scaled(1024, 'K', 'thousand');
  if (n >= 1_000_000 && n % 100_000 === 0) scaled(1_000_000, 'M', 'million');
  if (n >= 1_048_576 && n % 1_048_576 === 0 && n % 100_000 !== 0) scaled(1_048_576, 'M', 'million');
  return { label: renderings[0]!, renderings: [...new Set(renderings)], source: sources.join('|') };
}

function datePattern(value: string): ValuePattern {
  const parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!parts) throw new RangeError(`A DATE is YYYY-MM-DD: ${value}`);
  const [, year, mm, dd] = parts as unknown as [string, string, string, string];
  const month = Number(mm);
  const day = Number(dd);
  const name = monthNames[month - 1];
  if (!name || day < 1 || day > 31) throw new RangeError(`Not a date: ${value}`);
  const y = `${year}(?!\\d)`;
  const m = `0?${month}`;
  const d = `0?${day}`;
  const M = monthSource(month);
  const before = '(?<![\\d./-])';
  const renderings = [value, `${name} ${day}, ${year}`, `${name.slice(0, 3)} ${day}, ${year}`, `${day} ${name} ${year}`];
  renderings.push(`${year}/${mm}/${dd}`);
  const sources = [
    `${M}\\s?${d}${ordinal},?\\s?${y}`,
    `${before}${d}${ordinal}\\s?(?:of\\s)?${M},?\\s?${y}`,
    `${before}${year}-${m}-${d}(?!\\d)`,
    `${before}${year}/${m}/${d}(?!\\d)`,
  ];
  // 04/16/2025 and 16/04/2025 are read one way only when the day cannot be a month.
  if (day > 12 || day === month) {
    renderings.push(`${mm}/${dd}/${year}`, `${dd}/${mm}/${year}`);
    sources.push(`${before}${m}/${d}/${y}`, `${before}${d}[/.-]${m}[/.-]${y}`);
  }
  return { label: value, renderings: [...new Set(renderings)], source: sources.join('|') };
}

function monthPattern(value: string): ValuePattern {
  const parts = /^(\d{4})-(\d{2})$/.exec(value);
  if (!parts) throw new RangeError(`A MONTH is YYYY-MM: ${value}`);
  const [, year, mm] = parts as unknown as [string, string, string];
  const month = Number(mm);
  const name = monthNames[month - 1];
  if (!name) throw new RangeError(`Not a month: ${value}`);
  const before = '(?<![\\d./-])';
  const sources = [
    `${before}${year}[-/]0?${month}(?:[-/]\\d{1,2})?(?!\\d)`,
    // Any day of the month counts: "June 16, 2024" says the month too.
    `${monthSource(month)}(?:\\s?\\d{1,2}${ordinal})?,?\\s?${year}(?!\\d)`,
    `${before}0?${month}/${year}(?!\\d)`,
  ];
  return {
    label: value,
    renderings: [value, `${name} ${year}`, `${name.slice(0, 3)} ${year}`, `${mm}/${year}`, `${value}-DD`],
    source: sources.join('|'),
  };
}

/** The regex source and human-readable renderings of a value to look for. */
export function valuePattern(value: ValueToFind): ValuePattern {
  switch (value.kind) {
    case 'DATE':
      return datePattern(String(value.value));
    case 'MONTH':
      return monthPattern(String(value.value));
    case 'SCORE':
      return scorePattern(numericValue(value), value.scaleMax);
    case 'PRICE':
      return pricePattern(numericValue(value));
    case 'TOKENS':
      return tokensPattern(numericValue(value));
    case 'NUMBER': {
      const n = numericValue(value);
      const decimal = decimalText(Math.abs(n));
      const label = decimalText(n);
      const [whole = '0', fraction] = label.split('.');
      const grouped = groupThousands(whole, ',') + (fraction ? `.${fraction}` : '');
      return {
        label,
        renderings: [...new Set([label, grouped])],
        source: signed(n, numberSource(decimal) + noMagnitude + notLetter),
      };
    }
  }
}
