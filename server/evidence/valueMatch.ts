import { type ValueToFind, valuePattern } from './renderings.ts';

export type { ValueKind, ValueToFind } from './renderings.ts';

export interface ValueMatch {
  found: boolean;
  /** Whitespace-collapsed text around the match (about 80 chars each side, '…' where cut), or null. */
  excerpt: string | null;
  /** Offsets of the matched rendering inside `excerpt` (for highlighting), or null. */
  highlight: { start: number; end: number } | null;
  /** The exact rendering found, e.g. "81.4%" or "$1.10", or null. */
  rendering: string | null;
  /** One sentence for an editor: what was found where, or why not. */
  explanation: string;
  /** Where it was searched: 'QUOTE' (inside/around the editor's quote), 'LOCATOR' (near words of the locator), 'PAGE' (anywhere). */
  scope: 'QUOTE' | 'LOCATOR' | 'PAGE';
}

export interface SearchHints {
  quote?: string | null;
  locator?: string | null;
}

interface Span {
  start: number;
  end: number;
}

/** How far from the quote a number may sit: the next table cell, not the next paragraph. */
export const quoteReach = 40;
/** How far from a locator word a number may sit: about a table row or a short paragraph. */
export const locatorReach = 300;
const excerptReach = 80;
// Bounds the work on a pathological page (a number repeated a million times); the first ones win.
const maxMatches = 100_000;

// Words that say where on a page without saying what: "Table 3, row 2" names no value.
const genericWords = new Set(
  (
    'a above an and appendix at below benchmark benchmarks bottom by card cell chart col cols column columns ' +
    'entry fig figure first footnote for from graph header heading in item last left line lines list model ' +
    'note notes number of on or p page pages para paragraph pg pp results right row rows second sec section ' +
    'see tab table tables text the third to top under value values with'
  ).split(' '),
);

/**
 * One form for page text and hints: invisible characters dropped, typographic quotes and dashes
 * made ASCII, whitespace runs collapsed — to '\n' when they held a line break or tab (so cells on
 * separate lines never read as digit groups), else to one space; a lone no-break space is kept.
 */
export function normaliseText(text: string): string {
  return text
    // Text shown right to left by an override reads differently than its characters ("81.4" shows as
    // "4.18"): it is dropped; the other direction marks are invisible and removed.
    .replace(/[\u202E\u2067][^\u202C\u2069\n]*[\u202C\u2069]?/g, ' ')
    .replace(/[\u200E\u200F\u202A-\u202D\u2066\u2068\u2069\u061C]/g, '')
    .replace(/[\u00AD\u200B-\u200D\u2060\uFEFF]/g, '')
    .replace(/[\u2018\u2019\u201A\u201B\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\n\r\t\v\f\u2028\u2029]/g, '\n')
    .replace(/[^\S\n]{2,}/g, ' ')
    // Inline runs are one character long by now, so this cannot backtrack far.
    .replace(/[^\S\n]?\n\s*/g, '\n');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function allMatches(text: string, pattern: RegExp, limit = maxMatches): Span[] {
  const spans: Span[] = [];
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null && spans.length < limit; m = pattern.exec(text)) {
    if (m[0].length === 0) {
      pattern.lastIndex++;
      continue;
    }
    spans.push({ start: m.index, end: m.index + m[0].length });
  }
  return spans;
}

function distance(a: Span, b: Span): number {
  return Math.max(0, b.start - a.end, a.start - b.end);
}

