import fs from "node:fs";
import jwt from "jsonwebtoken";
import { DEMO_FILE } from "../../src/app";
import type { Db } from "../../src/db/database";
import { GdapStatus, RelationshipState, daysBetween } from "../../src/domain";
import type { Ecosystem, EdgeRecord } from "../../src/domain";
import { resetGraph, startTestServer, testDb } from "../support/harness";
import type { GraphQLResponse, TestServer } from "../support/harness";

// Expectations come from src/demo/ecosystem.json and today's date, so they stay true tomorrow:
// which relationships are expiring or expired depends on the day the suite runs.
const demo = JSON.parse(fs.readFileSync(DEMO_FILE, "utf8")) as Ecosystem;
const today = (): string => new Date().toISOString().slice(0, 10);
const tenantOf = (domain: string): string => {
  const tenant = demo.tenants.find((candidate) => candidate.domain === domain);
  if (tenant === undefined) throw new Error(`demo has no tenant ${domain}`);
  return tenant.id;
};
const GDAP = demo.edges.filter((edge) => edge.type === "DELEGATED_ADMIN");
const byId = (relationshipId: string): EdgeRecord => {
  const edge = GDAP.find((candidate) => candidate.relationshipId === relationshipId);
  if (edge === undefined) throw new Error(`demo has no GDAP relationship ${relationshipId}`);
  return edge;
};
const addDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
/** The demo's ACTIVE relationships ending between today and today + days, soonest first. */
const expiringWithin = (days: number, from = (_: EdgeRecord) => true): string[] =>
  GDAP.filter(
    (edge) =>
      edge.status === "ACTIVE" &&
      edge.endsOn !== undefined &&
      edge.endsOn >= today() &&
      edge.endsOn <= addDays(today(), days) &&
      from(edge),
  )
    .sort(
      (a, b) =>
        (a.endsOn ?? "").localeCompare(b.endsOn ?? "") ||
        (a.relationshipId ?? "").localeCompare(b.relationshipId ?? ""),
    )
    .map((edge) => edge.relationshipId ?? "");

const FABRIKAM = tenantOf("fabrikam.onmicrosoft.com");
const FABRIKAM_DEV = tenantOf("fabrikamdev.onmicrosoft.com");
const WWI = tenantOf("wideworldimporters.onmicrosoft.com");
const ALPINE = tenantOf("alpineskihouse.onmicrosoft.com");
const TREY = tenantOf("treyresearch.onmicrosoft.com");
const NORTHWIND_CSP = tenantOf("northwind-csp.onmicrosoft.com");
const FOURTH_CSP = tenantOf("fourth-csp.onmicrosoft.com");

const GLOBAL_ADMIN = "62e90394-69f5-4237-9190-012177145e10";
const HELPDESK = "729827e3-9c14-49f7-bb1b-9608f156bbb8";
const FABRIKAM_ADMIN = "a6b1f0c2-3d4e-4f50-8a61-7b2c9d0e1f01";
const CONTOSO_TERMINATED = "0a1b2c3d-9304-45b6-a0c7-3b8c5d6e7f07";
const NORTHWIND_VIA = "d9e4c3f5-6071-4283-9d94-0e5f2a3b4c04";
const RELECLOUD_MAIL = "c8d3b2e4-5f60-4172-8c83-9d4e1f2a3b03";
const RELECLOUD_SECURITY = "e0f5d4a6-7182-4394-8ea5-1f6a3b4c5d05";
const CUSTOM_ROLE = "3a2c62db-5318-420d-8d74-23affee5d9d5";

const SECRET = "gdap-test-secret-that-is-long-enough-for-hs256";
const token = (claims: Record<string, unknown>): string =>
  jwt.sign(claims, SECRET, { algorithm: "HS256", expiresIn: "5m" });
const ADMIN = token({ sub: "admin-1", role: "ADMIN" });
const partnerToken = (partnerId: string): string =>
  token({ sub: `${partnerId}-user`, role: "PARTNER", partnerId });

