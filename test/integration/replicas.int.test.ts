import neo4j from "neo4j-driver";
import type { Driver } from "neo4j-driver";
import type { Db } from "../../src/db/database";
import { writeEcosystem } from "../../src/db/ecosystem.writer";
import { parseEcosystem, formatProblems } from "../../src/interchange";
import { resetGraph, testDb } from "../support/harness";
import { buildDist } from "../support/cli";
import { startReplicas } from "../support/replicas";
import type { ReplicaResponse, Replicas } from "../support/replicas";

/**
 * Every rule exact under concurrency: writers race over three server processes on the one test
 * Neo4j, round after round, and each round's outcome must be one that some serial order of the
 * same requests gives. The locks are in src/policy/locks.ts.
 */

const ROUNDS = 10;
const REPLICAS = 3;

const tenantId = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const partner = (id: string, role: string) => ({
  id,
  name: `Partner ${id}`,
  role,
  cloud: "PUBLIC",
  country: "US",
  markets: ["US"],
  mpaSigned: true,
});

const DIRECT = ["D1", "D2", "D3", "D4"];
/** Tenants 1–4: DIRECT[k] resells to tenant k+1 (the subscription race). */
const OWN_TENANT = (k: number): string => tenantId(k + 1);
/** Tenants 5 and 6: every direct-bill partner resells to both (the workload overlap race). */
const SHARED_TENANTS = [tenantId(5), tenantId(6)];
/** Tenants 7–16: one per round, for the duplicate and removal races. */
const ROUND_TENANT = (round: number): string => tenantId(7 + round);

function ecosystem() {
  const tenants = Array.from({ length: 16 }, (_, i) => ({
    id: tenantId(i + 1),
    domain: `race-${i + 1}.onmicrosoft.com`,
    purpose: "CUSTOMER",
    cloud: "PUBLIC",
    country: "US",
    ownerId: `C-${i + 1}`,
  }));
  const customers = tenants.map((_, i) => ({
    id: `C-${i + 1}`,
    name: `Customer ${i + 1}`,
    cloud: "PUBLIC",
    country: "US",
  }));
  const rounds = Array.from({ length: ROUNDS }, (_, round) => round);
  const partners = [
    ...DIRECT.map((id) => partner(id, "DIRECT_BILL")),
    partner("V", "INDIRECT_PROVIDER"),
    // R<n>: resellers V supplies; S<n>: resellers nobody supplies yet; E<n>: partners without tenants.
    ...rounds.map((round) => partner(`R${round}`, "INDIRECT_RESELLER")),
    ...rounds.map((round) => partner(`S${round}`, "INDIRECT_RESELLER")),
    ...rounds.map((round) => partner(`E${round}`, "DIRECT_BILL")),
  ];
  const edges = [
    ...DIRECT.map((from, k) => ({ type: "RESELLS_FOR", from, to: OWN_TENANT(k), state: "ACTIVE" })),
    ...DIRECT.flatMap((from) =>
      SHARED_TENANTS.map((to) => ({ type: "RESELLS_FOR", from, to, state: "ACTIVE" })),
    ),
    ...rounds.map((round) => ({ type: "SUPPLIES", from: "V", to: `R${round}`, state: "ACTIVE" })),
  ];
  const { doc, problems } = parseEcosystem({ partners, customers, tenants, edges });
  if (problems.length > 0) throw new Error(formatProblems(problems));
  return doc;
}

const CREATE = `mutation($input: EdgeInput!) { createEdge(input: $input) { type from to warnings { rule } } }`;
const REMOVE = `mutation($input: EdgeKeyInput!) { removeEdge(input: $input) }`;
const UPSERT_TENANT = `mutation($input: TenantInput!) { upsertTenant(input: $input) { id } }`;
const AUDIT = `{ policyAudit(first: 100) { edges { node { rule edge { type from to } } } } }`;

const codeOf = (response: ReplicaResponse): unknown => response.errors?.[0]?.extensions?.code;
/** The refusal's rules, or its code and message when it is no policy refusal. */
const rulesOf = (response: ReplicaResponse): string[] =>
  codeOf(response) === "POLICY_VIOLATION"
    ? ((response.errors?.[0]?.extensions?.violations ?? []) as { rule: string }[]).map(
        (v) => v.rule,
      )
    : [`${String(codeOf(response))}: ${response.errors?.[0]?.message ?? ""}`];
const landed = (responses: ReplicaResponse[]): ReplicaResponse[] =>
  responses.filter((response) => response.errors === undefined);

