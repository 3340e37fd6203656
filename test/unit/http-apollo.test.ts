import http from "node:http";
import type { GraphQLResponse } from "@apollo/server";
import type { FormattedExecutionResult } from "graphql";
import { createApollo } from "../../src/http/apollo";
import { graphQLHandler } from "../../src/http/graphql-handler";
import type { HttpContext } from "../../src/http/request-record";
import { Metrics } from "../../src/metrics";
import {
  LIMITS,
  TEST_SCHEMA,
  capturedLogger,
  httpContext,
  serveOnLoopback,
} from "../support/http-parts";

function singleResult(response: GraphQLResponse): FormattedExecutionResult {
  if (response.body.kind !== "single") throw new Error("not a single result");
  return response.body.singleResult;
}

async function run(production: boolean, query: string): Promise<FormattedExecutionResult> {
  const apollo = createApollo<HttpContext>(TEST_SCHEMA, {
    production,
    limits: LIMITS,
    httpServer: http.createServer(),
  });
  try {
    const { logger } = capturedLogger();
    return singleResult(
      await apollo.executeOperation({ query }, { contextValue: httpContext(logger) }),
    );
  } finally {
    await apollo.stop();
  }
}

describe("createApollo", () => {
  it("turns introspection and schema suggestions off in production only", async () => {
    const introspection = "{ __schema { queryType { name } } }";
    expect((await run(true, introspection)).errors?.[0]?.extensions?.code).toBe(
      "GRAPHQL_VALIDATION_FAILED",
    );
    expect((await run(false, introspection)).data).toEqual({
      __schema: { queryType: { name: "Query" } },
    });
    expect(JSON.stringify((await run(true, "{ helo }")).errors)).not.toMatch(/Did you mean/);
    expect(JSON.stringify((await run(false, "{ helo }")).errors)).toMatch(/Did you mean/);
  });

  it("refuses an operation over the limits before it runs", async () => {
    const aliases = Array.from({ length: 31 }, (_, i) => `a${i}: counted`).join(" ");
    const result = await run(true, `{ ${aliases} }`);
    expect(result.errors?.[0]?.extensions?.code).toBe("QUERY_TOO_COMPLEX");
    expect(result.data).toBeUndefined();
  });

  it("drains its HTTP server on stop: a request in flight finishes, then the server closes", async () => {
    const server = http.createServer();
    const apollo = createApollo<HttpContext>(TEST_SCHEMA, {
      production: true,
      limits: LIMITS,
      httpServer: server,
    });
    await apollo.start();
    const { logger } = capturedLogger();
    const handle = graphQLHandler({
      apollo,
      limits: LIMITS,
      logger,
      tracing: null,
      metrics: new Metrics(() => true),
      createContext: (_req, request, bookmarks) => ({ request, bookmarks, idempotency: null }),
    });
    const served = await serveOnLoopback(
      (req, res) => void handle(req, res, new URL(req.url ?? "/", "http://localhost")),
      server,
    );
    const inFlight = fetch(`${served.base}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ slow }" }),
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await apollo.stop();
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ data: { slow: "late" } });
    expect(server.listening).toBe(false);
  });
});
