import type { ApolloServerPlugin } from "@apollo/server";
import { getComplexity } from "graphql-query-complexity";
import type { ComplexityEstimator } from "graphql-query-complexity";
import {
  Kind,
  Lexer,
  OperationTypeNode,
  Source,
  TokenKind,
  getNullableType,
  getVariableValues,
  isListType,
  visit,
} from "graphql";
import type {
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  GraphQLSchema,
  OperationDefinitionNode,
  SelectionSetNode,
  TypeNode,
} from "graphql";
import type { Limits } from "./config";
import { AppError, ErrorCode, QueryTooComplexError } from "./errors";

/**
 * The largest `first` a paged field accepts (src/resolvers/pagination.ts checks it); here, below
 * the resolvers, because the cost estimate repeats a page's children at most this many times.
 */
export const MAX_PAGE_SIZE = 100;

/**
 * Cost of one field before its children: a few fields do far more work than resolving one
 * object. A type-graphql `complexity` on the field, when set, takes precedence.
 */
const FIELD_COSTS: Readonly<Record<string, number>> = {
  // A count of the stored findings' index entries (src/services/findings.service.ts): it grows
  // with the findings, not the graph; a page of the audit is an index seek like any other page.
  "ViolationConnection.totalCount": 10,
  // Variable-length paths up to maxHops.
  "Query.distributionChains": 1_000,
  // Fact gathering and the policy engine; the writes also take locks.
  "Query.validateEdge": 100,
  "Mutation.createEdge": 200,
  "Mutation.removeEdge": 100,
  "Mutation.upsertPartner": 100,
  "Mutation.upsertCustomer": 100,
  "Mutation.upsertTenant": 100,
};

/** How many items a list without `first` is assumed to hold (tenants, resellers, servedBy…). */
export const LIST_SIZE_ESTIMATE = 10;

/**
 * Cost is an estimate of the objects an operation resolves, worst case. A field costs its own
 * cost plus its children's, times how many items it returns: `first` (clamped to the page size
 * the resolvers allow) for a paged field, LIST_SIZE_ESTIMATE for other lists, 1 otherwise. On a
 * connection only `edges` repeats `first` times; `totalCount` and `pageInfo` are computed once.
 * One estimator per operation: it remembers the cost of each `edges` selection it has seen, so
 * the connection above it (estimated after its children) can repeat just that part.
 */
function createCostEstimator(): ComplexityEstimator {
  const edgesCost = new Map<FieldNode, number>();
  return ({ type, field, node, args, childComplexity }) => {
    const declared: unknown = field.extensions.complexity;
    const own =
      typeof declared === "number" ? declared : (FIELD_COSTS[`${type.name}.${field.name}`] ?? 1);
    const returnsList = isListType(getNullableType(field.type));
    const first: unknown = args.first;
    if (typeof first === "number") {
      const items = Math.min(Math.max(first, 1), MAX_PAGE_SIZE);
      const selections = node.selectionSet?.selections ?? [];
      // Edges hidden in a fragment cannot be told apart: repeat the whole selection instead.
      if (returnsList || selections.some((selection) => selection.kind !== Kind.FIELD)) {
        return own + childComplexity * items;
      }
      let edges = 0;
      for (const selection of selections) {
        if (selection.kind === Kind.FIELD) edges += edgesCost.get(selection) ?? 0;
      }
      return own + childComplexity + edges * (items - 1);
    }
    if (!returnsList) return own + childComplexity;
    if (type.name.endsWith("Connection")) {
      const cost = own + childComplexity;
      edgesCost.set(node, cost);
      return cost;
    }
    return own + childComplexity * LIST_SIZE_ESTIMATE;
  };
}

interface Extent {
  depth: number;
  fields: number;
}
const NOTHING: Extent = { depth: 0, fields: 0 };

export interface OperationMeasures {
  depth: number;
  aliases: number;
  /** Field selections once fragments are expanded: a lower bound of the cost. */
  fields: number;
}

/**
 * Depth, aliases and expanded field count of one operation. Fragments are measured once each
 * (validation has already refused cycles), so a document that spreads fragments into each
 * other exponentially is measured in linear time. Introspection fields (`__schema`, `__type`)
 * are left out: their depth is fixed by graphql-js, and production turns them off.
 */
