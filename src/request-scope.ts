import crypto from "node:crypto";
import type { GraphQLFormattedError } from "graphql";
import type { StatementCounter } from "./db/database";
import type { Logger } from "./logger";
import type { OperationTrace } from "./tracing";

/** What the server learns about one HTTP request while serving it; logged and counted at its end. */
export interface RequestRecord {
  readonly id: string;
  /** The server's logger, with this request's id on every line. */
  readonly log: Logger;
  readonly startedAt: bigint;
  /** `query.partners`, `mutation.createEdge`…; `unknown` until the operation is resolved. */
  operation: string;
  /** Every error the client gets, as it gets it (after masking). */
  readonly errors: GraphQLFormattedError[];
  stats: StatementCounter;
  /** The request's span and its children's hooks; null when tracing is off. */
  readonly trace: OperationTrace | null;
}

// A client's own id is kept for correlation when it is short and plain; anything else is replaced.
const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export function newRequestRecord(
  log: Logger,
  clientId: string | undefined,
  trace: OperationTrace | null = null,
): RequestRecord {
  const id =
    clientId !== undefined && CLIENT_REQUEST_ID.test(clientId) ? clientId : crypto.randomUUID();
  return {
    id,
    // Every line of a traced request names its trace, to find the one from the other.
    log: log.child(trace === null ? { requestId: id } : { requestId: id, traceId: trace.traceId }),
    startedAt: process.hrtime.bigint(),
    operation: "unknown",
    errors: [],
    stats: trace === null ? { statements: 0 } : { statements: 0, trace },
    trace,
  };
}

/** The outcome label of a request: the first error's code, or `ok`. */
export function outcomeOf(record: RequestRecord): string {
  const code = record.errors[0]?.extensions?.code;
  if (record.errors.length === 0) return "ok";
  return typeof code === "string" ? code : "INTERNAL_SERVER_ERROR";
}
