import fs from "node:fs";
import { DEMO_FILE } from "../../src/app";
import type { Db } from "../../src/db/database";
import type { Ecosystem } from "../../src/domain";
import { resetGraph, startTestServer, testDb } from "../support/harness";
import type { GraphQLResponse, TestServer } from "../support/harness";

const demo = JSON.parse(fs.readFileSync(DEMO_FILE, "utf8")) as Ecosystem;
const tenantOf = (domain: string): string => {
  const tenant = demo.tenants.find((candidate) => candidate.domain === domain);
  if (tenant === undefined) throw new Error(`demo has no tenant ${domain}`);
  return tenant.id;
};
const FABRIKAM = tenantOf("fabrikam.onmicrosoft.com");
const TREY = tenantOf("treyresearch.onmicrosoft.com");
const WWI = tenantOf("wideworldimporters.onmicrosoft.com");
const CONTOSO_CSP = tenantOf("contoso-csp.onmicrosoft.com");
/** The demo's ACTIVE GDAP relationships past their endsOn today (GDAP_EXPIRED), in audit order. */
const EXPIRED_GDAP = demo.edges
  .filter(
    (edge) =>
      edge.type === "DELEGATED_ADMIN" &&
      edge.status === "ACTIVE" &&
      (edge.endsOn ?? "9999-12-31") < new Date().toISOString().slice(0, 10),
  )
  .sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));

const CREATE = `mutation($input: EdgeInput!) { createEdge(input: $input) { type from to state workload warnings { rule message } } }`;
const VALIDATE = `query($input: EdgeInput!) { validateEdge(input: $input) { allowed violations { rule message } warnings { rule } } }`;
const REMOVE = `mutation($input: EdgeKeyInput!) { removeEdge(input: $input) }`;
const AUDIT = `query($first: Int, $after: String) { policyAudit(first: $first, after: $after) {
  totalCount edges { cursor node { rule message edge { type from to workload subscriptionId } } } pageInfo { hasNextPage endCursor } } }`;

const codeOf = (response: GraphQLResponse): unknown => response.errors?.[0]?.extensions?.code;

