import type { ApolloServerPlugin } from "@apollo/server";
import { Kind } from "graphql";
import type { GraphQLFormattedError, OperationDefinitionNode } from "graphql";
import type { BookmarkChain } from "../db/database";
import type { IdempotencyScope } from "../idempotency";
import type { Metrics } from "../metrics";
import { outcomeOf } from "../request-scope";
import type { RequestRecord } from "../request-scope";
import { quoteRequestId } from "./error-masking";

/** What the HTTP layer reads of a request's context; src/context.ts's Context has all of it. */
export interface HttpContext {
  request: RequestRecord;
  bookmarks: BookmarkChain | null;
  idempotency: IdempotencyScope | null;
}

/**
 * Keeps the request's record, through the context rather than AsyncLocalStorage (whose promise
 * hooks would cost every request of a promise-heavy server): names the operation for the logs
 * and metrics (its type and first root field, `query.partners`: field names come from the
 * schema, so the label cannot grow without bound the way client-chosen names could); collects
 * the errors the client gets, a masked one carrying the request id; and reports how many Cypher
 * statements the operation ran as `extensions.cypherStatements` (the N+1 tests and the
 * benchmarks read it, and so can anyone tuning a query in Sandbox), and a write's bookmark.
 */
export const requestRecordPlugin: ApolloServerPlugin<Omit<HttpContext, "idempotency">> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, contextValue }) {
        if (operation !== undefined) contextValue.request.operation = operationLabel(operation);
      },
      async willSendResponse({ contextValue, response }) {
        if (response.body.kind !== "single") return;
        const result = response.body.singleResult;
        const { request, bookmarks } = contextValue;
        if (result.errors !== undefined) {
          result.errors = quoteRequestId(result.errors, request.id);
          request.errors.push(...result.errors);
        }
        result.extensions = {
          ...result.extensions,
          cypherStatements: request.stats.statements,
          ...(bookmarks?.written ? { bookmark: bookmarks.written } : {}),
        };
      },
    };
  },
};

/** `query.partners`: the operation's type and its first root field. */
export function operationLabel(operation: OperationDefinitionNode): string {
  const field = operation.selectionSet.selections.find(
    (selection) => selection.kind === Kind.FIELD,
  );
  return `${operation.operation}.${field?.kind === Kind.FIELD ? field.name.value : "fragment"}`;
}

/** The errors of a GraphQL response body, or none when it has none or is not JSON. */
export function errorsIn(body: string): GraphQLFormattedError[] {
  try {
    const parsed = JSON.parse(body) as { errors?: unknown };
    return Array.isArray(parsed.errors) ? (parsed.errors as GraphQLFormattedError[]) : [];
  } catch {
    return [];
  }
}

/** One log line, the metrics and the span's end of a finished GraphQL request. */
export function finishRequest(
  record: RequestRecord,
  status: number,
  metrics: Pick<Metrics, "observe">,
): void {
  metrics.observe(record);
  const outcome = outcomeOf(record);
  const { statements } = record.stats;
  record.log.info(
    {
      operation: record.operation,
      outcome,
      status,
      ms: Number((process.hrtime.bigint() - record.startedAt) / 1_000_000n),
      statements,
    },
    "graphql request",
  );
  record.trace?.end({
    operation: record.operation,
    outcome,
    status,
    statements,
    requestId: record.id,
  });
}
