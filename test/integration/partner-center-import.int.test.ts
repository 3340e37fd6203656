import fs from "node:fs";
import path from "node:path";
import type { Db } from "../../src/db/database";
import { countFindings } from "../../src/services/audit.service";
import { exportEcosystem } from "../../src/services/export.service";
import { buildDist, compiledCli, runCli, runCliAsync, tempFolder } from "../support/cli";
import { resetGraph, startTestServer, testDb } from "../support/harness";
import type { TestServer } from "../support/harness";
import {
  CONTOSO,
  CONTOSO190,
  FABRIKAM,
  FIRST_UP,
  FOURTH_COFFEE,
  PROVIDER,
  PROVIDER_DIR,
  RELECLOUD,
  RESELLER_DIR,
  WINGTIP,
} from "../support/partner-center-fixtures";
import { replay, REPLAY_TOKENS } from "../support/partner-center-replay";

// The two fixture exports (test/fixtures/partner-center) describe one channel: Lucerne Publishing
// (MPN 4391507), an indirect provider, supplies First Up Consultants (4847383, US) and ReleCloud
// (4847433, BR). The answers below were worked out by hand from the fixture pages.
const CLI = compiledCli("import-partner-center");
const IMPORT_CLI = compiledCli("import");
const workDir = tempFolder("partner-center");

/** The provider's markets are not in any API: ReleCloud and its customer are in Brazil. */
const PROVIDER_ARGS = [PROVIDER_DIR, "--markets", "US,BR"];

type Row = Record<string, unknown>;

