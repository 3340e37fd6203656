import jwt from "jsonwebtoken";
import type { AuthConfig } from "../../src/config";
import type { Db } from "../../src/db/database";
import { resetGraph, startTestServer, testDb } from "../support/harness";
import type { GraphQLResponse, TestServer } from "../support/harness";

/**
 * Issue 17's findings 1, 2, 3 and 6 on the demo graph, in production mode: what a PARTNER could
 * learn of what lies outside its scope through verdicts, chains and edges it wrote itself.
 */
const SECRET = "scope-leaks-test-secret-0123456789abcdef";
const AUTH: AuthConfig = {
  key: { algorithm: "HS256", secret: SECRET },
  issuer: null,
  audience: null,
};
const token = (claims: object): string => jwt.sign(claims, SECRET, { expiresIn: "5m" });
const ADMIN = token({ sub: "admin-1", role: "ADMIN" });
const partnerToken = (partnerId: string): string =>
  token({ sub: `${partnerId}-ops`, role: "PARTNER", partnerId });
const CONTOSO = partnerToken("P-100");
const TAILSPIN = partnerToken("P-120");
const NORTHWIND = partnerToken("P-200");
const FOURTH_COFFEE = partnerToken("P-300");

const FABRIKAM = "5b4c8012-ede7-4d0c-bfb8-8309fadb8908";
const WWI = "b91dddd9-1389-4372-a341-738c837a7935";
const MARGIES = "24114258-751b-4c83-89a0-47dc4ac87fc0";
const MARGIES_IE = "b766ff10-b437-4db5-a511-49bbe060a724";
const CITY_POWER = "e41686cd-6616-4227-9737-14726c167229";
const ADATUM_CSP = "f3f49249-dc28-4f90-a5ae-c7978306d03b";
const TREY = "d9090b89-0655-4096-8f1a-8a1d93d20470";

const VALIDATE = `query($input: EdgeInput!) {
  validateEdge(input: $input) { allowed violations { rule message } warnings { rule message } }
}`;
const CREATE = `mutation($input: EdgeInput!) { createEdge(input: $input) { type from to state } }`;

interface Verdict {
  allowed: boolean;
  violations: { rule: string; message: string }[];
  warnings: { rule: string; message: string }[];
}

const codeOf = (response: GraphQLResponse): unknown => response.errors?.[0]?.extensions?.code;

