import { GraphQLError } from "graphql";

/** Every code a client can act on (../shared/API.md, "Errors"). */
export enum ErrorCode {
  POLICY_VIOLATION = "POLICY_VIOLATION",
  NOT_FOUND = "NOT_FOUND",
  BAD_USER_INPUT = "BAD_USER_INPUT",
  UNAUTHENTICATED = "UNAUTHENTICATED",
  FORBIDDEN = "FORBIDDEN",
  QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX",
  DATABASE_UNAVAILABLE = "DATABASE_UNAVAILABLE",
  SERVER_BUSY = "SERVER_BUSY",
  IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED",
  INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR",
}

/** An error meant for the client: it carries `extensions.code` and passes the error mask. */
export class AppError extends GraphQLError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    extensions: Record<string, unknown> = {},
  ) {
    super(message, { extensions: { ...extensions, code } });
    this.name = "AppError";
  }
}

export class BadUserInputError extends AppError {
  constructor(message: string, field: string) {
    super(ErrorCode.BAD_USER_INPUT, message, { field });
  }
}

/**
 * Throws the first problem as BAD_USER_INPUT naming its field, with all of them in
 * `extensions.problems` (a client fixes every field at once); does nothing when there are none.
 * The problems are typed by shape (the policy's FieldProblem), so this module stays below policy/.
 */
export function rejectProblems(problems: readonly { field: string; message: string }[]): void {
  const first = problems[0];
  if (first === undefined) return;
  const error = new BadUserInputError(first.message, first.field);
  Object.assign(error.extensions, { problems });
  throw error;
}

export class NotFoundError extends AppError {
  constructor(message: string, id: string) {
    super(ErrorCode.NOT_FOUND, message, { id });
  }
}

/** A missing, malformed, expired or unverifiable token; answered with HTTP 401. */
export class UnauthenticatedError extends AppError {
  constructor(reason: string) {
    super(ErrorCode.UNAUTHENTICATED, `Not authenticated: ${reason}`, {
      http: { status: 401, headers: new Map([["www-authenticate", 'Bearer realm="csp-graph"']]) },
    });
  }
}

/** A principal whose role (or partner) does not reach what it asked for. */
export class ForbiddenError extends AppError {
  constructor(message: string) {
    super(ErrorCode.FORBIDDEN, message);
  }
}

/**
 * createEdge refused by the rules: POLICY_VIOLATION with every broken rule in extensions.
 * Typed by shape rather than by the policy's own types, so this module stays below policy/.
 */
export class PolicyViolationError extends AppError {
  constructor(
    edge: { type: string; from: string; to: string },
    violations: readonly { rule: string; message: string }[],
  ) {
    super(
      ErrorCode.POLICY_VIOLATION,
      `${edge.type} ${edge.from} -> ${edge.to} refused: ` +
        violations.map((violation) => `${violation.rule}: ${violation.message}`).join("; "),
      { violations },
    );
  }
}

/** The limits an operation can exceed (QueryTooComplexError's `kind`). */
export type LimitKind =
  "depth" | "cost" | "aliases" | "tokens" | "fields" | "variableDepth" | "bodyBytes";

const LIMIT_NAMES: Record<LimitKind, string> = {
  depth: "depth",
  cost: "cost",
  aliases: "number of aliases",
  tokens: "number of tokens",
  fields: "number of field selections",
  variableDepth: "nesting of its variables",
  bodyBytes: "request body size in bytes",
};

/** An operation over one of the limits (src/limits.ts); refused before any resolver runs. */
export class QueryTooComplexError extends AppError {
  constructor(kind: LimitKind, limit: number, measured: number) {
    super(
      ErrorCode.QUERY_TOO_COMPLEX,
      `The operation's ${LIMIT_NAMES[kind]} is ${measured}, over the limit of ${limit}`,
      { kind, limit, measured, http: { status: kind === "bodyBytes" ? 413 : 400 } },
    );
  }
}

export class DatabaseUnavailableError extends AppError {
  /**
   * The driver's error that said so, for the logs (never sent to the client): a connection that
   * Neo4j closed, that timed out, or that was refused.
   */
  override readonly cause: unknown;

  constructor(cause?: unknown) {
    super(
      ErrorCode.DATABASE_UNAVAILABLE,
      "The graph database cannot be reached; try again shortly.",
    );
    this.cause = cause;
  }
}

/**
 * A transaction ran past NEO4J_TX_TIMEOUT_MS and Neo4j aborted it: the database is there but
 * overloaded (or the operation too heavy), so the client may retry later, as with an absent
 * database; `reason` tells the two apart. Deliberately not a DatabaseUnavailableError: a slow
 * database must not open the circuit that fails every request fast.
 */
export class DatabaseTimeoutError extends AppError {
  constructor() {
    super(
      ErrorCode.DATABASE_UNAVAILABLE,
      "The graph database did not answer in time; try again shortly.",
      { reason: "timeout" },
    );
  }
}

/** Seconds a busy answer asks the client to wait before trying again (Retry-After). */
export const BUSY_RETRY_AFTER_SECONDS = 1;

/**
 * A write did not get its turn at its locks within WRITE_WAIT_MS: the server answers at once
 * (HTTP 503, Retry-After) rather than queue the request for seconds behind a burst. Nothing was
 * written, so the client may simply try again.
 */
export class ServerBusyError extends AppError {
  constructor(waitedMs: number) {
    super(
      ErrorCode.SERVER_BUSY,
      `The server is busy with writes on the same data; nothing was written. Try again in ${BUSY_RETRY_AFTER_SECONDS} s.`,
      {
        waitedMs,
        retryAfterSeconds: BUSY_RETRY_AFTER_SECONDS,
        http: {
          status: 503,
          headers: new Map([["retry-after", String(BUSY_RETRY_AFTER_SECONDS)]]),
        },
      },
    );
  }
}

/**
 * An Idempotency-Key already answered a different request (another operation or other input)
 * within its lifetime: replaying that answer would mislead, and running this one under the same
 * key would make the key mean two things.
 */
export class IdempotencyKeyReusedError extends AppError {
  constructor() {
    super(
      ErrorCode.IDEMPOTENCY_KEY_REUSED,
      "This Idempotency-Key was used for a different request in the last 24 hours; use a new key for a new request.",
      { http: { status: 422 } },
    );
  }
}
