import type { Driver } from "neo4j-driver";
import type { Db } from "../../src/db/database";
import { writeEcosystem } from "../../src/db/ecosystem.writer";
import { SERVED_CUSTOMER_PROPERTIES, edgeFromColumns } from "../../src/db/queries";
import {
  Billing,
  Channel,
  Cloud,
  EdgeType,
  PartnerRole,
  RelationshipState,
  TenantPurpose,
  Workload,
} from "../../src/domain";
import type { Ecosystem, TenantRecord } from "../../src/domain";
import { partnerEdgeCounts } from "../../src/services/export.service";
import { resetGraph, startTestServer, testDb, testDriver } from "../support/harness";
import type { TestServer } from "../support/harness";

const PARTNER = "SE-P";
/** Tenant ids are directory GUIDs. */
const TENANT = Object.fromEntries(
  ["A", "A2", "B", "C", "S1", "S2", "S3", "P"].map((name, i) => [
    name,
    `5e000000-0000-4000-8000-${String(i + 1).padStart(12, "0")}`,
  ]),
) as Record<"A" | "A2" | "B" | "C" | "S1" | "S2" | "S3" | "P", string>;
const tenant = (id: string, ownerId: string, purpose = TenantPurpose.CUSTOMER): TenantRecord => ({
  id,
  domain: `se-${id.slice(-2)}.onmicrosoft.com`,
  purpose,
  cloud: Cloud.PUBLIC,
  country: "US",
  ownerId,
});
const customer = (id: string, name: string) => ({ id, name, cloud: Cloud.PUBLIC, country: "US" });

/**
 * One direct-bill partner serving: Beta Co through two tenants and two edge types, Alpha Co, and
 * three customers all named Same Co; also its own CSP tenant, which has no customer.
 */
function channel(): Ecosystem {
  const resells = (to: string) => ({
    type: EdgeType.RESELLS_FOR,
    from: PARTNER,
    to,
    state: RelationshipState.ACTIVE,
  });
  return {
    partners: [
      {
        id: PARTNER,
        name: "Serving Partner",
        role: PartnerRole.DIRECT_BILL,
        cloud: Cloud.PUBLIC,
        country: "US",
        markets: ["US"],
        mpaSigned: true,
      },
    ],
    customers: [
      customer("SE-A", "Beta Co"),
      customer("SE-B", "Alpha Co"),
      customer("SE-C", "Gamma Co"),
      customer("SE-S3", "Same Co"),
      customer("SE-S1", "Same Co"),
      customer("SE-S2", "Same Co"),
    ],
    tenants: [
      tenant(TENANT.A, "SE-A"),
      tenant(TENANT.A2, "SE-A"),
      tenant(TENANT.B, "SE-B"),
      tenant(TENANT.C, "SE-C"),
      tenant(TENANT.S1, "SE-S1"),
      tenant(TENANT.S2, "SE-S2"),
      tenant(TENANT.S3, "SE-S3"),
      tenant(TENANT.P, PARTNER, TenantPurpose.CSP),
    ],
    edges: [
      ...[TENANT.A, TENANT.A2, TENANT.B, TENANT.S1, TENANT.S2, TENANT.S3, TENANT.P].map(resells),
      {
        type: EdgeType.PROVISIONS,
        from: PARTNER,
        to: TENANT.A2,
        subscriptionId: "se-sub-1",
        workload: Workload.AZURE,
        billing: Billing.USAGE,
        channel: Channel.CSP,
      },
    ],
  };
}

const CUSTOMERS = `query($first: Int, $after: String) { partner(id: "${PARTNER}") {
  customers(first: $first, after: $after) {
    totalCount edges { node { id name } } pageInfo { hasNextPage endCursor } } } }`;

