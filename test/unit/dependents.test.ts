import fc from "fast-check";
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
import type { EdgeRecord, PartnerRecord, TenantRecord } from "../../src/domain";
import {
  JUDGED_PARTNER_PROPERTIES,
  JUDGED_TENANT_PROPERTIES,
  READ_TIME_RULES,
  RULE_READS,
  STORED_RULES,
  dependentsOf,
  partnerView,
  settledByFacts,
} from "../../src/policy/dependents";
import { emptyFacts } from "../../src/policy/facts";
import type { EdgeFacts } from "../../src/policy/facts";
import { NAMED, WITHHELD } from "../../src/policy/naming";
import { POLICY_RULES } from "../../src/policy/rules";

const ids = ["P-1", "P-2", "P-3"];
const tenantIds = ["00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000002"];
const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.option(arb, { nil: null });
const state = maybe(fc.constantFrom(...Object.values(RelationshipState)));

const partner: fc.Arbitrary<PartnerRecord> = fc.record({
  id: fc.constantFrom(...ids),
  name: fc.string(),
  role: fc.constantFrom(...Object.values(PartnerRole)),
  cloud: fc.constantFrom(...Object.values(Cloud)),
  country: fc.constantFrom("US", "CA", "DE"),
  markets: fc.subarray(["US", "CA", "DE"]),
  mpaSigned: fc.boolean(),
});

const tenant: fc.Arbitrary<TenantRecord> = fc.record({
  id: fc.constantFrom(...tenantIds),
  domain: fc.string(),
  purpose: fc.constantFrom(...Object.values(TenantPurpose)),
  cloud: fc.constantFrom(...Object.values(Cloud)),
  country: fc.constantFrom("US", "CA", "DE"),
  ownerId: fc.constantFrom(...ids, "C-1"),
});

const date = fc.constantFrom("2020-01-01", "2026-06-30", "2030-12-31");

const edge: fc.Arbitrary<EdgeRecord> = fc.record(
  {
    type: fc.constantFrom(...Object.values(EdgeType)),
    from: fc.constantFrom(...ids),
    to: fc.constantFrom(...ids, ...tenantIds),
    state: fc.constantFrom(...Object.values(RelationshipState)),
    since: date,
    via: fc.constantFrom(...ids, " "),
    workload: fc.constantFrom(...Object.values(Workload)),
    role: fc.constantFrom(...Object.values(WorkloadRole)),
    subscriptionId: fc.constantFrom("sub-1", "sub-2"),
    billing: fc.constantFrom(...Object.values(Billing)),
    channel: fc.constantFrom(...Object.values(Channel)),
    termEnd: date,
    resellerOfRecord: fc.constantFrom(...ids),
    relationshipId: fc.constantFrom("rel-1", "rel-2"),
    displayName: fc.constantFrom("a", "b"),
    status: fc.constantFrom(...Object.values(GdapStatus)),
    roles: fc.subarray([
      "62e90394-69f5-4237-9190-012177145e10",
      "729827e3-9c14-49f7-bb1b-9608f156bbb8",
    ]),
    endsOn: date,
    autoExtend: fc.boolean(),
  },
  { requiredKeys: ["type", "from", "to"] },
);

const facts: fc.Arbitrary<EdgeFacts> = fc.record({
  edge,
  from: maybe(partner),
  toPartner: maybe(partner),
  toTenant: maybe(tenant),
  toTenantCustomer: fc.constant(null),
  via: maybe(partner),
  viaSuppliesState: state,
  resellerOfRecord: maybe(partner),
  resellerOfRecordSuppliesState: state,
  relationshipState: state,
  duplicate: fc.boolean(),
  otherWorkloadPartners: fc.subarray(ids),
  subscriptionHolders: fc.array(
    fc.record({
      partnerId: fc.constantFrom(...ids),
      tenantId: fc.constantFrom(...tenantIds),
      billing: maybe(fc.constantFrom(...Object.values(Billing))),
      termEnd: maybe(date),
    }),
    { maxLength: 3 },
  ),
  toTenantInScope: fc.boolean(),
  sameNameRelationships: fc.subarray(["rel-1", "rel-2", "rel-3"]),
  today: date,
});

