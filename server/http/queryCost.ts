import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type ASTNode,
  type DefinitionNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type ValueNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';

// The query cost limit (server/http/security.ts sets it): what an operation may ask for before it runs.

/** The longest list any argument may carry, literal or variable, at any depth of an input. */
export const maxListLength = 100;

export class ListTooLongError extends GraphQLError {
  constructor(argument: string, length: number) {
    super(`A list argument holds at most ${maxListLength} items; ${argument} has ${length}.`, {
      extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
    });
  }
}

export type Variables = Record<string, unknown>;

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
export function listAwareCostPlugin(
  anonymousMaxCost: number,
  onReject?: (operations: string[], error: Error) => void,
  /** The limit for signed-in editors (accountable, signed in through the sign-in limits); the anonymous one when omitted. */
  signedInMaxCost = anonymousMaxCost,
): Plugin {
  // Yoga hands the same parsed document to every request with the same text: its verdict and cost are
  // kept per document, operation name and limit, for requests without variables (a list or a page size
  // in one can change them).
  const passed = new WeakMap<DocumentNode, Map<string, number>>();
  type Hook = Parameters<NonNullable<Plugin['onExecute']>>[0];
  const check = ({ args, setResultAndStopExecution }: Pick<Hook, 'args' | 'setResultAndStopExecution'>, subscription: boolean) => {
      const signedIn = Boolean((args.contextValue as { viewer?: unknown } | undefined)?.viewer);
      // A subscription's selection is computed for every change and every subscriber: it gets a
      // twentieth of the budget (a change with its model, benchmark and citation fits well within it).
      const maxCost = subscription ? Math.min(signedIn ? signedInMaxCost : anonymousMaxCost, subscriptionMaxCost) : signedIn ? signedInMaxCost : anonymousMaxCost;
      const variables = args.variableValues && typeof args.variableValues === 'object' ? (args.variableValues as Variables) : {};
      const scalarVariables = Object.keys(variables).length === 0;
      const operationKey = `${subscription ? 'live' : 'once'}:${maxCost}:${args.operationName ?? ''}`;
      const known = scalarVariables ? passed.get(args.document)?.get(operationKey) : undefined;
      if (known !== undefined) return void queryCosts.set(args.contextValue as object, known);
      const fragments = new Map<string, FragmentDefinitionNode>();
      for (const definition of args.document.definitions) {
        if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
      }
      let error: GraphQLError | null = null;
      let highest = 0;
      for (const definition of args.document.definitions) {
        if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
        if (args.operationName && definition.name?.value !== args.operationName) continue;
        try {
          const cost = new ListAwareCost(fragments, variables, args.schema).of(definition);
          highest = Math.max(highest, cost);
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
      } else {
        queryCosts.set(args.contextValue as object, highest);
        if (scalarVariables) passed.set(args.document, (passed.get(args.document) ?? new Map<string, number>()).set(operationKey, highest));
      }
  };
  return {
    onExecute: (hook) => check(hook, false),
    onSubscribe: (hook) => check(hook as unknown as Hook, true),
  };
}

/** The cost of the operation a request runs, by its context, once listAwareCostPlugin passed it (admission.ts takes room by it). */
export const queryCosts = new WeakMap<object, number>();

/** The cost a live subscription's selection may have (see listAwareCostPlugin). */
export const subscriptionMaxCost = 500;

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
