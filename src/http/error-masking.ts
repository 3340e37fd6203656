import type { ApolloServerPlugin } from "@apollo/server";
import { ApolloServerErrorCode, unwrapResolverError } from "@apollo/server/errors";
import { GraphQLError } from "graphql";
import type { GraphQLFormattedError } from "graphql";
import { AppError, ErrorCode } from "../errors";
import type { RequestRecord } from "../request-scope";

/**
 * What reaches a client: coded errors as they are, everything else masked as
 * INTERNAL_SERVER_ERROR with no stack trace or driver text. Apollo's `formatError` masks (it sees
 * every error, but not the request); a plugin's `didEncounterErrors` logs each original with the
 * request's id (it sees the request, but cannot change the answer); the request's record then
 * gives the client that id to quote.
 */

/** The line an unexpected error is logged under, with the original as `err`. */
export const UNEXPECTED_ERROR_LOG = "Unexpected error while serving a request";

// Codes graphql-js and Apollo give to errors in the request itself (parse, validation, variables).
const REQUEST_ERROR_CODES: ReadonlySet<unknown> = new Set<string>([
  ApolloServerErrorCode.GRAPHQL_PARSE_FAILED,
  ApolloServerErrorCode.GRAPHQL_VALIDATION_FAILED,
  ApolloServerErrorCode.BAD_USER_INPUT,
  ApolloServerErrorCode.BAD_REQUEST,
  ApolloServerErrorCode.PERSISTED_QUERY_NOT_FOUND,
  ApolloServerErrorCode.PERSISTED_QUERY_NOT_SUPPORTED,
  ApolloServerErrorCode.OPERATION_RESOLUTION_FAILURE,
]);

/**
 * The error that was actually thrown. Apollo's unwrapResolverError unwraps a resolver's (an
 * error with a path); graphql-js wraps the error a scalar throws while coercing variables with
 * no path, and Apollo's own request errors keep theirs as `originalError` too.
 */
function causeOf(error: unknown): unknown {
  const unwrapped = unwrapResolverError(error);
  if (
    unwrapped instanceof GraphQLError &&
    !(unwrapped instanceof AppError) &&
    unwrapped.originalError !== undefined
  ) {
    return unwrapped.originalError;
  }
  return unwrapped;
}

/**
 * True for an error a client may see as it is: one of ours (an AppError), or one graphql-js or
 * Apollo raised about the request itself, which carries a request-error `code` and no foreign
 * cause (a driver error claiming BAD_USER_INPUT is still masked).
 */
export function isClientError(error: unknown, code: unknown): boolean {
  const cause = causeOf(error);
  if (cause instanceof AppError) return true;
  const raisedByGraphQL = !(cause instanceof Error) || cause instanceof GraphQLError;
  return raisedByGraphQL && REQUEST_ERROR_CODES.has(code);
}

/** Lets coded errors through and masks everything else as INTERNAL_SERVER_ERROR. */
export function maskError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  if (isClientError(error, formatted.extensions?.code)) return formatted;
  return {
    message: "Internal server error",
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    ...(formatted.path ? { path: formatted.path } : {}),
    ...(formatted.locations ? { locations: formatted.locations } : {}),
  };
}

/** Longest error message a client gets: inputs are echoed in messages, and may be long. */
const MAX_MESSAGE_LENGTH = 500;

/**
 * An error as a client may see it: its message cut to MAX_MESSAGE_LENGTH (a 900 KB input was
 * echoed twice in a BAD_USER_INPUT), and in production without graphql-js's "Did you mean …?"
 * suggestions, which variable coercion adds too.
 */
export function boundMessage(
  formatted: GraphQLFormattedError,
  production: boolean,
): GraphQLFormattedError {
  let message = formatted.message;
  if (production) message = message.replace(/ ?Did you mean [^?]*\?/g, "");
  if (message.length > MAX_MESSAGE_LENGTH) {
    message = `${message.slice(0, MAX_MESSAGE_LENGTH)}… (cut at ${MAX_MESSAGE_LENGTH} characters)`;
  }
  return message === formatted.message ? formatted : { ...formatted, message };
}

/** Apollo's `formatError`: every error bounded, then masked unless it is a client error. */
export function formatClientError(
  production: boolean,
): (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError {
  return (formatted, error) => maskError(boundMessage(formatted, production), error);
}

/** Logs the original of every error the mask hides, on the request's logger (its id on the line). */
export const maskedErrorLogPlugin: ApolloServerPlugin<{ request: Pick<RequestRecord, "log"> }> = {
  async requestDidStart() {
    return {
      async didEncounterErrors({ errors, contextValue }) {
        for (const error of errors) {
          if (!isClientError(error, error.extensions.code)) {
            contextValue.request.log.error({ err: causeOf(error) }, UNEXPECTED_ERROR_LOG);
          }
        }
      },
    };
  },
};

/** The errors a client gets, each masked one carrying the request id, to quote when reporting it. */
export function quoteRequestId(
  errors: readonly GraphQLFormattedError[],
  requestId: string,
): GraphQLFormattedError[] {
  return errors.map((error) =>
    error.extensions?.code === ErrorCode.INTERNAL_SERVER_ERROR &&
    error.extensions.requestId === undefined
      ? { ...error, extensions: { ...error.extensions, requestId } }
      : error,
  );
}

/**
 * An unexpected error while building the context, logged with the request id and turned into
 * the coded INTERNAL_SERVER_ERROR the client would get, carrying that id: Apollo answers a
 * failed context outside its request pipeline, where no plugin sees the request.
 */
export function unexpectedAsInternal(
  error: unknown,
  request: Pick<RequestRecord, "id" | "log">,
): unknown {
  if (error instanceof AppError) return error;
  request.log.error({ err: error }, UNEXPECTED_ERROR_LOG);
  return new AppError(ErrorCode.INTERNAL_SERVER_ERROR, "Internal server error", {
    requestId: request.id,
  });
}
