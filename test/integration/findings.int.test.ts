import fc from "fast-check";
import type { Db } from "../../src/db/database";
import type { Ecosystem, EdgeRecord } from "../../src/domain";
import {
  Billing,
  Channel,
  Cloud,
  EdgeType,
  GdapStatus,
  PartnerRole,
  RelationshipState,
  TenantPurpose,
  Workload,
  WorkloadRole,
} from "../../src/domain";
import { AppError } from "../../src/errors";
import {
  auditPage,
  auditTotal,
  factsOfEveryEdge,
  rebuildFindings,
  storedVersusJudged,
} from "../../src/services/audit.service";
import { createEdge, removeEdge } from "../../src/services/edge.service";
import type { EdgeKey } from "../../src/services/edge.service";
import { chunksOf, partnerEdgeCounts, storedEdgeChunks } from "../../src/services/export.service";
import type { PartnerEdgeCount } from "../../src/services/export.service";
import { edgeFromColumns } from "../../src/db/queries";
import { byCodeUnits } from "../../src/order";
import { importEcosystem } from "../../src/services/import.service";
import { upsertCustomer, upsertPartner, upsertTenant } from "../../src/services/node.service";
import { ALL_EDGE_TYPES } from "../../src/policy/edge-types";
import { generatedChannel } from "../support/generated";
import { resetGraph, testDb } from "../support/harness";

/**
 * Issue 16's proof that the stored findings and a full re-audit agree: random writes of every
 * kind on a small channel, and after each batch the stored findings (rule, both messages, what
 * the partner scope reads) must equal what judging every edge again finds, and their count the
 * number of findings.
 */

const PROVIDERS = ["P-10", "P-11"];
const RESELLERS = ["P-20", "P-21", "P-22"];
const DIRECT = ["P-30"];
const PARTNERS = [...PROVIDERS, ...RESELLERS, ...DIRECT];
const CUSTOMERS = ["C-1", "C-2", "C-3"];
const tenant = (n: number): string => `00000000-0000-4000-8000-00000000000${n}`;
const CUSTOMER_TENANTS = [tenant(1), tenant(2), tenant(3), tenant(4)];
const RESELLER_CSP = tenant(5);
const DIRECT_CORPORATE = tenant(6);
const TENANTS = [...CUSTOMER_TENANTS, RESELLER_CSP, DIRECT_CORPORATE];
const SUBSCRIPTIONS = ["sub-1", "sub-2", "sub-3"];
const RELATIONSHIPS = ["rel-1", "rel-2", "rel-3"];
const HELPDESK = "729827e3-9c14-49f7-bb1b-9608f156bbb8";

function partnerRow(id: string, role: PartnerRole, country = "US", markets = ["US", "CA"]) {
  return {
    id,
    name: `Partner ${id}`,
    role,
    cloud: Cloud.PUBLIC,
    country,
    markets,
    mpaSigned: true,
  };
}

