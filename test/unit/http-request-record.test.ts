import http from "node:http";
import type { ApolloServer, GraphQLResponse } from "@apollo/server";
import { getOperationAST, parse } from "graphql";
import type { FormattedExecutionResult } from "graphql";
import { createApollo } from "../../src/http/apollo";
import { errorsIn, finishRequest, operationLabel } from "../../src/http/request-record";
import type { HttpContext } from "../../src/http/request-record";
import { Metrics } from "../../src/metrics";
import { newRequestRecord } from "../../src/request-scope";
import { LIMITS, TEST_SCHEMA, capturedLogger, httpContext } from "../support/http-parts";

function singleResult(response: GraphQLResponse): FormattedExecutionResult {
  if (response.body.kind !== "single") throw new Error("not a single result");
  return response.body.singleResult;
}

const label = (query: string): string => {
  const operation = getOperationAST(parse(query));
  if (operation === null || operation === undefined) throw new Error("no operation");
  return operationLabel(operation);
};

describe("operationLabel", () => {
  it("names the operation by its type and first root field, never by its client-chosen name", () => {
    expect(label("query Mine { partners { id } customer { id } }")).toBe("query.partners");
    expect(label("mutation { createEdge(input: {}) { type } }")).toBe("mutation.createEdge");
    expect(label("{ ...F } fragment F on Query { hello }")).toBe("query.fragment");
  });
});

describe("errorsIn", () => {
  it("reads a response body's errors, and none from a body without them or that is not JSON", () => {
    const errors = [{ message: "no", extensions: { code: "BAD_REQUEST" } }];
    expect(errorsIn(JSON.stringify({ errors }))).toEqual(errors);
    expect(errorsIn(JSON.stringify({ data: {} }))).toEqual([]);
    expect(errorsIn("<html>")).toEqual([]);
  });
});

describe("finishRequest", () => {
  it("logs one line with the request's operation, outcome, status, time and statements, and counts it", async () => {
    const { logger, lines } = capturedLogger();
    const metrics = new Metrics(() => true);
    const record = newRequestRecord(logger, "finish-1");
    record.operation = "mutation.createEdge";
    record.stats.statements = 3;
    record.errors.push({
      message: "refused",
      extensions: { code: "POLICY_VIOLATION", violations: [{ rule: "DUPLICATE", message: "x" }] },
    });
    finishRequest(record, 200, metrics);
    expect(lines).toEqual([
      expect.objectContaining({
        msg: "graphql request",
        requestId: "finish-1",
        operation: "mutation.createEdge",
        outcome: "POLICY_VIOLATION",
        status: 200,
        statements: 3,
        ms: expect.any(Number),
      }),
    ]);
    const text = await metrics.render();
    expect(text).toMatch(
      /csp_graph_requests_total\{operation="mutation\.createEdge",outcome="POLICY_VIOLATION"\} 1/,
    );
    expect(text).toMatch(/csp_graph_cypher_statements_total\{operation="mutation\.createEdge"\} 3/);
    expect(text).toMatch(/csp_graph_policy_refusals_total\{rule="DUPLICATE"\} 1/);
  });
});

describe("requestRecordPlugin", () => {
  let apollo: ApolloServer<HttpContext>;

  beforeAll(async () => {
    apollo = createApollo<HttpContext>(TEST_SCHEMA, {
      production: false,
      limits: LIMITS,
      httpServer: http.createServer(),
    });
    await apollo.start();
  });

  afterAll(async () => {
    await apollo.stop();
  });

  it("names the operation on the record and reports the statements it ran", async () => {
    const { logger } = capturedLogger();
    const context = httpContext(logger);
    const response = await apollo.executeOperation(
      { query: "query Anything { counted(statements: 4) }" },
      { contextValue: context },
    );
    const result = singleResult(response);
    expect(result.data).toEqual({ counted: 4 });
    expect(context.request.operation).toBe("query.counted");
    expect(result.extensions).toEqual({ cypherStatements: 4, bookmark: ["FB:written-bookmark"] });
    expect(context.request.errors).toEqual([]);
  });

  it("reports no bookmark for a request that wrote nothing, and zero statements", async () => {
    const { logger } = capturedLogger();
    const response = await apollo.executeOperation(
      { query: "{ hello }" },
      { contextValue: httpContext(logger) },
    );
    expect(singleResult(response).extensions).toEqual({ cypherStatements: 0 });
  });

  it("records every error the client gets, as it gets it", async () => {
    const { logger } = capturedLogger();
    const context = httpContext(logger, "rec-9");
    const response = await apollo.executeOperation(
      { query: "{ boom missing }" },
      { contextValue: context },
    );
    const { errors } = singleResult(response);
    expect(errors).toHaveLength(2);
    expect(context.request.errors).toEqual(errors);
    expect(context.request.errors.map((error) => error.extensions?.requestId)).toContain("rec-9");
  });

  it("records a refusal of the limits, before anything runs", async () => {
    const { logger } = capturedLogger();
    const context = httpContext(logger);
    const aliases = Array.from({ length: 31 }, (_, i) => `a${i}: hello`).join(" ");
    await apollo.executeOperation({ query: `{ ${aliases} }` }, { contextValue: context });
    expect(context.request.errors[0]?.extensions).toEqual({
      code: "QUERY_TOO_COMPLEX",
      kind: "aliases",
      limit: 30,
      measured: 31,
    });
    expect(context.request.operation).toBe("query.hello");
  });
});