describe("the policy engine through the GraphQL endpoint", () => {
  let db: Db;
  let server: TestServer;

  beforeAll(async () => {
    db = testDb();
    await resetGraph(db);
    // The races below are about the rules being exact, not about backpressure (reliability.int
    // tests SERVER_BUSY): on a loaded machine a cold first write can take seconds, and the
    // default 1 s wait for a turn would answer the others SERVER_BUSY instead of DUPLICATE.
    server = await startTestServer({ demoData: true, writeWaitMs: 60_000 });
  });

  afterAll(async () => {
    await server.stop();
    await db.close();
  });

  it("lists every rule of DOMAIN.md with its severity and source", async () => {
    const response = await server.gql<{
      policyRules: { id: string; severity: string; source: string }[];
    }>(`{ policyRules { id severity source appliesTo description } }`);
    const rules = response.data?.policyRules ?? [];
    expect(rules.map((rule) => rule.id)).toEqual([
      "SAME_CLOUD",
      "NO_SELF_DEALING",
      "TIER_ROLES",
      "RESELLER_AGREEMENT",
      "IN_MARKET",
      "NO_PARTNER_RESALE",
      "RESELLER_NEEDS_PROVIDER",
      "NEEDS_RELATIONSHIP",
      "TRANSACTING_ROLE",
      "RESELLER_OF_RECORD",
      "LICENSE_TERM_LOCK",
      "SUBSCRIPTION_TENANT",
      "DUPLICATE",
      "WORKLOAD_OVERLAP",
      "GDAP_DURATION",
      "GDAP_GLOBAL_ADMIN_AUTO_EXTEND",
      "GDAP_UNIQUE_NAME",
      "GDAP_WITHOUT_RESELLER",
      "GDAP_EXPIRED",
    ]);
    expect(rules.find((rule) => rule.id === "WORKLOAD_OVERLAP")?.severity).toBe("WARNING");
    expect(rules.find((rule) => rule.id === "NO_PARTNER_RESALE")?.source).toBe(
      "work-with-other-partners",
    );
  });

  it("finds nothing to report in the demo graph but its stale GDAP relationships", async () => {
    const response = await server.gql<{
      policyAudit: {
        totalCount: number;
        edges: { node: { rule: string; edge: { from: string; to: string } } }[];
      };
    }>(AUDIT, {});
    const findings = response.data?.policyAudit.edges.map(
      ({ node }) => `${node.rule} ${node.edge.from} ${node.edge.to}`,
    );
    expect(findings).toEqual(EXPIRED_GDAP.map((edge) => `GDAP_EXPIRED ${edge.from} ${edge.to}`));
    expect(response.data?.policyAudit.totalCount).toBe(EXPIRED_GDAP.length);
  });

  describe("createEdge and validateEdge", () => {
    it("refuses reselling to another partner's CSP tenant with POLICY_VIOLATION naming the rule", async () => {
      const input = { type: "RESELLS_FOR", from: "P-300", to: CONTOSO_CSP };
      const response = await server.gql(CREATE, { input });
      expect(codeOf(response)).toBe("POLICY_VIOLATION");
      const violations = response.errors?.[0]?.extensions?.violations as {
        rule: string;
        message: string;
      }[];
      expect(violations.map((violation) => violation.rule)).toEqual(["NO_PARTNER_RESALE"]);
      expect(violations[0]?.message).toContain(CONTOSO_CSP);
      const dryRun = await server.gql(VALIDATE, { input });
      expect(dryRun.data).toEqual({ validateEdge: { allowed: false, violations, warnings: [] } });
    });

    it("tells an indirect reseller to name its provider in via", async () => {
      const response = await server.gql(VALIDATE, {
        input: { type: "RESELLS_FOR", from: "P-200", to: WWI },
      });
      expect(response.data?.validateEdge).toMatchObject({
        allowed: false,
        violations: [
          {
            rule: "RESELLER_NEEDS_PROVIDER",
            message: expect.stringContaining("name the provider that supplies it in `via`"),
          },
        ],
      });
    });

    it("lets a dry run pass without writing anything", async () => {
      const input = { type: "RESELLS_FOR", from: "P-200", to: WWI, via: "P-100" };
      const response = await server.gql(VALIDATE, { input });
      expect(response.data).toEqual({
        validateEdge: { allowed: true, violations: [], warnings: [] },
      });
      const who = await server.gql<{ whoServes: { partner: { id: string } }[] }>(
        `{ whoServes(customerId: "C-2") { partner { id } } }`,
      );
      expect(who.data?.whoServes.map((service) => service.partner.id)).not.toContain("P-200");
    });

    it("writes an allowed edge and reports a workload overlap as a warning", async () => {
      const input = {
        type: "SERVES_WORKLOAD",
        from: "P-100",
        to: FABRIKAM,
        workload: "AZURE",
        role: "SUPPORT",
      };
      const response = await server.gql(CREATE, { input });
      expect(response.errors).toBeUndefined();
      expect(response.data?.createEdge).toMatchObject({
        type: "SERVES_WORKLOAD",
        from: "P-100",
        workload: "AZURE",
      });
      const warnings = (
        response.data?.createEdge as { warnings: { rule: string; message: string }[] }
      ).warnings;
      expect(warnings.map((warning) => warning.rule)).toEqual(["WORKLOAD_OVERLAP"]);
      expect(warnings[0]?.message).toMatch(/P-200|P-300/);
    });

    it("answers NOT_FOUND naming the missing end", async () => {
      const missingTenant = "00000000-0000-4000-8000-0000000000aa";
      const create = await server.gql(CREATE, {
        input: { type: "RESELLS_FOR", from: "P-300", to: missingTenant },
      });
      expect(create.errors?.[0]?.extensions).toMatchObject({
        code: "NOT_FOUND",
        id: missingTenant,
      });
      const validate = await server.gql(VALIDATE, {
        input: { type: "SUPPLIES", from: "P-404", to: "P-200" },
      });
      expect(validate.errors?.[0]?.extensions).toMatchObject({ code: "NOT_FOUND", id: "P-404" });
    });

    it.each([
      [
        "a SERVES_WORKLOAD without its workload",
        { type: "SERVES_WORKLOAD", from: "P-300", to: FABRIKAM, role: "MANAGE" },
        "workload",
      ],
      [
        "a workload on SUPPLIES",
        { type: "SUPPLIES", from: "P-100", to: "P-230", workload: "AZURE" },
        "workload",
      ],
      [
        "a tenant end that is not a GUID",
        { type: "RESELLS_FOR", from: "P-300", to: "not-a-guid" },
        "to",
      ],
    ])("answers BAD_USER_INPUT for %s, naming the field", async (_name, input, field) => {
      const response = await server.gql(CREATE, { input });
      expect(response.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
    });

    it("answers BAD_USER_INPUT for a malformed date or an unknown enum value in variables", async () => {
      const badDate = await server.gql(CREATE, {
        input: { type: "SUPPLIES", from: "P-100", to: "P-230", since: "2024-02-30" },
      });
      expect(codeOf(badDate)).toBe("BAD_USER_INPUT");
      const badEnum = await server.gql(CREATE, {
        input: { type: "SELLS_TO", from: "P-100", to: "P-230" },
      });
      expect(codeOf(badEnum)).toBe("BAD_USER_INPUT");
    });
  });

  describe("upserts", () => {
    it("creates a partner with markets defaulting to its country", async () => {
      const response = await server.gql(
        `mutation { upsertPartner(input: { id: "P-500", name: "Adventure Works Cloud", role: DIRECT_BILL, cloud: PUBLIC, country: "NL", mpaSigned: true }) { id markets } }`,
      );
      expect(response.data).toEqual({ upsertPartner: { id: "P-500", markets: ["NL"] } });
    });

    it.each([
      [
        "an unknown country",
        `upsertPartner(input: { id: "P-501", name: "X", role: DIRECT_BILL, cloud: PUBLIC, country: "XX", mpaSigned: true }) { id }`,
        "country",
      ],
      [
        "a tenant id that is not a GUID",
        `upsertTenant(input: { id: "abc", domain: "x.onmicrosoft.com", purpose: CUSTOMER, cloud: PUBLIC, country: "US", ownerId: "C-1" }) { id }`,
        "id",
      ],
      [
        "a customer tenant owned by a partner",
        `upsertTenant(input: { id: "11111111-2222-4333-8444-555555555555", domain: "x.onmicrosoft.com", purpose: CUSTOMER, cloud: PUBLIC, country: "US", ownerId: "P-300" }) { id }`,
        "purpose",
      ],
      [
        "a second CSP tenant for a partner",
        `upsertTenant(input: { id: "11111111-2222-4333-8444-555555555556", domain: "y.onmicrosoft.com", purpose: CSP, cloud: PUBLIC, country: "US", ownerId: "P-300" }) { id }`,
        "purpose",
      ],
    ])("refuses %s with BAD_USER_INPUT naming the field", async (_name, mutation, field) => {
      const response = await server.gql(`mutation { ${mutation} }`);
      expect(response.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
    });

    it("answers NOT_FOUND for a tenant whose owner does not exist", async () => {
      const response = await server.gql(
        `mutation { upsertTenant(input: { id: "11111111-2222-4333-8444-555555555557", domain: "z.onmicrosoft.com", purpose: CUSTOMER, cloud: PUBLIC, country: "US", ownerId: "C-404" }) { id } }`,
      );
      expect(response.errors?.[0]?.extensions).toMatchObject({ code: "NOT_FOUND", id: "C-404" });
    });

    it("creates a customer and a tenant it owns", async () => {
      const response = await server.gql(`mutation {
        upsertCustomer(input: { id: "C-500", name: "Graphic Design Institute", cloud: PUBLIC, country: "US" }) { id }
        upsertTenant(input: { id: "11111111-2222-4333-8444-555555555558", domain: "gdi.onmicrosoft.com", purpose: CUSTOMER, cloud: PUBLIC, country: "US", ownerId: "C-500" }) { id owner { ... on Customer { id } } }
      }`);
      expect(response.data).toEqual({
        upsertCustomer: { id: "C-500" },
        upsertTenant: { id: "11111111-2222-4333-8444-555555555558", owner: { id: "C-500" } },
      });
    });
  });

  describe("under concurrent writers", () => {
    it("lets exactly one of 16 identical createEdge calls land; the rest are DUPLICATE", async () => {
      const input = {
        type: "RESELLS_FOR",
        from: "P-310",
        to: tenantOf("margiestravel.onmicrosoft.com"),
      };
      const responses = await Promise.all(
        Array.from({ length: 16 }, () => server.gql(CREATE, { input })),
      );
      const landed = responses.filter((response) => response.errors === undefined);
      const refused = responses.filter((response) => codeOf(response) === "POLICY_VIOLATION");
      expect(landed).toHaveLength(1);
      expect(refused).toHaveLength(15);
      for (const response of refused) {
        const violations = response.errors?.[0]?.extensions?.violations as { rule: string }[];
        expect(violations.map((violation) => violation.rule)).toEqual(["DUPLICATE"]);
      }
      const stored = await server.gql<{ tenant: { servedBy: { partner: { id: string } }[] } }>(
        `query($t: ID!) { tenant(id: $t) { servedBy { partner { id } } } }`,
        { t: input.to },
      );
      expect(
        stored.data?.tenant.servedBy.filter((service) => service.partner.id === "P-310"),
      ).toHaveLength(1);
    });

    it("gives a licence subscription raced by two partners to exactly one of them", async () => {
      for (let round = 0; round < 5; round++) {
        const subscriptionId = `sub-race-${round}`;
        const provision = (from: string) => ({
          type: "PROVISIONS",
          from,
          to: FABRIKAM,
          subscriptionId,
          workload: "MICROSOFT_365",
          billing: "LICENSE",
          termEnd: "2030-01-31",
        });
        const [a, b] = await Promise.all([
          server.gql(CREATE, { input: provision("P-100") }),
          server.gql(CREATE, { input: provision("P-300") }),
        ]);
        const outcomes = [a, b].map((response) =>
          response.errors === undefined
            ? "landed"
            : (response.errors[0]?.extensions?.violations as { rule: string }[])
                .map((v) => v.rule)
                .join(),
        );
        expect(outcomes.sort()).toEqual(["LICENSE_TERM_LOCK", "landed"]);
      }
    });
  });

  describe("removeEdge and the audit", () => {
    it("answers false when no such edge is stored", async () => {
      const response = await server.gql(REMOVE, {
        input: { type: "SUPPLIES", from: "P-110", to: "P-200" },
      });
      expect(response.data).toEqual({ removeEdge: false });
    });

    it("finds what a removed SUPPLIES left without a basis, a page at a time", async () => {
      const removed = await server.gql(REMOVE, {
        input: { type: "SUPPLIES", from: "P-120", to: "P-200" },
      });
      expect(removed.data).toEqual({ removeEdge: true });

      const all = await server.gql<{
        policyAudit: {
          totalCount: number;
          edges: { node: { rule: string; edge: { type: string; from: string; to: string } } }[];
        };
      }>(AUDIT, {});
      const findings = all.data?.policyAudit.edges.map(
        (edge) =>
          `${edge.node.rule} ${edge.node.edge.type} ${edge.node.edge.from} ${edge.node.edge.to}`,
      );
      // Northwind's GDAP relationship with Trey was created through P-120 too; the stale GDAP
      // relationships of the demo are reported whatever happens to SUPPLIES.
      expect(findings).toEqual([
        `RESELLER_OF_RECORD PROVISIONS P-120 ${TREY}`,
        `RESELLER_NEEDS_PROVIDER DELEGATED_ADMIN P-200 ${TREY}`,
        `RESELLER_NEEDS_PROVIDER RESELLS_FOR P-200 ${TREY}`,
        ...EXPIRED_GDAP.map((edge) => `GDAP_EXPIRED DELEGATED_ADMIN ${edge.from} ${edge.to}`),
      ]);
      expect(all.data?.policyAudit.totalCount).toBe(3 + EXPIRED_GDAP.length);

      const first = await server.gql<{
        policyAudit: {
          edges: { node: { rule: string } }[];
          pageInfo: { hasNextPage: boolean; endCursor: string };
        };
      }>(AUDIT, { first: 1 });
      expect(first.data?.policyAudit.pageInfo.hasNextPage).toBe(true);
      const second = await server.gql<{
        policyAudit: { edges: { node: { rule: string } }[]; pageInfo: { hasNextPage: boolean } };
      }>(AUDIT, { first: 1, after: first.data?.policyAudit.pageInfo.endCursor });
      expect(second.data?.policyAudit.edges.map((edge) => edge.node.rule)).toEqual([
        "RESELLER_NEEDS_PROVIDER",
      ]);
      expect(second.data?.policyAudit.pageInfo.hasNextPage).toBe(true);

      // Nothing cascaded: the reseller still serves Trey Research.
      const who = await server.gql<{ whoServes: { partner: { id: string } }[] }>(
        `{ whoServes(customerId: "C-5") { partner { id } } }`,
      );
      expect(who.data?.whoServes.map((service) => service.partner.id)).toContain("P-200");
    });

    it("refuses a malformed audit cursor as BAD_USER_INPUT", async () => {
      const response = await server.gql(AUDIT, { after: "nope" });
      expect(response.errors?.[0]?.extensions).toMatchObject({
        code: "BAD_USER_INPUT",
        field: "after",
      });
    });
  });
});