describe("what a PARTNER learns outside its scope", () => {
  let db: Db;
  let server: TestServer;

  beforeAll(async () => {
    db = testDb();
    await resetGraph(db);
    server = await startTestServer({ demoData: true, production: true, auth: AUTH });
  });

  afterAll(async () => {
    await server.stop();
    await db.close();
  });

  async function verdict(bearer: string, input: object): Promise<Verdict> {
    const response = await server.gql<{ validateEdge: Verdict }>(VALIDATE, { input }, bearer);
    expect(response.errors).toBeUndefined();
    const found = response.data?.validateEdge;
    if (found === undefined) throw new Error("no verdict");
    return found;
  }

  const text = (found: Verdict): string => JSON.stringify(found);

  describe("finding 1: licences in other tenants", () => {
    const sub0007 = {
      type: "PROVISIONS",
      from: "P-200",
      to: FABRIKAM,
      subscriptionId: "sub-0007",
      workload: "AZURE",
      billing: "USAGE",
      channel: "DIRECT",
      via: "P-100",
    };

    it("does not lock a subscription by a licence that lives in another customer's tenant", async () => {
      const found = await verdict(NORTHWIND, sub0007);
      expect(found.violations.map((v) => v.rule)).not.toContain("LICENSE_TERM_LOCK");
      expect(text(found)).not.toMatch(/2027-09-30|P-110|24114258/);
    });

    it("refuses the id of another tenant's subscription by SUBSCRIPTION_TENANT, naming no tenant to a partner", async () => {
      const found = await verdict(NORTHWIND, sub0007);
      expect(found.violations.map((v) => v.rule)).toContain("SUBSCRIPTION_TENANT");
      const message = found.violations.find((v) => v.rule === "SUBSCRIPTION_TENANT")?.message;
      expect(message).toContain("another tenant");
      expect(message).not.toContain(MARGIES);
    });

    it("names the other tenant to an ADMIN and refuses the write", async () => {
      const input = { ...sub0007, from: "P-300", to: WWI, via: undefined };
      const response = await server.gql(CREATE, { input }, ADMIN);
      expect(codeOf(response)).toBe("POLICY_VIOLATION");
      expect(JSON.stringify(response.errors)).toContain(`SUBSCRIPTION_TENANT`);
      expect(JSON.stringify(response.errors)).toContain(`tenant ${MARGIES}`);
    });
  });

  describe("finding 2: partners and tenants through verdicts", () => {
    it("answers an out-of-scope partner as it answers an unknown id", async () => {
      const outside = await server.gql(
        VALIDATE,
        { input: { type: "SUPPLIES", from: "P-200", to: "P-110" } },
        NORTHWIND,
      );
      const unknown = await server.gql(
        VALIDATE,
        { input: { type: "SUPPLIES", from: "P-200", to: "P-999" } },
        NORTHWIND,
      );
      expect(codeOf(unknown)).toBe("NOT_FOUND");
      expect(codeOf(outside)).toBe("NOT_FOUND");
      expect(outside.errors?.[0]?.message.replace("P-110", "P-999")).toBe(
        unknown.errors?.[0]?.message,
      );
      expect(JSON.stringify(outside)).not.toMatch(/INDIRECT_PROVIDER|GB/);
    });

    it("treats an out-of-scope partner in via or resellerOfRecord as unknown", async () => {
      const edge = { type: "RESELLS_FOR", from: "P-200", to: FABRIKAM };
      const outside = await verdict(NORTHWIND, { ...edge, via: "P-110" });
      const unknown = await verdict(NORTHWIND, { ...edge, via: "P-999" });
      expect(text(outside).replaceAll("P-110", "P-999")).toBe(text(unknown));
      const ror = {
        type: "PROVISIONS",
        from: "P-100",
        to: FABRIKAM,
        subscriptionId: "sub-leak-1",
        workload: "AZURE",
        billing: "USAGE",
        channel: "CSP",
      };
      const rorOutside = await verdict(CONTOSO, { ...ror, resellerOfRecord: "P-220" });
      const rorUnknown = await verdict(CONTOSO, { ...ror, resellerOfRecord: "P-998" });
      expect(text(rorOutside).replaceAll("P-220", "P-998")).toBe(text(rorUnknown));
    });

    it("names no cloud, country, purpose or other partner of a tenant the caller does not serve", async () => {
      const via = { from: "P-200", via: "P-100" };
      const usGov = await verdict(NORTHWIND, { type: "RESELLS_FOR", to: CITY_POWER, ...via });
      const ireland = await verdict(NORTHWIND, { type: "RESELLS_FOR", to: MARGIES_IE, ...via });
      const csp = await verdict(NORTHWIND, { type: "RESELLS_FOR", to: ADATUM_CSP, ...via });
      expect(usGov.violations.map((v) => v.rule)).toContain("SAME_CLOUD");
      expect(ireland.violations.map((v) => v.rule)).toContain("IN_MARKET");
      expect(csp.violations.map((v) => v.rule)).toContain("NO_PARTNER_RESALE");
      expect(text(usGov)).not.toContain("US_GOV");
      expect(text(ireland)).not.toMatch(/\bIE\b/);
      expect(text(csp)).not.toMatch(/\bGB\b|P-110/);
    });

    it("gives no workload-overlap warning for a tenant the caller does not serve", async () => {
      const found = await verdict(NORTHWIND, {
        type: "SERVES_WORKLOAD",
        from: "P-200",
        to: MARGIES_IE,
        workload: "AZURE",
        role: "MANAGE",
        via: "P-100",
      });
      expect(found.warnings).toEqual([]);
      expect(text(found)).not.toContain("another partner");
    });
  });

  describe("finding 6: visibility without consent", () => {
    it("stores a PARTNER's RESELLS_FOR into a tenant it does not serve as PENDING, showing nothing until an ADMIN makes it ACTIVE", async () => {
      const input = { type: "RESELLS_FOR", from: "P-300", to: TREY, state: "ACTIVE" };
      const created = await server.gql<{ createEdge: { state: string } }>(
        CREATE,
        { input },
        FOURTH_COFFEE,
      );
      expect(created.errors).toBeUndefined();
      expect(created.data?.createEdge.state).toBe("PENDING");
      const lookup = `{ customer(id: "C-5") { id } tenant(id: "${TREY}") { id } }`;
      const hidden = await server.gql(lookup, {}, FOURTH_COFFEE);
      expect(hidden.data).toEqual({ customer: null, tenant: null });

      const accepted = await server.gql<{ createEdge: { state: string } }>(
        CREATE,
        { input },
        ADMIN,
      );
      expect(accepted.errors).toBeUndefined();
      expect(accepted.data?.createEdge.state).toBe("ACTIVE");
      const shown = await server.gql(lookup, {}, FOURTH_COFFEE);
      expect(shown.data).toEqual({ customer: { id: "C-5" }, tenant: { id: TREY } });
    });

    it("does not show a reseller's record through a REMOVED SUPPLIES the provider wrote", async () => {
      const response = await server.gql(
        CREATE,
        { input: { type: "SUPPLIES", from: "P-120", to: "P-210", state: "REMOVED" } },
        TAILSPIN,
      );
      expect(codeOf(response)).toBe("NOT_FOUND");
      const partner = await server.gql(`{ partner(id: "P-210") { id } }`, {}, TAILSPIN);
      expect(partner.data).toEqual({ partner: null });
    });

    it("refuses via on a direct-bill partner's edge by RESELLER_NEEDS_PROVIDER", async () => {
      const found = await verdict(FOURTH_COFFEE, {
        type: "RESELLS_FOR",
        from: "P-300",
        to: FABRIKAM,
        via: "P-100",
      });
      expect(found.allowed).toBe(false);
      expect(found.violations.map((v) => v.rule)).toContain("RESELLER_NEEDS_PROVIDER");
    });
  });

  // Last: it changes P-300's role for the rest of the file.
  describe("finding 3: chains through an edge without via", () => {
    const CHAINS = `{ distributionChains(customerId: "C-2") {
      partners { id } hops { type from to } tenant { id owner { ... on Customer { id } } }
    } }`;

    it("shows a provider no chain through its reseller's edge that does not name it, and never fails on an owner", async () => {
      const upsert = await server.gql(
        `mutation($input: PartnerInput!) { upsertPartner(input: $input) { id role } }`,
        {
          input: {
            id: "P-300",
            name: "Fourth Coffee Cloud",
            role: "INDIRECT_RESELLER",
            cloud: "PUBLIC",
            country: "US",
            markets: ["US"],
            mpaSigned: true,
          },
        },
        ADMIN,
      );
      expect(upsert.errors).toBeUndefined();
      const supplies = await server.gql(
        CREATE,
        { input: { type: "SUPPLIES", from: "P-100", to: "P-300", state: "ACTIVE" } },
        ADMIN,
      );
      expect(supplies.errors).toBeUndefined();

      const chains = await server.gql<{ distributionChains: unknown[] }>(CHAINS, {}, CONTOSO);
      expect(chains.errors).toBeUndefined();
      expect(chains.data?.distributionChains).toEqual([]);
      const whoServes = await server.gql(
        `{ whoServes(customerId: "C-2") { relation } }`,
        {},
        CONTOSO,
      );
      expect(whoServes.data).toEqual({ whoServes: [] });

      // P-300 itself still sees its chains, with their owners.
      const own = await server.gql<{ distributionChains: unknown[] }>(CHAINS, {}, FOURTH_COFFEE);
      expect(own.errors).toBeUndefined();
      expect(own.data?.distributionChains.length).toBeGreaterThan(0);
    });

    it("shows the edges a role change left without a provider in the audit", async () => {
      const audit = await server.gql<{
        policyAudit: { edges: { node: { rule: string; edge: { from: string; to: string } } }[] };
      }>(`{ policyAudit(first: 100) { edges { node { rule edge { from to } } } } }`, {}, ADMIN);
      expect(audit.errors).toBeUndefined();
      const findings = audit.data?.policyAudit.edges.map((e) => e.node) ?? [];
      expect(findings).toContainEqual({
        rule: "RESELLER_NEEDS_PROVIDER",
        edge: { from: "P-300", to: WWI },
      });
    });
  });
});
