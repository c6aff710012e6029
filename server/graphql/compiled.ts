/**
 * Known documents planned once. The general path (Yoga, graphql-js, Pothos) plans a page's SQL from
 * the selection and calls a resolver per field on every request: about three quarters of the
 * uncached model page's time, for a statement PostgreSQL runs in about a millisecond. A persisted
 * document (the contract's ModelPage, Leaderboard, Models) is planned here instead:
 *
 * - its statements are the ones Pothos plans: the document is executed in planning mode, and each
 *   planned root field (`model`, `leaderboard`, `models`) hands its relational query over instead of
 *   running it (`Context.planning`). Drizzle builds the SQL text and its row mapper once. The model page is
 *   planned once for every slug (the slug becomes a placeholder); a model list's first page once per
 *   page size, filter and order (its totalCount counted in the same statement); a leaderboard once per benchmark
 *   and page size, with every value written into the text for the first 32 boards (see `fullTexts`), so
 *   PostgreSQL plans it once per connection (as parameters, it plans the board on every execution). Plans are
 *   dropped when benchmarks or site texts change (CatalogMeta's generation): a board's conditions come
 *   from its benchmark's row;
 * - its answer is built from the rows by the schema's own resolvers along the document
 *   (server/graphql/compiledFields.ts): no execution context, info objects or per-field plugin wrappers.
 *
 * The answer is the general path's to the byte (test/api/compiled.test.ts checks every demo model and
 * board on both databases). Anything unusual — variables the document would refuse, a board that
 * depends on the scores themselves, a null where the schema says non-null, a resolver that throws —
 * makes `run` answer null, and the request takes the general path, which gives the proper answer or
 * error. Only documents whose every field is safe to serve this way are compiled: object and scalar
 * types, constant arguments below the root, no directives, no field or type with auth scopes (the
 * general path's scope checks do not run here).
 */
