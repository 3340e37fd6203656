import {
  Channel,
  Cloud,
  EdgeType,
  PartnerRole,
  RelationshipState,
  TenantPurpose,
} from "../../src/domain";
import type {
  CustomerRecord,
  Ecosystem,
  EdgeRecord,
  PartnerRecord,
  TenantRecord,
} from "../../src/domain";
import { GdapStatus, daysBetween } from "../../src/domain";
import { GENERATE_USAGE, UsageError, parseGenerateArgs } from "../../src/generate/args";
import { BREAKABLE_RULES } from "../../src/generate/broken";
import { generateChannel } from "../../src/generate/channel";
import type { ChannelOptions, ChannelRow } from "../../src/generate/channel";
import { ecosystemJson } from "../../src/generate/json";
import { Random, deriveSeed } from "../../src/generate/random";
import { formatProblems, parseEcosystem } from "../../src/interchange";
import { evaluateEdge } from "../../src/policy/engine";
import type { PolicyDecision } from "../../src/policy/engine";
import type { EdgeFacts, SubscriptionHolder } from "../../src/policy/facts";
import { POLICY_RULES } from "../../src/policy/rules";

/** The day the termEnd comparisons are made on: fixed, so the test does not age. */
const TODAY = "2026-11-24";

function render(options: ChannelOptions, chunkSize?: number): string {
  return [...ecosystemJson(generateChannel(options), chunkSize)].join("");
}

function parse(text: string): Ecosystem {
  const { doc, problems } = parseEcosystem(JSON.parse(text));
  expect(formatProblems(problems)).toBe("");
  return doc;
}

/**
 * The graph as an import builds it: edges applied in file order, each judged by the policy
 * engine against the edges accepted before it; a refused edge is not applied.
 */
class InMemoryGraph {
  private readonly partners: Map<string, PartnerRecord>;
  private readonly tenants: Map<string, TenantRecord>;
  private readonly customers: Map<string, CustomerRecord>;
  private readonly supplies = new Map<string, RelationshipState>();
  private readonly relationships = new Map<string, RelationshipState>();
  private readonly served = new Map<string, Set<string>>();
  private readonly subscriptions = new Map<string, SubscriptionHolder[]>();
  private readonly keys = new Set<string>();
  /** GDAP relationships not TERMINATED, by partner and displayName: their relationshipIds. */
  private readonly gdapNames = new Map<string, string[]>();

  constructor(doc: Ecosystem) {
    this.partners = new Map(doc.partners.map((partner) => [partner.id, partner]));
    this.tenants = new Map(doc.tenants.map((tenant) => [tenant.id, tenant]));
    this.customers = new Map(doc.customers.map((customer) => [customer.id, customer]));
  }

  /** Judges the edge and applies it when allowed. */
  apply(edge: EdgeRecord): PolicyDecision {
    const decision = evaluateEdge(this.factsFor(edge));
    if (decision.allowed) this.accept(edge);
    return decision;
  }

  private keyOf(edge: EdgeRecord): string {
    if (edge.type === EdgeType.DELEGATED_ADMIN) return `${edge.type}|${edge.relationshipId ?? ""}`;
    const detail =
      edge.type === EdgeType.SERVES_WORKLOAD
        ? edge.workload
        : edge.type === EdgeType.PROVISIONS
          ? edge.subscriptionId
          : "";
    return `${edge.type}|${edge.from}|${edge.to}|${detail ?? ""}`;
  }

  private factsFor(edge: EdgeRecord): EdgeFacts {
    const partner = (id: string | undefined): PartnerRecord | null =>
      id === undefined ? null : (this.partners.get(id) ?? null);
    const toTenant = edge.type === EdgeType.SUPPLIES ? null : (this.tenants.get(edge.to) ?? null);
    return {
      edge,
      from: partner(edge.from),
      toPartner: edge.type === EdgeType.SUPPLIES ? partner(edge.to) : null,
      toTenant,
      toTenantCustomer: toTenant === null ? null : (this.customers.get(toTenant.ownerId) ?? null),
      via: partner(edge.via),
      viaSuppliesState:
        edge.via === undefined ? null : (this.supplies.get(`${edge.via}|${edge.from}`) ?? null),
      resellerOfRecord: partner(edge.resellerOfRecord),
      resellerOfRecordSuppliesState:
        edge.resellerOfRecord === undefined
          ? null
          : (this.supplies.get(`${edge.from}|${edge.resellerOfRecord}`) ?? null),
      relationshipState: this.relationships.get(`${edge.from}|${edge.to}`) ?? null,
      duplicate: this.keys.has(this.keyOf(edge)),
      otherWorkloadPartners: [...(this.served.get(`${edge.to}|${edge.workload ?? ""}`) ?? [])],
      subscriptionHolders: this.subscriptions.get(edge.subscriptionId ?? "") ?? [],
      toTenantInScope: true,
      sameNameRelationships:
        edge.type === EdgeType.DELEGATED_ADMIN
          ? (this.gdapNames.get(`${edge.from}|${edge.displayName ?? ""}`) ?? [])
          : [],
      today: TODAY,
    };
  }

