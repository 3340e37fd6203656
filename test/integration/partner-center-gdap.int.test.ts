import type { Db } from "../../src/db/database";
import { buildDist, compiledCli, runCli } from "../support/cli";
import { resetGraph, startTestServer, testDb } from "../support/harness";
import {
  CONTOSO,
  FABRIKAM,
  FIRST_UP,
  FOURTH_COFFEE,
  PROVIDER,
  PROVIDER_DIR,
  RESELLER_DIR,
} from "../support/partner-center-fixtures";
import type { TestServer } from "../support/harness";

// GDAP from the two fixture exports (test/fixtures/partner-center), once the import knows
// DELEGATED_ADMIN (issue 18): `--gdap auto` then puts Graph's relationships into the document.
// Answers worked out by hand from the delegatedAdminRelationships pages.
const CLI = compiledCli("import-partner-center");

type Row = Record<string, unknown>;

describe("npm run import:partner-center with GDAP", () => {
  let db: Db;
  let server: TestServer;

  beforeAll(async () => {
    buildDist();
    db = testDb();
    await db.applySchema();
    await resetGraph(db);
    server = await startTestServer();
  });

  afterAll(async () => {
    await server.stop();
    await db.close();
  });

  async function delegatedAdmins(customerId: string): Promise<Row[]> {
    const response = await server.gql(
      `query($c: ID!) { delegatedAdmins(customerId: $c) {
        relationshipId displayName status partner { id } tenant { id } via { id }
        roles { id name } since endsOn autoExtend } }`,
      { c: customerId },
    );
    expect(response.errors).toBeUndefined();
    return ((response.data as Row).delegatedAdmins as Row[]).sort((a, b) =>
      String(a.displayName).localeCompare(String(b.displayName)),
    );
  }

  it("imports the GDAP relationships of both exports as DELEGATED_ADMIN edges", async () => {
    const provider = runCli(CLI, [PROVIDER_DIR, "--markets", "US,BR"]);
    expect(provider.status).toBe(0);
    expect(provider.stdout).not.toContain("GDAP relationship left out");
    // 12 edges as before, and 3 GDAP relationships (the fourth names a tenant no page lists).
    expect(provider.stdout).toContain("Imported 3 partners, 4 customers, 5 tenants, 15 edges");
    expect(provider.stdout).toContain(
      "1 × GDAP relationship with a tenant missing from the customer pages",
    );
    const reseller = runCli(CLI, [RESELLER_DIR]);
    expect(reseller.status).toBe(0);
    expect(reseller.stdout).toContain("Imported 1 partners, 2 customers, 3 tenants, 8 edges");

    expect(await delegatedAdmins(FOURTH_COFFEE)).toEqual([
      {
        relationshipId: "1041ef52-a99b-4245-a3be-cbd3fa7c5ed1-8777b240-c6f0-4469-9e98-a3205431b836",
        displayName: "Contoso subsidiary relationship",
        status: "TERMINATED",
        partner: { id: PROVIDER },
        tenant: { id: FOURTH_COFFEE },
        via: null,
        roles: [
          { id: "29232cdf-9323-42fd-ade2-1d097af3e4de", name: "Exchange Administrator" },
          // Not one of DOMAIN.md's well-known ids: shown by its id.
          { id: "3a2c62db-5318-420d-8d74-23affee5d9d5", name: null },
        ],
        since: "2021-09-29",
        endsOn: "2021-10-29",
        autoExtend: false,
      },
      {
        relationshipId: "5d027261-d21f-4aa9-b7db-7fa1f56fb163-8777b240-c6f0-4469-9e98-a3205431b836",
        displayName: "FourthCoffee helpdesk",
        status: "ACTIVE",
        partner: { id: PROVIDER },
        tenant: { id: FOURTH_COFFEE },
        via: null,
        roles: [
          { id: "729827e3-9c14-49f7-bb1b-9608f156bbb8", name: "Helpdesk Administrator" },
          { id: "f2ef992c-3afb-46b9-b7cf-a126ee74c451", name: "Global Reader" },
        ],
        since: "2025-01-15",
        endsOn: "2027-01-15",
        autoExtend: true,
      },
    ]);
    // approvalPending: PENDING, not active yet, no end date; Contoso has no reseller relationship
    // (GDAP_WITHOUT_RESELLER is a warning: written).
    expect(await delegatedAdmins(CONTOSO)).toEqual([
      expect.objectContaining({
        displayName: "Contoso onboarding",
        status: "PENDING",
        partner: { id: PROVIDER },
        since: null,
        endsOn: null,
        autoExtend: false,
      }),
    ]);
    // The reseller's resellerDelegatedAdminRelationship: via the provider that created it.
    expect(await delegatedAdmins(FABRIKAM)).toEqual([
      expect.objectContaining({
        displayName: "Fabrikam admin relationship",
        status: "ACTIVE",
        partner: { id: FIRST_UP },
        via: { id: PROVIDER },
        endsOn: "2027-11-28",
      }),
    ]);

    // GDAP edges are not services: who serves Fourth Coffee is what it was without them.
    const who = await server.gql(
      `query($c: ID!) { whoServes(customerId: $c) { partner { id } relation workload } }`,
      { c: FOURTH_COFFEE },
    );
    expect(who.errors).toBeUndefined();
    expect(((who.data as Row).whoServes as Row[]).map((s) => s.relation).sort()).toEqual([
      "PROVISIONS",
      "PROVISIONS",
      "RESELLS_FOR",
    ]);
    const audit = await server.gql(`{ policyAudit(first: 100) { edges { node { rule } } } }`);
    expect(audit.errors).toBeUndefined();
    const rules = ((audit.data as Row).policyAudit as { edges: { node: Row }[] }).edges.map(
      (edge) => edge.node.rule,
    );
    expect(rules.filter((rule) => rule !== "GDAP_WITHOUT_RESELLER")).toEqual([]);
  });
});
