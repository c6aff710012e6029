import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isCompositeType,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  visit,
  type ASTNode,
  type DefinitionNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type ValidationContext,
  type ValueNode,
} from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import { plainSessionCookieName } from '../auth/sessions.ts';

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
    listAwareCostPlugin(limits.maxCost, (operations, error) => logger?.warn({ operations, reason: error.message }, 'operation refused by query limits')),
    forgedCursorPlugin(),
  ];
}

/** The longest list any argument may carry, literal or variable, at any depth of an input. */
export const maxListLength = 100;

export class ListTooLongError extends GraphQLError {
  constructor(argument: string, length: number) {
    super(`A list argument holds at most ${maxListLength} items; ${argument} has ${length}.`, {
      extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
    });
  }
}

type Variables = Record<string, unknown>;

/** The longest list in an argument's value: literal lists, variables and input objects, at any depth. */
function longestList(value: ValueNode, variables: Variables): number {
  switch (value.kind) {
    case Kind.LIST:
      return Math.max(value.values.length, ...value.values.map((item) => longestList(item, variables)));
    case Kind.OBJECT:
      return Math.max(0, ...value.fields.map((field) => longestList(field.value, variables)));
    case Kind.VARIABLE:
      return longestListIn(Object.hasOwn(variables, value.name.value) ? variables[value.name.value] : undefined);
    default:
      return 0;
  }
}

function longestListIn(value: unknown, depth = 0): number {
  if (depth > 20 || value === null || typeof value !== 'object') return 0;
  const items = Array.isArray(value) ? value : Object.values(value);
  let longest = Array.isArray(value) ? value.length : 0;
  for (const item of items) {
    longest = Math.max(longest, longestListIn(item, depth + 1));
    if (longest > maxListLength) break;
  }
  return longest;
}

/**
 * The cost limit (graphql-armor's formula: objects 2, scalars 1, ×1.5 per level, × a literal
 * `first`/`last`), where a field's cost is also multiplied by the longest list among its arguments:
 * `nodes(ids:)` with 100 ids costs 100 times its selection. A list longer than maxListLength is
 * refused outright. Checked before execution rather than as a validation rule: variables count as
 * their values do, and Yoga caches validation by document text, whatever the variables.
 */
