import { GraphQLError } from "graphql";
import { AppError, ErrorCode } from "../../src/errors";
import { createLogger } from "../../src/logger";
import { maskError } from "../../src/server";

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

  it("logs the original of a masked error with the request id, and gives the client that id", () => {
    const lines: string[] = [];
    const log = createLogger("info", { write: (line: string) => void lines.push(line) });
    const request = { id: "req-42", log: log.child({ requestId: "req-42" }) };
    const error = new GraphQLError("boom", {
      originalError: new Error("Neo.ClientError.Security.Unauthorized: bad password"),
    });
    const masked = maskError({ message: "boom", extensions: { code: "X" } }, error, request);
    expect(masked).toEqual({
      message: "Internal server error",
      extensions: { code: "INTERNAL_SERVER_ERROR", requestId: "req-42" },
    });
    expect(lines).toHaveLength(1);
    const logged = JSON.parse(lines[0] ?? "{}") as Record<string, unknown>;
    expect(logged).toMatchObject({
      level: 50,
      requestId: "req-42",
      msg: "Unexpected error while serving a request",
      err: { message: "Neo.ClientError.Security.Unauthorized: bad password" },
    });
    expect(String((logged.err as { stack?: unknown }).stack)).toContain("error-masking.test.ts");
  });
});