/** The facts, recording which of them (and which properties of their records) a rule reads. */
function watched(subject: EdgeFacts) {
  const facts = new Set<string>();
  const partnerProperties = new Set<string>();
  const tenantProperties = new Set<string>();
  const record = <T extends object>(value: T, into: Set<string>): T =>
    new Proxy(value, {
      get(target, property, receiver) {
        if (typeof property === "string") into.add(property);
        return Reflect.get(target, property, receiver) as unknown;
      },
    });
  const partnerFacts = new Set(["from", "toPartner", "via", "resellerOfRecord"]);
  const proxy = new Proxy(subject, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof property !== "string") return value;
      facts.add(property);
      if (value !== null && typeof value === "object" && partnerFacts.has(property)) {
        return record(value, partnerProperties);
      }
      if (value !== null && typeof value === "object" && property === "toTenant") {
        return record(value, tenantProperties);
      }
      return value;
    },
  });
  return { proxy, facts, partnerProperties, tenantProperties };
}

describe("what each rule reads (RULE_READS)", () => {
  it("declares an entry for every rule of POLICY_RULES, and no other", () => {
    expect(Object.keys(RULE_READS).sort()).toEqual(POLICY_RULES.map((rule) => rule.id).sort());
  });

  it.each(POLICY_RULES.map((rule) => [rule.id, rule] as const))(
    "%s reads only the facts it declares, and only the judged properties of their records",
    (id, rule) => {
      const declared = new Set(RULE_READS[id]);
      fc.assert(
        fc.property(facts, fc.boolean(), (subject, withheld) => {
          const seen = watched(subject);
          rule.check(seen.proxy, withheld ? WITHHELD : NAMED);
          for (const fact of seen.facts) expect(declared).toContain(fact);
          for (const property of seen.partnerProperties) {
            expect(JUDGED_PARTNER_PROPERTIES).toContain(property);
          }
          for (const property of seen.tenantProperties) {
            expect(JUDGED_TENANT_PROPERTIES).toContain(property);
          }
        }),
        { numRuns: 300 },
      );
    },
  );

  it("keeps read-time rules to the edge and the date, which is all a read has of them", () => {
    for (const rule of READ_TIME_RULES) {
      expect(["edge", "today"]).toEqual(expect.arrayContaining([...(RULE_READS[rule.id] ?? [])]));
    }
    expect(READ_TIME_RULES.map((rule) => rule.id)).toEqual(["GDAP_EXPIRED"]);
  });

  it("stores the findings of every error that a write can refuse, and no warning", () => {
    expect(STORED_RULES.map((rule) => rule.id)).not.toContain("WORKLOAD_OVERLAP");
    expect(STORED_RULES.map((rule) => rule.id)).not.toContain("GDAP_EXPIRED");
    expect(STORED_RULES.map((rule) => rule.id)).toContain("RESELLER_NEEDS_PROVIDER");
  });
});