import { sql } from 'drizzle-orm';
import { models } from '../../db/schema/index.ts';
import { execute, getArgumentValues, GraphQLError, getVariableValues, Kind, parse, type DocumentNode, type FieldNode, type FragmentDefinitionNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { LRUCache } from 'lru-cache';
import { inlineConstants, type DatabaseHandle } from '../../db/client.ts';
import type { PlannedRead } from '../context.ts';
import { buildObject, collectFields, completeField, completer, infoOf, NotCompiled, resolverOf, type CompiledContext, type FieldWriter, type Scope } from './compiledFields.ts';

export { NotCompiled, type CompiledContext };

/** Root fields planned as SQL, and root fields answered from the request's context (CatalogMeta) alone. */
const plannedRootFields = new Set(['model', 'leaderboard', 'models']);
const contextRootFields = new Set(['methodology', 'benchmark']);
/** A slug no request can send (NUL is refused in variables), so the planned query is recognisable. */
const planningSlug = '\u0000planned-slug';

export interface CompiledAnswer {
  /** `{"data":…}`, as the general path would have sent it. */
  body: string;
  /** The model a model page shows (its row id); null for any other answer, or when no published model has the slug. */
  modelId: number | null;
}

/** Drizzle's prepared form of a planned statement, and what turns its rows into the field's value. */
interface PlannedStatement {
  query: { sql: string; params: unknown[] };
  mapper?: (rows: unknown[]) => unknown;
  mode: string;
  finish?: (rows: unknown) => unknown;
}
interface Session {
  prepareQuery(query: PlannedStatement['query'], mode: string, name: false, mapper: PlannedStatement['mapper']): { execute(values: Record<string, unknown>): Promise<unknown> };
}
type Plan = Map<string, PlannedStatement> | null;

/** What planning reads besides the database: CatalogMeta, whose generation moves on when benchmarks or site texts change. */
type PlanningContext = Omit<CompiledContext, 'db' | 'meta'> & { meta: CompiledContext['meta'] & { readonly generationNow: number } };

export class CompiledOperation {
  /** Plans by variables (the model page has one, for every slug); null: the general path answers those. */
  private readonly plans = new LRUCache<string, { generation: number; plan: Promise<Plan> }>({ max: 500 });
  private readonly root: FieldWriter;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly handle: DatabaseHandle,
    private readonly context: PlanningContext,
    private readonly document: DocumentNode,
    private readonly operation: OperationDefinitionNode,
    private readonly rootFields: Map<string, FieldNode[]>,
    scope: Scope,
    /** The model page: one plan, the slug bound per request. */
    private readonly bySlug: boolean,
  ) {
    const queryType = schema.getQueryType()!;
    const fields = [...rootFields].map(([key, nodes]): [string, FieldWriter] => {
      const name = nodes[0]!.name.value;
      if (name === '__typename') return [key, () => queryType.name];
      const field = queryType.getFields()[name]!;
      const complete = completer(field.type, nodes, scope);
      if (plannedRootFields.has(name)) return [key, (reads, ctx) => complete((reads as Map<string, unknown>).get(key), ctx)];
      const resolve = resolverOf(queryType, name);
      const info = infoOf(scope, queryType, nodes);
      return [key, (reads, ctx) => completeField(resolve(undefined, getArgumentValues(field, nodes[0]!, (reads as Map<string, unknown>).get(variablesKey) as never), ctx, info), complete, ctx)];
    });
    this.root = (reads, ctx) => buildObject(fields, reads, ctx);
  }

  /** The answer for these variables (as sent), or null when the general path must answer (see the module comment). */
  async run(variables: Record<string, unknown> | null | undefined, ctx: CompiledContext): Promise<CompiledAnswer | null> {
    const coerced = getVariableValues(this.schema, this.operation.variableDefinitions ?? [], variables ?? {});
    if (coerced.errors) return null;
    const generation = this.context.meta.generationNow;
    const plan = await this.planFor(coerced.coerced, generation);
    if (!plan) return null;
    const session = (ctx.db as unknown as { session: Session }).session;
    const reads = new Map<string, unknown>([[variablesKey, coerced.coerced]]);
    await Promise.all(
      [...plan].map(async ([key, statement]) => {
        const rows = await session.prepareQuery(statement.query, statement.mode, false, statement.mapper).execute(this.bySlug ? { slug: coerced.coerced.slug } : {});
        reads.set(key, statement.finish ? statement.finish(rows) : rows);
      }),
    );
    // Benchmarks or site texts changed while the rows were read: the plan and what the context fields
    // read now (a benchmark unpublished meanwhile) may disagree, and the general path answers instead.
    if (this.context.meta.generationNow !== generation) return null;
    try {
      const data = await this.root(reads, ctx);
      const model = this.bySlug ? (reads.get('model') as { id?: unknown } | undefined) : undefined;
      return { body: JSON.stringify({ data }), modelId: typeof model?.id === 'number' ? model.id : null };
    } catch {
      return null;
    }
  }

  private planFor(variables: Record<string, unknown>, generation: number): Promise<Plan> {
    const key = this.bySlug ? '' : JSON.stringify(variables);
    // A board's variables are a benchmark slug and a page size: anything longer is no board to keep a plan for.
    if (key.length > maxPlanKey) return Promise.resolve(null);
    const known = this.plans.get(key);
    if (known && known.generation === generation) return known.plan;
    const plan = this.makePlan(this.bySlug ? { ...variables, slug: planningSlug } : variables).catch(() => {
      // The database failed while planning: not kept, the next request plans again.
      if (this.plans.get(key)?.plan === plan) this.plans.delete(key);
      return null;
    });
    this.plans.set(key, { generation, plan });
    return plan;
  }

  /** Executes the document in planning mode: each planned root field hands over its read, or the plan is null. */
  private async makePlan(variables: Record<string, unknown>): Promise<Plan> {
    const kept = new Map<string, PlannedRead>();
    let declined = false;
    const planning = {
      keep: (field: string, read: PlannedRead) => void kept.set(field, read),
      decline: () => void (declined = true),
    };
    const contextValue = { ...this.context, db: this.handle.db, planning };
    const result = await execute({ schema: this.schema, document: this.document, variableValues: variables, contextValue });
    // A refused argument is refused the same way next time (kept as "no plan"); anything else, a
    // database that failed say, is not (see planFor).
    const unexpected = result.errors?.find((error) => error.originalError && !(error.originalError instanceof GraphQLError));
    if (unexpected) throw unexpected;
    if (declined || result.errors?.length) return null;
    const plan = new Map<string, PlannedStatement>();
    for (const [key, nodes] of this.rootFields) {
      const name = nodes[0]!.name.value;
      if (!plannedRootFields.has(name)) continue;
      const read = kept.get(name);
      if (!read || read.mode === 'count' || nodes.length !== 1) return null;
      let config = read.config;
      const count = kept.get(`${name}.totalCount`);
      // A connection's totalCount, asked: counted in the same statement (an uncorrelated scalar subquery,
      // run once), each row carrying it. Only first pages are planned, so no row means none to count.
      if (count?.mode === 'count') {
        config = { ...config, extras: { ...(config.extras as object), [countColumn]: sql`(select count(*)::int from ${models} where ${count.where})` } };
      }
      if (this.bySlug) {
        const where = config.where as Record<string, unknown> | undefined;
        if (where?.slug !== planningSlug) return null;
        config = { ...config, where: { ...where, slug: sql.placeholder('slug') } };
      }
      const table = this.handle.db.query[read.table] as unknown as Record<string, (config: object) => { _prepare(): PlannedStatement }>;
      const { query: built, mapper, mode } = table[read.mode === 'first' ? 'findFirst' : 'findMany']!(config)._prepare();
      const finish = count?.mode === 'count' ? withTotalCount(read.finish) : read.finish;
      plan.set(key, { query: inlined(built, name === 'leaderboard' && fullTexts.take(built.sql, built.params)), mapper, mode, finish });
    }
    return plan;
  }
}

