import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { GraphQLError, Kind, visit, type DocumentNode, type ValidationContext } from 'graphql';
import { listAwareCostPlugin, type Variables } from './queryCost.ts';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import { plainSessionCookieName } from '../auth/sessions.ts';

export { ListTooLongError, listAwareCostPlugin, maxListLength } from './queryCost.ts';

/**
 * Limits every operation must pass before it runs (graphql-armor). Measured on the contract files:
 * the deepest operation (ReviewQueue) has depth 7, the costliest (ModelPage) costs ~770, a whole
 * contract file sent at once has ~480 tokens and GraphiQL's introspection ~180. Cost multiplies by a
 * literal `first` and by the length of a list argument (listAwareCostPlugin): the admin's
 * score-against-price chart (a 200-entry leaderboard with prices) costs ~5,100, and its user list
 * (100 accounts) ~3,300.
 */
export const queryLimits = {
  maxDepth: 8,
  maxAliases: 15,
  maxDirectives: 10,
  maxCost: 10_000,
  /**
   * Signed-in editors' pages of 100 with their evidence (driftQueue(first: 100) costs ~154,000): they
   * are accountable and signed in through the sign-in limits; the public's limit stays 10,000.
   */
  maxCostSignedIn: 200_000,
  maxTokens: 500,
} as const;

export function queryLimitPlugins(logger?: Logger, limits = queryLimits): Plugin[] {
  // A refusal is logged with the operation's name, so a client that outgrew a limit is easy to find.
  const onReject = [
    (context: ValidationContext | null, error: Error) => {
      const operations = context?.getDocument().definitions.flatMap((d) => (d.kind === 'OperationDefinition' ? [d.name?.value ?? '(anonymous)'] : []));
      logger?.warn({ operations, reason: error.message }, 'operation refused by query limits');
    },
  ];
  return [
    EnvelopArmorPlugin({
      // Depth counts fields, not the fragments that group them: a fragment spread adds no nesting.
      maxDepth: { n: limits.maxDepth, flattenFragments: true, onReject },
      maxAliases: { n: limits.maxAliases, onReject },
      maxDirectives: { n: limits.maxDirectives, onReject },
      // Replaced by listAwareCostPlugin: armor's rule cannot see how long a list argument is.
      costLimit: { enabled: false },
      maxTokens: { n: limits.maxTokens, onReject },
      // Introspection is public, so "did you mean" suggestions reveal nothing and help developers.
      blockFieldSuggestion: { enabled: false },
    }) as Plugin,
    listAwareCostPlugin(
      limits.maxCost,
      (operations, error) => logger?.warn({ operations, reason: error.message }, 'operation refused by query limits'),
      limits.maxCostSignedIn,
    ),
    forgedCursorPlugin(),
  ];
}

