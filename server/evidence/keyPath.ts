import { parse as parseToml } from 'smol-toml';
import { valuePattern } from './renderings.ts';
import { findValue, type ValueMatch, type ValueToFind } from './valueMatch.ts';

// A JSON or TOML capture cited by a key path ("models.o4-mini.input", "cost.input") is read as the
// document it is: the value at that path is the one compared, so another model's "input" a few lines
// away never passes for this one's.

const keyPathPattern = /^[A-Za-z_$][\w$-]*(?:\[\d+\])*(?:\.[A-Za-z_$][\w$-]*(?:\[\d+\])*)*$/;

/** The parsed document of the last text read (the numbers citing one capture share its text). */
let lastParsed: { text: string; format: string; document: unknown } | null = null;

function parsed(text: string, format: 'JSON' | 'TOML'): unknown {
  if (lastParsed?.text === text && lastParsed.format === format) return lastParsed.document;
  let document: unknown;
  try {
    document = format === 'JSON' ? JSON.parse(text) : parseToml(text);
  } catch {
    document = undefined;
  }
  lastParsed = { text, format, document };
  return document;
}

function steps(path: string): (string | number)[] {
  const result: (string | number)[] = [];
  for (const part of path.split('.')) {
    const [key, ...indexes] = part.split('[');
    result.push(key!);
    for (const index of indexes) result.push(Number(index.slice(0, -1)));
  }
  return result;
}

function at(document: unknown, path: (string | number)[]): { found: boolean; value?: unknown } {
  let current: unknown = document;
  for (const step of path) {
    if (current === null || typeof current !== 'object') return { found: false };
    if (typeof step === 'number' ? !Array.isArray(current) || step >= current.length : !Object.hasOwn(current, step)) return { found: false };
    current = (current as Record<string | number, unknown>)[step];
  }
  return { found: true, value: current };
}

/**
 * The check of a number cited by key path in a JSON or TOML capture, or null when the locator is not
 * a key path of this document (the text search applies then): a single word that is no top-level key
 * ("release_date" is one in a models.dev file), a document that does not parse.
 */
export function findAtKeyPath(text: string, format: string, locator: string, value: ValueToFind): ValueMatch | null {
  if (format !== 'JSON' && format !== 'TOML') return null;
  const path = locator.trim();
  if (!keyPathPattern.test(path)) return null;
  const document = parsed(text, format);
  if (document === undefined) return null;
  const found = at(document, steps(path));
  if (!found.found) {
    if (!path.includes('.') && !path.includes('[')) return null;
    return { found: false, excerpt: null, highlight: null, rendering: null, explanation: `the key path ${path} is not in the ${format} file`, scope: 'LOCATOR' };
  }
  const shown = typeof found.value === 'string' ? found.value : JSON.stringify(found.value);
  if (typeof found.value === 'object' && found.value !== null) {
    return { found: false, excerpt: null, highlight: null, rendering: null, explanation: `${path} holds a table, not a value, in the ${format} file`, scope: 'LOCATOR' };
  }
  // The value at the path, written out, is searched as a tiny page: 0.814 is 81.4 on a 0–100 scale, "2024-05" a month.
  const match = findValue(String(shown), value);
  const { label } = valuePattern(value);
  const excerpt = `${path} = ${shown}`;
  if (!match.found) {
    return { found: false, excerpt: null, highlight: null, rendering: null, explanation: `${path} is ${shown} in the ${format} file, not ${label}`, scope: 'LOCATOR' };
  }
  const start = path.length + 3 + match.highlight!.start;
  return {
    found: true,
    excerpt,
    highlight: { start, end: start + match.highlight!.end - match.highlight!.start },
    rendering: match.rendering,
    explanation: `found ${label} at ${path} in: "${excerpt}"`,
    scope: 'LOCATOR',
  };
}