describe("npm run import:partner-center", () => {
  let db: Db;
  let server: TestServer;

  beforeAll(async () => {
    // The command runs compiled, as `npm run import:partner-center` runs it.
    buildDist();
    db = testDb();
    await db.applySchema();
    server = await startTestServer();
  });

  beforeEach(async () => {
    await resetGraph(db);
  });

  afterAll(async () => {
    await server.stop();
    await db.close();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  const counts = async () => (await db.read("graphCounts", {}))[0];

  async function whoServes(customerId: string): Promise<string[]> {
    const response = await server.gql(
      `query($c: ID!) { whoServes(customerId: $c) { partner { id } relation workload via { id } } }`,
      { c: customerId },
    );
    expect(response.errors).toBeUndefined();
    return ((response.data as Row).whoServes as Row[])
      .map(
        (s) =>
          `${(s.partner as Row).id} ${s.relation} ${s.workload ?? "-"} ${(s.via as Row | null)?.id ?? "-"}`,
      )
      .sort();
  }

  async function chains(customerId: string): Promise<string[]> {
    const response = await server.gql(
      `query($c: ID!) { distributionChains(customerId: $c) { hops { type from to } } }`,
      { c: customerId },
    );
    expect(response.errors).toBeUndefined();
    return ((response.data as Row).distributionChains as { hops: Row[] }[])
      .map((chain) => chain.hops.map((hop) => `${hop.from} ${hop.type}`).join(" > "))
      .sort();
  }

  /** The graph as `npm run export` writes it. */
  async function exported(): Promise<Record<string, Row[]>> {
    const doc: Record<string, Row[]> = {};
    let current: Row[] = [];
    await exportEcosystem(db, {
      startArray: async (name) => {
        current = [];
        doc[name] = current;
      },
      row: async (value) => {
        current.push(value as unknown as Row);
      },
      end: async () => undefined,
    });
    return doc;
  }

  /** Every check of the channel both exports add up to. */
  async function expectTheChannel(): Promise<void> {
    // 3 partners, 5 customers, 7 tenants (5 customers' and 2 partners' CSP tenants).
    // Edges: 2 SUPPLIES, 7 RESELLS_FOR, 6 PROVISIONS (3 subscriptions skipped: deleted, expired,
    // and one of a customer without a reseller relationship has none to skip), and 4 GDAP
    // relationships (partner-center-gdap.int.test.ts checks them).
    expect(await counts()).toEqual({ nodes: 15, owns: 7, policyEdges: 19 });
    expect(await whoServes(FOURTH_COFFEE)).toEqual([
      `${PROVIDER} PROVISIONS AZURE -`,
      `${PROVIDER} PROVISIONS OFFICE_365 -`,
      `${PROVIDER} RESELLS_FOR - -`,
    ]);
    expect(await whoServes(WINGTIP)).toEqual([
      `${PROVIDER} PROVISIONS MICROSOFT_365 -`,
      `${PROVIDER} PROVISIONS OTHER -`,
      `${PROVIDER} RESELLS_FOR - -`,
      `${FIRST_UP} RESELLS_FOR - ${PROVIDER}`,
    ]);
    expect(await whoServes(CONTOSO190)).toEqual([
      `${PROVIDER} PROVISIONS ENTERPRISE_MOBILITY -`,
      `${PROVIDER} RESELLS_FOR - -`,
      `${RELECLOUD} RESELLS_FOR - ${PROVIDER}`,
    ]);
    expect(await whoServes(CONTOSO)).toEqual([]);
    // Fabrikam is only in the reseller's export: its provider comes from the reseller's GDAP
    // relationship (indirectProviderTenantId), the subscription is the provider's order.
    expect(await whoServes(FABRIKAM)).toEqual([
      `${PROVIDER} PROVISIONS AZURE -`,
      `${PROVIDER} RESELLS_FOR - -`,
      `${FIRST_UP} RESELLS_FOR - ${PROVIDER}`,
    ]);
    expect(await chains(WINGTIP)).toEqual([
      `${PROVIDER} PROVISIONS`,
      `${PROVIDER} PROVISIONS`,
      `${PROVIDER} RESELLS_FOR`,
      `${PROVIDER} SUPPLIES > ${FIRST_UP} RESELLS_FOR`,
    ]);
    expect(await chains(CONTOSO190)).toEqual([
      `${PROVIDER} PROVISIONS`,
      `${PROVIDER} RESELLS_FOR`,
      `${PROVIDER} SUPPLIES > ${RELECLOUD} RESELLS_FOR`,
    ]);
    expect(await countFindings(db)).toBe(0);

    const doc = await exported();
    const provisions = Object.fromEntries(
      (doc.edges ?? [])
        .filter((edge) => edge.type === "PROVISIONS")
        .map((edge) => [edge.subscriptionId, edge]),
    );
    // "2016-12-12T08: 00: 00Z" (the older samples' spacing) parses; licence from billingType.
    expect(provisions["83ef9d05-4169-4ef9-9657-0e86b1eab1de"]).toMatchObject({
      from: PROVIDER,
      to: FOURTH_COFFEE,
      workload: "OFFICE_365",
      billing: "LICENSE",
      channel: "CSP",
      termEnd: "2016-12-12",
    });
    // billingType "none": not Azure, so a licence; partnerId is the reseller of record.
    expect(provisions["7c6b5a49-3827-4160-a5f4-e3d2c1b0a987"]).toMatchObject({
      workload: "OTHER",
      billing: "LICENSE",
      termEnd: "2027-06-30",
      resellerOfRecord: FIRST_UP,
    });
    expect(provisions["6e7aa601-629e-461b-8933-0898c3cc3c7c"]).toMatchObject({
      from: PROVIDER,
      to: FABRIKAM,
      workload: "AZURE",
      billing: "USAGE",
      resellerOfRecord: FIRST_UP,
    });
    expect(provisions["2b4d6f80-1a3c-4e5f-8091-a2b3c4d5e6f7"]).toMatchObject({
      resellerOfRecord: RELECLOUD,
    });
    expect(Object.keys(provisions)).toHaveLength(6);
    const partner = (id: string) => (doc.partners ?? []).find((row) => row.id === id);
    expect(partner(PROVIDER)).toMatchObject({ role: "INDIRECT_PROVIDER", markets: ["US", "BR"] });
    expect(partner(FIRST_UP)).toMatchObject({ role: "INDIRECT_RESELLER", country: "US" });
    expect(partner(RELECLOUD)).toMatchObject({ role: "INDIRECT_RESELLER", country: "BR" });
    expect((doc.customers ?? []).find((row) => row.id === CONTOSO190)).toMatchObject({
      name: "Contoso190",
      country: "BR",
    });
  }

  it("imports the provider's and then the reseller's export into one channel", async () => {
    const provider = runCli(CLI, PROVIDER_ARGS);
    expect(provider.stderr).not.toMatch(/^edges\[/m);
    expect(provider.status).toBe(0);
    expect(provider.stdout).toContain("customers-2.json: customers, 2 items (totalCount 4)");
    expect(provider.stdout).toContain("1 × subscription deleted");
    expect(provider.stdout).toContain("1 × subscription expired");
    expect(provider.stdout).toContain(
      "1 × workload OTHER for an offer the workload table does not know",
    );
    // 12 sales edges and 3 GDAP relationships.
    expect(provider.stdout).toContain("Imported 3 partners, 4 customers, 5 tenants, 15 edges");

    const reseller = runCli(CLI, [RESELLER_DIR]);
    expect(reseller.status).toBe(0);
    // The provider is in the graph already: its record (markets US and BR) is kept.
    expect(reseller.stdout).toContain(
      "1 × partner already in the graph: its stored record is kept",
    );
    expect(reseller.stdout).toContain("Imported 1 partners, 2 customers, 3 tenants, 8 edges");
    await expectTheChannel();
  });

  it("imports the same channel with the reseller's export first", async () => {
    expect(runCli(CLI, [RESELLER_DIR, "--overrides", overridesFile()]).status).toBe(0);
    expect(runCli(CLI, PROVIDER_ARGS).status).toBe(0);
    await expectTheChannel();
  });

  it("with --emit writes documents that npm run import accepts, giving the same graph", async () => {
    const providerDoc = path.join(workDir, "provider.json");
    const resellerDoc = path.join(workDir, "reseller.json");
    const emitProvider = runCli(CLI, [...PROVIDER_ARGS, "--emit", providerDoc]);
    expect(emitProvider.status).toBe(0);
    expect(emitProvider.stdout).toContain(`Wrote ${providerDoc}.`);
    // --emit does not look into the graph, so the provider's markets come from the overrides.
    expect(
      runCli(CLI, [RESELLER_DIR, "--overrides", overridesFile(), "--emit", resellerDoc]).status,
    ).toBe(0);
    expect(await counts()).toEqual({ nodes: 0, owns: 0, policyEdges: 0 });
    const emitted = JSON.parse(fs.readFileSync(providerDoc, "utf8")) as { edges: Row[] };
    expect(emitted.edges.map((edge) => edge.type)).toContain("DELEGATED_ADMIN");
    // `via` only on an indirect reseller's edges.
    for (const edge of emitted.edges)
      if (edge.via !== undefined) expect([FIRST_UP, RELECLOUD]).toContain(edge.from);

    const first = runCli(IMPORT_CLI, [providerDoc]);
    expect(first.stderr).not.toMatch(/^edges\[/m);
    expect(first.status).toBe(0);
    expect(runCli(IMPORT_CLI, [resellerDoc]).status).toBe(0);
    await expectTheChannel();
  });

  it("refuses the provider's export all or nothing when its markets are left at the default", async () => {
    const result = runCli(CLI, [PROVIDER_DIR]);
    expect(result.status).toBe(1);
    // The rows are named by their place in the document and in the export.
    expect(result.stderr).toMatch(/^edges\[1\] \(relationships\.json items\[1\]\): IN_MARKET: /m);
    expect(result.stderr).toMatch(/^edges\[\d+\] \(customers-2\.json items\[0\]\): IN_MARKET: /m);
    expect(result.stdout).toContain("Nothing written");
    expect(result.stdout).toMatch(/Refused by rule: .*IN_MARKET=\d+/);
    expect(await counts()).toEqual({ nodes: 0, owns: 0, policyEdges: 0 });

    const skipping = runCli(CLI, [PROVIDER_DIR, "--skip-invalid"]);
    expect(skipping.status).toBe(0);
    // Without ReleCloud's SUPPLIES, Contoso190 keeps nobody but what stands on its own: nothing.
    expect(await whoServes(CONTOSO190)).toEqual([]);
    expect(await whoServes(FOURTH_COFFEE)).toHaveLength(3);
    expect(await countFindings(db)).toBe(0);
  });

  it.each([
    {
      name: "a page that is not JSON",
      file: "customers-2.json",
      change: (text: string) => text.replace('"totalCount"', "totalCount"),
      error: /^customers-2\.json line 2, column 3: not JSON: /m,
    },
    {
      name: "a page without its items",
      file: "relationships.json",
      change: (text: string) => text.replace('"items"', '"elements"'),
      error: /^relationships\.json items: a page must carry an "items" array/m,
    },
    {
      name: "an unknown subscription status",
      file: `subscriptions/${WINGTIP}-2.json`,
      change: (text: string) => text.replace('"status": "active"', '"status": "frozen"'),
      error: new RegExp(
        `^subscriptions/${WINGTIP}-2\\.json items\\[0\\]\\.status: "frozen" is not one of `,
        "m",
      ),
    },
    {
      name: "a last page that says more follow",
      file: "customers-2.json",
      change: (text: string) => {
        const page = JSON.parse(text) as { links: Record<string, unknown> };
        page.links.next = { uri: "/customers?seekOperation=Next", method: "GET", headers: [] };
        return JSON.stringify(page);
      },
      error: /^customers-2\.json links\.next: the page says more follow/m,
    },
  ])(
    "reports $name with its file and position and writes nothing",
    async ({ file, change, error }) => {
      const dir = path.join(workDir, `broken-${Math.random().toString(36).slice(2)}`);
      fs.cpSync(PROVIDER_DIR, dir, { recursive: true });
      const target = path.join(dir, file);
      fs.writeFileSync(target, change(fs.readFileSync(target, "utf8")));
      const result = runCli(CLI, [dir, "--markets", "US,BR", "--skip-invalid"]);
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(error);
      expect(result.stdout).toContain("Nothing written");
      expect(await counts()).toEqual({ nodes: 0, owns: 0, policyEdges: 0 });
    },
  );

  describe("--from-api", () => {
    const liveEnv = (base: string, token: string = REPLAY_TOKENS.partnerCenter) => ({
      PARTNER_CENTER_BASE_URL: base,
      GRAPH_BASE_URL: `${base}/graph`,
      PARTNER_CENTER_TOKEN: token,
      GRAPH_TOKEN: REPLAY_TOKENS.graph,
    });

    it("fetches the provider's pages from a local replay of the APIs and imports them", async () => {
      const server = await replay(PROVIDER_DIR, { throttleCustomers: true });
      try {
        const result = await runCliAsync(
          CLI,
          ["--from-api", "--markets", "US,BR"],
          liveEnv(server.base),
        );
        expect(result.status).toBe(0);
        expect(result.stderr).toContain(
          "Partner Center answered 429 Too Many Requests: waiting 0 s (Retry-After)",
        );
        expect(result.stderr).toMatch(/fetched \d+ pages: customers page 2/);
        expect(result.stdout).toContain("Imported 3 partners, 4 customers, 5 tenants, 15 edges");
        expect(await counts()).toEqual({ nodes: 12, owns: 5, policyEdges: 15 });
        expect(await whoServes(WINGTIP)).toEqual([
          `${PROVIDER} PROVISIONS MICROSOFT_365 -`,
          `${PROVIDER} PROVISIONS OTHER -`,
          `${PROVIDER} RESELLS_FOR - -`,
          `${FIRST_UP} RESELLS_FOR - ${PROVIDER}`,
        ]);
      } finally {
        await server.close();
      }
    });

    it("stops at a 401 with a clear message and writes nothing", async () => {
      const server = await replay(PROVIDER_DIR);
      try {
        const result = await runCliAsync(
          CLI,
          ["--from-api"],
          liveEnv(server.base, "expired-token"),
        );
        expect(result.status).toBe(1);
        expect(result.stderr).toMatch(
          /^import:partner-center: Partner Center answered 401 Unauthorized for GET \S+\/v1\/profiles\/organization: PARTNER_CENTER_TOKEN is missing, expired or not valid for this API/m,
        );
        expect(await counts()).toEqual({ nodes: 0, owns: 0, policyEdges: 0 });
      } finally {
        await server.close();
      }
    });
  });
});

/** What the reseller's export cannot know about its provider: its markets. */
function overridesFile(): string {
  const file = path.join(workDir, "overrides.json");
  fs.writeFileSync(file, JSON.stringify({ partners: { [PROVIDER]: { markets: ["US", "BR"] } } }));
  return file;
}