  private accept(edge: EdgeRecord): void {
    this.keys.add(this.keyOf(edge));
    const pair = `${edge.from}|${edge.to}`;
    switch (edge.type) {
      case EdgeType.SUPPLIES:
        this.supplies.set(pair, edge.state ?? RelationshipState.ACTIVE);
        break;
      case EdgeType.RESELLS_FOR:
        this.relationships.set(pair, edge.state ?? RelationshipState.ACTIVE);
        break;
      case EdgeType.SERVES_WORKLOAD: {
        const at = `${edge.to}|${edge.workload ?? ""}`;
        this.served.set(at, new Set([...(this.served.get(at) ?? []), edge.from]));
        break;
      }
      case EdgeType.PROVISIONS: {
        const at = edge.subscriptionId ?? "";
        const holder = {
          partnerId: edge.from,
          tenantId: edge.to,
          billing: edge.billing ?? null,
          termEnd: edge.termEnd ?? null,
        };
        this.subscriptions.set(at, [...(this.subscriptions.get(at) ?? []), holder]);
        break;
      }
      case EdgeType.DELEGATED_ADMIN: {
        if (edge.status === GdapStatus.TERMINATED) break;
        const at = `${edge.from}|${edge.displayName ?? ""}`;
        this.gdapNames.set(at, [...(this.gdapNames.get(at) ?? []), edge.relationshipId ?? ""]);
        break;
      }
    }
  }
}