export function listAwareCostPlugin(maxCost: number, onReject?: (operations: string[], error: Error) => void): Plugin {
  // Yoga hands the same parsed document to every request with the same text: its verdict is kept per
  // document and operation name, for requests without variables (a list or a page size in one can change it).
  const passed = new WeakMap<DocumentNode, Set<string>>();
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const variables = args.variableValues && typeof args.variableValues === 'object' ? (args.variableValues as Variables) : {};
      // A verdict is kept only for requests without variables: a list or a page size in one changes it.
      const scalarVariables = Object.keys(variables).length === 0;
      const operationKey = args.operationName ?? '';
      if (scalarVariables && passed.get(args.document)?.has(operationKey)) return;
      const fragments = new Map<string, FragmentDefinitionNode>();
      for (const definition of args.document.definitions) {
        if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
      }
      let error: GraphQLError | null = null;
      for (const definition of args.document.definitions) {
        if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
        if (args.operationName && definition.name?.value !== args.operationName) continue;
        try {
          const cost = new ListAwareCost(fragments, variables, args.schema).of(definition);
          if (cost > maxCost) {
            error = new GraphQLError(`Query cost limit of ${maxCost} exceeded, found ${Math.round(cost)}.`, {
              extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
            });
          }
        } catch (refusal) {
          if (!(refusal instanceof ListTooLongError)) throw refusal;
          error = refusal;
        }
        if (error) break;
      }
      if (error) {
        const operations = args.document.definitions.flatMap((d: DefinitionNode) =>
          d.kind === Kind.OPERATION_DEFINITION ? [d.name?.value ?? '(anonymous)'] : [],
        );
        onReject?.(operations, error);
        setResultAndStopExecution({ errors: [error] });
      } else if (scalarVariables) {
        const operations = passed.get(args.document) ?? new Set<string>();
        passed.set(args.document, operations.add(operationKey));
      }
    },
  };
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
 * Lists of objects with no size argument that hold a share of the whole catalog (every provider, a
 * family's models): each counts as this many items, so nesting them is priced as it costs. Lists that
 * belong to one record (a model's prices, a revision's changes) count once, as before. Only `first`,
 * `last` or a list of `ids`/`slugs` sizes a list: a `publication:` filter does not.
 */
export const catalogListItems = 50;
const catalogWideLists = new Set(['ModelFamily.models']);
const sizingListArguments = new Set(['ids', 'slugs']);

class ListAwareCost {
  private readonly fragmentCosts = new Map<string, number>();
  constructor(
    private readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>,
    private readonly variables: Variables,
    private readonly schema: GraphQLSchema,
  ) {}

  of(node: ASTNode, depth = 0, parent: GraphQLCompositeType | null = null): number {
    if (node.kind === Kind.OPERATION_DEFINITION) {
      const root = node.operation === 'mutation' ? this.schema.getMutationType() : node.operation === 'subscription' ? this.schema.getSubscriptionType() : this.schema.getQueryType();
      return node.selectionSet.selections.reduce((sum, child) => sum + this.of(child, depth + 1, root ?? null), 0);
    }
    if (node.kind === Kind.FIELD && node.name.value === '__schema') return 0;
    if (node.kind === Kind.FRAGMENT_SPREAD) {
      const name = node.name.value;
      if (this.fragmentCosts.has(name)) return 1 + 1.5 * this.fragmentCosts.get(name)!;
      this.fragmentCosts.set(name, 1000); // a fragment that spreads itself costs as much as armor charges for it
      const fragment = this.fragments.get(name);
      const cost = fragment ? this.of(fragment, depth + 1, this.typeNamed(fragment.typeCondition.name.value) ?? parent) : 0;
      this.fragmentCosts.set(name, cost);
      return 1 + 1.5 * cost;
    }
    if (node.kind === Kind.FIELD) {
      const definition = parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[node.name.value] : undefined;
      const returns = definition ? getNullableType(definition.type) : undefined;
      const catalogWide =
        parent !== null &&
        returns !== undefined &&
        isListType(returns) &&
        isCompositeType(getNamedType(returns)) &&
        (parent === this.schema.getQueryType() || catalogWideLists.has(`${parent.name}.${node.name.value}`));
      const multiplier = this.multiplier(node, catalogWide);
      if (!node.selectionSet) return multiplier;
      const named = definition ? getNamedType(definition.type) : undefined;
      const child = named && isCompositeType(named) ? named : null;
      return multiplier * node.selectionSet.selections.reduce((sum, selection) => sum + 1.5 * this.of(selection, depth + 1, child), 2);
    }
    if (node.kind === Kind.INLINE_FRAGMENT || node.kind === Kind.FRAGMENT_DEFINITION) {
      const type = node.typeCondition ? (this.typeNamed(node.typeCondition.name.value) ?? parent) : parent;
      return node.selectionSet.selections.reduce((sum, child) => sum + 1.5 * this.of(child, depth + 1, type), 2);
    }
    return 1;
  }

  private typeNamed(name: string): GraphQLCompositeType | null {
    const type = this.schema.getType(name);
    return type && isCompositeType(type) ? type : null;
  }

  /** × a literal first/last, × the longest list argument; a catalog-wide list with neither counts as catalogListItems. */
  private multiplier(field: FieldNode, catalogWide: boolean): number {
    let multiplier = 1;
    let sized = false;
    for (const argument of field.arguments ?? []) {
      const name = argument.name.value;
      if (name === 'first' || name === 'last') {
        sized = true;
        if (argument.value.kind === Kind.INT) multiplier = Math.max(multiplier, Number.parseInt(argument.value.value, 10) || 1);
        // A page size sent as a variable counts as its value (lists give at most maxListLength).
        if (argument.value.kind === Kind.VARIABLE) {
          const value = this.variables[argument.value.name.value];
          multiplier = Math.max(multiplier, typeof value === 'number' && Number.isFinite(value) ? Math.min(Math.max(value, 1), maxListLength) : 1);
        }
      }
      const longest = longestList(argument.value, this.variables);
      if (longest > maxListLength) throw new ListTooLongError(`${field.name.value}(${name}:)`, longest);
      if (sizingListArguments.has(name)) sized = true;
      multiplier = Math.max(multiplier, longest);
    }
    return catalogWide && !sized ? Math.max(multiplier, catalogListItems) : multiplier;
  }
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
