import fs from "node:fs";
import { DEMO_FILE } from "../../src/app";
import type { Db } from "../../src/db/database";
import type { Ecosystem } from "../../src/domain";
import { resetGraph, startTestServer, testDb } from "../support/harness";
import type { TestServer } from "../support/harness";

// Answers below were worked out by hand from src/demo/ecosystem.json.
const demo = JSON.parse(fs.readFileSync(DEMO_FILE, "utf8")) as Ecosystem;
const tenantId = (domain: string): string => {
  const tenant = demo.tenants.find((candidate) => candidate.domain === domain);
  if (tenant === undefined) throw new Error(`demo has no tenant ${domain}`);
  return tenant.id;
};
const FABRIKAM = tenantId("fabrikam.onmicrosoft.com");
const NORTHWIND_CORP = tenantId("northwind.onmicrosoft.com");

type Row = Record<string, unknown>;
const ids = (list: unknown): unknown[] => (list as { id: string }[]).map((item) => item.id);

describe("the read side on the demo graph", () => {
  let db: Db;
  let server: TestServer;

  beforeAll(async () => {
    db = testDb();
    await resetGraph(db);
    server = await startTestServer({ demoData: true });
  });

  afterAll(async () => {
    await server.stop();
    await db.close();
  });

  async function data(query: string, variables?: Row): Promise<Row> {
    const response = await server.gql(query, variables);
    expect(response.errors).toBeUndefined();
    return response.data as Row;
  }

  describe("whoServes", () => {
    const WHO = `query($c: ID!, $w: Workload) { whoServes(customerId: $c, workload: $w) {
      partner { id } tenant { id } relation workload subscriptionId via { id } } }`;

    it("lists one service per edge into any of the customer's tenants", async () => {
      const { whoServes } = await data(WHO, { c: "C-1" });
      const summary = (whoServes as Row[]).map(
        (s) =>
          `${(s.partner as Row).id} ${s.relation} ${s.workload ?? "-"} ${(s.via as Row | null)?.id ?? "-"}`,
      );
      expect(summary.sort()).toEqual(
        [
          "P-100 PROVISIONS OFFICE_365 -",
          "P-100 RESELLS_FOR - -",
          "P-200 RESELLS_FOR - P-100",
          "P-200 SERVES_WORKLOAD AZURE P-100",
          "P-300 PROVISIONS AZURE -",
          "P-300 PROVISIONS AZURE -",
          "P-300 RESELLS_FOR - -",
          "P-300 RESELLS_FOR - -",
          "P-300 SERVES_WORKLOAD AZURE -",
        ].sort(),
      );
    });

    it("shows a multi-partner tenant: two partners serve Azure for Fabrikam", async () => {
      const { whoServes } = await data(WHO, { c: "C-1", w: "AZURE" });
      const onFabrikam = (whoServes as Row[]).filter((s) => (s.tenant as Row).id === FABRIKAM);
      expect(new Set(onFabrikam.map((s) => (s.partner as Row).id))).toEqual(
        new Set(["P-200", "P-300"]),
      );
      expect((whoServes as Row[]).every((s) => s.relation !== "RESELLS_FOR")).toBe(true);
      expect(whoServes).toHaveLength(4);
    });

    it("shows a multi-channel subscription: the EA Azure subscription a CSP partner manages", async () => {
      const { whoServes } = await data(WHO, { c: "C-2" });
      expect(whoServes).toContainEqual(
        expect.objectContaining({
          partner: { id: "P-300" },
          relation: "PROVISIONS",
          workload: "AZURE",
          subscriptionId: "sub-0004",
        }),
      );
    });

    it("answers an empty list for an unknown customer", async () => {
      expect(await data(WHO, { c: "C-404" })).toEqual({ whoServes: [] });
    });

    it("reaches only China-cloud partners for the China customer", async () => {
      const { whoServes } = await data(
        `{ whoServes(customerId: "C-90") { partner { id cloud } } }`,
      );
      expect(whoServes).toEqual([
        { partner: { id: "P-900", cloud: "CHINA" } },
        { partner: { id: "P-900", cloud: "CHINA" } },
      ]);
    });
  });

  describe("distributionChains", () => {
    const CHAINS = `query($c: ID!, $h: Int) { distributionChains(customerId: $c, maxHops: $h) {
      partners { id } tenant { id } hops { type from to } } }`;
    const describeChains = (chains: unknown): string[] =>
      (chains as { hops: { type: string; from: string }[] }[])
        .map((chain) => chain.hops.map((hop) => `${hop.from} ${hop.type}`).join(" > "))
        .sort();

    it("follows a reseller's edge through the provider named in via, upstream first", async () => {
      const { distributionChains } = await data(CHAINS, { c: "C-5" });
      expect(describeChains(distributionChains)).toEqual([
        "P-120 PROVISIONS",
        "P-120 RESELLS_FOR",
        "P-120 SUPPLIES > P-200 RESELLS_FOR",
      ]);
      const twoTier = (distributionChains as Row[]).find(
        (chain) => (chain.partners as Row[]).length === 2,
      );
      expect(ids(twoTier?.partners)).toEqual(["P-120", "P-200"]);
    });

    it("lists every chain into Fabrikam's two tenants, and only one-edge chains with maxHops 1", async () => {
      const all = describeChains((await data(CHAINS, { c: "C-1" })).distributionChains);
      expect(all).toHaveLength(9);
      expect(all).toContain("P-100 SUPPLIES > P-200 SERVES_WORKLOAD");
      const direct = describeChains((await data(CHAINS, { c: "C-1", h: 1 })).distributionChains);
      expect(direct).toHaveLength(7);
      expect(direct.every((chain) => !chain.includes("SUPPLIES"))).toBe(true);
    });

    it("keeps a customer in another cloud out of every public-cloud chain", async () => {
      const { distributionChains } = await data(CHAINS, { c: "C-90" });
      const partners = (distributionChains as Row[]).flatMap((chain) => ids(chain.partners));
      expect(partners).toEqual(["P-900", "P-900"]);
    });

    it.each([0, 11])("refuses maxHops %p as BAD_USER_INPUT", async (maxHops) => {
      const response = await server.gql(CHAINS, { c: "C-1", h: maxHops });
      expect(response.errors?.[0]?.extensions).toMatchObject({
        code: "BAD_USER_INPUT",
        field: "maxHops",
      });
    });
  });

  describe("partners and their relations", () => {
    it("gives a reseller with two providers both of them", async () => {
      const { partner } = await data(`{ partner(id: "P-200") { providers { id } } }`);
      expect(ids((partner as Row).providers)).toEqual(["P-100", "P-120"]);
    });

    it("lists a provider's resellers by the state of the edge", async () => {
      const { partner } = await data(
        `{ partner(id: "P-120") { active: resellers { id } pending: resellers(state: PENDING) { id } } }`,
      );
      expect(partner).toEqual({ active: [{ id: "P-200" }], pending: [{ id: "P-230" }] });
    });

    it("separates direct customers from those served through resellers via this provider", async () => {
      const { p100, p120 } = await data(`{
        p100: partner(id: "P-100") { customers { totalCount edges { node { id } } } downstreamCustomers { totalCount edges { node { id } } } }
        p120: partner(id: "P-120") { downstreamCustomers { edges { node { id } } } }
      }`);
      const nodes = (connection: unknown): unknown[] =>
        (connection as { edges: { node: { id: string } }[] }).edges.map((edge) => edge.node.id);
      expect(nodes((p100 as Row).customers)).toEqual(["C-3", "C-1"]);
      // Northwind serves Trey Research through Tailspin, not Contoso: C-5 is Tailspin's only.
      expect(nodes((p100 as Row).downstreamCustomers)).toEqual(["C-3", "C-1"]);
      expect(nodes((p120 as Row).downstreamCustomers)).toEqual(["C-5"]);
    });

    it("pages a partner's customers with cursors", async () => {
      const first = await data(
        `{ partner(id: "P-300") { customers(first: 2) { totalCount edges { node { name } } pageInfo { hasNextPage endCursor } } } }`,
      );
      const page = (first.partner as Row).customers as {
        totalCount: number;
        edges: { node: { name: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
      expect(page.totalCount).toBe(3);
      expect(page.edges.map((edge) => edge.node.name)).toEqual(["Fabrikam", "Lamna Healthcare"]);
      expect(page.pageInfo.hasNextPage).toBe(true);
      const next = await data(
        `query($a: String) { partner(id: "P-300") { customers(first: 2, after: $a) { edges { node { name } } pageInfo { hasNextPage } } } }`,
        { a: page.pageInfo.endCursor },
      );
      expect((next.partner as Row).customers).toEqual({
        edges: [{ node: { name: "Wide World Importers" } }],
        pageInfo: { hasNextPage: false },
      });
    });

    it("shows a partner's corporate tenant, owned by the partner and served by another", async () => {
      const { partner, tenant } = await data(
        `query($t: ID!) {
        partner(id: "P-200") { tenants { domain purpose } }
        tenant(id: $t) { purpose owner { __typename ... on Partner { id role } } servedBy { partner { id } relation } }
      }`,
        { t: NORTHWIND_CORP },
      );
      expect((partner as Row).tenants).toEqual([
        { domain: "northwind-csp.onmicrosoft.com", purpose: "CSP" },
        { domain: "northwind.onmicrosoft.com", purpose: "CORPORATE" },
      ]);
      expect(tenant).toEqual({
        purpose: "CORPORATE",
        owner: { __typename: "Partner", id: "P-200", role: "INDIRECT_RESELLER" },
        servedBy: [
          { partner: { id: "P-300" }, relation: "PROVISIONS" },
          { partner: { id: "P-300" }, relation: "RESELLS_FOR" },
        ],
      });
    });
  });

  describe("customers and tenants", () => {
    it("lists customers with a totalCount and filters by cloud and name prefix", async () => {
      const result = await data(`{
        all: customers { totalCount }
        publicCloud: customers(where: { cloud: PUBLIC }) { totalCount }
        w: customers(where: { namePrefix: "W" }) { edges { node { id } } }
      }`);
      expect(result).toEqual({
        all: { totalCount: 8 },
        publicCloud: { totalCount: 6 },
        w: { edges: [{ node: { id: "C-2" } }] },
      });
    });

    it("gives a customer its tenants and the tenant its owner", async () => {
      const { customer } = await data(
        `{ customer(id: "C-4") { tenants { domain country owner { __typename ... on Customer { id } } } } }`,
      );
      expect((customer as Row).tenants).toEqual([
        {
          domain: "margiestravel-ie.onmicrosoft.com",
          country: "IE",
          owner: { __typename: "Customer", id: "C-4" },
        },
        {
          domain: "margiestravel.onmicrosoft.com",
          country: "GB",
          owner: { __typename: "Customer", id: "C-4" },
        },
      ]);
    });

    it("filters a tenant's servedBy by workload", async () => {
      const { tenant } = await data(
        `query($t: ID!) { tenant(id: $t) { servedBy(workload: OFFICE_365) { partner { id } relation subscriptionId } } }`,
        { t: FABRIKAM },
      );
      expect((tenant as Row).servedBy).toEqual([
        { partner: { id: "P-100" }, relation: "PROVISIONS", subscriptionId: "sub-0001" },
      ]);
    });

    it("answers null for unknown ids", async () => {
      expect(
        await data(
          `{ customer(id: "C-404") { id } tenant(id: "00000000-0000-4000-8000-000000000000") { id } }`,
        ),
      ).toEqual({ customer: null, tenant: null });
    });

    it("refuses a malformed cursor as BAD_USER_INPUT", async () => {
      const response = await server.gql(`{ customers(after: "not-a-cursor") { totalCount } }`);
      expect(response.errors?.[0]?.extensions).toMatchObject({
        code: "BAD_USER_INPUT",
        field: "after",
      });
    });
  });
});
