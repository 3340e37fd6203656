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

export class NotFoundError extends AppError {
  constructor(message: string, id: string) {
    super(ErrorCode.NOT_FOUND, message, { id });
  }
}

export class DatabaseUnavailableError extends AppError {
  constructor() {
    super(
      ErrorCode.DATABASE_UNAVAILABLE,
      "The graph database cannot be reached; try again shortly.",
    );
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

export { UnreachableCaseError } from "./unreachable";