describe("dependentsOf", () => {
  it("re-judges a removed SUPPLIES's reseller edges through the provider, and the provider's PROVISIONS naming the reseller", () => {
    const selected = dependentsOf([
      { kind: "edge", edge: { type: EdgeType.SUPPLIES, from: "P-1", to: "P-2" } },
    ]);
    expect(selected.fromVia).toEqual([{ from: "P-2", via: "P-1" }]);
    expect(selected.fromRor).toEqual([{ from: "P-1", ror: "P-2" }]);
    expect(selected.edges).toEqual([{ type: EdgeType.SUPPLIES, from: "P-1", to: "P-2" }]);
    expect(selected.fromPartners).toEqual([]);
  });

  it("re-judges the same partner's edges into the tenant of a RESELLS_FOR", () => {
    const edge = { type: EdgeType.RESELLS_FOR, from: "P-1", to: tenantIds[0] ?? "" };
    expect(dependentsOf([{ kind: "edge", edge }]).fromInto).toEqual([
      { from: "P-1", to: tenantIds[0] },
    ]);
  });

  it("re-judges every holder of a PROVISIONS's subscription and a GDAP relationship's namesakes", () => {
    const selected = dependentsOf([
      {
        kind: "edge",
        edge: { type: EdgeType.PROVISIONS, from: "P-1", to: "t", subscriptionId: "sub-1" },
      },
      {
        kind: "edge",
        edge: { type: EdgeType.DELEGATED_ADMIN, from: "P-1", to: "t", relationshipId: "rel-1" },
      },
    ]);
    expect(selected.subscriptions).toEqual(["sub-1"]);
    expect(selected.sameName).toEqual([{ from: "P-1", relationshipId: "rel-1" }]);
  });

  it("re-judges a partner's own edges, those into it, and those naming it in via or resellerOfRecord", () => {
    const selected = dependentsOf([{ kind: "partner", id: "P-1" }]);
    expect(selected).toMatchObject({
      fromPartners: ["P-1"],
      intoPartners: ["P-1"],
      viaPartners: ["P-1"],
      rorPartners: ["P-1"],
      edges: [],
    });
  });

  it("re-judges the edges into a tenant when the tenant changes, and nothing for a customer no rule reads", () => {
    expect(dependentsOf([{ kind: "tenant", id: "t" }]).intoTenants).toEqual(["t"]);
    const customer = dependentsOf([{ kind: "customer", id: "C-1" }]);
    expect(Object.values(customer).every((values: unknown[]) => values.length === 0)).toBe(true);
  });

  it("selects each dependent once however many changes lead to it", () => {
    const change = { kind: "partner", id: "P-1" } as const;
    expect(dependentsOf([change, change]).fromPartners).toEqual(["P-1"]);
  });
});

describe("settledByFacts", () => {
  const licence: EdgeRecord = {
    type: EdgeType.PROVISIONS,
    from: "P-1",
    to: tenantIds[0] ?? "",
    subscriptionId: "sub-1",
    billing: Billing.LICENSE,
  };
  const selected = dependentsOf([{ kind: "edge", edge: licence }]);

  it("drops a new licence's subscription when its facts show no holder", () => {
    const settled = settledByFacts(selected, [emptyFacts(licence, "2026-01-01")]);
    expect(settled.subscriptions).toEqual([]);
    expect(settled.edges).toEqual(selected.edges);
  });

  it("keeps the subscription while another edge holds it", () => {
    const held: EdgeFacts = {
      ...emptyFacts(licence, "2026-01-01"),
      subscriptionHolders: [
        { partnerId: "P-2", tenantId: tenantIds[1] ?? "", billing: Billing.LICENSE, termEnd: null },
      ],
    };
    expect(settledByFacts(selected, [held]).subscriptions).toEqual(["sub-1"]);
  });
});

describe("partnerView", () => {
  it("shows `via` only where it supplies the edge's partner, and a GDAP relationship's tenant as out of scope", () => {
    fc.assert(
      fc.property(facts, (subject) => {
        const view = partnerView(subject);
        const supplied =
          subject.viaSuppliesState !== null &&
          subject.viaSuppliesState !== RelationshipState.REMOVED;
        expect(view.via).toBe(supplied ? subject.via : null);
        expect(view.resellerOfRecord).toBe(
          subject.resellerOfRecordSuppliesState === RelationshipState.ACTIVE
            ? subject.resellerOfRecord
            : null,
        );
        expect(view.toTenantInScope).toBe(subject.edge.type !== EdgeType.DELEGATED_ADMIN);
      }),
    );
  });
});