const ADMIN_FIELDS = `relationshipId displayName status partner { id } tenant { id domain } via { id }
  roles { id name } since endsOn autoExtend daysLeft`;
const CREATE = `mutation($input: EdgeInput!) { createEdge(input: $input) {
  type from to relationshipId status roles endsOn autoExtend warnings { rule } } }`;
const VALIDATE = `query($input: EdgeInput!) { validateEdge(input: $input) {
  allowed violations { rule message } warnings { rule message } } }`;
const REMOVE = `mutation($input: EdgeKeyInput!) { removeEdge(input: $input) }`;
const EXPIRING = `query($within: Int, $first: Int, $after: String) {
  expiringDelegatedAdmins(withinDays: $within, first: $first, after: $after) {
    totalCount edges { cursor node { relationshipId endsOn daysLeft } } pageInfo { hasNextPage endCursor } } }`;

type Json = Record<string, unknown>;
const codeOf = (response: GraphQLResponse): unknown => response.errors?.[0]?.extensions?.code;
const relationshipIds = (list: unknown): string[] =>
  (list as { relationshipId: string }[]).map((admin) => admin.relationshipId);

let serial = 0;
/** A valid GDAP relationship of Fourth Coffee (P-300) into Wide World Importers' tenant. */
function gdap(overrides: Partial<EdgeRecord> = {}): Json {
  serial += 1;
  return {
    type: "DELEGATED_ADMIN",
    from: "P-300",
    to: WWI,
    relationshipId: `test-${serial}-${Date.now()}`,
    displayName: `Fourth Coffee test ${serial}`,
    status: "ACTIVE",
    roles: [HELPDESK],
    since: "2026-01-01",
    endsOn: "2027-06-30",
    autoExtend: true,
    ...overrides,
  };
}

