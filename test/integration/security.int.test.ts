import jwt from "jsonwebtoken";
import { startApp } from "../../src/app";
import { ConfigError } from "../../src/config";
import type { AuthConfig } from "../../src/config";
import { Db } from "../../src/db/database";
import { createLogger } from "../../src/logger";
import { resetGraph, startTestServer, testConfig, testDb } from "../support/harness";
import type { GraphQLResponse, TestServer } from "../support/harness";

const SECRET = "security-test-secret-0123456789abcdef";
const AUTH: AuthConfig = {
  key: { algorithm: "HS256", secret: SECRET },
  issuer: "https://login.example/csp",
  audience: "csp-graph",
};
const token = (claims: object, expiresIn: jwt.SignOptions["expiresIn"] = "5m"): string =>
  jwt.sign(claims, SECRET, {
    expiresIn,
    issuer: "https://login.example/csp",
    audience: "csp-graph",
  });
const ADMIN = token({ sub: "admin-1", role: "ADMIN" });
const ANALYST = token({ sub: "analyst-1", role: "ANALYST" });
const PROVIDER = token({ sub: "contoso-ops", role: "PARTNER", partnerId: "P-100" });
const RESELLER = token({ sub: "northwind-ops", role: "PARTNER", partnerId: "P-200" });

const PARTNERS = `{ partners(first: 3) { totalCount edges { node { id } } } }`;
const UPSERT_PARTNER = `mutation($input: PartnerInput!) { upsertPartner(input: $input) { id name } }`;
const UPSERT_CUSTOMER = `mutation($input: CustomerInput!) { upsertCustomer(input: $input) { id } }`;
const UPSERT_TENANT = `mutation($input: TenantInput!) { upsertTenant(input: $input) { id } }`;
const CREATE = `mutation($input: EdgeInput!) { createEdge(input: $input) { type from to } }`;
const REMOVE = `mutation($input: EdgeKeyInput!) { removeEdge(input: $input) }`;
const VALIDATE = `query($input: EdgeInput!) { validateEdge(input: $input) { allowed violations { rule } } }`;
const SUPPLIES = { type: "SUPPLIES", from: "P-100", to: "P-200" };
const NEW_PARTNER = {
  id: "P-950",
  name: "Security Test Partner",
  role: "DIRECT_BILL",
  cloud: "PUBLIC",
  country: "US",
  markets: ["US"],
  mpaSigned: true,
};

const codeOf = (response: GraphQLResponse): unknown => response.errors?.[0]?.extensions?.code;

async function post(
  url: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; json: GraphQLResponse }> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
  const json = (await response.json()) as GraphQLResponse;
  return { status: response.status, headers: response.headers, json };
}

