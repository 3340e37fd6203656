import fs from "node:fs";
import jwt from "jsonwebtoken";
import { DEMO_FILE } from "../../src/app";
import type { Db } from "../../src/db/database";
import type { Ecosystem } from "../../src/domain";
import { resetGraph, startTestServer, testDb } from "../support/harness";
import type { TestServer } from "../support/harness";

const SECRET = "scope-test-secret-that-is-long-enough-for-hs256";
const demo = JSON.parse(fs.readFileSync(DEMO_FILE, "utf8")) as Ecosystem;
const tenantOf = (domain: string): string =>
  demo.tenants.find((t) => t.domain === domain)?.id ?? "";
const FABRIKAM = tenantOf("fabrikam.onmicrosoft.com");
const TREY = tenantOf("treyresearch.onmicrosoft.com");
const WWI = tenantOf("wideworldimporters.onmicrosoft.com");

type Json = Record<string, unknown>;
interface Response {
  data?: Json | null;
  errors?: { extensions?: Json }[];
}

const token = (claims: Json): string =>
  jwt.sign(claims, SECRET, { algorithm: "HS256", expiresIn: "5m" });
const ADMIN = token({ sub: "admin-1", role: "ADMIN" });
const ANALYST = token({ sub: "analyst-1", role: "ANALYST" });
const CONTOSO = token({ sub: "contoso-user", role: "PARTNER", partnerId: "P-100" });
const NORTHWIND = token({ sub: "northwind-user", role: "PARTNER", partnerId: "P-200" });

/**
 * The scope matrix: Contoso Distribution (P-100, a provider) serves Fabrikam (C-1) and Alpine
 * Ski House (C-3), directly and through its resellers. Trey Research (C-5) is served by
 * Contoso's reseller Northwind only through another provider, and Wide World Importers (C-2) by
 * an unrelated direct-bill partner: no path may lead Contoso to either.
 */