export function measureOperation(
  document: DocumentNode,
  operation: OperationDefinitionNode,
): OperationMeasures {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      fragments.set(definition.name.value, definition);
    }
  }
  const memo = new Map<string, Extent>();
  const measure = (set: SelectionSetNode, root: boolean): Extent => {
    let depth = 0;
    let fields = 0;
    for (const selection of set.selections) {
      let inner: Extent;
      if (selection.kind === Kind.FIELD) {
        if (root && selection.name.value.startsWith("__")) continue;
        const below = selection.selectionSet ? measure(selection.selectionSet, false) : NOTHING;
        inner = { depth: below.depth + 1, fields: below.fields + 1 };
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        inner = measure(selection.selectionSet, root);
      } else {
        const name = selection.name.value;
        const known = memo.get(name);
        const fragment = fragments.get(name);
        inner =
          known ?? (fragment ? measure(fragment.selectionSet, root) : { depth: 0, fields: 0 });
        // A fragment spread at the root measures differently (introspection skipped), so only
        // nested measurements are shared.
        if (known === undefined && !root) memo.set(name, inner);
      }
      depth = Math.max(depth, inner.depth);
      fields += inner.fields;
    }
    return { depth, fields };
  };
  const { depth, fields } = measure(operation.selectionSet, true);
  let aliases = 0;
  visit(document, {
    Field(node) {
      if (node.alias !== undefined) aliases += 1;
    },
  });
  return { depth, aliases, fields };
}

/** What one pass of the lexer measures of a document, before anything parses it. */
export interface DocumentScan {
  /** Lexical tokens as graphql-js's `maxTokens` counts them (comments excluded). */
  tokens: number;
  /**
   * Field selections as written, repeats included (aliases count once, fragment spreads, type
   * conditions and directive names not at all): validation compares same-named sibling fields
   * pairwise, so a document repeating one field a thousand times costs a million comparisons
   * before anything could refuse it by its parsed shape.
   */
  fields: number;
}

/** Tokens and field selections of a document, in one pass of graphql-js's lexer. */
export function scanDocument(source: string): DocumentScan {
  const lexer = new Lexer(new Source(source));
  let tokens = 0;
  let fields = 0;
  let braces = 0;
  let parens = 0;
  // The two tokens before the current one: `... on Type`, `@directive`, `alias: field`.
  let previous: TokenKind | null = null;
  let previousValue: string | undefined;
  let beforePrevious: TokenKind | null = null;
  try {
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
      tokens += 1;
      switch (token.kind) {
        case TokenKind.BRACE_L:
          if (parens === 0) braces += 1;
          break;
        case TokenKind.BRACE_R:
          if (parens === 0) braces -= 1;
          break;
        case TokenKind.PAREN_L:
          parens += 1;
          break;
        case TokenKind.PAREN_R:
          parens -= 1;
          break;
        case TokenKind.NAME: {
          const inSelection = braces > 0 && parens === 0;
          const spreadOrCondition =
            previous === TokenKind.SPREAD ||
            (previous === TokenKind.NAME &&
              previousValue === "on" &&
              beforePrevious === TokenKind.SPREAD);
          const named = previous === TokenKind.AT || previous === TokenKind.COLON;
          if (inSelection && !spreadOrCondition && !named) fields += 1;
          break;
        }
        default:
          break;
      }
      beforePrevious = previous;
      previous = token.kind;
      previousValue = token.value;
    }
  } catch {
    // A syntax error: the parser reports it with its location, after this count.
  }
  return { tokens, fields };
}

/** Tokens in a document as graphql-js's `maxTokens` counts them (comments excluded). */
export function countTokens(source: string): number {
  return scanDocument(source).tokens;
}

/**
 * How deeply a request's variables nest (a scalar is 0, `[1]` is 1), counted without recursion:
 * coercion and the cost estimate walk values recursively, and 10,000 nested arrays overflowed
 * the stack there. Stops counting once past `limit`.
 */
export function variableDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    if (typeof item.value !== "object" || item.value === null) continue;
    const depth = item.depth + 1;
    deepest = Math.max(deepest, depth);
    if (depth > limit) return depth;
    for (const child of Object.values(item.value)) stack.push({ value: child, depth });
  }
  return deepest;
}

/**
 * Throws QueryTooComplexError for the first limit the operation exceeds. `checked` remembers
 * what was measured of operations seen before: Apollo keeps one parsed document per query text,
 * so the measures are keyed by the operation node, and the cost also by the values of the
 * variables that can change it.
 */
export function checkOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  limits: Limits,
  checked: CheckedOperations = new WeakMap(),
): void {
  let entry = checked.get(operation);
  if (entry === undefined) {
    entry = {
      measures: measureOperation(document, operation),
      costVariables: costVariablesOf(operation),
      costs: new Map(),
    };
    checked.set(operation, entry);
  }
  checkMeasures(entry.measures, limits);
  checkCost(costOf(entry, schema, document, operation, variables), limits);
}

function checkMeasures(measures: OperationMeasures, limits: Limits): void {
  if (measures.aliases > limits.maxAliases) {
    throw new QueryTooComplexError("aliases", limits.maxAliases, measures.aliases);
  }
  if (measures.depth > limits.maxDepth) {
    throw new QueryTooComplexError("depth", limits.maxDepth, measures.depth);
  }
  // Every field costs at least 1, so this many fields is over the limit whatever their lists;
  // it also keeps getComplexity from expanding a fragment bomb.
  if (measures.fields > limits.maxCost) {
    throw new QueryTooComplexError("cost", limits.maxCost, measures.fields);
  }
}

