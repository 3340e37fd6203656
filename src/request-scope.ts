import crypto from "node:crypto";
import type { GraphQLFormattedError } from "graphql";
import type { StatementCounter } from "./db/database";
import type { Logger } from "./logger";

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
}

// A client's own id is kept for correlation when it is short and plain; anything else is replaced.
const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export function newRequestRecord(log: Logger, clientId: string | undefined): RequestRecord {
  const id =
    clientId !== undefined && CLIENT_REQUEST_ID.test(clientId) ? clientId : crypto.randomUUID();
  return {
    id,
    log: log.child({ requestId: id }),
    startedAt: process.hrtime.bigint(),
    operation: "unknown",
    errors: [],
    stats: { statements: 0 },
  };
}

/** The outcome label of a request: the first error's code, or `ok`. */
export function outcomeOf(record: RequestRecord): string {
  const code = record.errors[0]?.extensions?.code;
  if (record.errors.length === 0) return "ok";
  return typeof code === "string" ? code : "INTERNAL_SERVER_ERROR";
}