describe("generateChannel", () => {
  const small = render({ customers: 500, seed: 7 });
  const doc = parse(small);

  it("gives the same document for the same seed, and another for another seed", () => {
    expect(render({ customers: 500, seed: 7 }, 1000)).toBe(small);
    expect(render({ customers: 500, seed: 8 })).not.toBe(small);
  });

  it("writes a document that parseEcosystem accepts with no problems", () => {
    expect(doc.customers).toHaveLength(500);
  });

  it("breaks no CSP rule when the edges are applied in file order", () => {
    const graph = new InMemoryGraph(doc);
    const refused: string[] = [];
    const warned = new Map<string, number>();
    doc.edges.forEach((edge, at) => {
      const decision = graph.apply(edge);
      for (const { rule, message } of decision.violations) {
        refused.push(`edges[${at}] ${rule}: ${message}`);
      }
      for (const { rule } of decision.warnings) warned.set(rule, (warned.get(rule) ?? 0) + 1);
    });
    expect(refused.slice(0, 10)).toEqual([]);
    // Multi-partner tenants where two partners serve one workload: reported, not refused.
    expect(warned.get("WORKLOAD_OVERLAP") ?? 0).toBeGreaterThan(0);
  });

  it("has plausible counts: one to three tenants per customer, a CSP tenant per partner", () => {
    const partnerTenants = doc.tenants.filter((t) => t.purpose !== TenantPurpose.CUSTOMER);
    const customerTenants = doc.tenants.length - partnerTenants.length;
    expect(customerTenants).toBeGreaterThanOrEqual(500);
    expect(customerTenants).toBeLessThanOrEqual(1500);
    expect(doc.tenants.length).toBeGreaterThan(500 + doc.partners.length);
    const cspOwners = doc.tenants
      .filter((tenant) => tenant.purpose === TenantPurpose.CSP)
      .map((tenant) => tenant.ownerId);
    expect(new Set(cspOwners).size).toBe(doc.partners.length);
    expect(cspOwners).toHaveLength(doc.partners.length);
    const providers = doc.partners.filter((p) => p.role === PartnerRole.INDIRECT_PROVIDER);
    expect(providers.length).toBeGreaterThanOrEqual(20);
    expect(providers.length).toBeLessThanOrEqual(60);
  });

  it("has partners, customers and tenants in all three clouds, most of them public", () => {
    for (const rows of [doc.partners, doc.customers, doc.tenants]) {
      const clouds = rows.map((row) => row.cloud);
      expect(new Set(clouds)).toEqual(new Set(Object.values(Cloud)));
      const publicShare = clouds.filter((cloud) => cloud === Cloud.PUBLIC).length / clouds.length;
      expect(publicShare).toBeGreaterThan(0.8);
    }
  });

  it("has hub resellers supplied by many providers, and resellers of very different sizes", () => {
    const suppliers = new Map<string, number>();
    for (const edge of doc.edges) {
      if (edge.type === EdgeType.SUPPLIES && edge.state === RelationshipState.ACTIVE) {
        suppliers.set(edge.to, (suppliers.get(edge.to) ?? 0) + 1);
      }
    }
    // Most resellers have one provider; a hub has most of its country's providers.
    const counts = [...suppliers.values()].sort((a, b) => a - b);
    expect(counts[Math.floor(counts.length / 2)]).toBe(1);
    expect(Math.max(...counts)).toBeGreaterThanOrEqual(4);
    const customersOf = new Map<string, number>();
    for (const edge of doc.edges) {
      if (edge.type === EdgeType.RESELLS_FOR && edge.via !== undefined) {
        customersOf.set(edge.from, (customersOf.get(edge.from) ?? 0) + 1);
      }
    }
    const sizes = [...customersOf.values()].sort((a, b) => a - b);
    const median = sizes[Math.floor(sizes.length / 2)] ?? 0;
    expect(Math.max(...sizes)).toBeGreaterThan(4 * median);
  });

  it("has corporate tenants, multi-partner tenants and multi-channel subscriptions", () => {
    const corporate = new Set(
      doc.tenants.filter((t) => t.purpose === TenantPurpose.CORPORATE).map((t) => t.id),
    );
    expect(corporate.size).toBeGreaterThan(0);
    expect(doc.edges.some((e) => e.type === EdgeType.PROVISIONS && corporate.has(e.to))).toBe(true);
    const channels = new Set(
      doc.edges.filter((e) => e.type === EdgeType.PROVISIONS).map((e) => e.channel),
    );
    expect(channels).toEqual(new Set([Channel.CSP, Channel.EA, Channel.DIRECT, Channel.OPEN]));
    // A multi-partner tenant: two partners serve it, neither the other's provider.
    const directs = new Set(
      doc.partners.filter((p) => p.role === PartnerRole.DIRECT_BILL).map((p) => p.id),
    );
    const sellers = new Map<string, Set<string>>();
    for (const edge of doc.edges) {
      if (edge.type !== EdgeType.RESELLS_FOR || edge.state !== RelationshipState.ACTIVE) continue;
      if (edge.via === undefined && !directs.has(edge.from)) continue;
      sellers.set(edge.to, new Set([...(sellers.get(edge.to) ?? []), edge.from]));
    }
    const multiPartner = [...sellers.values()].filter((set) => set.size >= 2).length;
    expect(multiPartner / sellers.size).toBeGreaterThan(0.05);
    expect(multiPartner / sellers.size).toBeLessThan(0.3);
  });

  it("never repeats a subscription id", () => {
    const ids = doc.edges.flatMap((e) =>
      e.subscriptionId === undefined ? [] : [e.subscriptionId],
    );
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("writes all four arrays even with no customers", () => {
    const empty = parse(render({ customers: 0, seed: 1 }));
    expect(empty.customers).toEqual([]);
    expect(empty.partners.length).toBeGreaterThan(0);
  });
});

describe("generateChannel's GDAP relationships", () => {
  const TODAY = "2026-12-01";
  const rows = [...generateChannel({ customers: 2_000, seed: 5, today: TODAY })];
  const gdap = rows.flatMap((row) =>
    row.section === "edges" && row.row.type === EdgeType.DELEGATED_ADMIN ? [row.row] : [],
  );

  it("gives most customers one or two, in realistic shares", () => {
    const tenantOwner = new Map(
      rows.flatMap((row) => (row.section === "tenants" ? [[row.row.id, row.row.ownerId]] : [])),
    );
    const perCustomer = new Map<string, number>();
    for (const edge of gdap) {
      const owner = tenantOwner.get(edge.to) ?? "";
      perCustomer.set(owner, (perCustomer.get(owner) ?? 0) + 1);
    }
    const oneOrTwo = [...perCustomer.values()].filter((n) => n === 1 || n === 2).length;
    expect(oneOrTwo / 2_000).toBeGreaterThan(0.7);
    const ga = gdap.filter((edge) => edge.roles?.includes("62e90394-69f5-4237-9190-012177145e10"));
    expect(ga.length / gdap.length).toBeGreaterThan(0.06);
    expect(ga.length / gdap.length).toBeLessThan(0.14);
    // Global Administrator never auto-extends (GDAP_GLOBAL_ADMIN_AUTO_EXTEND).
    expect(ga.filter((edge) => edge.autoExtend === true)).toEqual([]);
  });

  it("runs each up to 730 days, a few per hundred ACTIVE ones ending within 30 days of today", () => {
    const dated = gdap.filter((edge) => edge.since !== undefined && edge.endsOn !== undefined);
    for (const edge of dated) {
      const days = daysBetween(edge.since ?? "", edge.endsOn ?? "");
      expect(days).toBeGreaterThanOrEqual(30);
      expect(days).toBeLessThanOrEqual(730);
    }
    const expiring = gdap.filter(
      (edge) =>
        edge.status === GdapStatus.ACTIVE &&
        (edge.endsOn ?? "") >= TODAY &&
        daysBetween(TODAY, edge.endsOn ?? "") <= 30,
    );
    expect(expiring.length / gdap.length).toBeGreaterThan(0.01);
    expect(expiring.length / gdap.length).toBeLessThan(0.08);
    // No ACTIVE relationship is already past its end (that would be GDAP_EXPIRED's stale data).
    expect(
      gdap.filter((edge) => edge.status === GdapStatus.ACTIVE && (edge.endsOn ?? "") < TODAY),
    ).toEqual([]);
  });

  it("passes the document checks: GUID roles, displayName lengths, unique relationship ids", () => {
    expect(new Set(gdap.map((edge) => edge.relationshipId)).size).toBe(gdap.length);
    const text = [
      ...ecosystemJson(generateChannel({ customers: 200, seed: 5, today: TODAY })),
    ].join("");
    expect(formatProblems(parseEcosystem(JSON.parse(text)).problems)).toBe("");
  });
});

describe("generateChannel with an invalid rate", () => {
  const rows = [...generateChannel({ customers: 500, seed: 11, invalidRate: 0.1 })];
  const edgeRows = rows.filter(
    (row): row is Extract<ChannelRow, { section: "edges" }> => row.section === "edges",
  );

  it("keeps the valid rows exactly as without the rate", () => {
    const valid = edgeRows.filter((row) => row.broken === undefined).map((row) => row.row);
    const plain = [...generateChannel({ customers: 500, seed: 11 })].flatMap((row) =>
      row.section === "edges" ? [row.row] : [],
    );
    expect(valid).toEqual(plain);
  });

  it("breaks about that fraction of edges, spread over every ERROR rule", () => {
    const broken = edgeRows.filter((row) => row.broken !== undefined);
    expect(broken.length / edgeRows.length).toBeCloseTo(0.1, 2);
    const perRule = new Map<string, number>();
    for (const row of broken)
      perRule.set(row.broken ?? "", (perRule.get(row.broken ?? "") ?? 0) + 1);
    expect([...perRule.keys()].sort()).toEqual([...BREAKABLE_RULES].sort());
    // Round-robin, except where a customer offers no way to break a rule: it catches up later.
    const even = broken.length / BREAKABLE_RULES.length;
    expect(Math.min(...perRule.values())).toBeGreaterThanOrEqual(Math.floor(0.9 * even));
  });

  it("writes broken edges that still parse: they break policy, not the format", () => {
    parse([...ecosystemJson(rows)].join(""));
  });

  it("breaks exactly the named rule with each broken edge, and nothing else", () => {
    const doc = parse([...ecosystemJson(rows)].join(""));
    const graph = new InMemoryGraph(doc);
    const wrong: string[] = [];
    doc.edges.forEach((edge, at) => {
      const rules = graph.apply(edge).violations.map((violation) => violation.rule);
      const expected = edgeRows[at]?.broken;
      const ok = expected === undefined ? rules.length === 0 : rules.join() === expected;
      if (!ok) wrong.push(`edges[${at}] meant ${expected ?? "valid"}, got ${rules.join()}`);
    });
    expect(wrong.slice(0, 10)).toEqual([]);
  });

  it("names every ERROR rule of the policy table but the audit-only one", () => {
    // GDAP_EXPIRED never refuses a row, so there is nothing to break.
    const errors = POLICY_RULES.filter(
      (rule) => rule.severity === "ERROR" && rule.auditOnly !== true,
    ).map((rule) => rule.id);
    expect([...BREAKABLE_RULES]).toEqual(errors);
  });
});

describe("ecosystemJson", () => {
  it("writes the arrays in order and refuses rows out of order", () => {
    const partner: PartnerRecord = {
      id: "P-1",
      name: "Contoso",
      role: PartnerRole.DIRECT_BILL,
      cloud: Cloud.PUBLIC,
      country: "US",
      markets: ["US"],
      mpaSigned: true,
    };
    const customer: CustomerRecord = {
      id: "C-1",
      name: "Fabrikam",
      cloud: Cloud.PUBLIC,
      country: "US",
    };
    const text = [...ecosystemJson([{ section: "customers", row: customer }])].join("");
    expect(JSON.parse(text)).toEqual({
      partners: [],
      customers: [customer],
      tenants: [],
      edges: [],
    });
    const disorder: ChannelRow[] = [
      { section: "customers", row: customer },
      { section: "partners", row: partner },
    ];
    expect(() => [...ecosystemJson(disorder)]).toThrow(
      "A partners row came after the customers rows",
    );
  });
});

describe("Random", () => {
  it("repeats its sequence for a seed and draws within bounds", () => {
    const draws = (seed: number): number[] => {
      const random = new Random(seed);
      return Array.from({ length: 5 }, () => random.int(1, 6));
    };
    expect(draws(42)).toEqual(draws(42));
    expect(draws(42)).not.toEqual(draws(43));
    expect(draws(42).every((n) => n >= 1 && n <= 6)).toBe(true);
    expect(deriveSeed(1, 2)).not.toBe(deriveSeed(2, 1));
  });
});

describe("parseGenerateArgs", () => {
  it("reads the flags, in both spellings", () => {
    expect(parseGenerateArgs(["--customers", "100", "--seed=3", "--invalid-rate", "0.05"])).toEqual(
      {
        customers: 100,
        seed: 3,
        invalidRate: 0.05,
        out: undefined,
        help: false,
      },
    );
    expect(parseGenerateArgs(["--customers=1", "--seed", "0", "--out", "/tmp/x.json"]).out).toBe(
      "/tmp/x.json",
    );
  });

  it.each([
    [[], "--customers is required"],
    [["--customers", "10"], "--seed is required"],
    [
      ["--customers", "ten", "--seed", "1"],
      '--customers must be a whole number from 0 to 100000000, not "ten"',
    ],
    [["--customers", "1e3", "--seed", "1"], "--customers must be a whole number"],
    [["--customers", "10", "--seed", "-1"], "--seed must be a whole number"],
    [["--customers", "10", "--seed", "4294967296"], "--seed must be a whole number"],
    [
      ["--customers", "10", "--seed", "1", "--invalid-rate", "1"],
      "--invalid-rate must be a fraction",
    ],
    [
      ["--customers", "10", "--seed", "1", "--invalid-rate", "abc"],
      "--invalid-rate must be a fraction",
    ],
    [["--customers", "10", "--seed", "1", "--out"], "--out needs a value"],
    [["--customers", "10", "--customers", "20"], "--customers is given twice"],
    [["--customer", "10"], "unknown flag --customer"],
    [["10"], 'unexpected argument "10"'],
  ])("refuses %j, naming the flag", (argv, message) => {
    expect(() => parseGenerateArgs(argv)).toThrow(UsageError);
    expect(() => parseGenerateArgs(argv)).toThrow(message);
  });

  it("has a usage line naming every flag", () => {
    for (const flag of ["--customers", "--seed", "--invalid-rate", "--out"]) {
      expect(GENERATE_USAGE).toContain(flag);
    }
  });
});
