import { createLogger } from "../../src/logger";

/** A logger writing its lines into an array. */
function capture(format: "json" | "pretty"): {
  lines: string[];
  log: ReturnType<typeof createLogger>;
} {
  const lines: string[] = [];
  const log = createLogger("info", { write: (line: string) => void lines.push(line) }, format);
  return { lines, log };
}

describe("createLogger", () => {
  const requestLine = {
    operation: "query.whoServes",
    outcome: "ok",
    status: 200,
    ms: 3,
    statements: 1,
  };

  it("writes one JSON object per line by default, with the request id and operation as fields", () => {
    const { lines, log } = capture("json");
    log.child({ requestId: "r-1" }).info(requestLine, "graphql request");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? "")).toMatchObject({
      level: 30,
      service: "csp-graph",
      requestId: "r-1",
      operation: "query.whoServes",
      msg: "graphql request",
    });
  });

  it("pretty-prints a request line as time, level, request id, operation, message and the rest", () => {
    const { lines, log } = capture("pretty");
    log.child({ requestId: "r-1" }).info(requestLine, "graphql request");
    expect(lines).toHaveLength(1);
    const line = lines[0] ?? "";
    expect(line).toMatch(
      /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: \[r-1\] query\.whoServes graphql request \{"outcome":"ok","status":200,"ms":3,"statements":1\}\n$/,
    );
    // No colour codes into a file or buffer, and none of the fields said up front twice.
    expect(line).not.toContain("\u001b[");
    expect(line).not.toContain("requestId");
    expect(line).not.toContain("hostname");
  });

  it("pretty-prints lines without a request as time, level and message", () => {
    const { lines, log } = capture("pretty");
    log.warn("No JWT_SECRET or JWT_PUBLIC_KEY");
    expect(lines).toEqual([
      expect.stringMatching(/^\[[\d:.]+\] WARN: No JWT_SECRET or JWT_PUBLIC_KEY\n$/),
    ]);
  });

  it("keeps an error's stack in a pretty line", () => {
    const { lines, log } = capture("pretty");
    log.child({ requestId: "r-2" }).error({ err: new Error("boom") }, "Unexpected error");
    const text = lines.join("");
    expect(text).toContain("ERROR: [r-2] Unexpected error");
    expect(text).toContain("Error: boom");
    expect(text).toContain("logger.test.ts");
  });
});
