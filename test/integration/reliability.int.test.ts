import neo4j from "neo4j-driver";
import type { Driver } from "neo4j-driver";
import type { Db } from "../../src/db/database";
import { writeEcosystem } from "../../src/db/ecosystem.writer";
import { QUERY_NAMES } from "../../src/db/queries";
import { formatProblems, parseEcosystem } from "../../src/interchange";
import { resetGraph, startTestServer, testDb } from "../support/harness";
import type { TestServer } from "../support/harness";

/** Busy answers, idempotency keys, bookmarks and readiness, on one server process. */

const tenantId = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const T1 = tenantId(1);
const T2 = tenantId(2);
const T3 = tenantId(3);

function ecosystem() {
  const tenants = [1, 2, 3].map((n) => ({
    id: tenantId(n),
    domain: `reliable-${n}.onmicrosoft.com`,
    purpose: "CUSTOMER",
    cloud: "PUBLIC",
    country: "US",
    ownerId: `C-${n}`,
  }));
  const { doc, problems } = parseEcosystem({
    partners: [
      {
        id: "D1",
        name: "Direct One",
        role: "DIRECT_BILL",
        cloud: "PUBLIC",
        country: "US",
        markets: ["US"],
        mpaSigned: true,
      },
    ],
    customers: [1, 2, 3].map((n) => ({
      id: `C-${n}`,
      name: `Customer ${n}`,
      cloud: "PUBLIC",
      country: "US",
    })),
    tenants,
    edges: [],
  });
  if (problems.length > 0) throw new Error(formatProblems(problems));
  return doc;
}

const CREATE = `mutation($input: EdgeInput!) { createEdge(input: $input) { type from to warnings { rule } } }`;
const REMOVE = `mutation($input: EdgeKeyInput!) { removeEdge(input: $input) }`;
const READ = `query($id: ID!) { tenant(id: $id) { servedBy { partner { id } relation } } }`;

interface Answer {
  status: number;
  headers: Headers;
  body: {
    data?: Record<string, unknown> | null;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
    extensions?: Record<string, unknown>;
  };
}

