import jwt from "jsonwebtoken";
import type { AuthConfig } from "../../src/config";
import type { Db } from "../../src/db/database";
import { createLogger } from "../../src/logger";
import { resetGraph, startTestServer, testDb } from "../support/harness";
import type { GraphQLResponse, TestServer } from "../support/harness";

/**
 * Issue 17's findings 4, 5, 7 and 8, against a production-mode server: documents and variables
 * that cost the server before anything could refuse them, schema details in errors, token
 * lifetimes, echoed inputs and configured values, and /metrics behind its own token.
 */
const SECRET = "abuse-test-secret-0123456789abcdefghij";
const ISSUER = "https://login.example/abuse-issuer";
const AUDIENCE = "csp-graph-abuse-audience";
const METRICS_TOKEN = "metrics-token-0123456789abcdefghijklmn";
const AUTH: AuthConfig = {
  key: { algorithm: "HS256", secret: SECRET },
  issuer: ISSUER,
  audience: AUDIENCE,
  maxAgeSeconds: 3_600,
};
const sign = (claims: object, options: jwt.SignOptions = {}): string =>
  jwt.sign(claims, SECRET, { issuer: ISSUER, audience: AUDIENCE, expiresIn: "5m", ...options });
const ADMIN = sign({ sub: "admin-1", role: "ADMIN" });

const codeOf = (response: GraphQLResponse): unknown => response.errors?.[0]?.extensions?.code;

describe("abuse of a production-mode server", () => {
  let db: Db;
  let server: TestServer;
  const logLines: Record<string, unknown>[] = [];
  const logger = createLogger("info", {
    write: (line: string) => void logLines.push(JSON.parse(line) as Record<string, unknown>),
  });

  beforeAll(async () => {
    db = testDb();
    await resetGraph(db);
    server = await startTestServer(
      { demoData: true, production: true, auth: AUTH, metricsToken: METRICS_TOKEN },
      logger,
    );
  });

  afterAll(async () => {
    await server.stop();
    await db.close();
  });

  async function raw(body: object, bearer = ADMIN) {
    const response = await fetch(server.app.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${bearer}` },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, text, json: JSON.parse(text) as GraphQLResponse };
  }

  describe("finding 4: validation cost", () => {
    it("refuses a field repeated 1,240 times as QUERY_TOO_COMPLEX before validating it", async () => {
      const repeated = Array.from({ length: 1_240 }, () => "customers { totalCount }").join(" ");
      const response = await raw({ query: `{ partner(id: "P-100") { ${repeated} } }` });
      expect(response.status).toBe(400);
      expect(codeOf(response.json)).toBe("QUERY_TOO_COMPLEX");
      expect(response.json.errors?.[0]?.extensions).toMatchObject({
        kind: "fields",
        limit: 300,
        measured: 2_481,
      });
    });

    it("still serves an ordinary nested query", async () => {
      const response = await raw({
        query: `{ partner(id: "P-100") { id name resellers { id customers { totalCount } } } }`,
      });
      expect(response.json.errors).toBeUndefined();
    });
  });

  describe("finding 5: variables and subscriptions", () => {
    it("refuses variables nested 10,000 arrays deep as QUERY_TOO_COMPLEX, logging no error", async () => {
      const deep = "[".repeat(10_000) + "]".repeat(10_000);
      const before = logLines.filter((line) => line.level === 50).length;
      const response = await fetch(server.app.url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${ADMIN}` },
        body: `{"query":"query($f: Int) { partners(first: $f) { totalCount } }","variables":{"f":${deep}}}`,
      });
      const json = (await response.json()) as GraphQLResponse;
      expect(response.status).toBe(400);
      expect(codeOf(json)).toBe("QUERY_TOO_COMPLEX");
      expect(json.errors?.[0]?.extensions).toMatchObject({ kind: "variableDepth", limit: 10 });
      expect(logLines.filter((line) => line.level === 50).length).toBe(before);
    });

    it("answers a subscription with a coded error, not INTERNAL_SERVER_ERROR", async () => {
      const response = await raw({ query: "subscription { x }" });
      expect(codeOf(response.json)).toBe("BAD_USER_INPUT");
    });
  });

  describe("finding 7: schema details in errors", () => {
    it("gives no suggestions for a misspelt field or input field", async () => {
      const field = await raw({ query: `{ partnr(id: "P-100") { id } }` });
      expect(codeOf(field.json)).toBe("GRAPHQL_VALIDATION_FAILED");
      expect(field.text).not.toMatch(/Did you mean|"partner"/);
      const input = await raw({
        query: `query($input: EdgeInput!) { validateEdge(input: $input) { allowed } }`,
        variables: { input: { type: "SUPPLIES", from: "P-100", to: "P-200", workloda: "AZURE" } },
      });
      expect(codeOf(input.json)).toBe("BAD_USER_INPUT");
      expect(input.text).not.toMatch(/Did you mean|workload/);
    });
  });

  describe("finding 8: tokens, echoes and metrics", () => {
    it.each([
      [
        "an exp far beyond the longest lifetime",
        sign({ sub: "a", role: "ADMIN" }, { expiresIn: 10 ** 12 }),
      ],
      ["no iat", sign({ sub: "a", role: "ADMIN" }, { noTimestamp: true })],
      [
        "an iat in the future",
        sign({ sub: "a", role: "ADMIN", iat: Math.floor(Date.now() / 1000) + 3_600 }),
      ],
    ])("refuses a token with %s as UNAUTHENTICATED", async (_case, bad) => {
      const response = await raw({ query: "{ policyRules { id } }" }, bad);
      expect(response.status).toBe(401);
      expect(codeOf(response.json)).toBe("UNAUTHENTICATED");
    });

    it("does not quote the expected issuer or audience to a token that has others", async () => {
      const wrongIssuer = sign({ sub: "a", role: "ADMIN" }, { issuer: "https://evil.example" });
      const wrongAudience = sign({ sub: "a", role: "ADMIN" }, { audience: "other" });
      for (const bad of [wrongIssuer, wrongAudience]) {
        const response = await raw({ query: "{ policyRules { id } }" }, bad);
        expect(codeOf(response.json)).toBe("UNAUTHENTICATED");
        expect(response.text).not.toContain(ISSUER);
        expect(response.text).not.toContain(AUDIENCE);
      }
    });

    it("does not echo a long input back", async () => {
      const long = "x".repeat(900_000);
      const response = await raw({
        query: `query($input: EdgeInput!) { validateEdge(input: $input) { allowed } }`,
        variables: { input: { type: "SUPPLIES", from: "P-100", to: "P-200", state: long } },
      });
      expect(codeOf(response.json)).toBe("BAD_USER_INPUT");
      expect(response.text.length).toBeLessThan(5_000);
    });

    it("keeps /metrics behind METRICS_TOKEN when it is set", async () => {
      const metrics = server.app.url.replace(/\/graphql$/, "/metrics");
      expect((await fetch(metrics)).status).toBe(401);
      const wrong = await fetch(metrics, { headers: { authorization: `Bearer ${ADMIN}` } });
      expect(wrong.status).toBe(401);
      const right = await fetch(metrics, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(right.status).toBe(200);
      expect(await right.text()).toContain("csp_graph_requests_total");
    });
  });
});