/** The channel every run starts from: two tiers, a direct-bill partner, GDAP and licences. */
function baseChannel(): Ecosystem {
  return {
    partners: [
      partnerRow("P-10", PartnerRole.INDIRECT_PROVIDER),
      partnerRow("P-11", PartnerRole.INDIRECT_PROVIDER, "CA"),
      partnerRow("P-20", PartnerRole.INDIRECT_RESELLER),
      partnerRow("P-21", PartnerRole.INDIRECT_RESELLER),
      partnerRow("P-22", PartnerRole.INDIRECT_RESELLER, "CA"),
      partnerRow("P-30", PartnerRole.DIRECT_BILL),
    ],
    customers: CUSTOMERS.map((id, k) => ({
      id,
      name: `Customer ${id}`,
      cloud: Cloud.PUBLIC,
      country: k === 1 ? "CA" : "US",
    })),
    tenants: [
      ...CUSTOMER_TENANTS.map((id, k) => ({
        id,
        domain: `t${k}.onmicrosoft.com`,
        purpose: TenantPurpose.CUSTOMER,
        cloud: Cloud.PUBLIC,
        country: "US",
        ownerId: CUSTOMERS[k % CUSTOMERS.length] ?? "C-1",
      })),
      {
        id: RESELLER_CSP,
        domain: "p20.onmicrosoft.com",
        purpose: TenantPurpose.CSP,
        cloud: Cloud.PUBLIC,
        country: "US",
        ownerId: "P-20",
      },
      {
        id: DIRECT_CORPORATE,
        domain: "p30corp.onmicrosoft.com",
        purpose: TenantPurpose.CORPORATE,
        cloud: Cloud.PUBLIC,
        country: "US",
        ownerId: "P-30",
      },
    ],
    edges: [
      { type: EdgeType.SUPPLIES, from: "P-10", to: "P-20" },
      { type: EdgeType.SUPPLIES, from: "P-10", to: "P-21" },
      { type: EdgeType.SUPPLIES, from: "P-11", to: "P-22" },
      { type: EdgeType.RESELLS_FOR, from: "P-20", to: tenant(1), via: "P-10" },
      { type: EdgeType.RESELLS_FOR, from: "P-30", to: tenant(1) },
      { type: EdgeType.RESELLS_FOR, from: "P-21", to: tenant(2), via: "P-10" },
      { type: EdgeType.RESELLS_FOR, from: "P-10", to: tenant(3) },
      {
        type: EdgeType.SERVES_WORKLOAD,
        from: "P-20",
        to: tenant(1),
        workload: Workload.AZURE,
        role: WorkloadRole.MANAGE,
        via: "P-10",
      },
      {
        type: EdgeType.PROVISIONS,
        from: "P-10",
        to: tenant(3),
        subscriptionId: "sub-1",
        workload: Workload.OFFICE_365,
        billing: Billing.LICENSE,
        termEnd: "2030-01-31",
      },
      {
        type: EdgeType.DELEGATED_ADMIN,
        from: "P-20",
        to: tenant(1),
        relationshipId: "rel-1",
        displayName: "helpdesk",
        status: GdapStatus.ACTIVE,
        roles: [HELPDESK],
        since: "2026-01-01",
        endsOn: "2027-06-30",
        via: "P-10",
      },
    ],
  };
}

const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
  fc.option(arb, { nil: undefined, freq: 2 });
const partnerId = fc.constantFrom(...PARTNERS);
const tenantId = fc.constantFrom(...TENANTS);
const activeOrPending = fc.constantFrom(RelationshipState.ACTIVE, RelationshipState.PENDING);

/** Edges that the rules often accept on the base channel, and often refuse after changes. */
const edgeArb: fc.Arbitrary<EdgeRecord> = fc.oneof(
  fc.record({
    type: fc.constant(EdgeType.SUPPLIES),
    from: fc.constantFrom(...PROVIDERS),
    to: fc.constantFrom(...RESELLERS),
    state: activeOrPending,
  }),
  fc.record(
    {
      type: fc.constant(EdgeType.RESELLS_FOR),
      from: partnerId,
      to: tenantId,
      state: activeOrPending,
      via: fc.constantFrom(...PROVIDERS),
    },
    { requiredKeys: ["type", "from", "to"] },
  ),
  fc.record(
    {
      type: fc.constant(EdgeType.SERVES_WORKLOAD),
      from: partnerId,
      to: tenantId,
      workload: fc.constantFrom(Workload.AZURE, Workload.OFFICE_365),
      role: fc.constant(WorkloadRole.MANAGE),
      via: fc.constantFrom(...PROVIDERS),
    },
    { requiredKeys: ["type", "from", "to", "workload", "role"] },
  ),
  fc.record(
    {
      type: fc.constant(EdgeType.PROVISIONS),
      from: partnerId,
      to: tenantId,
      subscriptionId: fc.constantFrom(...SUBSCRIPTIONS),
      workload: fc.constant(Workload.AZURE),
      billing: fc.constantFrom(Billing.LICENSE, Billing.USAGE),
      channel: fc.constantFrom(Channel.CSP, Channel.DIRECT),
      termEnd: fc.constantFrom("2030-01-31", "2026-01-31"),
      resellerOfRecord: fc.constantFrom(...RESELLERS),
      via: fc.constantFrom(...PROVIDERS),
    },
    { requiredKeys: ["type", "from", "to", "subscriptionId", "workload", "billing"] },
  ),
  fc.record(
    {
      type: fc.constant(EdgeType.DELEGATED_ADMIN),
      from: partnerId,
      to: tenantId,
      relationshipId: fc.constantFrom(...RELATIONSHIPS),
      displayName: fc.constantFrom("helpdesk", "admins"),
      status: fc.constantFrom(GdapStatus.ACTIVE, GdapStatus.TERMINATED),
      roles: fc.constant<string[]>([HELPDESK]),
      since: fc.constant("2025-01-01"),
      // An end already passed is GDAP_EXPIRED's, judged at read time.
      endsOn: fc.constantFrom("2026-06-30", "2026-01-31"),
      via: fc.constantFrom(...PROVIDERS),
    },
    { requiredKeys: ["type", "from", "to", "relationshipId", "displayName", "status", "roles"] },
  ),
);

