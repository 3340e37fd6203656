import { randomUUID } from "node:crypto";
import type { Db } from "../../src/db/database";
import { writeEcosystem } from "../../src/db/ecosystem.writer";
import type { Ecosystem } from "../../src/domain";
import {
  Cloud,
  EdgeType,
  PartnerRole,
  RelationshipState,
  TenantPurpose,
  Workload,
  WorkloadRole,
} from "../../src/domain";
import { resetGraph, startTestServer, testDb } from "../support/harness";
import type { TestServer } from "../support/harness";

const PROVIDERS = 50;
const RESELLERS_PER_PROVIDER = 2;
const PREFIX = "Nplus1";

/** 50 providers, each with 2 resellers, each reseller serving one customer with one tenant. */
function channel(): Ecosystem {
  const doc: Ecosystem = { partners: [], customers: [], tenants: [], edges: [] };
  for (let p = 0; p < PROVIDERS; p++) {
    const providerId = `NP-${p}`;
    doc.partners.push({
      id: providerId,
      name: `${PREFIX} Provider ${String(p).padStart(2, "0")}`,
      role: PartnerRole.INDIRECT_PROVIDER,
      cloud: Cloud.PUBLIC,
      country: "US",
      markets: ["US"],
      mpaSigned: true,
    });
    for (let r = 0; r < RESELLERS_PER_PROVIDER; r++) {
      const resellerId = `NR-${p}-${r}`;
      const customerId = `NC-${p}-${r}`;
      const tenant = randomUUID();
      doc.partners.push({
        id: resellerId,
        name: `${PREFIX} Reseller ${p}-${r}`,
        role: PartnerRole.INDIRECT_RESELLER,
        cloud: Cloud.PUBLIC,
        country: "US",
        markets: ["US"],
        mpaSigned: true,
      });
      doc.customers.push({
        id: customerId,
        name: `${PREFIX} Customer ${p}-${r}`,
        cloud: Cloud.PUBLIC,
        country: "US",
      });
      doc.tenants.push({
        id: tenant,
        domain: `nc-${p}-${r}.onmicrosoft.com`,
        purpose: TenantPurpose.CUSTOMER,
        cloud: Cloud.PUBLIC,
        country: "US",
        ownerId: customerId,
      });
      doc.edges.push(
        {
          type: EdgeType.SUPPLIES,
          from: providerId,
          to: resellerId,
          state: RelationshipState.ACTIVE,
        },
        {
          type: EdgeType.RESELLS_FOR,
          from: providerId,
          to: tenant,
          state: RelationshipState.ACTIVE,
        },
        {
          type: EdgeType.RESELLS_FOR,
          from: resellerId,
          to: tenant,
          state: RelationshipState.ACTIVE,
          via: providerId,
        },
        {
          type: EdgeType.SERVES_WORKLOAD,
          from: resellerId,
          to: tenant,
          workload: Workload.AZURE,
          role: WorkloadRole.MANAGE,
          via: providerId,
        },
      );
    }
  }
  return doc;
}

// Three nested shapes; each must run a fixed number of statements whatever the number of parents.
const SHAPES: Record<string, string> = {
  "providers → resellers → customers → tenants": `query($n: Int) {
    partners(first: $n, where: { role: INDIRECT_PROVIDER, namePrefix: "${PREFIX}" }) { edges { node {
      id resellers { id customers(first: 50) { totalCount edges { node { id tenants { id } } } } } } } } }`,
  "customers → servedBy → via → providers, and tenant owners": `query($n: Int) {
    customers(first: $n, where: { namePrefix: "${PREFIX}" }) { edges { node {
      servedBy { relation partner { id } via { id providers { id } } }
      tenants { owner { ... on Customer { id } } } } } } }`,
  "providers → tenants → servedBy, and downstream customers": `query($n: Int) {
    partners(first: $n, where: { role: INDIRECT_PROVIDER, namePrefix: "${PREFIX}" }) { edges { node {
      tenants { id } downstreamCustomers(first: 10) { totalCount edges { node { tenants { servedBy(workload: AZURE) { partner { id } } } } } } } } } }`,
};

describe("statements per request (no N+1)", () => {
  let db: Db;
  let server: TestServer;

  beforeAll(async () => {
    db = testDb();
    await resetGraph(db);
    await db.applySchema();
    await writeEcosystem(db, channel());
    server = await startTestServer();
  });

  afterAll(async () => {
    await server.stop();
    await db.close();
  });

  it.each(Object.entries(SHAPES))(
    "runs the same few statements for 5 or 50 parents: %s",
    async (_name, query) => {
      const few = await server.gql(query, { n: 5 });
      const many = await server.gql(query, { n: 50 });
      expect(few.errors).toBeUndefined();
      expect(many.errors).toBeUndefined();
      const statements = many.extensions?.cypherStatements;
      expect(statements).toBe(few.extensions?.cypherStatements);
      // Page + count + one batch per nested level: never one per parent.
      expect(statements).toBeLessThanOrEqual(7);
      expect(JSON.stringify(many.data).length).toBeGreaterThan(JSON.stringify(few.data).length * 5);
    },
  );

  it("reads no audit page for a count alone, and the stamp beside each read", async () => {
    const statements = async (query: string): Promise<unknown> => {
      const response = await server.gql(query);
      expect(response.errors).toBeUndefined();
      return response.extensions?.cypherStatements;
    };
    // The findings are computed by the first audit read; the counts are of later ones.
    await statements("{ policyAudit(first: 1) { totalCount } }");
    // The stamp, the stored count, the read-time candidates.
    expect(await statements("{ policyAudit(first: 1) { totalCount } }")).toBe(3);
    // The same three for the page, and the count's beside them.
    expect(
      await statements("{ policyAudit(first: 5) { totalCount edges { node { rule } } } }"),
    ).toBe(6);
  });

  it("answers the nested query in full: 50 providers, 100 resellers, one customer each", async () => {
    const response = await server.gql<{
      partners: { edges: { node: { resellers: { customers: { totalCount: number } }[] } }[] };
    }>(SHAPES["providers → resellers → customers → tenants"] ?? "", { n: 50 });
    const providers = response.data?.partners.edges ?? [];
    expect(providers).toHaveLength(50);
    const resellers = providers.flatMap((edge) => edge.node.resellers);
    expect(resellers).toHaveLength(100);
    expect(resellers.every((reseller) => reseller.customers.totalCount === 1)).toBe(true);
  });
});
