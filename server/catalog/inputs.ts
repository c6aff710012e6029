import { z } from 'zod';
import { ValidationError } from '../errors.ts';
import { configuredAllowHosts, urlProblem } from '../sources/addresses.ts';

/** Parses mutation input with a zod schema; problems become one ValidationError with a field error each. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(
    result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })),
  );
}

// Shared rules for text fields: trimmed, bounded, and free of characters that hide or disguise text
// from the reviewers who read it: C0/C1 controls (PostgreSQL cannot store NUL), bidirectional
// overrides, embeddings and isolates (U+202A–U+202E, U+2066–U+2069, U+061C), zero-width and
// invisible characters (U+200B–U+200F, U+2060–U+2064, U+FEFF, U+180E, U+034F, U+00AD) and the
// Unicode line and paragraph separators (U+2028, U+2029). Tabs and newlines stay allowed.
// Also what renders as nothing or a blank: Hangul and braille fillers, Khmer inherent vowels,
// Mongolian variation selectors, interlinear annotation marks, and the tag block (it can carry
// invisible ASCII).
const hiddenCharacters =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\u2800\u3164\ufeff\uffa0\ufff9-\ufffb\u{e0000}-\u{e007f}]/u;
export const hiddenCharactersMessage = 'Contains control or invisible characters (bidirectional overrides, zero-width spaces, line separators).';
/** True when the text has none of the control or invisible characters reviewers cannot see. */
export const noHiddenCharacters = (value: string) => !hiddenCharacters.test(value);
export const text = (max: number, min = 1) =>
  z
    .string()
    .trim()
    .min(min, min === 1 ? 'Cannot be empty.' : `Use at least ${min} characters.`)
    .max(max, `Use at most ${max} characters.`)
    .refine(noHiddenCharacters, hiddenCharactersMessage);
export const optionalText = (max: number) => text(max).nullish();
/** Text that may be empty (e.g. a score's setting), with the same character rules. */
export const mayBeEmptyText = (max: number) => z.string().trim().max(max, `Use at most ${max} characters.`).refine(noHiddenCharacters, hiddenCharactersMessage);

function safeAllowHosts() {
  try {
    return configuredAllowHosts();
  } catch {
    // A malformed SOURCE_FETCH_ALLOW_HOSTS opens nothing (sources:check reports it).
    return [];
  }
}

/**
 * An http(s) URL a public catalog may link to (and the link check may open): no credentials, and a
 * host that is not a loopback, private, link-local, multicast or otherwise non-public address, nor a
 * local name (localhost, *.local, a name without a domain). Names are resolved, and every address
 * checked, when the link check opens them; hosts in SOURCE_FETCH_ALLOW_HOSTS are allowed (tests).
 */
export const httpUrl = z
  .string()
  .trim()
  .max(2000, 'Use at most 2000 characters.')
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'http:' || url.protocol === 'https:') && !!url.hostname && !/\s/.test(value);
    } catch {
      return false;
    }
  }, 'Enter a full http(s) URL, e.g. https://example.com/page.')
  // URL parsers disagree on a backslash (this one reads it as "/", shells and others as an escape or
  // part of the user name): `https://a.com\@b.net` could open b.net where a.com was checked.
  .refine((value) => !value.includes('\\'), 'Use forward slashes (/) in a web address, not backslashes.')
  .refine(noHiddenCharacters, hiddenCharactersMessage)
  .superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return; // reported above
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return;
    const problem = urlProblem(url, safeAllowHosts());
    if (problem) ctx.addIssue({ code: 'custom', message: `Use a public web address: this one has ${problem}.` });
  });

/** True for an http(s) URL a public catalog may link to (the rule of `httpUrl`, for the dataset importer). */
export const isPublicHttpUrl = (value: string) => {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && !value.includes('\\') && noHiddenCharacters(value) && urlProblem(url, safeAllowHosts()) === null;
  } catch {
    return false;
  }
};

export const slug = z
  .string()
  .trim()
  .min(1, 'Cannot be empty.')
  .max(100, 'Use at most 100 characters.')
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'Use lower-case letters, digits, ".", "_" and "-", starting with a letter or digit.');

const today = () => new Date().toISOString().slice(0, 10);

/** Years a date in the catalog may have: before 1900 or after 2200 is a typo (and 0000 is no year in PostgreSQL). */
export const firstYear = 1900;
export const lastYear = 2200;
export const yearRangeMessage = `Use a year from ${firstYear} to ${lastYear}.`;
/** True when a YYYY-MM or YYYY-MM-DD value's year lies in the catalog's range. */
export const yearInRange = (value: string) => {
  const year = Number(value.slice(0, 4));
  return Number.isInteger(year) && year >= firstYear && year <= lastYear;
};

const calendarDay = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'Use YYYY-MM-DD.')
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), 'Not a real date.')
  .refine(yearInRange, yearRangeMessage);

/** A calendar day (YYYY-MM-DD) from 1900 on that is not in the future. */
export const pastDay = calendarDay.refine((value) => value <= today(), 'Cannot be in the future.');

/** A calendar day (YYYY-MM-DD) from 1900 to 2200 (prices may take effect in the future). */
export const anyDay = calendarDay;

/**
 * A finite number within ±`max` (default 1e12), with -0 read as 0: no Infinity, NaN or ±1e308
 * reaches the database, where sums and differences of such values overflow.
 */
export const boundedNumber = (max = 1e12) =>
  z
    .number()
    .refine(Number.isFinite, 'Must be a finite number.')
    .refine((value) => Math.abs(value) <= max, `Use a number from ${-max} to ${max}.`)
    .transform((value) => (Object.is(value, -0) ? 0 : value));

export const citeRule =
  'Every published number must cite a source: give the source and where in it the number appears (a table, section or quote).';

/** A citation as editors enter it: the source's global ID and a locator. */
export const citationInput = z.object(
  {
    sourceId: z.string({ error: citeRule }).min(1, citeRule),
    locator: z
      .string({ error: citeRule })
      .trim()
      .min(1, `Say where in the source the number appears. ${citeRule}`)
      .max(500, 'Use at most 500 characters.')
      .refine(noHiddenCharacters, hiddenCharactersMessage),
    quote: z
      .string()
      .trim()
      .max(1000, 'Use at most 1000 characters.')
      .refine(noHiddenCharacters, hiddenCharactersMessage)
      .transform((value) => value || null)
      .nullish(),
    retrievedAt: pastDay.nullish(),
  },
  { error: citeRule },
);

export const expectedVersion = z.number().int().min(1, 'Versions start at 1.');