const keyOf = (edge: EdgeRecord): EdgeKey => ({
  type: edge.type,
  from: edge.from,
  to: edge.to,
  workload: edge.workload ?? null,
  subscriptionId: edge.subscriptionId ?? null,
  relationshipId: edge.relationshipId ?? null,
});

const partnerArb = fc.record({
  id: partnerId,
  name: fc.constantFrom("Renamed", "Partner"),
  role: fc.constantFrom(...Object.values(PartnerRole)),
  cloud: fc.constantFrom(Cloud.PUBLIC, Cloud.PUBLIC, Cloud.US_GOV),
  country: fc.constantFrom("US", "CA"),
  markets: fc.constantFrom<string[][]>(["US", "CA"], ["US"], ["CA"]),
  mpaSigned: fc.boolean(),
});

type ValueOf<A> = A extends fc.Arbitrary<infer T> ? T : never;
type PartnerInput = ValueOf<typeof partnerArb>;

type Command =
  | { kind: "createEdge"; edge: EdgeRecord }
  | { kind: "removeEdge"; edge: EdgeRecord }
  | { kind: "upsertPartner"; partner: PartnerInput }
  | { kind: "upsertCustomer"; id: string; country: string }
  | {
      kind: "upsertTenant";
      id: string;
      purpose: TenantPurpose;
      country: string;
      cloud: Cloud;
      ownerId: string;
    }
  | { kind: "import"; edges: EdgeRecord[]; partner: PartnerInput | undefined };

const commandArb: fc.Arbitrary<Command> = fc.oneof(
  { weight: 5, arbitrary: edgeArb.map((edge) => ({ kind: "createEdge", edge }) as const) },
  { weight: 3, arbitrary: edgeArb.map((edge) => ({ kind: "removeEdge", edge }) as const) },
  {
    weight: 2,
    arbitrary: partnerArb.map((partner) => ({ kind: "upsertPartner", partner }) as const),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("upsertCustomer" as const),
      id: fc.constantFrom(...CUSTOMERS),
      country: fc.constantFrom("US", "CA"),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("upsertTenant" as const),
      id: tenantId,
      purpose: fc.constantFrom(...Object.values(TenantPurpose)),
      country: fc.constantFrom("US", "CA"),
      cloud: fc.constantFrom(Cloud.PUBLIC, Cloud.PUBLIC, Cloud.US_GOV),
      ownerId: fc.constantFrom(...CUSTOMERS, ...PARTNERS),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("import" as const),
      edges: fc.array(edgeArb, { minLength: 1, maxLength: 3 }),
      partner: maybe(partnerArb),
    }),
  },
);