/** The SQLSTATE of a database error, through the wrappers (DrizzleQueryError's `cause`). */
function sqlStateOf(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function hasCursorArgument(document: DocumentNode, variables: Variables): boolean {
  let found = false;
  visit(document, {
    Argument(argument) {
      if (argument.name.value !== 'after' && argument.name.value !== 'before') return;
      const value = argument.value;
      if (value.kind === Kind.STRING) found = true;
      if (value.kind === Kind.VARIABLE && Object.hasOwn(variables, value.name.value) && variables[value.name.value] != null) found = true;
    },
  });
  return found;
}

/**
 * A connection's cursor is decoded by the drizzle plugin and compared with the order's columns in
 * SQL: a forged one (a word where an id goes, a number out of range) fails in PostgreSQL with a data
 * exception (SQLSTATE class 22). In a request that carries a cursor, that is the client's bad input,
 * answered BAD_USER_INPUT rather than as an unexpected error. Lists that check their cursors first
 * (models, Provider.models) say so more precisely.
 */
export function forgedCursorPlugin(): Plugin {
  return {
    onExecute({ args }) {
      return {
        onExecuteDone({ result, setResult }) {
          if (!('errors' in result) || !result.errors?.length) return;
          const variables = args.variableValues && typeof args.variableValues === 'object' ? (args.variableValues as Variables) : {};
          const isDataException = (error: GraphQLError) => !(error.originalError instanceof GraphQLError) && sqlStateOf(error.originalError)?.startsWith('22');
          if (!result.errors.some(isDataException) || !hasCursorArgument(args.document, variables)) return;
          setResult({
            ...result,
            errors: result.errors.map((error) =>
              isDataException(error)
                ? new GraphQLError('This cursor does not come from this list; start again from the first page.', {
                    path: error.path,
                    extensions: { code: 'BAD_USER_INPUT' },
                  })
                : error,
            ),
          });
        },
      };
    },
  };
}

/**
 * CSRF prevention (Yoga's plugin) for requests that carry a session cookie: they must be preflighted
 * (a JSON body, as GraphiQL and the admin send) or carry the x-graphql-yoga-csrf header, and a browser
 * that says where the request comes from (`Origin`) must be on this site or in CORS_ORIGINS: a page
 * elsewhere cannot act for a signed-in editor even where a browser would send the cookie. Anonymous
 * requests carry no authority to abuse, so plain GET reads (the GraphQL-over-HTTP audit, CDNs) stay open.
 */
export function csrfPlugin(allowedOrigins: readonly string[] = []): Plugin {
  const inner = useCSRFPrevention({ requestHeaders: ['x-graphql-yoga-csrf'] }) as Plugin & {
    onRequestParse: NonNullable<Plugin['onRequestParse']>;
  };
  const allowed = new Set(allowedOrigins);
  return {
    onRequestParse(payload) {
      const { request } = payload;
      // Matches both names, `sourced_session` and `__Host-sourced_session`.
      if (!request.headers.get('cookie')?.includes(`${plainSessionCookieName}=`)) return;
      const origin = request.headers.get('origin');
      if (origin !== null && !allowed.has(origin) && !isSameHost(origin, request.headers.get('host'))) {
        throw createGraphQLError('Requests with a session cookie are only accepted from this site (or an origin in CORS_ORIGINS).', {
          extensions: { code: 'FORBIDDEN', http: { status: 403 } },
        });
      }
      return inner.onRequestParse(payload);
    },
  };
}

/** The browser's `Origin` names the host the request was sent to (behind a TLS proxy the scheme differs). */
function isSameHost(origin: string, host: string | null): boolean {
  try {
    return host !== null && new URL(origin).host === host;
  } catch {
    return false; // "null" (sandboxed frames, files) or garbage
  }
}

/**
 * PostgreSQL text cannot hold NUL (U+0000): a string with one would fail deep in the database as an
 * unexpected error. Refused up front, whichever argument or variable carries it.
 */
export function nulCharacterPlugin(): Plugin {
  return {
    onParams({ params, setResult }) {
      const variables = params.variables ? JSON.stringify(params.variables) : '';
      // A query that is not a string is Yoga's to refuse, with its own message.
      const query = typeof params.query === 'string' ? params.query : '';
      if (variables.includes('\\u0000') || query.includes('\\u0000') || query.includes('\0')) {
        setResult({
          errors: [
            createGraphQLError('Text must not contain the NUL character (U+0000).', {
              extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
            }),
          ],
        });
      }
    },
  };
}

/**
 * How deeply JSON in a request (a body, GET's `variables` and `extensions`) may nest. Parsing is
 * iterative, but much of what reads a request walks its values recursively (JSON.stringify, the NUL
 * and list checks, Yoga's variable coercion): thousands of levels overflow the stack into a 500. The
 * contract's operations nest their variables 3 deep.
 */
export const maxJsonDepth = 64;

/**
 * Whether `text` nests `[`/`{` deeper than `max`, by one linear scan that skips strings (and their
 * escapes); no parsing, so it is safe on any input. Malformed JSON is left for the parser to refuse.
 */
export function jsonNestsDeeperThan(text: string, max = maxJsonDepth): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) depth--;
  }
  return false;
}

/**
 * What is wrong with the JSON parameters (`variables`, `extensions`) of a GraphQL request sent as URL
 * parameters (a GET's query string, a form-encoded POST), or null. Yoga would JSON.parse them without
 * a catch (a 500 for a typo); they are checked here so the client hears which one is wrong.
 */
export function urlParamsProblem(params: URLSearchParams): string | null {
  for (const name of ['variables', 'extensions']) {
    for (const value of params.getAll(name)) {
      if (!value) continue;
      if (jsonNestsDeeperThan(value)) return `The "${name}" parameter nests deeper than ${maxJsonDepth} levels.`;
      try {
        JSON.parse(value);
      } catch {
        return `The "${name}" parameter is not valid JSON.`;
      }
    }
  }
  return null;
}

/**
 * Yoga's cache of parsed documents (and of parse errors), bounded by bytes instead of its default
 * 1,024 entries each: a document may be 256 KiB of padding around a few tokens, and 1,024 distinct ones
 * (and as many errors) held about a gigabyte. A parsed document keeps its text and, per token, the
 * token, its AST node and location: about 360 bytes a token, measured (the contract's ModelPage, 163
 * tokens, takes 58 KB); counted at 400. An error is counted at 8 bytes a character of its text. The
 * validation cache is keyed by these documents.
 */
export function boundedParseCaches(maxBytes = 32 * 1024 * 1024) {
  const cache = <V extends object>(size: (value: V, text: string) => number) =>
    new LRUCache<string, V>({ maxSize: maxBytes, maxEntrySize: Math.floor(maxBytes / 8), sizeCalculation: size, ttl: 3_600_000 });
  return {
    documentCache: cache<DocumentNode>((document, text) => 2 * text.length + 400 * tokenCount(document) + 1_024),
    errorCache: cache<object>((_errors, text) => 8 * text.length + 256),
  };
}

function tokenCount(document: DocumentNode): number {
  let count = 0;
  for (let token = document.loc?.startToken ?? null; token; token = token.next) count++;
  return count;
}