describe("partner scope", () => {
  let db: Db;
  let server: TestServer;

  beforeAll(async () => {
    db = testDb();
    await resetGraph(db);
    server = await startTestServer({
      demoData: true,
      auth: { key: { algorithm: "HS256", secret: SECRET }, issuer: null, audience: null },
    });
  });

  afterAll(async () => {
    await server.stop();
    await db.close();
  });

  async function ask(bearer: string, query: string, variables: Json = {}): Promise<Response> {
    const response = await fetch(server.app.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${bearer}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as Response;
  }

  async function data(bearer: string, query: string, variables: Json = {}): Promise<Json> {
    const response = await ask(bearer, query, variables);
    expect(response.errors).toBeUndefined();
    return response.data ?? {};
  }

  const partnersIn = (services: unknown): string[] =>
    [...new Set((services as { partner: { id: string } }[]).map((s) => s.partner.id))].sort();

  it("hides other partners' customers from lookups", async () => {
    const result = await data(
      CONTOSO,
      `query($trey: ID!, $wwi: ID!, $fab: ID!) {
      trey: customer(id: "C-5") { id } wwi: customer(id: "C-2") { id } fabrikam: customer(id: "C-1") { id }
      treyTenant: tenant(id: $trey) { id } wwiTenant: tenant(id: $wwi) { id } fabTenant: tenant(id: $fab) { id }
    }`,
      { trey: TREY, wwi: WWI, fab: FABRIKAM },
    );
    expect(result).toEqual({
      trey: null,
      wwi: null,
      fabrikam: { id: "C-1" },
      treyTenant: null,
      wwiTenant: null,
      fabTenant: { id: FABRIKAM },
    });
  });

  it("lists only its own customers in connections, counts included", async () => {
    const { customers } = await data(CONTOSO, `{ customers { totalCount edges { node { id } } } }`);
    expect(customers).toEqual({
      totalCount: 2,
      edges: [{ node: { id: "C-3" } }, { node: { id: "C-1" } }],
    });
  });

  it("lists only related partners: itself, its resellers, not its resellers' other providers", async () => {
    const result = await data(
      CONTOSO,
      `{
      partners { totalCount edges { node { id } } }
      tailspin: partner(id: "P-120") { id } fourthCoffee: partner(id: "P-300") { id }
      northwind: partner(id: "P-200") { providers { id } customers { edges { node { id } } } }
    }`,
    );
    expect(result).toEqual({
      partners: {
        totalCount: 3,
        edges: [{ node: { id: "P-100" } }, { node: { id: "P-200" } }, { node: { id: "P-210" } }],
      },
      tailspin: null,
      fourthCoffee: null,
      northwind: { providers: [{ id: "P-100" }], customers: { edges: [{ node: { id: "C-1" } }] } },
    });
  });

  it("shows in whoServes, servedBy and chains only the edges it or its resellers (via it) hold", async () => {
    const result = await data(
      CONTOSO,
      `query($fab: ID!) {
      who: whoServes(customerId: "C-1") { partner { id } via { id } }
      customer(id: "C-1") { servedBy { partner { id } } tenants { id } }
      tenant(id: $fab) { servedBy { partner { id } } owner { ... on Customer { id } } }
      chains: distributionChains(customerId: "C-1") { partners { id } }
      hiddenWho: whoServes(customerId: "C-5") { partner { id } }
      hiddenChains: distributionChains(customerId: "C-2") { partners { id } }
    }`,
      { fab: FABRIKAM },
    );
    expect(partnersIn(result.who)).toEqual(["P-100", "P-200"]);
    expect(partnersIn((result.customer as Json).servedBy)).toEqual(["P-100", "P-200"]);
    expect((result.customer as Json).tenants).toEqual([{ id: FABRIKAM }]);
    expect(partnersIn((result.tenant as Json).servedBy)).toEqual(["P-100", "P-200"]);
    expect((result.tenant as Json).owner).toEqual({ id: "C-1" });
    const chainPartners = (result.chains as { partners: { id: string }[] }[]).flatMap((c) =>
      c.partners.map((p) => p.id),
    );
    expect(new Set(chainPartners)).toEqual(new Set(["P-100", "P-200"]));
    expect(result.hiddenWho).toEqual([]);
    expect(result.hiddenChains).toEqual([]);
  });

  it("gives a reseller its two providers and both its customers, but not its provider's own edges", async () => {
    const result = await data(
      NORTHWIND,
      `{
      partner(id: "P-200") { providers { id } downstreamCustomers { totalCount } }
      who: whoServes(customerId: "C-1") { partner { id } }
      wwi: customer(id: "C-2") { id }
    }`,
    );
    expect(result.partner).toEqual({
      providers: [{ id: "P-100" }, { id: "P-120" }],
      downstreamCustomers: { totalCount: 2 },
    });
    expect(partnersIn(result.who)).toEqual(["P-200"]);
    expect(result.wwi).toBeNull();
  });

  it("names the other partners behind a tenant to an admin, not to a partner", async () => {
    const query = `query($to: ID!) {
      validateEdge(input: { type: SERVES_WORKLOAD, from: "P-100", to: $to, workload: AZURE, role: MANAGE }) {
        warnings { rule message } violations { rule message }
      }
    }`;
    const messages = (result: Json): string[] => {
      const decision = result.validateEdge as Record<string, { rule: string; message: string }[]>;
      return [...(decision.warnings ?? []), ...(decision.violations ?? [])].map(
        (v) => `${v.rule}: ${v.message}`,
      );
    };
    const asAdmin = messages(await data(ADMIN, query, { to: FABRIKAM }));
    const asContoso = messages(await data(CONTOSO, query, { to: FABRIKAM }));
    // Northwind (P-200, Contoso's reseller) and Fourth Coffee (P-300) serve Azure on Fabrikam.
    expect(asAdmin.find((m) => m.startsWith("WORKLOAD_OVERLAP"))).toContain("P-300");
    expect(asContoso.find((m) => m.startsWith("WORKLOAD_OVERLAP"))).toContain("2 other partners");
    expect(asContoso.join("\n")).not.toContain("P-300");
  });

  it("scopes the audit to the partner's own edges", async () => {
    const removed = await ask(
      ADMIN,
      `mutation { removeEdge(input: { type: SUPPLIES, from: "P-120", to: "P-200" }) }`,
    );
    expect(removed.data).toEqual({ removeEdge: true });
    try {
      const audit = `{ policyAudit { totalCount edges { node { rule edge { from } } } } }`;
      // Two findings of the sales edges, one of Northwind's GDAP relationship created through
      // P-120 (RESELLER_NEEDS_PROVIDER), and GDAP_EXPIRED for each ACTIVE GDAP relationship of
      // the demo whose endsOn has passed (none of them Contoso's).
      const today = new Date().toISOString().slice(0, 10);
      const expired = demo.edges.filter(
        (edge) =>
          edge.type === "DELEGATED_ADMIN" &&
          edge.status === "ACTIVE" &&
          (edge.endsOn ?? today) < today,
      ).length;
      expect(((await data(ADMIN, audit)).policyAudit as Json).totalCount).toBe(3 + expired);
      expect(((await data(ANALYST, audit)).policyAudit as Json).totalCount).toBe(3 + expired);
      expect((await data(CONTOSO, audit)).policyAudit).toEqual({ totalCount: 0, edges: [] });
      const northwind = (await data(NORTHWIND, audit)).policyAudit as {
        edges: { node: { edge: { from: string } } }[];
      };
      // Its RESELLS_FOR and its GDAP relationship with Trey Research, both through P-120.
      expect(northwind.edges.map((edge) => edge.node.edge.from)).toEqual(["P-200", "P-200"]);
    } finally {
      const restored = await ask(
        ADMIN,
        `mutation { createEdge(input: { type: SUPPLIES, from: "P-120", to: "P-200", since: "2025-01-10" }) { type } }`,
      );
      expect(restored.errors).toBeUndefined();
    }
  });

  it.each([
    [
      "createEdge from another partner",
      `mutation { createEdge(input: { type: RESELLS_FOR, from: "P-300", to: "${WWI}" }) { type } }`,
    ],
    [
      "removeEdge of another partner's edge",
      `mutation { removeEdge(input: { type: SUPPLIES, from: "P-120", to: "P-200" }) }`,
    ],
    [
      "validateEdge from another partner",
      `{ validateEdge(input: { type: RESELLS_FOR, from: "P-300", to: "${TREY}" }) { allowed } }`,
    ],
    [
      "upsertCustomer",
      `mutation { upsertCustomer(input: { id: "C-9", name: "X", cloud: PUBLIC, country: "US" }) { id } }`,
    ],
  ])("refuses a partner's %s as FORBIDDEN", async (_name, query) => {
    const response = await ask(CONTOSO, query);
    expect(response.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  it("lets an analyst read everything and write nothing", async () => {
    const { customers } = await data(ANALYST, `{ customers { totalCount } }`);
    expect(customers).toEqual({ totalCount: 8 });
    const write = await ask(
      ANALYST,
      `mutation { createEdge(input: { type: RESELLS_FOR, from: "P-300", to: "${TREY}" }) { type } }`,
    );
    expect(write.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });
});