/** Runs one write; a refusal (policy, NOT_FOUND, bad input) is a write that changed nothing. */
async function apply(db: Db, command: Command): Promise<void> {
  try {
    switch (command.kind) {
      case "createEdge":
        await createEdge(db, command.edge);
        return;
      case "removeEdge":
        await removeEdge(db, keyOf(command.edge));
        return;
      case "upsertPartner":
        await upsertPartner(db, command.partner);
        return;
      case "upsertCustomer":
        await upsertCustomer(db, {
          id: command.id,
          name: `Customer ${command.id}`,
          cloud: Cloud.PUBLIC,
          country: command.country,
        });
        return;
      case "upsertTenant":
        await upsertTenant(db, {
          id: command.id,
          domain: `${command.id.slice(-4)}.onmicrosoft.com`,
          purpose: command.purpose,
          cloud: command.cloud,
          country: command.country,
          ownerId: command.ownerId,
        });
        return;
      case "import":
        await importEcosystem(
          db,
          {
            partners: command.partner === undefined ? [] : [command.partner],
            customers: [],
            tenants: [],
            edges: command.edges,
          },
          { skipInvalid: true },
        );
        return;
    }
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
  }
}

const WRITES_PER_CHECK = 8;

describe("stored findings under random writes", () => {
  let db: Db;

  beforeAll(() => {
    db = testDb();
  });

  afterAll(async () => {
    await db.close();
  });

  it("equal a full re-audit's after every batch of writes of every kind", async () => {
    let writes = 0;
    let findingsSeen = 0;
    let expiredSeen = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(commandArb, { minLength: 48, maxLength: 64 }), async (commands) => {
        await resetGraph(db);
        await importEcosystem(db, baseChannel(), { skipInvalid: false });
        for (let start = 0; start < commands.length; start += WRITES_PER_CHECK) {
          for (const command of commands.slice(start, start + WRITES_PER_CHECK)) {
            await apply(db, command);
            writes += 1;
          }
          const difference = await storedVersusJudged(db);
          expect(difference).toEqual({ missing: [], unexpected: [] });
          // An ADMIN's count is kept in tallies that every write moves: it must still be the
          // number of findings there are.
          const { items } = await auditPage(db, null, 1_000, false);
          expect(await auditTotal(db)).toBe(items.length);
          expiredSeen += items.filter((item) => item.rule === "GDAP_EXPIRED").length;
          // A PARTNER's count, read-time findings included, is what its pages hold.
          for (const { id } of baseChannel().partners) {
            const scoped = db.withScope(id);
            const own = await auditPage(scoped, null, 1_000, true);
            expect(await auditTotal(scoped)).toBe(own.items.length);
          }
        }
        findingsSeen += await auditTotal(db);
      }),
      // No shrinking: each run writes to the one test database, and the first failure with its
      // commands says enough.
      { numRuns: 10, endOnFailure: true },
    );
    // The writes did break and cure things: the comparison was not of two empty sets.
    expect(writes).toBeGreaterThanOrEqual(480);
    expect(findingsSeen).toBeGreaterThan(0);
    expect(expiredSeen).toBeGreaterThan(0);
  }, 600_000);
});