interface CustomerPage {
  totalCount: number;
  edges: { node: { id: string; name: string } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/**
 * Partner.customers reads the customer each serving edge carries (tagServingEdge): these tests
 * change what an edge's ends say and check that the list follows.
 */
describe("a partner's customers, from the customer its serving edges carry", () => {
  let db: Db;
  let driver: Driver;
  let database: string;
  let server: TestServer;

  beforeEach(async () => {
    await resetGraph(db);
    await writeEcosystem(db, channel());
  });

  beforeAll(async () => {
    db = testDb();
    await db.applySchema();
    ({ driver, database } = testDriver());
    server = await startTestServer();
  });

  afterAll(async () => {
    await server.stop();
    await driver.close();
    await db.close();
  });

  async function page(first = 20, after: string | null = null): Promise<CustomerPage> {
    const response = await server.gql<{ partner: { customers: CustomerPage } }>(CUSTOMERS, {
      first,
      after,
    });
    expect(response.errors).toBeUndefined();
    const customers = response.data?.partner.customers;
    if (customers === undefined) throw new Error("no customers in the answer");
    return customers;
  }

  const names = async (): Promise<string[]> =>
    (await page()).edges.map(({ node }) => `${node.name} ${node.id}`);

  async function mutate(query: string, variables: Record<string, unknown>): Promise<void> {
    const response = await server.gql(query, variables);
    expect(response.errors).toBeUndefined();
  }

  it("lists each customer once, in (name, id) order, and not the partner's own tenant", async () => {
    expect(await names()).toEqual([
      "Alpha Co SE-B",
      "Beta Co SE-A",
      "Same Co SE-S1",
      "Same Co SE-S2",
      "Same Co SE-S3",
    ]);
    expect((await page()).totalCount).toBe(5);
  });

  it("pages one customer at a time through equal names without skipping or repeating", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const next = await page(1, after);
      seen.push(...next.edges.map(({ node }) => node.id));
      if (!next.pageInfo.hasNextPage) break;
      after = next.pageInfo.endCursor;
    }
    expect(seen).toEqual(["SE-B", "SE-A", "SE-S1", "SE-S2", "SE-S3"]);
  });

  it("moves a renamed customer to its new place", async () => {
    await mutate(`mutation($input: CustomerInput!) { upsertCustomer(input: $input) { id } }`, {
      input: customer("SE-S2", "Aardvark Co"),
    });
    expect((await names()).slice(0, 2)).toEqual(["Aardvark Co SE-S2", "Alpha Co SE-B"]);
  });

  it("shows a customer's new country in the list once it changes", async () => {
    await mutate(`mutation($input: CustomerInput!) { upsertCustomer(input: $input) { id } }`, {
      input: { ...customer("SE-B", "Alpha Co"), country: "DE" },
    });
    const response = await server.gql<{
      partner: { customers: { edges: { node: { id: string; country: string } }[] } };
    }>(`{ partner(id: "${PARTNER}") { customers(first: 1) { edges { node { id country } } } } }`);
    expect(response.data?.partner.customers.edges).toEqual([
      { node: { id: "SE-B", country: "DE" } },
    ]);
  });

  it("follows a tenant to its new owner", async () => {
    await mutate(`mutation($input: TenantInput!) { upsertTenant(input: $input) { id } }`, {
      input: tenant(TENANT.B, "SE-C"),
    });
    expect(await names()).toEqual([
      "Beta Co SE-A",
      "Gamma Co SE-C",
      "Same Co SE-S1",
      "Same Co SE-S2",
      "Same Co SE-S3",
    ]);
  });

  it("lists a customer as soon as createEdge writes the edge, and drops it with removeEdge", async () => {
    await mutate(`mutation($input: EdgeInput!) { createEdge(input: $input) { type } }`, {
      input: { type: "RESELLS_FOR", from: PARTNER, to: TENANT.C },
    });
    expect(await names()).toContain("Gamma Co SE-C");
    await mutate(`mutation($input: EdgeKeyInput!) { removeEdge(input: $input) }`, {
      input: { type: "RESELLS_FOR", from: PARTNER, to: TENANT.B },
    });
    expect(await names()).not.toContain("Alpha Co SE-B");
    expect((await page()).totalCount).toBe(5);
  });

  it("tags a database written before edges carried their customer, when the schema is applied", async () => {
    await driver.executeQuery(
      `MATCH ()-[r:RESELLS_FOR|SERVES_WORKLOAD|PROVISIONS]->()
       REMOVE r.partnerId, r.customerId, r.customerName, r.customerCloud, r.customerCountry`,
      {},
      { database },
    );
    await driver.executeQuery("DROP INDEX resells_for_by_customer", {}, { database });

    await db.applySchema();

    expect(await names()).toEqual([
      "Alpha Co SE-B",
      "Beta Co SE-A",
      "Same Co SE-S1",
      "Same Co SE-S2",
      "Same Co SE-S3",
    ]);
    const indexes = await driver.executeQuery(
      "SHOW INDEXES YIELD name WHERE name = 'resells_for_by_customer' RETURN name",
      {},
      { database },
    );
    expect(indexes.records).toHaveLength(1);
  });

  it("exports edges with their interchange properties only", async () => {
    const rows = await db.read("storedEdgesOfPartners", {
      afterId: "",
      lastId: (await partnerEdgeCounts(db)).at(-1)?.id ?? "",
      types: [EdgeType.RESELLS_FOR, EdgeType.PROVISIONS],
    });
    const keys = new Set(
      rows.flatMap((row) =>
        row.edges.flatMap((columns) => Object.keys(edgeFromColumns(row.partnerId, columns))),
      ),
    );
    expect(keys.size).toBeGreaterThan(3);
    for (const copied of ["partnerId", ...SERVED_CUSTOMER_PROPERTIES.map(([copy]) => copy)]) {
      expect(keys).not.toContain(copied);
    }
  });
});
