import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import type { ValidationContext } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import { plainSessionCookieName } from './auth/sessions.ts';

/**
 * Limits every operation must pass before it runs (graphql-armor). Measured on the contract files:
 * the deepest operation (ReviewQueue) has depth 7, the costliest (ModelPage) costs ~770, a whole
 * contract file sent at once has ~480 tokens and GraphiQL's introspection ~180. Cost multiplies by a
 * literal `first`: the admin's score-against-price chart (a 200-entry leaderboard with prices) costs
 * ~5,100, and its user list (100 accounts) ~3,300.
 */
export const queryLimits = {
  maxDepth: 8,
  maxAliases: 15,
  maxDirectives: 10,
  maxCost: 10_000,
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
      maxDepth: { n: limits.maxDepth, onReject },
      maxAliases: { n: limits.maxAliases, onReject },
      maxDirectives: { n: limits.maxDirectives, onReject },
      costLimit: { maxCost: limits.maxCost, onReject },
      maxTokens: { n: limits.maxTokens, onReject },
      // Introspection is public, so "did you mean" suggestions reveal nothing and help developers.
      blockFieldSuggestion: { enabled: false },
    }) as Plugin,
  ];
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