describe("the stored findings", () => {
  let db: Db;

  beforeAll(async () => {
    db = testDb();
    await resetGraph(db);
    await importEcosystem(db, baseChannel(), { skipInvalid: false });
  });

  afterAll(async () => {
    await db.close();
  });

  const rules = async (): Promise<string[]> =>
    (await auditPage(db, null, 100, false)).items.map(
      (item) => `${item.rule} ${item.edge.type} ${item.edge.from}`,
    );

  it("show what a removed SUPPLIES took away, and clear when it is added back", async () => {
    expect(await rules()).toEqual([]);
    expect(await removeEdge(db, { type: EdgeType.SUPPLIES, from: "P-10", to: "P-20" })).toBe(true);
    expect(await rules()).toEqual([
      "RESELLER_NEEDS_PROVIDER DELEGATED_ADMIN P-20",
      "RESELLER_NEEDS_PROVIDER RESELLS_FOR P-20",
      "RESELLER_NEEDS_PROVIDER SERVES_WORKLOAD P-20",
    ]);
    await createEdge(db, { type: EdgeType.SUPPLIES, from: "P-10", to: "P-20" });
    expect(await rules()).toEqual([]);
  });

  it("pages with keyset cursors and counts from the index", async () => {
    await upsertPartner(db, { ...partnerRow("P-10", PartnerRole.DIRECT_BILL) });
    try {
      const all = (await auditPage(db, null, 100, false)).items;
      expect(all.length).toBeGreaterThan(3);
      expect(await auditTotal(db)).toBe(all.length);
      const first = await auditPage(db, null, 2, false);
      expect(first.hasNextPage).toBe(true);
      const last = first.items.at(-1);
      const second = await auditPage(db, last?.position ?? null, 2, false);
      expect([...first.items, ...second.items]).toEqual(all.slice(0, 4));
    } finally {
      await upsertPartner(db, partnerRow("P-10", PartnerRole.INDIRECT_PROVIDER));
    }
    expect(await rules()).toEqual([]);
  });

  it("are rebuilt whole by a full re-audit that swaps in one step", async () => {
    await upsertTenant(db, {
      id: tenant(1),
      domain: "t0.onmicrosoft.com",
      purpose: TenantPurpose.CUSTOMER,
      cloud: Cloud.US_GOV,
      country: "US",
      ownerId: "C-1",
    });
    const kept = await rules();
    expect(kept).toContain("SAME_CLOUD RESELLS_FOR P-20");
    const report = await rebuildFindings(db);
    expect(report).toMatchObject({ swapped: true, findings: kept.length });
    expect(await rules()).toEqual(kept);
    expect(await storedVersusJudged(db)).toEqual({ missing: [], unexpected: [] });
  });
});