describe("GDAP relationships (DELEGATED_ADMIN)", () => {
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

  async function data(query: string, variables: Json = {}, bearer = ADMIN): Promise<Json> {
    const response = await server.gql(query, variables, bearer);
    expect(response.errors).toBeUndefined();
    return response.data ?? {};
  }

  async function decide(
    input: Json,
  ): Promise<{ allowed: boolean; violations: string[]; warnings: string[] }> {
    const { validateEdge } = await data(VALIDATE, { input });
    const decision = validateEdge as {
      allowed: boolean;
      violations: { rule: string }[];
      warnings: { rule: string }[];
    };
    return {
      allowed: decision.allowed,
      violations: decision.violations.map((v) => v.rule),
      warnings: decision.warnings.map((w) => w.rule),
    };
  }

  describe("delegatedAdmins", () => {
    it("lists every relationship into the customer's tenants, with role names and days left", async () => {
      const { delegatedAdmins } = await data(
        `query($c: ID!) { delegatedAdmins(customerId: $c) { ${ADMIN_FIELDS} } }`,
        { c: "C-1" },
      );
      // Fabrikam (C-1): fabrikam.onmicrosoft.com holds Contoso's terminated relationship and
      // Fourth Coffee's Global Administrator one; fabrikamdev.onmicrosoft.com Fourth Coffee's
      // helpdesk one. By tenant domain, then partner name.
      const fabrikamAdmin = byId(FABRIKAM_ADMIN);
      expect(delegatedAdmins).toEqual([
        {
          relationshipId: CONTOSO_TERMINATED,
          displayName: "Contoso - Fabrikam support",
          status: "TERMINATED",
          partner: { id: "P-100" },
          tenant: { id: FABRIKAM, domain: "fabrikam.onmicrosoft.com" },
          via: null,
          roles: [{ id: HELPDESK, name: "Helpdesk Administrator" }],
          since: "2024-01-01",
          endsOn: "2025-01-01",
          autoExtend: false,
          daysLeft: daysBetween(today(), "2025-01-01"),
        },
        {
          relationshipId: FABRIKAM_ADMIN,
          displayName: fabrikamAdmin.displayName,
          status: "ACTIVE",
          partner: { id: "P-300" },
          tenant: { id: FABRIKAM, domain: "fabrikam.onmicrosoft.com" },
          via: null,
          roles: [
            { id: GLOBAL_ADMIN, name: "Global Administrator" },
            { id: "fe930be7-5e62-47db-91af-98c3a49a38b1", name: "User Administrator" },
          ],
          since: "2025-06-01",
          endsOn: "2027-05-31",
          autoExtend: false,
          daysLeft: daysBetween(today(), "2027-05-31"),
        },
        expect.objectContaining({
          relationshipId: "b7c2a1d3-4e5f-4061-9b72-8c3d0e1f2a02",
          tenant: { id: FABRIKAM_DEV, domain: "fabrikamdev.onmicrosoft.com" },
          daysLeft: daysBetween(today(), "2026-12-20"),
        }),
      ]);
    });

    it("filters by role and by status", async () => {
      const query = `query($c: ID!, $r: ID, $s: GdapStatus) {
        delegatedAdmins(customerId: $c, role: $r, status: $s) { relationshipId } }`;
      const globalAdmins = await data(query, { c: "C-1", r: GLOBAL_ADMIN.toUpperCase() });
      expect(relationshipIds(globalAdmins.delegatedAdmins)).toEqual([FABRIKAM_ADMIN]);
      const terminated = await data(query, { c: "C-1", s: "TERMINATED" });
      expect(relationshipIds(terminated.delegatedAdmins)).toEqual([CONTOSO_TERMINATED]);
      const none = await data(query, { c: "C-5", r: GLOBAL_ADMIN });
      expect(none.delegatedAdmins).toEqual([]);
    });

    it("names an unknown role by its id only, and shows the provider a reseller's relationship came through", async () => {
      const wwi = await data(
        `{ delegatedAdmins(customerId: "C-2") { relationshipId roles { id name } } }`,
      );
      expect(wwi.delegatedAdmins).toEqual([
        {
          relationshipId: RELECLOUD_SECURITY,
          roles: [
            { id: "194ae4cb-b126-40b2-bd5b-6091b380977d", name: "Security Administrator" },
            { id: CUSTOM_ROLE, name: null },
          ],
        },
      ]);
      const trey = await data(
        `{ delegatedAdmins(customerId: "C-5") { relationshipId partner { id role } via { id role } } }`,
      );
      expect(trey.delegatedAdmins).toEqual([
        {
          relationshipId: NORTHWIND_VIA,
          partner: { id: "P-200", role: "INDIRECT_RESELLER" },
          via: { id: "P-120", role: "INDIRECT_PROVIDER" },
        },
      ]);
    });

    it("refuses a role that is not a GUID", async () => {
      const response = await server.gql(
        `{ delegatedAdmins(customerId: "C-1", role: "Global Administrator") { relationshipId } }`,
        {},
        ADMIN,
      );
      expect(codeOf(response)).toBe("BAD_USER_INPUT");
    });
  });

  describe("expiringDelegatedAdmins", () => {
    it("lists the ACTIVE relationships ending within 30 days by default, soonest first", async () => {
      const { expiringDelegatedAdmins } = await data(EXPIRING);
      const page = expiringDelegatedAdmins as { totalCount: number; edges: { node: Json }[] };
      const expected = expiringWithin(30);
      expect(page.edges.map((edge) => edge.node.relationshipId)).toEqual(expected);
      expect(page.totalCount).toBe(expected.length);
    });

    it("pages through a wider window with keyset cursors, never listing an expired one", async () => {
      const expected = expiringWithin(730);
      // At least the Global Administrator, Northwind and Relecloud security relationships.
      expect(expected.length).toBeGreaterThanOrEqual(3);
      expect(expected).not.toContain(RELECLOUD_MAIL);
      const seen: string[] = [];
      let after: string | null = null;
      for (let pages = 0; pages < 10; pages += 1) {
        const response: Json = await data(EXPIRING, { within: 730, first: 2, after });
        const page = response.expiringDelegatedAdmins as {
          edges: { node: { relationshipId: string; endsOn: string; daysLeft: number } }[];
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
        };
        for (const { node } of page.edges) {
          seen.push(node.relationshipId);
          expect(node.daysLeft).toBe(daysBetween(today(), node.endsOn));
        }
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(seen).toEqual(expected);
    });

    it("refuses withinDays above 730 and a cursor it did not issue", async () => {
      expect(codeOf(await server.gql(EXPIRING, { within: 731 }, ADMIN))).toBe("BAD_USER_INPUT");
      expect(codeOf(await server.gql(EXPIRING, { after: "nope" }, ADMIN))).toBe("BAD_USER_INPUT");
    });
  });

  describe("Partner.delegatedAdmins and Tenant.delegatedAdmins", () => {
    it("pages through a partner's relationships by displayName", async () => {
      const query = `query($after: String) { partner(id: "P-310") {
        delegatedAdmins(first: 1, after: $after) { totalCount edges { node { relationshipId } }
          pageInfo { hasNextPage endCursor } } } }`;
      const first = (await data(query)).partner as Json;
      const page1 = first.delegatedAdmins as {
        totalCount: number;
        edges: { node: Json }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
      // "Relecloud - Margie's Travel IE mail" sorts before "Relecloud - Wide World security".
      expect(page1.totalCount).toBe(2);
      expect(page1.edges.map((edge) => edge.node.relationshipId)).toEqual([RELECLOUD_MAIL]);
      expect(page1.pageInfo.hasNextPage).toBe(true);
      const second = (await data(query, { after: page1.pageInfo.endCursor })).partner as Json;
      const page2 = second.delegatedAdmins as { edges: { node: Json }[]; pageInfo: Json };
      expect(page2.edges.map((edge) => edge.node.relationshipId)).toEqual([RELECLOUD_SECURITY]);
      expect(page2.pageInfo.hasNextPage).toBe(false);
    });

    it("lists a tenant's relationships, by status", async () => {
      const { tenant } = await data(
        `query($t: ID!) { tenant(id: $t) { all: delegatedAdmins { relationshipId }
          active: delegatedAdmins(status: ACTIVE) { relationshipId } } }`,
        { t: FABRIKAM },
      );
      expect(tenant).toEqual({
        all: [{ relationshipId: CONTOSO_TERMINATED }, { relationshipId: FABRIKAM_ADMIN }],
        active: [{ relationshipId: FABRIKAM_ADMIN }],
      });
    });

    it("batches nested lists: the statement count does not grow with the number of tenants", async () => {
      const query = (first: number) => `{ customers(first: ${first}) { edges { node {
        tenants { delegatedAdmins { relationshipId partner { id } } } } } } }`;
      const few = await server.gql(query(1), {}, ADMIN);
      const many = await server.gql(query(8), {}, ADMIN);
      expect(many.errors).toBeUndefined();
      expect(many.extensions?.cypherStatements).toBe(few.extensions?.cypherStatements);
      const partnerPages = await server.gql(
        `{ partners(first: 11) { edges { node { delegatedAdmins { totalCount edges { node { relationshipId } } } } } } }`,
        {},
        ADMIN,
      );
      expect(partnerPages.errors).toBeUndefined();
      // partners, their GDAP pages, their counts: one statement each.
      expect(partnerPages.extensions?.cypherStatements).toBeLessThanOrEqual(4);
    });
  });

  describe("serving lists leave GDAP out", () => {
    it("does not list a GDAP relationship in whoServes, servedBy, distributionChains or Partner.customers", async () => {
      // Relecloud (P-310) administers Wide World Importers (C-2) without reselling to it.
      const { whoServes, customer, distributionChains, partner } = await data(`{
        whoServes(customerId: "C-2") { partner { id } relation }
        customer(id: "C-2") { servedBy { partner { id } } }
        distributionChains(customerId: "C-2") { partners { id } hops { type } }
        partner(id: "P-310") { customers { edges { node { id } } } downstreamCustomers { totalCount } }
      }`);
      const partners = (list: unknown) =>
        (list as { partner: { id: string } }[]).map((service) => service.partner.id);
      expect(partners(whoServes)).not.toContain("P-310");
      expect(partners((customer as Json).servedBy)).not.toContain("P-310");
      const hops = (distributionChains as { hops: { type: string }[] }[]).flatMap((c) => c.hops);
      expect(hops.map((hop) => hop.type)).not.toContain("DELEGATED_ADMIN");
      expect(hops.length).toBeGreaterThan(0);
      const customers = ((partner as Json).customers as { edges: { node: { id: string } }[] })
        .edges;
      expect(customers.map((edge) => edge.node.id)).toEqual(["C-4"]);
    });
  });

  describe("the rules", () => {
    it("accepts a valid relationship with no warning when the partner resells to the tenant", async () => {
      expect(await decide(gdap())).toEqual({ allowed: true, violations: [], warnings: [] });
    });

    it("GDAP_DURATION: refuses more than 730 days, or an end before the start", async () => {
      expect(
        (await decide(gdap({ since: "2026-01-01", endsOn: "2028-01-02" }))).violations,
      ).toEqual(["GDAP_DURATION"]);
      expect(
        (await decide(gdap({ since: "2026-01-01", endsOn: "2026-01-01" }))).violations,
      ).toEqual(["GDAP_DURATION"]);
      expect((await decide(gdap({ since: "2026-01-01", endsOn: "2028-01-01" }))).allowed).toBe(
        true,
      );
    });

    it("GDAP_GLOBAL_ADMIN_AUTO_EXTEND: refuses auto-extend with Global Administrator", async () => {
      const ga = { roles: [HELPDESK, GLOBAL_ADMIN] };
      expect((await decide(gdap({ ...ga, autoExtend: true }))).violations).toEqual([
        "GDAP_GLOBAL_ADMIN_AUTO_EXTEND",
      ]);
      expect((await decide(gdap({ ...ga, autoExtend: false }))).allowed).toBe(true);
    });

    it("GDAP_UNIQUE_NAME: refuses a name the partner uses on a relationship that is not terminated", async () => {
      const taken = byId(FABRIKAM_ADMIN).displayName;
      const refused = await decide(gdap({ displayName: taken }));
      expect(refused.violations).toEqual(["GDAP_UNIQUE_NAME"]);
      expect(
        (await decide(gdap({ displayName: taken, status: GdapStatus.TERMINATED }))).allowed,
      ).toBe(true);
      // Contoso's relationship of that name is TERMINATED: the name is free again.
      const reused = gdap({ from: "P-100", to: ALPINE, displayName: "Contoso - Fabrikam support" });
      expect(await decide(reused)).toEqual({ allowed: true, violations: [], warnings: [] });
    });

    it("RESELLER_NEEDS_PROVIDER: `via` only for a reseller, naming a provider that actively supplies it", async () => {
      expect((await decide(gdap({ via: "P-100" }))).violations).toEqual([
        "RESELLER_NEEDS_PROVIDER",
      ]);
      const northwind = { from: "P-200", to: TREY };
      expect((await decide(gdap({ ...northwind, via: "P-120" }))).allowed).toBe(true);
      // Northwind's own relationship, with no provider named, is fine too.
      expect((await decide(gdap(northwind))).allowed).toBe(true);
      expect((await decide(gdap({ ...northwind, via: "P-110" }))).violations).toEqual([
        "RESELLER_NEEDS_PROVIDER",
      ]);
      // P-120 -> P-230 is only PENDING.
      const proseware = gdap({ from: "P-230", to: TREY, via: "P-120" });
      expect((await decide(proseware)).violations).toEqual(["RESELLER_NEEDS_PROVIDER"]);
    });

    it("GDAP_WITHOUT_RESELLER: warns, and IN_MARKET and NO_PARTNER_RESALE do not apply", async () => {
      // Relecloud sells in GB and IE; Alpine Ski House is in CA, and Relecloud does not resell to it.
      const decision = await decide(gdap({ from: "P-310", to: ALPINE }));
      expect(decision).toEqual({
        allowed: true,
        violations: [],
        warnings: ["GDAP_WITHOUT_RESELLER"],
      });
      // Another partner's CSP tenant may grant admin roles (it is no sale).
      expect((await decide(gdap({ to: NORTHWIND_CSP }))).violations).toEqual([]);
    });

    it("SAME_CLOUD and NO_SELF_DEALING apply as to every edge", async () => {
      expect((await decide(gdap({ from: "P-800", to: FABRIKAM }))).violations).toEqual([
        "SAME_CLOUD",
      ]);
      expect((await decide(gdap({ to: FOURTH_CSP }))).violations).toEqual(["NO_SELF_DEALING"]);
    });

    it("DUPLICATE: refuses a relationshipId already stored, whatever the ends", async () => {
      const decision = await decide(gdap({ relationshipId: FABRIKAM_ADMIN, to: WWI }));
      expect(decision.violations).toEqual(["DUPLICATE"]);
    });

    it("refuses malformed input as BAD_USER_INPUT naming the field", async () => {
      const cases: [Partial<EdgeRecord>, string][] = [
        [{ roles: ["Global Administrator"] }, "roles[0]"],
        [{ roles: [] }, "roles"],
        [{ displayName: "x".repeat(51) }, "displayName"],
        [{ endsOn: undefined }, "endsOn"],
        [{ state: RelationshipState.ACTIVE }, "state"],
        [{ relationshipId: undefined }, "relationshipId"],
      ];
      for (const [overrides, field] of cases) {
        const input = gdap(overrides);
        for (const key of Object.keys(overrides)) {
          if (input[key] === undefined) delete input[key];
        }
        const response = await server.gql(VALIDATE, { input }, ADMIN);
        expect([field, codeOf(response)]).toEqual([field, "BAD_USER_INPUT"]);
        expect(response.errors?.[0]?.extensions?.field).toBe(field);
      }
      // A PENDING relationship may leave endsOn out.
      const pending = gdap({ status: GdapStatus.PENDING });
      delete pending.endsOn;
      expect((await decide(pending)).allowed).toBe(true);
    });

    it("creates a relationship, refuses its repeat, and removes it by relationshipId", async () => {
      const input = gdap({ roles: [HELPDESK.toUpperCase()], autoExtend: undefined });
      delete input.autoExtend;
      const created = await data(CREATE, { input });
      expect(created.createEdge).toEqual({
        type: "DELEGATED_ADMIN",
        from: "P-300",
        to: WWI,
        relationshipId: input.relationshipId,
        status: "ACTIVE",
        roles: [HELPDESK],
        endsOn: "2027-06-30",
        autoExtend: false,
        warnings: [],
      });
      const again = await server.gql(CREATE, { input }, ADMIN);
      expect(codeOf(again)).toBe("POLICY_VIOLATION");
      const key = { type: "DELEGATED_ADMIN", from: "P-300", to: WWI };
      expect(codeOf(await server.gql(REMOVE, { input: key }, ADMIN))).toBe("BAD_USER_INPUT");
      const other = { ...key, relationshipId: "not-stored" };
      expect(await data(REMOVE, { input: other })).toEqual({ removeEdge: false });
      const named = { ...key, relationshipId: input.relationshipId };
      expect(await data(REMOVE, { input: named })).toEqual({ removeEdge: true });
      expect(await data(REMOVE, { input: named })).toEqual({ removeEdge: false });
      // The reseller relationship it sat beside is untouched.
      const { whoServes } = await data(
        `{ whoServes(customerId: "C-2") { partner { id } relation } }`,
      );
      expect(whoServes).toContainEqual({ partner: { id: "P-300" }, relation: "RESELLS_FOR" });
    });

    it("lists GDAP_EXPIRED as audit-only and reports each ACTIVE relationship past its endsOn", async () => {
      const { policyRules } = await data(`{ policyRules { id auditOnly appliesTo severity } }`);
      expect(policyRules).toContainEqual({
        id: "GDAP_EXPIRED",
        auditOnly: true,
        appliesTo: ["DELEGATED_ADMIN"],
        severity: "ERROR",
      });
      const { policyAudit } = await data(
        `{ policyAudit(first: 100) { edges { node { rule edge { type relationshipId } } } } }`,
      );
      const expired = (policyAudit as { edges: { node: { rule: string; edge: Json } }[] }).edges
        .filter((edge) => edge.node.rule === "GDAP_EXPIRED")
        .map((edge) => edge.node.edge.relationshipId);
      const expected = GDAP.filter(
        (edge) => edge.status === "ACTIVE" && (edge.endsOn ?? today()) < today(),
      ).map((edge) => edge.relationshipId);
      expect(expired.sort()).toEqual(expected.sort());
      expect(expired).toContain(RELECLOUD_MAIL);
      // It never refuses a write: an ACTIVE relationship that ended long ago is accepted.
      const stale = gdap({ since: "2023-01-01", endsOn: "2024-01-01" });
      expect(await decide(stale)).toEqual({ allowed: true, violations: [], warnings: [] });
    });
  });

  describe("operations", () => {
    it("exposes gauges of ACTIVE relationships ending within 7 and 30 days, and those with Global Administrator", async () => {
      const response = await fetch(server.app.url.replace("/graphql", "/metrics"));
      const text = await response.text();
      const ga = (edge: EdgeRecord) => (edge.roles ?? []).includes(GLOBAL_ADMIN);
      const expected: [string, string, number][] = [
        ["7", "any", expiringWithin(7).length],
        ["30", "any", expiringWithin(30).length],
        ["7", "global_administrator", expiringWithin(7, ga).length],
        ["30", "global_administrator", expiringWithin(30, ga).length],
      ];
      for (const [days, roles, count] of expected) {
        expect(text).toContain(
          `csp_graph_gdap_expiring_relationships{within_days="${days}",roles="${roles}"} ${count}`,
        );
      }
    });
  });

  describe("the partner scope", () => {
    const CUSTOMER_QUERY = `query($c: ID!) { delegatedAdmins(customerId: $c) { relationshipId } }`;

    it("shows a reseller the relationships it holds", async () => {
      const trey = await data(CUSTOMER_QUERY, { c: "C-5" }, partnerToken("P-200"));
      expect(relationshipIds(trey.delegatedAdmins)).toEqual([NORTHWIND_VIA]);
      const fabrikam = await data(CUSTOMER_QUERY, { c: "C-1" }, partnerToken("P-200"));
      expect(fabrikam.delegatedAdmins).toEqual([]);
    });

    it("shows a provider those it created for its resellers through via, and not another provider", async () => {
      const tailspin = await data(CUSTOMER_QUERY, { c: "C-5" }, partnerToken("P-120"));
      expect(relationshipIds(tailspin.delegatedAdmins)).toEqual([NORTHWIND_VIA]);
      const contoso = await data(CUSTOMER_QUERY, { c: "C-5" }, partnerToken("P-100"));
      expect(contoso.delegatedAdmins).toEqual([]);
    });

    it("shows a direct-bill partner only its own, in every list", async () => {
      const relecloud = partnerToken("P-310");
      const wwi = await data(CUSTOMER_QUERY, { c: "C-2" }, relecloud);
      expect(relationshipIds(wwi.delegatedAdmins)).toEqual([RELECLOUD_SECURITY]);
      const fourth = await data(CUSTOMER_QUERY, { c: "C-2" }, partnerToken("P-300"));
      expect(fourth.delegatedAdmins).toEqual([]);
      const { expiringDelegatedAdmins } = await data(EXPIRING, { within: 730 }, relecloud);
      const nodes = (expiringDelegatedAdmins as { edges: { node: Json }[] }).edges.map(
        (edge) => edge.node.relationshipId,
      );
      expect(nodes).toEqual(expiringWithin(730, (edge) => edge.from === "P-310"));
    });
  });
});