describe("writers racing over three server processes", () => {
  let db: Db;
  let driver: Driver;
  let replicas: Replicas;

  /** Counts straight from Neo4j, not through any server. */
  async function count(cypher: string, params: Record<string, unknown>): Promise<number> {
    const result = await driver.executeQuery(cypher, params, { database: "neo4j" });
    return Number(result.records[0]?.get("n"));
  }

  /** The same requests at once, spread over the replicas in turn. */
  function race(requests: [string, Record<string, unknown>][]): Promise<ReplicaResponse[]> {
    return Promise.all(requests.map(([query, variables], i) => replicas.gql(i, query, variables)));
  }

  beforeAll(async () => {
    buildDist();
    db = testDb();
    await resetGraph(db);
    await db.applySchema();
    await writeEcosystem(db, ecosystem());
    driver = neo4j.driver(process.env.NEO4J_URI ?? "", undefined, {
      disableLosslessIntegers: true,
    });
    replicas = await startReplicas(REPLICAS);
    // A compile and three server starts on a machine shared with other test runs.
  }, 300_000);

  afterAll(async () => {
    await replicas?.stop();
    await driver?.close();
    await db?.close();
  });

  it("lands at most one PROVISIONS of one licence subscription raced into different tenants by 2 to 4 partners", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const subscriptionId = `race-licence-${round}`;
      const racers = DIRECT.slice(0, 2 + (round % 3));
      const responses = await race(
        racers.map((from, k) => [
          CREATE,
          {
            input: {
              type: "PROVISIONS",
              from,
              to: OWN_TENANT(k),
              subscriptionId,
              workload: "MICROSOFT_365",
              billing: "LICENSE",
              channel: "CSP",
              termEnd: "2031-01-31",
            },
          },
        ]),
      );
      // The first to get the subscription's lock lands (nothing else refuses it); every other
      // one is refused by the rule that keeps a subscription with its holder (today the licence
      // lock, which looks at every tenant; with SUBSCRIPTION_TENANT, that rule).
      expect(landed(responses)).toHaveLength(1);
      for (const refused of responses.filter((response) => response.errors !== undefined)) {
        expect(codeOf(refused)).toBe("POLICY_VIOLATION");
      }
      const stored = await count(
        "MATCH ()-[p:PROVISIONS {subscriptionId: $subscriptionId}]->() RETURN count(p) AS n",
        { subscriptionId },
      );
      expect(stored).toBe(1);
    }
  });

  it("lands exactly one of 12 identical PROVISIONS, RESELLS_FOR and SUPPLIES each; the rest are DUPLICATE", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const inputs = [
        {
          type: "PROVISIONS",
          from: "D1",
          to: OWN_TENANT(0),
          subscriptionId: `race-dup-${round}`,
          workload: "AZURE",
          billing: "USAGE",
          channel: "CSP",
        },
        { type: "RESELLS_FOR", from: "D1", to: ROUND_TENANT(round), state: "ACTIVE" },
        { type: "SUPPLIES", from: "V", to: `S${round}`, state: "PENDING" },
      ];
      for (const input of inputs) {
        const responses = await race(Array.from({ length: 12 }, () => [CREATE, { input }]));
        expect(landed(responses)).toHaveLength(1);
        for (const refused of responses.filter((response) => response.errors !== undefined)) {
          expect(rulesOf(refused)).toEqual(["DUPLICATE"]);
        }
      }
      const stored = await count(
        `MATCH (d1:Partner {id: 'D1'}), (v:Partner {id: 'V'})
         RETURN COUNT { (d1)-[:PROVISIONS {subscriptionId: $sub}]->() }
              + COUNT { (d1)-[:RESELLS_FOR]->(:Tenant {id: $tenant}) }
              + COUNT { (v)-[:SUPPLIES]->(:Partner {id: $reseller}) } AS n`,
        { sub: `race-dup-${round}`, tenant: ROUND_TENANT(round), reseller: `S${round}` },
      );
      expect(stored).toBe(3);
    }
  });

  it("warns of a workload overlap to every partner but the first when 2 to 4 serve one tenant's workload at once", async () => {
    const workloads = ["AZURE", "MICROSOFT_365", "OFFICE_365", "DYNAMICS_365", "OTHER"];
    for (let round = 0; round < ROUNDS; round++) {
      const to = SHARED_TENANTS[round % 2];
      const workload = workloads[Math.floor(round / 2)];
      const racers = DIRECT.slice(0, 2 + (round % 3));
      const responses = await race(
        racers.map((from) => [
          CREATE,
          { input: { type: "SERVES_WORKLOAD", from, to, workload, role: "MANAGE" } },
        ]),
      );
      expect(landed(responses)).toHaveLength(racers.length);
      const warned = responses.map((response) =>
        (
          (response.data?.createEdge as { warnings: { rule: string }[] } | undefined)?.warnings ??
          []
        ).some((warning) => warning.rule === "WORKLOAD_OVERLAP"),
      );
      // Whoever came first saw nobody else; everyone after saw it.
      expect(warned.filter((overlap) => !overlap)).toHaveLength(1);
    }
  });

  it("keeps removals and re-creations of one edge in one order: it is stored once or not at all", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const input = { type: "RESELLS_FOR", from: "D3", to: ROUND_TENANT(round), state: "ACTIVE" };
      const key = { type: "RESELLS_FOR", from: "D3", to: ROUND_TENANT(round) };
      expect(landed([await replicas.gql(round, CREATE, { input })])).toHaveLength(1);
      const requests: [string, Record<string, unknown>][] = [
        [CREATE, { input }],
        [REMOVE, { input: key }],
        [CREATE, { input }],
        [REMOVE, { input: key }],
        [CREATE, { input }],
      ];
      const responses = await race(requests);
      const created = responses.filter(
        (response, i) => requests[i]?.[0] === CREATE && response.errors === undefined,
      ).length;
      const removed = responses.filter((response) => response.data?.removeEdge === true).length;
      for (const response of responses.filter((r) => r.errors !== undefined)) {
        expect(rulesOf(response)).toEqual(["DUPLICATE"]);
      }
      const stored = await count(
        "MATCH (:Partner {id: 'D3'})-[r:RESELLS_FOR]->(:Tenant {id: $to}) RETURN count(r) AS n",
        { to: ROUND_TENANT(round) },
      );
      expect(stored).toBeLessThanOrEqual(1);
      // In any serial order of these requests, starting from the edge stored once, each landed
      // creation follows a removal and each removal that found the edge follows a creation.
      expect(1 + created - removed).toBe(stored);
    }
  });

  it("flags every edge that landed after the SUPPLIES it leans on was removed at the same time", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const reseller = `R${round}`;
      const to = ROUND_TENANT(round);
      const [removal, ...creations] = await race([
        [REMOVE, { input: { type: "SUPPLIES", from: "V", to: reseller } }],
        [CREATE, { input: { type: "RESELLS_FOR", from: reseller, to, via: "V", state: "ACTIVE" } }],
        [CREATE, { input: { type: "RESELLS_FOR", from: reseller, to, via: "V", state: "ACTIVE" } }],
      ]);
      expect(removal?.data).toEqual({ removeEdge: true });
      // One creation saw the SUPPLIES (landed) or saw it gone (refused); never both landed.
      expect(landed(creations).length).toBeLessThanOrEqual(1);
      for (const refused of creations.filter((response) => response.errors !== undefined)) {
        expect(
          rulesOf(refused).some((rule) => ["DUPLICATE", "RESELLER_NEEDS_PROVIDER"].includes(rule)),
        ).toBe(true);
      }
      const audit = await replicas.gql<{
        policyAudit: { edges: { node: { rule: string; edge: { type: string; from: string } } }[] };
      }>(round, AUDIT);
      const flagged = (audit.data?.policyAudit.edges ?? []).filter(
        ({ node }) => node.rule === "RESELLER_NEEDS_PROVIDER" && node.edge.from === reseller,
      );
      expect(flagged).toHaveLength(landed(creations).length);
    }
  });

  it("gives a partner one CSP tenant when 3 upserts race to make it", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const owner = `E${round}`;
      const responses = await race(
        [0, 1, 2].map((k) => [
          UPSERT_TENANT,
          {
            input: {
              id: tenantId(1000 + round * 10 + k),
              domain: `e${round}-${k}.onmicrosoft.com`,
              purpose: "CSP",
              cloud: "PUBLIC",
              country: "US",
              ownerId: owner,
            },
          },
        ]),
      );
      expect(landed(responses)).toHaveLength(1);
      for (const refused of responses.filter((response) => response.errors !== undefined)) {
        expect(codeOf(refused)).toBe("BAD_USER_INPUT");
      }
      expect(
        await count(
          "MATCH (:Partner {id: $owner})-[:OWNS]->(t:Tenant {purpose: 'CSP'}) RETURN count(t) AS n",
          {
            owner,
          },
        ),
      ).toBe(1);
    }
  });
});