describe("the full re-audit of a channel larger than a piece", () => {
  let db: Db;

  beforeAll(async () => {
    db = testDb();
    await resetGraph(db);
    // About 14,000 edges in one chunk of partners: more than one piece, and more than one chunk
    // of judged facts.
    await importEcosystem(db, generatedChannel(2_000, 7).doc, { skipInvalid: false });
  }, 120_000);

  afterAll(async () => {
    await db.close();
  });

  /** Counts the event loop's turns, so that a caller can see whether one passed. */
  function turnCounter(): { turns: () => number; stop: () => void } {
    let turns = 0;
    let timer: NodeJS.Immediate = setImmediate(function tick() {
      turns += 1;
      timer = setImmediate(tick);
    });
    return { turns: () => turns, stop: () => clearImmediate(timer) };
  }

  it("reads the edges in pieces, each on an event loop turn of its own", async () => {
    const counter = turnCounter();
    const pieces: { edges: number; turn: number }[] = [];
    try {
      for await (const piece of storedEdgeChunks(db, ALL_EDGE_TYPES, await partnerEdgeCounts(db))) {
        pieces.push({ edges: piece.length, turn: counter.turns() });
      }
    } finally {
      counter.stop();
    }
    expect(pieces.reduce((sum, piece) => sum + piece.edges, 0)).toBeGreaterThan(10_000);
    expect(Math.max(...pieces.map((piece) => piece.edges))).toBeLessThanOrEqual(10_000);
    for (let k = 1; k < pieces.length; k += 1) {
      expect(pieces[k]?.turn).toBeGreaterThan(pieces[k - 1]?.turn ?? Infinity);
    }
  });

  /** Every stored edge in one read, in the order storedEdgeChunks hands them over. */
  async function everyEdgeAtOnce(): Promise<{
    edges: string[];
    rowSizes: number[];
    parts: boolean;
  }> {
    const rows = await db.read("storedEdgesOfPartners", {
      afterId: "",
      lastId: (await partnerEdgeCounts(db)).at(-1)?.id ?? "",
      types: [...ALL_EDGE_TYPES],
    });
    rows.sort((a, b) => byCodeUnits(a.partnerId, b.partnerId) || a.part - b.part);
    return {
      edges: rows.flatMap((row) =>
        row.edges.map((columns) => JSON.stringify(edgeFromColumns(row.partnerId, columns))),
      ),
      rowSizes: rows.map((row) => row.edges.length),
      parts: rows.some((row) => row.part > 0),
    };
  }

  async function chunkedEdges(counts: readonly PartnerEdgeCount[]): Promise<string[]> {
    const edges: string[] = [];
    for await (const piece of storedEdgeChunks(db, ALL_EDGE_TYPES, counts)) {
      edges.push(...piece.map((edge) => JSON.stringify(edge)));
    }
    return edges;
  }

  /** The partners' edge counts made 50 times larger, so that the reads are many small ranges. */
  async function inflatedCounts(): Promise<PartnerEdgeCount[]> {
    return (await partnerEdgeCounts(db)).map((row) => ({
      ...row,
      edges: Math.max(row.edges, 1) * 50,
    }));
  }

  it("reads at most 1,000 edges a row, a busy partner's in parts, and the same edges cut by counts", async () => {
    const whole = await everyEdgeAtOnce();
    expect(Math.max(...whole.rowSizes)).toBe(1_000);
    expect(whole.parts).toBe(true);
    const counts = await inflatedCounts();
    expect(chunksOf(counts).length).toBeGreaterThan(2);
    expect(await chunkedEdges(counts)).toEqual(whole.edges);
    expect(await chunkedEdges(await partnerEdgeCounts(db))).toEqual(whole.edges);
  });

  it("reads every partner's edges when partners are created after the counts were read", async () => {
    const counts = await inflatedCounts();
    const [first] = chunksOf(counts);
    if (first === undefined) throw new Error("expected a chunk");
    // New partners inside the first range and before the first partner counted, with an edge
    // each: a chunk read by a count of partners pushed its last partner out.
    const firstId = counts[0]?.id ?? "";
    // One after the last partner counted, too: it is counted and read after the last range.
    const newIds = ["A-created-during-the-read", `${firstId}~`, "Z-created-during-the-read"];
    expect(first.partners).toBeGreaterThan(1);
    expect(`${firstId}~` < first.lastId).toBe(true);
    const [row] = await db.read("exportTenants", { afterId: "", limit: 1 });
    if (row === undefined) throw new Error("expected a tenant");
    const { id: tenant, country } = row.tenant;
    const relationship = (from: string) => ({ type: EdgeType.RESELLS_FOR, from, to: tenant });
    for (const id of newIds) {
      await upsertPartner(db, partnerRow(id, PartnerRole.DIRECT_BILL, country, [country]));
      await createEdge(db, { ...relationship(id), state: RelationshipState.ACTIVE });
    }
    try {
      const whole = await everyEdgeAtOnce();
      expect(whole.edges.filter((edge) => newIds.some((id) => edge.includes(id)))).toHaveLength(3);
      expect(await chunkedEdges(counts)).toEqual(whole.edges);
    } finally {
      for (const id of newIds) await removeEdge(db, relationship(id));
    }
  });

  it("judges the facts a chunk per event loop turn, so a server re-auditing keeps answering", async () => {
    const counter = turnCounter();
    const turns: number[] = [];
    try {
      for await (const chunk of factsOfEveryEdge(db)) {
        expect(chunk.length).toBeGreaterThan(0);
        turns.push(counter.turns());
      }
    } finally {
      counter.stop();
    }
    expect(turns.length).toBeGreaterThan(1);
    for (let k = 1; k < turns.length; k += 1) {
      expect(turns[k]).toBeGreaterThan(turns[k - 1] ?? Infinity);
    }
  });
});
