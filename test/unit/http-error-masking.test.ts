import http from "node:http";
import type { ApolloServer, GraphQLResponse } from "@apollo/server";
import { GraphQLError, GraphQLObjectType, GraphQLSchema, GraphQLString } from "graphql";
import type { FormattedExecutionResult } from "graphql";
import { AppError, ErrorCode, NotFoundError } from "../../src/errors";
import { createApollo } from "../../src/http/apollo";
import {
  UNEXPECTED_ERROR_LOG,
  boundMessage,
  formatClientError,
  maskError,
  quoteRequestId,
  unexpectedAsInternal,
} from "../../src/http/error-masking";
import type { HttpContext } from "../../src/http/request-record";
import { createLogger } from "../../src/logger";
import { newRequestRecord } from "../../src/request-scope";
import { DRIVER_TEXT, LIMITS, capturedLogger, httpContext } from "../support/http-parts";

/** `boom` fails as a driver would, `missing` with a coded error; both throw from this file. */
const SCHEMA = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: "Query",
    fields: {
      hello: { type: GraphQLString, resolve: () => "hi" },
      boom: {
        type: GraphQLString,
        resolve: () => {
          throw new Error(DRIVER_TEXT);
        },
      },
      missing: {
        type: GraphQLString,
        resolve: () => {
          throw new NotFoundError("P-9 does not exist", "P-9");
        },
      },
    },
  }),
});

function singleResult(response: GraphQLResponse): FormattedExecutionResult {
  if (response.body.kind !== "single") throw new Error("not a single result");
  return response.body.singleResult;
}

describe("maskError", () => {
  it("lets a coded application error through unchanged", () => {
    const error = new GraphQLError("wrapped", {
      originalError: new AppError(ErrorCode.NOT_FOUND, "P-9 does not exist", { id: "P-9" }),
    });
    const formatted = {
      message: "P-9 does not exist",
      extensions: { code: "NOT_FOUND", id: "P-9" },
    };
    expect(maskError(formatted, error)).toBe(formatted);
  });

  it("masks an unexpected error, dropping its message and stack", () => {
    const error = new GraphQLError("boom", {
      originalError: new Error("Neo.ClientError.Statement.SyntaxError at line 3"),
    });
    const formatted = {
      message: "Neo.ClientError.Statement.SyntaxError at line 3",
      path: ["partner"],
      extensions: { code: "INTERNAL_SERVER_ERROR", stacktrace: ["at x"] },
    };
    expect(maskError(formatted, error)).toEqual({
      message: "Internal server error",
      path: ["partner"],
      extensions: { code: "INTERNAL_SERVER_ERROR" },
    });
  });

  it("lets graphql-js's validation errors through", () => {
    const error = new GraphQLError('Cannot query field "nope" on type "Query".');
    const formatted = { message: error.message, extensions: { code: "GRAPHQL_VALIDATION_FAILED" } };
    expect(maskError(formatted, error)).toBe(formatted);
  });

  it("masks a foreign error even when it claims a request-error code", () => {
    const error = new GraphQLError("x", { originalError: new Error("driver text") });
    const formatted = { message: "driver text", extensions: { code: "BAD_USER_INPUT" } };
    expect(maskError(formatted, error).message).toBe("Internal server error");
  });

  it("masks a resolver's error that Apollo's unwrapResolverError finds under its path", () => {
    const error = new GraphQLError("boom", { path: ["partner"], originalError: new Error("x") });
    const formatted = { message: "x", path: ["partner"], extensions: { code: "BAD_REQUEST" } };
    expect(maskError(formatted, error).extensions).toEqual({ code: "INTERNAL_SERVER_ERROR" });
  });
});

describe("boundMessage", () => {
  it("cuts a long message, saying where", () => {
    const bounded = boundMessage({ message: "x".repeat(2_000) }, false);
    expect(bounded.message).toBe(`${"x".repeat(500)}… (cut at 500 characters)`);
  });

  it("drops graphql-js's suggestions in production only", () => {
    const formatted = { message: 'Cannot query field "partnr". Did you mean "partner"?' };
    expect(boundMessage(formatted, true).message).toBe('Cannot query field "partnr".');
    expect(boundMessage(formatted, false)).toBe(formatted);
  });
});

describe("formatClientError", () => {
  it("bounds a client error's message and masks an unexpected one", () => {
    const format = formatClientError(true);
    const coded = new NotFoundError(`${"P".repeat(600)} does not exist`, "P");
    expect(format({ message: coded.message, extensions: coded.extensions }, coded).message).toMatch(
      /… \(cut at 500 characters\)$/,
    );
    const foreign = new GraphQLError(DRIVER_TEXT, { originalError: new Error(DRIVER_TEXT) });
    expect(format({ message: DRIVER_TEXT }, foreign)).toEqual({
      message: "Internal server error",
      extensions: { code: "INTERNAL_SERVER_ERROR" },
    });
  });
});

