/**
 * What the database gateway and the services tell a request's trace (src/tracing.ts implements
 * it). A leaf module with no imports, so that src/db and src/services can take the hooks without
 * depending on OpenTelemetry; when tracing is off there is no trace, and each hook costs one
 * property read.
 */

/** Neo4j's own timings of a statement, from its result summary. */
export interface DatabaseTimes {
  /** Until the first record was available, on the server. */
  availableAfterMs: number;
  /** Until the last record was consumed, on the server. */
  consumedAfterMs: number;
}

/** One Cypher statement's span, ended with what came back or what went wrong. */
export interface StatementSpan {
  end(rows: number, times: DatabaseTimes): void;
  fail(error: unknown): void;
}

/** One policy decision's span: the edge judged, and the rules it broke. */
export interface DecisionSpan {
  end(decision: {
    allowed: boolean;
    violations: readonly { rule: string }[];
    warnings: readonly { rule: string }[];
  }): void;
}

/** The trace of one GraphQL request, as the layers below the server see it. */
export interface RequestTrace {
  /** A child span for a statement of the query registry, by its registry name. */
  statement(name: string): StatementSpan;
  /** A child span for one policy decision (`createEdge`, `validateEdge`) on an edge. */
  decision(mode: string, edge: { type: string; from: string; to: string }): DecisionSpan;
}