function checkCost(cost: number | null, limits: Limits): void {
  if (cost !== null && cost > limits.maxCost) {
    throw new QueryTooComplexError("cost", limits.maxCost, cost);
  }
}

/**
 * The estimated cost of an operation; null when its variables do not coerce (execution then
 * refuses it with BAD_USER_INPUT before anything runs). Expands fragments: call it only on
 * operations whose expanded field count is known to be bounded.
 */
export function measureCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): number | null {
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  if (coerced.errors !== undefined) return null;
  return getComplexity({
    schema,
    query: { kind: Kind.DOCUMENT, definitions: [operation, ...fragmentsOf(document)] },
    variables,
    estimators: [createCostEstimator()],
    maxQueryNodes: Number.MAX_SAFE_INTEGER,
  });
}

function fragmentsOf(document: DocumentNode): FragmentDefinitionNode[] {
  return document.definitions.filter(
    (definition): definition is FragmentDefinitionNode =>
      definition.kind === Kind.FRAGMENT_DEFINITION,
  );
}

/**
 * The refusal of a document over the token limit, or null. The HTTP layer asks before handing
 * the request to Apollo, so an oversized document is never parsed (Apollo turns an error thrown
 * by a plugin before parsing into an anonymous 500).
 */
export function checkTokens(source: string, limits: Limits): QueryTooComplexError | null {
  let scan = documentScans.get(source);
  if (scan === undefined) {
    scan = scanDocument(source);
    remember(documentScans, source, scan);
  }
  if (scan.tokens > limits.maxTokens) {
    return new QueryTooComplexError("tokens", limits.maxTokens, scan.tokens);
  }
  if (scan.fields > limits.maxFields) {
    return new QueryTooComplexError("fields", limits.maxFields, scan.fields);
  }
  return null;
}

/** The refusal of variables nested deeper than the limit, or null. */
export function checkVariables(variables: unknown, limits: Limits): QueryTooComplexError | null {
  const depth = variableDepth(variables, limits.maxVariableDepth);
  return depth > limits.maxVariableDepth
    ? new QueryTooComplexError("variableDepth", limits.maxVariableDepth, depth)
    : null;
}

// Clients send the same few documents over and over: what is measured once is remembered. Each
// cache is bounded by starting afresh when full, which costs a re-measure, never a wrong answer.
const CACHE_ENTRIES = 1_000;
const documentScans = new Map<string, DocumentScan>();

function remember<K, V>(cache: Map<K, V>, key: K, value: V): void {
  if (cache.size >= CACHE_ENTRIES) cache.clear();
  cache.set(key, value);
}

/** What checkOperation knows of the operations it has seen. */
export type CheckedOperations = WeakMap<OperationDefinitionNode, OperationLimits>;

/** What is known of one parsed operation: its measures, and its cost by the variables. */
interface OperationLimits {
  measures: OperationMeasures;
  /** The variables that can change the cost: `first` and the like (Int), `@include(if:)` (Boolean). */
  costVariables: string[];
  costs: Map<string, number>;
}

/**
 * Refuses an operation over the alias, depth or cost limit once it is parsed and valid, before
 * anything runs.
 */
export function queryLimitsPlugin(limits: Limits): ApolloServerPlugin {
  const checked: CheckedOperations = new WeakMap();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          // Without an operation, execution refuses the request itself.
          if (operation === undefined) return;
          if (operation.operation === OperationTypeNode.SUBSCRIPTION) {
            throw new AppError(
              ErrorCode.BAD_USER_INPUT,
              "This server has no subscriptions: send a query or a mutation",
              { field: "operation", http: { status: 400 } },
            );
          }
          checkOperation(schema, document, operation, request.variables ?? {}, limits, checked);
        },
      };
    },
  };
}

/** The operation's cost with these variables, measured once per value of its cost variables. */
function costOf(
  entry: OperationLimits,
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): number | null {
  const key = JSON.stringify(entry.costVariables.map((name) => variables[name] ?? null));
  const known = entry.costs.get(key);
  if (known !== undefined) return known;
  const cost = measureCost(schema, document, operation, variables);
  // No cost (variables that do not coerce) says nothing of the next request with the same
  // Int and Boolean values but other variables fixed: it is not remembered.
  if (cost !== null) remember(entry.costs, key, cost);
  return cost;
}

const COST_VARIABLE_TYPES = new Set(["Int", "Boolean"]);

function costVariablesOf(operation: OperationDefinitionNode): string[] {
  return (operation.variableDefinitions ?? [])
    .filter((definition) => COST_VARIABLE_TYPES.has(namedType(definition.type)))
    .map((definition) => definition.variable.name.value);
}

function namedType(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);
}
