import {
  BadUserInputError,
  ErrorCode,
  PolicyViolationError,
  QueryTooComplexError,
  rejectProblems,
} from "../../src/errors";

describe("rejectProblems", () => {
  it("does nothing without problems", () => {
    expect(() => rejectProblems([])).not.toThrow();
  });

  it("throws the first problem as BAD_USER_INPUT naming its field, with all of them", () => {
    const problems = [
      { field: "workload", message: "workload: required" },
      { field: "since", message: "since: not a date" },
    ];
    let thrown: unknown;
    try {
      rejectProblems(problems);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(BadUserInputError);
    expect((thrown as BadUserInputError).message).toBe("workload: required");
    expect((thrown as BadUserInputError).extensions).toEqual({
      code: ErrorCode.BAD_USER_INPUT,
      field: "workload",
      problems,
    });
  });
});

describe("PolicyViolationError", () => {
  it("names the edge and every broken rule, and carries the violations", () => {
    const violations = [
      { rule: "DUPLICATE", message: "already stored" },
      { rule: "NO_SELF_DEALING", message: "from is to" },
    ];
    const error = new PolicyViolationError(
      { type: "SUPPLIES", from: "P-1", to: "P-1" },
      violations,
    );
    expect(error.message).toBe(
      "SUPPLIES P-1 -> P-1 refused: DUPLICATE: already stored; NO_SELF_DEALING: from is to",
    );
    expect(error.extensions).toEqual({ code: ErrorCode.POLICY_VIOLATION, violations });
  });
});

describe("QueryTooComplexError", () => {
  it("says which limit and answers 413 for the body, 400 for the rest", () => {
    const body = new QueryTooComplexError("bodyBytes", 10, 12);
    expect(body.message).toBe(
      "The operation's request body size in bytes is 12, over the limit of 10",
    );
    expect(body.extensions.http).toEqual({ status: 413 });
    expect(new QueryTooComplexError("depth", 12, 13).extensions.http).toEqual({ status: 400 });
  });
});
