import http from "node:http";
import type { ApolloServer } from "@apollo/server";
import { ANONYMOUS_ADMIN } from "../../src/auth/principal";
import { UnauthenticatedError } from "../../src/errors";
import { createApollo } from "../../src/http/apollo";
import { graphQLHandler } from "../../src/http/graphql-handler";
import type { ContextFactory } from "../../src/http/graphql-handler";
import type { HttpContext } from "../../src/http/request-record";
import { idempotencyScope } from "../../src/idempotency";
import { Metrics } from "../../src/metrics";
import {
  DRIVER_TEXT,
  LIMITS,
  TEST_SCHEMA,
  capturedLogger,
  serveOnLoopback,
} from "../support/http-parts";

/**
 * The GraphQL handler on a loopback server with the real Apollo configuration, over a schema
 * with no database; `contextFailure` makes the next contexts fail as a bad token would.
 */
describe("graphQLHandler", () => {
  const limits = { ...LIMITS, maxBodyBytes: 15_000 };
  const { logger, lines } = capturedLogger();
  const metrics = new Metrics(() => true);
  let contextFailure: Error | null = null;
  let replay = false;
  const createContext: ContextFactory<HttpContext> = (_req, record, bookmarks) => {
    if (contextFailure !== null) throw contextFailure;
    const idempotency = idempotencyScope("key-1", ANONYMOUS_ADMIN);
    if (replay) idempotency?.claim("query.hello", {}).onReplay?.();
    return { request: record, bookmarks, idempotency };
  };
  let apollo: ApolloServer<HttpContext>;
  let served: Awaited<ReturnType<typeof serveOnLoopback>>;
  let url: string;

  beforeAll(async () => {
    const server = http.createServer();
    apollo = createApollo<HttpContext>(TEST_SCHEMA, {
      production: true,
      limits,
      httpServer: server,
    });
    await apollo.start();
    const handle = graphQLHandler({
      apollo,
      limits,
      logger,
      tracing: null,
      metrics,
      createContext,
    });
    served = await serveOnLoopback(
      (req, res) => void handle(req, res, new URL(req.url ?? "/", "http://localhost")),
      server,
    );
    url = `${served.base}/graphql`;
  });

  afterEach(() => {
    contextFailure = null;
    replay = false;
  });

  afterAll(async () => {
    await apollo.stop();
  });

  async function post(body: string, headers: Record<string, string> = {}) {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body,
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, json: JSON.parse(text) as never };
  }

  const requestLine = (requestId: string): Record<string, unknown> | undefined =>
    lines.find((line) => line.requestId === requestId && line.msg === "graphql request");

  it("answers with the client's request id and logs one line for the request", async () => {
    const answer = await post(JSON.stringify({ query: "{ counted }" }), { "x-request-id": "h-1" });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("x-request-id")).toBe("h-1");
    expect(answer.json).toEqual({
      data: { counted: 1 },
      extensions: { cypherStatements: 1, bookmark: ["FB:written-bookmark"] },
    });
    expect(requestLine("h-1")).toMatchObject({
      operation: "query.counted",
      outcome: "ok",
      status: 200,
      statements: 1,
    });
  });

  it("hands a write's bookmark out in its header", async () => {
    const answer = await post(JSON.stringify({ query: "{ counted }" }));
    expect(answer.headers.get("neo4j-bookmark")).toBe("FB:written-bookmark");
    const read = await post(JSON.stringify({ query: "{ hello }" }));
    expect(read.headers.get("neo4j-bookmark")).toBeNull();
  });

  it("says when a write answered from its Idempotency-Key's stored answer", async () => {
    expect(
      (await post(JSON.stringify({ query: "{ hello }" }))).headers.get("idempotent-replayed"),
    ).toBeNull();
    replay = true;
    const replayed = await post(JSON.stringify({ query: "{ hello }" }));
    expect(replayed.headers.get("idempotent-replayed")).toBe("true");
  });

  it("gives its own request id to a client that sent none, or one it would not log", async () => {
    const none = await post(JSON.stringify({ query: "{ hello }" }));
    expect(none.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const odd = await post(JSON.stringify({ query: "{ hello }" }), { "x-request-id": "a b" });
    expect(odd.headers.get("x-request-id")).not.toBe("a b");
  });

  it.each([
    [
      "a body over the limit",
      JSON.stringify({ query: "{ hello }", variables: { pad: "x".repeat(20_000) } }),
      {},
      413,
      "QUERY_TOO_COMPLEX",
    ],
    ["malformed JSON", '{"query": ', {}, 400, "BAD_REQUEST"],
    [
      "a document over the token limit",
      JSON.stringify({ query: `{ ${Array.from({ length: 5_000 }, () => "a").join(" ")} }` }),
      {},
      400,
      "QUERY_TOO_COMPLEX",
    ],
    [
      "a malformed bookmark",
      JSON.stringify({ query: "{ hello }" }),
      { "neo4j-bookmark": "not a bookmark!" },
      400,
      "BAD_USER_INPUT",
    ],
  ])("refuses %s before Apollo, and records it", async (_case, body, headers, status, code) => {
    const requestId = `refused-${status}-${code}`;
    const answer = await post(body, { ...headers, "x-request-id": requestId });
    expect(answer.status).toBe(status);
    const json = answer.json as { errors: { extensions: Record<string, unknown> }[] };
    expect(json.errors).toHaveLength(1);
    expect(json.errors[0]?.extensions.code).toBe(code);
    expect(json.errors[0]?.extensions).not.toHaveProperty("http");
    expect(requestLine(requestId)).toMatchObject({ outcome: code, status, statements: 0 });
  });

  it("closes the connection after refusing a body over the limit", async () => {
    const body = JSON.stringify({ pad: "x".repeat(20_000) });
    const headers = await new Promise<http.IncomingHttpHeaders>((resolve, reject) => {
      const request = http.request(url, { method: "POST" }, (response) => {
        response.resume();
        resolve(response.headers);
      });
      request.on("error", reject);
      request.setHeader("content-type", "application/json");
      request.end(body);
    });
    expect(headers.connection).toBe("close");
  });

  it("answers a refused token with Apollo's status and headers, logging no error", async () => {
    contextFailure = new UnauthenticatedError("send an Authorization: Bearer <token> header");
    const errorsBefore = lines.filter((line) => line.level === 50).length;
    const answer = await post(JSON.stringify({ query: "{ hello }" }), { "x-request-id": "h-401" });
    expect(answer.status).toBe(401);
    expect(answer.headers.get("www-authenticate")).toBe('Bearer realm="csp-graph"');
    expect(requestLine("h-401")).toMatchObject({
      operation: "unknown",
      outcome: "UNAUTHENTICATED",
    });
    expect(lines.filter((line) => line.level === 50)).toHaveLength(errorsBefore);
  });

  it("masks an unexpected failure of the context, logged and answered with the request id", async () => {
    contextFailure = new TypeError(DRIVER_TEXT);
    const answer = await post(JSON.stringify({ query: "{ hello }" }), { "x-request-id": "h-500" });
    expect(answer.status).toBe(500);
    expect(answer.json).toEqual({
      errors: [
        {
          message: "Internal server error",
          extensions: { code: "INTERNAL_SERVER_ERROR", requestId: "h-500" },
        },
      ],
    });
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 50,
        requestId: "h-500",
        msg: "Unexpected error while serving a request",
        err: expect.objectContaining({ message: DRIVER_TEXT }),
      }),
    );
    expect(requestLine("h-500")).toMatchObject({ outcome: "INTERNAL_SERVER_ERROR", status: 500 });
  });

  it("masks a resolver's unexpected error with the request id the header carries", async () => {
    const answer = await post(JSON.stringify({ query: "{ boom }" }), { "x-request-id": "h-boom" });
    expect(answer.json).toEqual({
      data: { boom: null },
      errors: [
        {
          message: "Internal server error",
          path: ["boom"],
          locations: [{ line: 1, column: 3 }],
          extensions: { code: "INTERNAL_SERVER_ERROR", requestId: "h-boom" },
        },
      ],
      extensions: { cypherStatements: 0 },
    });
    expect(JSON.stringify(answer.json)).not.toContain("Neo.");
    expect(requestLine("h-boom")).toMatchObject({ outcome: "INTERNAL_SERVER_ERROR", status: 200 });
  });

  it("records a refusal Apollo answers before its pipeline (CSRF prevention)", async () => {
    const answer = await fetch(`${url}?query=${encodeURIComponent("{ hello }")}`, {
      headers: { "x-request-id": "h-csrf" },
    });
    expect(answer.status).toBe(400);
    expect(requestLine("h-csrf")).toMatchObject({ outcome: "BAD_REQUEST", status: 400 });
  });

  it("counts each request in the metrics", async () => {
    const text = await metrics.render();
    expect(text).toMatch(
      /csp_graph_requests_total\{operation="query\.counted",outcome="ok"\} [1-9]/,
    );
    expect(text).toMatch(/csp_graph_limit_refusals_total\{kind="bodyBytes"\} [1-9]/);
    expect(text).toMatch(
      /csp_graph_requests_total\{operation="unknown",outcome="UNAUTHENTICATED"\} 1/,
    );
  });
});