const maxPlanKey = 300;

/** The column each row of a counted connection's statement carries its count in. */
const countColumn = '__totalCount';

/** The connection made of the rows, with the count they carry as its totalCount (which the plugin's connection type calls). */
function withTotalCount(finish: ((rows: unknown) => unknown) | undefined) {
  return (rows: unknown) => {
    const connection = (finish ? finish(rows) : rows) as { totalCount?: () => number };
    const count = (rows as Record<string, number>[])[0]?.[countColumn] ?? 0;
    connection.totalCount = () => count;
    return connection;
  };
}

/**
 * The boards whose statements are written out in full (every value a literal), process-wide. Each such
 * text is a prepared statement of its own on every pooled connection for the connection's life, about
 * 330 KiB each in PostgreSQL (measured on the board): the first 32 boards asked get them, and the others
 * keep their values as parameters, one text per board shape, planned per execution (2.0 ms a board
 * against 1.3 ms written out, 3.0 ms sent unprepared; in-process, 4 at once, 1M scores).
 */
export const fullTexts = {
  known: new Set<string>(),
  max: 32,
  take(text: string, params: unknown[]): boolean {
    const key = `${text}\u0000${JSON.stringify(params)}`;
    if (this.known.has(key)) return true;
    if (this.known.size >= this.max) return false;
    this.known.add(key);
    return true;
  },
};

/** Where the request's coerced variables sit among the reads (the context root fields' arguments come from them). */
const variablesKey = '\u0000variables';

/**
 * The planned statement's constants written into its text once (db/client.ts would inline the
 * visibility constants on every execution otherwise); `all`: every value, the statement has no
 * parameters left and PostgreSQL plans it once per connection.
 */
function inlined(built: { sql: string; params: unknown[] }, all: boolean): { sql: string; params: unknown[] } {
  const [text, params] = inlineConstants(built.sql, built.params);
  if (!all || params.length === 0) return { sql: text, params };
  const literal = (value: unknown): string => {
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    if (typeof value === 'boolean') return String(value);
    if (typeof value === 'string' && !value.includes('\u0000')) return `'${value.replace(/'/g, "''")}'`;
    throw new NotCompiled('a parameter that cannot be written as a literal');
  };
  return { sql: text.replace(/\$(\d+)\b/g, (_, digits: string) => literal(params[Number(digits) - 1])), params: [] };
}

/**
 * Compiles a document (the text a client sends): null when it is not one this module can answer
 * (see the module comment). Planning happens at its first request, per plan.
 */
export function compileOperation(schema: GraphQLSchema, handle: DatabaseHandle, context: PlanningContext, text: string): CompiledOperation | null {
  try {
    const document = parse(text);
    const operations = document.definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
    const operation = operations[0];
    if (operations.length !== 1 || !operation || operation.operation !== 'query') return null;
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    const queryType = schema.getQueryType()!;
    const rootFields = collectFields(queryType, [operation.selectionSet], fragments);
    for (const [key, nodes] of rootFields) {
      const name = nodes[0]!.name.value;
      if (key !== name || nodes.length !== 1 || (!plannedRootFields.has(name) && !contextRootFields.has(name) && name !== '__typename')) return null;
    }
    // The model page: a slug as its only variable, the model's only argument.
    const variables = operation.variableDefinitions ?? [];
    const model = rootFields.get('model')?.[0];
    const bySlug =
      variables.length === 1 &&
      variables[0]!.variable.name.value === 'slug' &&
      model?.arguments?.length === 1 &&
      model.arguments[0]!.name.value === 'slug' &&
      model.arguments[0]!.value.kind === Kind.VARIABLE &&
      model.arguments[0]!.value.name.value === 'slug' &&
      [...rootFields.keys()].every((key) => key !== 'leaderboard');
    if (model && !bySlug) return null;
    return new CompiledOperation(schema, handle, context, document, operation, rootFields, { schema, operation, fragments }, bySlug);
  } catch (error) {
    if (error instanceof NotCompiled) return null;
    throw error;
  }
}