describe("security in production mode", () => {
  let db: Db;
  let server: TestServer;
  const logLines: Record<string, unknown>[] = [];
  const logger = createLogger("info", {
    write: (line: string) => void logLines.push(JSON.parse(line) as Record<string, unknown>),
  });

  beforeAll(async () => {
    db = testDb();
    await resetGraph(db);
    server = await startTestServer({ demoData: true, production: true, auth: AUTH }, logger);
  });

  afterAll(async () => {
    await server.stop();
    await db.close();
  });

  describe("authentication", () => {
    it("answers a request without a token with UNAUTHENTICATED and HTTP 401", async () => {
      const response = await post(server.app.url, JSON.stringify({ query: PARTNERS }));
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(response.json.data).toBeUndefined();
      expect(codeOf(response.json)).toBe("UNAUTHENTICATED");
    });

    it.each([
      ["an expired token", token({ sub: "a", role: "ADMIN" }, -120)],
      ["a token signed with another key", jwt.sign({ sub: "a", role: "ADMIN" }, "x".repeat(40))],
      ["a PARTNER token without partnerId", token({ sub: "p", role: "PARTNER" })],
    ])("refuses %s with UNAUTHENTICATED", async (_case, bad) => {
      const response = await server.gql(PARTNERS, {}, bad);
      expect(response.status).toBe(401);
      expect(codeOf(response)).toBe("UNAUTHENTICATED");
    });

    it("serves a request with a valid token", async () => {
      const response = await server.gql<{ partners: { totalCount: number } }>(PARTNERS, {}, ADMIN);
      expect(response.errors).toBeUndefined();
      expect(response.data?.partners.totalCount).toBe(11);
    });
  });

  describe("roles", () => {
    it("lets ANALYST read, audit and run dry runs", async () => {
      expect((await server.gql(PARTNERS, {}, ANALYST)).errors).toBeUndefined();
      const audit = await server.gql(`{ policyAudit(first: 5) { totalCount } }`, {}, ANALYST);
      expect(audit.errors).toBeUndefined();
      const dryRun = await server.gql(VALIDATE, { input: SUPPLIES }, ANALYST);
      expect(dryRun.errors).toBeUndefined();
    });

    it.each([
      ["upsertPartner", UPSERT_PARTNER, { input: NEW_PARTNER }],
      [
        "upsertCustomer",
        UPSERT_CUSTOMER,
        { input: { id: "C-950", name: "X", cloud: "PUBLIC", country: "US" } },
      ],
      ["createEdge", CREATE, { input: SUPPLIES }],
      ["removeEdge", REMOVE, { input: SUPPLIES }],
    ])("refuses ANALYST's %s with FORBIDDEN", async (_name, mutation, variables) => {
      const response = await server.gql(mutation, variables, ANALYST);
      expect(codeOf(response)).toBe("FORBIDDEN");
      expect(response.data).toBeNull();
    });

    it.each([
      ["upsertPartner", UPSERT_PARTNER, { input: NEW_PARTNER }],
      [
        "upsertTenant",
        UPSERT_TENANT,
        {
          input: {
            id: "6f1c1a52-7d4c-4a39-9a52-0c6d5e1f9a01",
            domain: "sec-test.onmicrosoft.com",
            purpose: "CSP",
            cloud: "PUBLIC",
            country: "US",
            ownerId: "P-100",
          },
        },
      ],
    ])("refuses a PARTNER's %s: nodes are ADMIN's", async (_name, mutation, variables) => {
      expect(codeOf(await server.gql(mutation, variables, PROVIDER))).toBe("FORBIDDEN");
    });

    it("refuses a PARTNER's createEdge and removeEdge from another partner with FORBIDDEN", async () => {
      expect(codeOf(await server.gql(CREATE, { input: SUPPLIES }, RESELLER))).toBe("FORBIDDEN");
      expect(codeOf(await server.gql(REMOVE, { input: SUPPLIES }, RESELLER))).toBe("FORBIDDEN");
    });

    it("lets a PARTNER write edges from itself, still under policy", async () => {
      // The provider's own SUPPLIES exists already: the policy, not the role, refuses it.
      const duplicate = await server.gql(CREATE, { input: SUPPLIES }, PROVIDER);
      expect(codeOf(duplicate)).toBe("POLICY_VIOLATION");
      const missing = await server.gql(
        REMOVE,
        { input: { type: "SUPPLIES", from: "P-100", to: "P-310" } },
        PROVIDER,
      );
      expect(missing.data).toEqual({ removeEdge: false });
    });

    it("lets ADMIN write nodes", async () => {
      const response = await server.gql(UPSERT_PARTNER, { input: NEW_PARTNER }, ADMIN);
      expect(response.errors).toBeUndefined();
      expect(response.data).toEqual({ upsertPartner: { id: "P-950", name: NEW_PARTNER.name } });
    });
  });

  describe("limits (the defaults), refused before anything runs", () => {
    const nestedResellers = (levels: number): string =>
      `{ partner(id: "P-100") { ${"resellers { ".repeat(levels - 2)}id${" }".repeat(levels - 2)} } }`;

    it.each([
      ["depth", nestedResellers(13), 12, 13],
      [
        "aliases",
        `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: partner(id: "P-100") { id }`).join(" ")} }`,
        30,
        31,
      ],
    ])("refuses %s over the limit as QUERY_TOO_COMPLEX", async (kind, query, limit, measured) => {
      const response = await server.gql(query, {}, ADMIN);
      expect(response.status).toBe(400);
      expect(response.data).toBeUndefined();
      expect(response.errors?.[0]?.extensions).toEqual({
        code: "QUERY_TOO_COMPLEX",
        kind,
        limit,
        measured,
      });
      expect(response.extensions?.cypherStatements ?? 0).toBe(0);
    });

    it("refuses tokens over the limit before parsing", async () => {
      const query = `{ partner(id: "P-100") { ${Array.from({ length: 5_000 }, () => "id").join(" ")} } }`;
      const response = await server.gql(query, {}, ADMIN);
      expect(response.status).toBe(400);
      expect(response.errors?.[0]?.extensions).toEqual({
        code: "QUERY_TOO_COMPLEX",
        kind: "tokens",
        limit: 5_000,
        measured: 5_010,
      });
    });

    it("refuses cost over the limit as QUERY_TOO_COMPLEX with the estimate", async () => {
      const query = `{ partners(first: 100) { edges { node { customers(first: 100) { edges { node {
        tenants { servedBy { partner { id } } } } } } } } } }`;
      const response = await server.gql(query, {}, ADMIN);
      expect(response.status).toBe(400);
      expect(response.errors?.[0]?.extensions).toMatchObject({
        code: "QUERY_TOO_COMPLEX",
        kind: "cost",
        limit: 500_000,
      });
      expect(response.errors?.[0]?.extensions?.measured).toBeGreaterThan(500_000);
      expect(response.extensions?.cypherStatements).toBe(0);
    });

    it("still refuses first over 100 and maxHops over 10 as BAD_USER_INPUT", async () => {
      const first = await server.gql(`{ partners(first: 101) { totalCount } }`, {}, ADMIN);
      expect(first.errors?.[0]?.extensions).toMatchObject({
        code: "BAD_USER_INPUT",
        field: "first",
      });
      const hops = await server.gql(
        `{ distributionChains(customerId: "C-100", maxHops: 11) { hops { type } } }`,
        {},
        ADMIN,
      );
      expect(hops.errors?.[0]?.extensions).toMatchObject({
        code: "BAD_USER_INPUT",
        field: "maxHops",
      });
    });

    it("answers a body over MAX_BODY_BYTES with 413 and a coded error", async () => {
      const body = JSON.stringify({ query: PARTNERS, variables: { pad: "x".repeat(1_100_000) } });
      const response = await post(server.app.url, body, { authorization: `Bearer ${ADMIN}` });
      expect(response.status).toBe(413);
      expect(response.json.errors?.[0]?.extensions).toEqual({
        code: "QUERY_TOO_COMPLEX",
        kind: "bodyBytes",
        limit: 1_000_000,
        measured: Buffer.byteLength(body),
      });
    });

    it("answers an oversized body sent without a length with 413 too", async () => {
      const chunk = new TextEncoder().encode(" ".repeat(64 * 1024));
      let sent = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent >= 20) controller.close();
          else controller.enqueue(chunk);
          sent += 1;
        },
      });
      const response = await fetch(server.app.url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${ADMIN}` },
        body: stream,
        duplex: "half",
      } as RequestInit);
      expect(response.status).toBe(413);
      const json = (await response.json()) as GraphQLResponse;
      expect(json.errors?.[0]?.extensions).toMatchObject({
        code: "QUERY_TOO_COMPLEX",
        kind: "bodyBytes",
      });
      expect(json.errors?.[0]?.extensions?.measured).toBeGreaterThan(1_000_000);
    });
  });

  describe("production hardening", () => {
    it("turns introspection off", async () => {
      for (const query of [
        `{ __schema { types { name } } }`,
        `{ __type(name: "Partner") { name } }`,
      ]) {
        const response = await server.gql(query, {}, ADMIN);
        expect(codeOf(response)).toBe("GRAPHQL_VALIDATION_FAILED");
        expect(response.data).toBeUndefined();
      }
    });

    it("serves no Sandbox landing page", async () => {
      const response = await fetch(server.app.url, { headers: { accept: "text/html" } });
      expect(response.headers.get("content-type") ?? "").not.toMatch(/text\/html/);
    });

    it("blocks a simple cross-site request (CSRF prevention)", async () => {
      const response = await fetch(`${server.app.url}?query=${encodeURIComponent(PARTNERS)}`, {
        headers: { authorization: `Bearer ${ADMIN}` },
      });
      expect(response.status).toBe(400);
      expect(await response.text()).toMatch(/Cross-Site Request Forgery/);
    });

    it("answers a request line over Node's header limit with a coded JSON error", async () => {
      const response = await fetch(`${server.app.url}?query=${"x".repeat(20_000)}`, {
        headers: { "apollo-require-preflight": "true" },
      });
      expect(response.status).toBe(431);
      const json = (await response.json()) as GraphQLResponse;
      expect(codeOf(json)).toBe("BAD_REQUEST");
    });

    it("refuses batched requests", async () => {
      const body = JSON.stringify([{ query: PARTNERS }, { query: PARTNERS }]);
      const response = await post(server.app.url, body, { authorization: `Bearer ${ADMIN}` });
      expect(response.status).toBe(400);
    });
  });

  describe("error masking", () => {
    it("answers an unexpected error as INTERNAL_SERVER_ERROR, without stack or driver text, logged with the request id", async () => {
      const failure = jest
        .spyOn(Db.prototype, "read")
        .mockRejectedValueOnce(new Error("Neo.DatabaseError.General.UnknownError: disk on fire"));
      try {
        const response = await post(
          server.app.url,
          JSON.stringify({ query: `{ partner(id: "P-100") { id } }` }),
          { authorization: `Bearer ${ADMIN}`, "x-request-id": "masking-test-1" },
        );
        const error = response.json.errors?.[0];
        expect(error?.message).toBe("Internal server error");
        expect(error?.extensions).toEqual({
          code: "INTERNAL_SERVER_ERROR",
          requestId: "masking-test-1",
        });
        expect(JSON.stringify(response.json)).not.toMatch(/disk on fire|Neo\.|stacktrace|\bat /);
        expect(response.headers.get("x-request-id")).toBe("masking-test-1");
        const logged = logLines.find(
          (line) => line.requestId === "masking-test-1" && line.level === 50,
        );
        expect(logged).toMatchObject({
          msg: "Unexpected error while serving a request",
          err: { message: "Neo.DatabaseError.General.UnknownError: disk on fire" },
        });
      } finally {
        failure.mockRestore();
      }
    });

    it("logs one JSON line per operation with its request id, operation and outcome", async () => {
      const response = await post(server.app.url, JSON.stringify({ query: PARTNERS }), {
        authorization: `Bearer ${ANALYST}`,
        "x-request-id": "log-line-test",
      });
      expect(response.status).toBe(200);
      expect(logLines).toContainEqual(
        expect.objectContaining({
          msg: "graphql request",
          requestId: "log-line-test",
          operation: "query.partners",
          outcome: "ok",
          status: 200,
          statements: expect.any(Number),
          ms: expect.any(Number),
        }),
      );
    });
  });

  describe("/metrics", () => {
    it("exposes requests by operation and outcome, latency, statements and refusals", async () => {
      const response = await fetch(server.app.url.replace("/graphql", "/metrics"));
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
      const text = await response.text();
      for (const series of [
        /csp_graph_requests_total\{operation="query\.partners",outcome="ok"\} \d+/,
        /csp_graph_requests_total\{operation="unknown",outcome="UNAUTHENTICATED"\} \d+/,
        /csp_graph_requests_total\{operation="mutation\.createEdge",outcome="FORBIDDEN"\} \d+/,
        /csp_graph_requests_total\{operation="query\.partner",outcome="QUERY_TOO_COMPLEX"\} \d+/,
        /csp_graph_request_duration_seconds_bucket\{le="0\.1",operation="query\.partners"\} \d+/,
        /csp_graph_cypher_statements_total\{operation="query\.partners"\} [1-9]\d*/,
        /csp_graph_policy_refusals_total\{rule="DUPLICATE"\} [1-9]/,
        /csp_graph_limit_refusals_total\{kind="depth"\} [1-9]/,
        /csp_graph_limit_refusals_total\{kind="bodyBytes"\} [1-9]/,
        /csp_graph_database_available 1/,
        /process_resident_memory_bytes \d+/,
      ]) {
        expect(text).toMatch(series);
      }
    });
  });
});

describe("the start rules", () => {
  it("refuses to start in production without a JWT key", async () => {
    const config = testConfig({
      production: true,
      auth: { key: null, issuer: null, audience: null },
    });
    await expect(startApp(config, () => undefined)).rejects.toThrow(ConfigError);
    await expect(startApp(config, () => undefined)).rejects.toThrow(/JWT_SECRET/);
  });

  it("serves everyone as an anonymous admin in development without a key, with a warning", async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger("info", {
      write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>),
    });
    const server = await startTestServer(
      { production: false, auth: { key: null, issuer: null, audience: null } },
      logger,
    );
    try {
      expect(lines).toContainEqual(
        expect.objectContaining({ level: 40, msg: expect.stringMatching(/anonymous ADMIN/) }),
      );
      const introspection = await server.gql(`{ __schema { queryType { name } } }`);
      expect(introspection.data).toEqual({ __schema: { queryType: { name: "Query" } } });
      const sandbox = await fetch(server.app.url, { headers: { accept: "text/html" } });
      expect(sandbox.headers.get("content-type")).toMatch(/text\/html/);
    } finally {
      await server.stop();
    }
  });
});
