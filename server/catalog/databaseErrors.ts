import { ValidationError } from '../errors.ts';

interface DriverError {
  code?: string;
  constraint?: string;
  constraint_name?: string;
  cause?: unknown;
}

/** The PostgreSQL error under drizzle's wrapper, from postgres.js (constraint_name) or PGlite (constraint). */
export function postgresErrorOf(error: unknown): { code: string; constraint: string | null } | null {
  for (let current = error as DriverError | undefined, depth = 0; current && depth < 5; current = current.cause as DriverError, depth++) {
    if (typeof current.code === 'string' && /^[0-9A-Z]{5}$/.test(current.code)) {
      return { code: current.code, constraint: current.constraint_name ?? current.constraint ?? null };
    }
  }
  return null;
}

const citeRule =
  'Every published number must cite a source: give the source and where in it the number appears (a table, section or quote).';
const slugRule = 'Use lower-case letters, digits, ".", "_" and "-", starting with a letter or digit.';

/** What each named constraint means for the person filling in the form. */
const constraintMessages: Record<string, { path: string; message: string }> = {
  users_email_key: { path: 'email', message: 'An account with this email already exists.' },
  users_email_check: { path: 'email', message: 'Enter an email address.' },
  users_role_check: { path: 'role', message: 'Choose EDITOR, REVIEWER or ADMIN.' },
  sources_url_key: { path: 'url', message: 'A source with this URL already exists: cite that one.' },
  sources_normalized_url_key: {
    path: 'url',
    message: 'This page is already in the catalog (the same URL up to letter case, a trailing slash, a #fragment or tracking parameters): cite that one.',
  },
  sources_url_check: { path: 'url', message: 'Enter an http(s) URL.' },
  sources_archived_url_check: { path: 'archivedUrl', message: 'Enter an http(s) URL.' },
  sources_title_check: { path: 'title', message: 'Give the title of the page.' },
  providers_slug_key: { path: 'slug', message: 'A provider with this slug already exists.' },
  model_families_slug_key: { path: 'slug', message: 'A family with this slug already exists.' },
  models_slug_key: { path: 'slug', message: 'A model with this slug already exists.' },
  benchmarks_slug_key: { path: 'slug', message: 'A benchmark with this slug already exists.' },
  providers_slug_check: { path: 'slug', message: slugRule },
  model_families_slug_check: { path: 'slug', message: slugRule },
  models_slug_check: { path: 'slug', message: slugRule },
  benchmarks_slug_check: { path: 'slug', message: slugRule },
  benchmarks_scale_check: { path: 'scaleMax', message: 'The top of the scale must be above its bottom.' },
  benchmarks_scale_scores_check: { path: 'scaleMin', message: 'Scores already entered lie outside this scale.' },
  models_context_window_check: { path: 'contextWindow', message: 'Must be a positive number of tokens.' },
  models_max_output_check: { path: 'maxOutputTokens', message: 'Must be a positive number of tokens.' },
  scores_value_scale_check: { path: 'value', message: "The score lies outside the benchmark's scale." },
  scores_value_finite_check: { path: 'value', message: 'The score must be a finite number.' },
  scores_open_source_key: {
    path: 'citation.sourceId',
    message: 'This source already has an open entry for this model, benchmark and setting: edit that one.',
  },
  prices_open_source_key: {
    path: 'citation.sourceId',
    message: 'This source already has an open entry for this price (model, kind, tier and date): edit that one.',
  },
  model_facts_open_source_key: {
    path: 'citation.sourceId',
    message: 'This source already has an open entry for this fact of the model: edit that one.',
  },
  prices_non_negative_check: { path: 'usdPerMillionTokens', message: 'A price cannot be negative.' },
  prices_tier_check: { path: 'tierMinTokens', message: 'Cannot be negative.' },
  model_facts_value_check: { path: 'value', message: 'Dates are YYYY-MM or YYYY-MM-DD; token counts are positive whole numbers.' },
};

const suffixMessages: [RegExp, { path: string; message: string }][] = [
  [/_locator_check$/, { path: 'citation.locator', message: citeRule }],
  [/_four_eyes_check$|_verified_by_check$/, { path: '', message: 'Nobody verifies their own entry: a second person must.' }],
  [/_rejection_check$/, { path: 'reason', message: 'Say why it is rejected.' }],
  [/_source_id_\w+_fkey$/, { path: 'citation.sourceId', message: `No such source. ${citeRule}` }],
  [/_model_id_\w+_fkey$/, { path: 'model', message: 'No such model.' }],
  [/_benchmark_id_\w+_fkey$/, { path: 'benchmark', message: 'No such benchmark.' }],
  [/_provider_id_\w+_fkey$/, { path: 'provider', message: 'No such provider.' }],
  [/_family_id_\w+_fkey$/, { path: 'family', message: 'No such family.' }],
];

const generic: Record<string, string> = {
  '23505': 'This would duplicate an existing record.',
  '23514': 'A value is outside what is allowed.',
  '23503': 'It refers to something that does not exist.',
  '23502': 'A required value is missing.',
};

/**
 * A constraint violation (23505 unique, 23514 check, 23503 foreign key) or a value the database
 * cannot store (class 22) as a ValidationError naming the field; null for anything else.
 */
export function databaseErrorAsValidation(error: unknown): ValidationError | null {
  const pg = postgresErrorOf(error);
  if (!pg) return null;
  const constraint = pg.constraint ?? '';
  const known = constraintMessages[constraint] ?? suffixMessages.find(([pattern]) => pattern.test(constraint))?.[1];
  if (known && pg.code.startsWith('23')) return ValidationError.field(known.path, known.message);
  if (generic[pg.code]) return ValidationError.field('', generic[pg.code]!);
  if (pg.code.startsWith('22')) return ValidationError.field('', 'A value cannot be stored: it is out of range or contains characters that are not allowed.');
  return null;
}
