import { HttpError } from 'react-admin';

/** The API the app talks to: same origin, so the session cookie goes with every request. */
export const graphqlEndpoint = '/graphql';

interface GraphQLErrorPayload {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; http?: { status?: number } };
}

const statusByCode: Record<string, number> = {
  UNAUTHENTICATED: 401,
  NOT_AUTHENTICATED: 401,
  NOT_AUTHORIZED: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_USER_INPUT: 400,
  GRAPHQL_VALIDATION_FAILED: 400,
  SERVICE_UNAVAILABLE: 503,
};

/**
 * Yoga answers 200 even when an operation fails, so the HTTP status an error deserves is read from
 * `extensions.code` (or `extensions.http.status`) and carried on a react-admin HttpError.
 */
export function statusOf(error: GraphQLErrorPayload, fallback: number): number {
  const explicit = error.extensions?.http?.status;
  if (typeof explicit === 'number' && explicit >= 400) return explicit;
  const code = error.extensions?.code;
  if (code && statusByCode[code]) return statusByCode[code];
  if (/not authori[sz]ed|forbidden/i.test(error.message)) return 403;
  if (/not (logged in|authenticated)|sign in|log in/i.test(error.message)) return 401;
  return fallback;
}

/** A failure worth asking again: the API out of reach (0), or busy or past its deadline (502–504). */
export const isTransient = (error: unknown) => [0, 502, 503, 504].includes(Number((error as HttpError | null)?.status));

/**
 * react-query options for a read shown beside a form (a check, a preview): a moment of overload is
 * asked again, backing off (1, 2, 4, 8, 8 s), instead of leaving its error on screen until the editor
 * types again. Refusals (bad input, not allowed) are shown at once.
 */
export const retryWhenTransient = {
  retry: (failures: number, error: Error) => failures < 5 && isTransient(error),
  retryDelay: (failures: number) => Math.min(1000 * 2 ** failures, 8000),
};

/** Sends one operation; resolves its data or rejects with an HttpError whose status reflects the cause. */
export async function graphql<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
  let response: Response;
  try {
    response = await fetch(graphqlEndpoint, {
      method: 'POST',
      credentials: 'include',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        'x-graphql-yoga-csrf': 'sourced-admin',
      },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    throw new HttpError('The API cannot be reached. Check your connection and retry.', 0);
  }
  let body: { data?: T | null; errors?: GraphQLErrorPayload[] };
  try {
    body = await response.json();
  } catch {
    throw new HttpError(`The API answered ${response.status} without a GraphQL body.`, response.status || 500);
  }
  if (body.errors?.length) {
    const first = body.errors[0]!;
    const status = statusOf(first, response.status >= 400 ? response.status : 500);
    throw new HttpError(body.errors.map((e) => e.message).join('; '), status, { graphqlErrors: body.errors });
  }
  if (!body.data) throw new HttpError(`The API answered ${response.status} with no data.`, response.status || 500);
  return body.data;
}