describe("reliability on one server", () => {
  let db: Db;
  let driver: Driver;
  let server: TestServer;

  async function post(
    query: string,
    variables: Record<string, unknown>,
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    const response = await fetch(server.app.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return {
      status: response.status,
      headers: response.headers,
      body: (await response.json()) as Answer["body"],
    };
  }

  async function edgesInto(tenant: string): Promise<number> {
    const result = await driver.executeQuery(
      "MATCH (:Partner {id: 'D1'})-[r:RESELLS_FOR]->(:Tenant {id: $tenant}) RETURN count(r) AS n",
      { tenant },
      { database: "neo4j" },
    );
    return Number(result.records[0]?.get("n"));
  }

  const resells = (to: string) => ({ input: { type: "RESELLS_FOR", from: "D1", to } });

  beforeAll(async () => {
    db = testDb();
    await resetGraph(db);
    await db.applySchema();
    await writeEcosystem(db, ecosystem());
    driver = neo4j.driver(process.env.NEO4J_URI ?? "", undefined, {
      disableLosslessIntegers: true,
    });
    server = await startTestServer({ writeWaitMs: 300 });
  });

  afterAll(async () => {
    await server?.stop();
    await driver?.close();
    await db?.close();
  });

  describe("a write that cannot get its turn", () => {
    it("is answered SERVER_BUSY with HTTP 503 and Retry-After, while writes on the same partner's other tenants go on", async () => {
      // Another process holds tenant T1's lock in Neo4j: the first write waits there, holding
      // this server's turn at T1; the second waits for that turn and gives up.
      const session = driver.session({ database: "neo4j" });
      const holder = await session.beginTransaction();
      try {
        await holder.run("MATCH (t:Tenant {id: $id}) SET t._lock = true REMOVE t._lock", {
          id: T1,
        });
        const first = post(CREATE, resells(T1));
        await new Promise((resolve) => setTimeout(resolve, 100));
        const started = Date.now();
        const second = await post(CREATE, resells(T1));
        expect(second.status).toBe(503);
        expect(second.headers.get("retry-after")).toBe("1");
        expect(second.body.errors?.[0]?.extensions?.code).toBe("SERVER_BUSY");
        expect(Date.now() - started).toBeLessThan(5_000);
        // The same provider into another tenant shares no lock with the blocked write.
        const other = await post(CREATE, resells(T2));
        expect(other.body.errors).toBeUndefined();
        await holder.rollback();
        const landed = await first;
        expect(landed.body.errors).toBeUndefined();
      } finally {
        await session.close();
      }
      expect(await edgesInto(T1)).toBe(1);
      const metrics = await (await fetch(server.app.url.replace(/graphql$/, "metrics"))).text();
      expect(metrics).toMatch(/csp_graph_busy_refusals_total\{operation="mutation.createEdge"\} 1/);
    });
  });

  describe("Idempotency-Key", () => {
    it("answers a retry with the original answer and writes once", async () => {
      const headers = { "idempotency-key": "retry-1" };
      const first = await post(CREATE, resells(T3), headers);
      expect(first.body.errors).toBeUndefined();
      expect(first.headers.get("idempotent-replayed")).toBeNull();
      const retry = await post(CREATE, resells(T3), headers);
      expect(retry.body.errors).toBeUndefined();
      expect(retry.body.data).toEqual(first.body.data);
      expect(retry.headers.get("idempotent-replayed")).toBe("true");
      expect(await edgesInto(T3)).toBe(1);
      // Without the key, the same request is someone else's duplicate.
      const unkeyed = await post(CREATE, resells(T3));
      expect(unkeyed.body.errors?.[0]?.extensions?.violations).toEqual([
        expect.objectContaining({ rule: "DUPLICATE" }),
      ]);
    });

    it("refuses the same key with another input with IDEMPOTENCY_KEY_REUSED and writes nothing", async () => {
      const headers = { "idempotency-key": "retry-2" };
      const removed = await post(
        REMOVE,
        { input: { type: "RESELLS_FOR", from: "D1", to: T3 } },
        headers,
      );
      expect(removed.body.data).toEqual({ removeEdge: true });
      const other = await post(CREATE, resells(T3), headers);
      expect(other.status).toBe(422);
      expect(other.body.errors?.[0]?.extensions?.code).toBe("IDEMPOTENCY_KEY_REUSED");
      expect(await edgesInto(T3)).toBe(0);
    });

    it("replays a refusal as it was, even once the edge would pass", async () => {
      const headers = { "idempotency-key": "retry-3" };
      await post(CREATE, resells(T3));
      const refused = await post(CREATE, resells(T3), headers);
      expect(refused.body.errors?.[0]?.extensions?.code).toBe("POLICY_VIOLATION");
      await post(REMOVE, { input: { type: "RESELLS_FOR", from: "D1", to: T3 } });
      const retry = await post(CREATE, resells(T3), headers);
      expect(retry.body.errors?.[0]?.extensions?.violations).toEqual(
        refused.body.errors?.[0]?.extensions?.violations,
      );
      expect(retry.headers.get("idempotent-replayed")).toBe("true");
      expect(await edgesInto(T3)).toBe(0);
    });

    it("refuses a malformed key with BAD_USER_INPUT", async () => {
      const response = await post(CREATE, resells(T3), { "idempotency-key": "x".repeat(300) });
      expect(response.status).toBe(400);
      expect(response.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    });
  });

  describe("bookmarks", () => {
    it("hands out a write's bookmark in a header and the extensions, and serves a read that waits for it", async () => {
      const written = await post(CREATE, resells(T3));
      expect(written.body.errors).toBeUndefined();
      const bookmark = written.headers.get("neo4j-bookmark");
      expect(bookmark).toMatch(/\S/);
      expect(written.body.extensions?.bookmark).toEqual([bookmark]);
      const read = await post(READ, { id: T3 }, { "neo4j-bookmark": bookmark ?? "" });
      expect(read.body.errors).toBeUndefined();
      expect(read.body.data).toEqual({
        tenant: { servedBy: [{ partner: { id: "D1" }, relation: "RESELLS_FOR" }] },
      });
      // A read writes nothing, so it hands out no bookmark.
      expect(read.headers.get("neo4j-bookmark")).toBeNull();
      expect(read.body.extensions?.bookmark).toBeUndefined();
    });

    it("refuses a bookmark this database did not issue with BAD_USER_INPUT", async () => {
      const malformed = await post(READ, { id: T3 }, { "neo4j-bookmark": "not a bookmark!" });
      expect(malformed.status).toBe(400);
      expect(malformed.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      const foreign = await post(READ, { id: T3 }, { "neo4j-bookmark": "FB:nonsense" });
      expect(foreign.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    });
  });

  describe("readiness", () => {
    it("plans every registry statement without an error", async () => {
      expect(await db.warm()).toBeGreaterThanOrEqual(QUERY_NAMES.length);
    });

    it("answers /livez at once and /health only once the statements are planned", async () => {
      const warming = await startTestServer({ warmPlans: true });
      try {
        const base = warming.app.url.replace(/\/graphql$/, "");
        const live = await fetch(`${base}/livez`);
        expect(live.status).toBe(200);
        const seen: string[] = [];
        for (let i = 0; i < 240; i++) {
          const health = await fetch(`${base}/health`);
          const body = (await health.json()) as { status: string };
          seen.push(`${health.status} ${body.status}`);
          if (health.status === 200) break;
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
        expect(seen.at(-1)).toBe("200 ok");
        expect(seen.every((entry) => ["503 warming", "200 ok"].includes(entry))).toBe(true);
      } finally {
        await warming.stop();
      }
    });
  });

  it("judges an edge whose lock key is longer than Neo4j can index (a 20,000-character subscription id)", async () => {
    const answer = await post(CREATE, {
      input: {
        type: "PROVISIONS",
        from: "D1",
        to: T2,
        subscriptionId: "s".repeat(20_000),
        workload: "AZURE",
        billing: "USAGE",
        channel: "CSP",
      },
    });
    expect(answer.status).toBe(200);
    const code = answer.body.errors?.[0]?.extensions?.code;
    expect(code === undefined || code === "POLICY_VIOLATION").toBe(true);
  });
});