describe("masking in Apollo", () => {
  let apollo: ApolloServer<HttpContext>;

  beforeAll(async () => {
    apollo = createApollo<HttpContext>(SCHEMA, {
      production: true,
      limits: LIMITS,
      httpServer: http.createServer(),
    });
    await apollo.start();
  });

  afterAll(async () => {
    await apollo.stop();
  });

  it("logs the original of a masked error with the request id, and gives the client that id", async () => {
    const lines: string[] = [];
    const log = createLogger("info", { write: (line: string) => void lines.push(line) });
    const request = newRequestRecord(log, "req-42");
    const response = await apollo.executeOperation(
      { query: "{ boom }" },
      { contextValue: { request, bookmarks: null, idempotency: null } },
    );
    expect(singleResult(response).errors).toEqual([
      {
        message: "Internal server error",
        path: ["boom"],
        locations: [{ line: 1, column: 3 }],
        extensions: { code: "INTERNAL_SERVER_ERROR", requestId: "req-42" },
      },
    ]);
    expect(lines).toHaveLength(1);
    const logged = JSON.parse(lines[0] ?? "{}") as Record<string, unknown>;
    expect(logged).toMatchObject({
      level: 50,
      requestId: "req-42",
      msg: "Unexpected error while serving a request",
      err: { message: DRIVER_TEXT },
    });
    expect(String((logged.err as { stack?: unknown }).stack)).toContain(
      "http-error-masking.test.ts",
    );
  });

  it("neither logs nor changes a coded error, and logs nothing for a request error", async () => {
    const { logger, lines } = capturedLogger();
    const missing = await apollo.executeOperation(
      { query: "{ missing }" },
      { contextValue: httpContext(logger) },
    );
    expect(singleResult(missing).errors?.[0]?.extensions).toEqual({ code: "NOT_FOUND", id: "P-9" });
    const invalid = await apollo.executeOperation(
      { query: "{ nope }" },
      { contextValue: httpContext(logger) },
    );
    expect(singleResult(invalid).errors?.[0]?.extensions).toEqual({
      code: "GRAPHQL_VALIDATION_FAILED",
    });
    expect(lines).toEqual([]);
  });

  it("masks one error of several and keeps the data beside it", async () => {
    const { logger, lines } = capturedLogger();
    const response = await apollo.executeOperation(
      { query: "{ hello boom missing }" },
      { contextValue: httpContext(logger, "req-7") },
    );
    const result = singleResult(response);
    expect(result.data).toEqual({ hello: "hi", boom: null, missing: null });
    expect(result.errors?.map((error) => error.extensions)).toEqual(
      expect.arrayContaining([
        { code: "INTERNAL_SERVER_ERROR", requestId: "req-7" },
        { code: "NOT_FOUND", id: "P-9" },
      ]),
    );
    expect(JSON.stringify(result)).not.toContain("Neo.");
    expect(lines.filter((line) => line.msg === UNEXPECTED_ERROR_LOG)).toHaveLength(1);
  });
});

describe("quoteRequestId", () => {
  it("adds the request id to masked errors only", () => {
    const masked = {
      message: "Internal server error",
      extensions: { code: "INTERNAL_SERVER_ERROR" },
    };
    const coded = { message: "no", extensions: { code: "NOT_FOUND", id: "P-9" } };
    expect(quoteRequestId([masked, coded], "r-1")).toEqual([
      {
        message: "Internal server error",
        extensions: { code: "INTERNAL_SERVER_ERROR", requestId: "r-1" },
      },
      coded,
    ]);
  });
});

describe("unexpectedAsInternal", () => {
  it("passes an application error as it is, logging nothing", () => {
    const { logger, lines } = capturedLogger();
    const error = new NotFoundError("gone", "P-1");
    expect(unexpectedAsInternal(error, newRequestRecord(logger, "r-2"))).toBe(error);
    expect(lines).toEqual([]);
  });

  it("logs anything else and answers INTERNAL_SERVER_ERROR with the request id", () => {
    const { logger, lines } = capturedLogger();
    const answer = unexpectedAsInternal(
      new TypeError("x is undefined"),
      newRequestRecord(logger, "r-3"),
    );
    expect(answer).toBeInstanceOf(AppError);
    expect((answer as AppError).extensions).toEqual({
      code: "INTERNAL_SERVER_ERROR",
      requestId: "r-3",
    });
    expect(lines).toEqual([
      expect.objectContaining({
        level: 50,
        requestId: "r-3",
        msg: UNEXPECTED_ERROR_LOG,
        err: expect.objectContaining({ message: "x is undefined" }),
      }),
    ]);
  });
});
