import { GraphQLError } from "graphql";
import { AppError, ErrorCode } from "../../src/errors";
import { maskError } from "../../src/server";

describe("maskError", () => {
  const quiet = jest.spyOn(console, "error").mockImplementation(() => undefined);
  afterAll(() => quiet.mockRestore());

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
});