/** Index of the first span starting at or after `position` (spans sorted by start). */
function firstFrom(spans: Span[], position: number): number {
  let low = 0;
  let high = spans.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (spans[mid]!.start < position) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Distance from `span` to the nearest of `spans` (sorted, non-overlapping), Infinity when none. */
function nearest(spans: Span[], span: Span): number {
  const i = firstFrom(spans, span.start);
  let best = Number.POSITIVE_INFINITY;
  for (const j of [i - 1, i]) {
    const other = spans[j];
    if (other) best = Math.min(best, distance(other, span));
  }
  return best;
}

/**
 * The quote as a pattern: case-insensitive, any run of spaces or table bars between its words
 * (an editor copies "GPQA Diamond (no tools) 81.4%" where the text says "tools) | 81.4%"), and an
 * ellipsis inside it standing for up to 200 characters left out.
 */
function quotePattern(quote: string): { shown: string; pattern: RegExp } | null {
  const trimmed = normaliseText(quote)
    .trim()
    .replace(/^(?:["']|\.\.\.|…)+|(?:["']|\.\.\.|…)+$/g, '')
    .trim();
  if (!trimmed) return null;
  const segments = trimmed
    .split(/\s*(?:…|\.\.\.)\s*/)
    .map((segment) => segment.split(/[\s|]+/).filter(Boolean).map(escapeRegExp).join('[\\s|]*'))
    .filter(Boolean);
  const shown = trimmed.length > 60 ? `${trimmed.slice(0, 59).trimEnd()}…` : trimmed;
  return { shown: shown.replace(/\s/g, ' '), pattern: new RegExp(segments.join('[^]{0,200}?'), 'giu') };
}

/**
 * The distinctive words of a locator: "GPQA Diamond row, o3 column" → GPQA, Diamond, o3; a key
 * path names its value by its last key ("cost.input" → input); numbers ("Table 3") are dropped.
 */
export function locatorWords(locator: string): string[] {
  let text = normaliseText(locator).trim();
  const keyPath = /^[A-Za-z_$][\w$-]*(?:\[\d+\])?(?:\.[A-Za-z_$][\w$-]*(?:\[\d+\])?)+$/;
  if (keyPath.test(text)) text = text.slice(text.lastIndexOf('.') + 1).replace(/\[\d+\]$/, '');
  const words = new Map<string, string>();
  for (const raw of text.split(/[\s,;:()[\]{}"'|/<>_=*#§]+/)) {
    const word = raw.replace(/^[.\-–]+|[.\-–]+$/g, '');
    const key = word.toLowerCase();
    if (word.length < 2 || genericWords.has(key) || /^[\d.,%-]+$/.test(word) || /^[ivx]+$/.test(key)) continue;
    if (!words.has(key)) words.set(key, word);
  }
  return [...words.values()];
}

function excerptAround(text: string, span: Span): { excerpt: string; highlight: Span; rendering: string } {
  let start = Math.max(0, span.start - excerptReach);
  let end = Math.min(text.length, span.end + excerptReach);
  // Cut between words when the window has a space to cut at.
  if (start > 0 && !/\s/.test(text[start - 1]!)) {
    const space = text.slice(start, span.start).search(/\s/);
    if (space >= 0) start += space + 1;
  }
  if (end < text.length && !/\s/.test(text[end]!)) {
    const tail = text.slice(span.end, end);
    const space = Math.max(tail.lastIndexOf(' '), tail.lastIndexOf('\n'));
    if (space >= 0) end = span.end + space;
  }
  // Every whitespace character is one code unit, so replacing them keeps the offsets.
  const body = text.slice(start, end).replace(/\s/g, ' ');
  const lead = body.length - body.trimStart().length;
  const prefix = start > 0 ? '…' : '';
  const offset = prefix.length + span.start - start - lead;
  const excerpt = `${prefix}${body.trim()}${end < text.length ? '…' : ''}`;
  const highlight = { start: offset, end: offset + span.end - span.start };
  return { excerpt, highlight, rendering: excerpt.slice(highlight.start, highlight.end) };
}

function quoted(words: string[]): string {
  return words.map((word) => `"${word}"`).join(' or ');
}

/**
 * Whether `value` is in `text` where the hints point: within `quoteReach` characters of the quote
 * when one is given (a quote missing from the page is a failure of its own), else within
 * `locatorReach` of the locator's words when the page has them, else anywhere on the page.
 */
export function findValue(text: string, value: ValueToFind, hints: SearchHints = {}): ValueMatch {
  const { label, renderings, source } = valuePattern(value);
  const page = normaliseText(text);
  const matches = allMatches(page, new RegExp(source, 'giu'));
  const nowhere = `${label} is not on the page in any usual rendering (${renderings.join(', ')})`;

  const found = (span: Span, scope: ValueMatch['scope'], where = '', note = ''): ValueMatch => {
    const { excerpt, highlight, rendering } = excerptAround(page, span);
    const as = rendering.startsWith(label) ? '' : ` as "${rendering}"`;
    const explanation = `found ${label}${as}${where} in: "${excerpt}"${note}`;
    return { found: true, excerpt, highlight, rendering, explanation, scope };
  };
  const missing = (scope: ValueMatch['scope'], explanation: string): ValueMatch => ({
    found: false,
    excerpt: null,
    highlight: null,
    rendering: null,
    explanation,
    scope,
  });

  const quote = hints.quote ? quotePattern(hints.quote) : null;
  if (quote) {
    const places = allMatches(page, quote.pattern, 1000);
    if (places.length === 0) return missing('QUOTE', `the quote "${quote.shown}" is not on the page`);
    let best: { span: Span; distance: number } | null = null;
    for (const place of places) {
      for (let i = firstFrom(matches, place.start - quoteReach); i < matches.length; i++) {
        const span = matches[i]!;
        if (span.start > place.end + quoteReach) break;
        const d = distance(span, place);
        if (span.end <= place.end + quoteReach && (best === null || d < best.distance)) best = { span, distance: d };
      }
    }
    if (best) return found(best.span, 'QUOTE');
    const rest = matches.length > 0 ? `${label} appears elsewhere on the page` : nowhere;
    return missing('QUOTE', `the quote "${quote.shown}" is on the page but ${label} is not in or next to it; ${rest}`);
  }

  const words = hints.locator ? locatorWords(hints.locator) : [];
  const onPage: { word: string; spans: Span[] }[] = [];
  for (const word of words) {
    // Plain inflections count: a key "cache_read" points at "Cached input".
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(word)}(?:s|es|d|ed|ing)?(?![\\p{L}\\p{N}])`, 'giu');
    const spans = allMatches(page, pattern);
    if (spans.length > 0) onPage.push({ word, spans });
  }
  if (onPage.length > 0) {
    // The best match is near the most locator words ("GPQA" and "o3"), then the closest.
    let best: { span: Span; near: string[]; closest: number } | null = null;
    for (const span of matches) {
      const near: string[] = [];
      let closest = Number.POSITIVE_INFINITY;
      for (const { word, spans } of onPage) {
        const d = nearest(spans, span);
        if (d <= locatorReach) near.push(word);
        closest = Math.min(closest, d);
      }
      if (near.length === 0) continue;
      if (best === null || near.length > best.near.length || (near.length === best.near.length && closest < best.closest)) {
        best = { span, near, closest };
      }
    }
    if (best) return found(best.span, 'LOCATOR', ` near ${best.near.map((w) => `"${w}"`).join(' and ')}`);
    const present = onPage.map(({ word }) => word);
    if (matches.length > 0) return missing('LOCATOR', `${label} appears on the page but not near ${quoted(present)}`);
    return missing('LOCATOR', nowhere);
  }

  // A locator naming words the page does not have points nowhere on it: the number found elsewhere
  // is no evidence for it (81.4 in a footer is not the "HLE row" the editor cited).
  if (words.length > 0) {
    const elsewhere = matches.length > 0 ? `${label} appears elsewhere on the page, but ` : `${nowhere}; `;
    return missing('LOCATOR', `${elsewhere}the locator's words ${quoted(words)} are not on the page: quote the words around the number or name its row or column`);
  }
  const first = matches[0];
  if (!first) return missing('PAGE', nowhere);
  const note = hints.locator != null ? ' (the locator names no words to look near, so the whole page was searched)' : '';
  return found(first, 'PAGE', '', note);
}

/** The editor-facing renderings a value is searched in, e.g. 81.4 on a 0–100 scale → 81.4, 81.4%, 0.814. */
export function renderingsOf(value: ValueToFind): string[] {
  return valuePattern(value).renderings;
}

/**
 * A link that opens the live page scrolled to the quote: `${url}#:~:text=${encoded}` (Text
 * Fragments percent-encode '-', ',' and '&', which would otherwise split the directive); an
 * existing #fragment is replaced.
 */
export function textFragmentUrl(url: string, quote: string): string {
  const hash = url.indexOf('#');
  const base = hash >= 0 ? url.slice(0, hash) : url;
  const text = quote.replace(/\s+/g, ' ').trim();
  if (!text) return base;
  const encoded = encodeURIComponent(text).replace(/-/g, '%2D');
  return `${base}#:~:text=${encoded}`;
}
