import { decodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';
import { NotFoundError, ValidationError } from '../errors.ts';

/** Parses mutation input with a zod schema; problems become one ValidationError with a field error each. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(
    result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })),
  );
}

/** Row ids are PostgreSQL integers: a larger number names no row (and must not reach SQL as one). */
export const isRowId = (id: number) => Number.isSafeInteger(id) && id > 0 && id <= 2_147_483_647;

/** The row id inside a global ID of one of `types`, or NotFoundError (never an unexpected error). */
export function rowIdOf(globalId: string, ...types: string[]): { typename: string; id: number } {
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeGlobalID(globalId);
  } catch {
    throw new NotFoundError(`"${globalId.slice(0, 60)}" is not an id of this API.`);
  }
  const id = Number(decoded.id);
  if (!types.includes(decoded.typename) || !isRowId(id)) {
    throw new NotFoundError(`No ${types.join(' or ')} has this id.`);
  }
  return { typename: decoded.typename, id };
}

// Shared rules for text fields: trimmed, bounded, and free of control characters (PostgreSQL
// cannot store NUL; the others only hide text from reviewers).
const controlCharacters = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
export const text = (max: number, min = 1) =>
  z
    .string()
    .trim()
    .min(min, min === 1 ? 'Cannot be empty.' : `Use at least ${min} characters.`)
    .max(max, `Use at most ${max} characters.`)
    .refine((value) => !controlCharacters.test(value), 'Contains control characters.');
export const optionalText = (max: number) => text(max).nullish();

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
  }, 'Enter a full http(s) URL, e.g. https://example.com/page.');

export const slug = z
  .string()
  .trim()
  .min(1, 'Cannot be empty.')
  .max(100, 'Use at most 100 characters.')
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'Use lower-case letters, digits, ".", "_" and "-", starting with a letter or digit.');

const today = () => new Date().toISOString().slice(0, 10);

/** A calendar day (YYYY-MM-DD) that is not in the future. */
export const pastDay = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'Use YYYY-MM-DD.')
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), 'Not a real date.')
  .refine((value) => value <= today(), 'Cannot be in the future.');

export const anyDay = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'Use YYYY-MM-DD.')
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), 'Not a real date.');

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
      .refine((value) => !controlCharacters.test(value), 'Contains control characters.'),
    retrievedAt: pastDay.nullish(),
  },
  { error: citeRule },
);

export const expectedVersion = z.number().int().min(1, 'Versions start at 1.');
