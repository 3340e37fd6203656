import { loadDemoDataIfEmpty } from "../../src/app";
import type { Db } from "../../src/db/database";
import { resetGraph, startTestServer, testDb } from "../support/harness";
import type { TestServer } from "../support/harness";

interface PartnersPage {
  partners: {
    totalCount: number;
    edges: { cursor: string; node: { id: string; name: string } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

const PARTNERS = `query Partners($first: Int, $after: String, $where: PartnerFilter) {
  partners(first: $first, after: $after, where: $where) {
    totalCount
    edges { cursor node { id name } }
    pageInfo { hasNextPage endCursor }
  }
}`;

describe("the server on the demo graph", () => {
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

  it("answers partners with the demo partners in name order", async () => {
    const response = await server.gql<PartnersPage>(PARTNERS, { first: 3 });
    expect(response.errors).toBeUndefined();
    expect(response.data?.partners.totalCount).toBe(11);
    expect(response.data?.partners.edges.map((edge) => edge.node.name)).toEqual([
      "Adatum Distribution Europe",
      "Coho Federal Solutions",
      "Contoso Distribution",
    ]);
    expect(response.data?.partners.pageInfo.hasNextPage).toBe(true);
  });

  it("walks every page once, with no partner twice and none left out", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const response: { data?: PartnersPage | null } = await server.gql<PartnersPage>(PARTNERS, {
        first: 4,
        after,
      });
      const partners = response.data?.partners;
      if (partners === undefined) throw new Error("no data");
      seen.push(...partners.edges.map((edge) => edge.node.id));
      if (!partners.pageInfo.hasNextPage) break;
      after = partners.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(11);
    expect(new Set(seen).size).toBe(11);
  });

  it("filters partners by role and name prefix, and counts the filtered list", async () => {
    const response = await server.gql<PartnersPage>(PARTNERS, {
      where: { role: "INDIRECT_PROVIDER", namePrefix: "T" },
    });
    expect(response.data?.partners.totalCount).toBe(1);
    expect(response.data?.partners.edges.map((edge) => edge.node.id)).toEqual(["P-120"]);
  });

  it("looks a partner up by id, and answers null for an unknown one", async () => {
    const response = await server.gql(
      `{ partner(id: "P-200") { id name role markets mpaSigned } unknown: partner(id: "P-404") { id } }`,
    );
    expect(response.data).toEqual({
      partner: {
        id: "P-200",
        name: "Northwind Reseller",
        role: "INDIRECT_RESELLER",
        markets: ["US"],
        mpaSigned: true,
      },
      unknown: null,
    });
  });

  it("refuses first outside 1..100 as BAD_USER_INPUT", async () => {
    const response = await server.gql(PARTNERS, { first: 101 });
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      field: "first",
    });
  });

  it("has the uniqueness constraints after start", async () => {
    expect(await db.constraintNames()).toEqual(
      expect.arrayContaining(["partner_id", "customer_id", "tenant_id"]),
    );
  });

  it("does not load the demo data into a graph that has data", async () => {
    expect(await loadDemoDataIfEmpty(db, () => undefined)).toBe(false);
    const response = await server.gql<PartnersPage>(PARTNERS, {});
    expect(response.data?.partners.totalCount).toBe(11);
  });

  it("says 200 on /health while the database answers", async () => {
    const response = await fetch(server.app.url.replace("/graphql", "/health"));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", database: true });
  });
});
