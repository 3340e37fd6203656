import {
  Billing,
  Channel,
  Cloud,
  EdgeType,
  PartnerRole,
  RelationshipState,
  TenantPurpose,
  Workload,
  WorkloadRole,
} from "../../src/domain";
import type { EdgeRecord, PartnerRecord, TenantRecord } from "../../src/domain";
import { evaluateEdge, rulesFor } from "../../src/policy/engine";
import type { EdgeFacts } from "../../src/policy/facts";

const PROVIDER: PartnerRecord = {
  id: "P-100",
  name: "Contoso Distribution",
  role: PartnerRole.INDIRECT_PROVIDER,
  cloud: Cloud.PUBLIC,
  country: "US",
  markets: ["US", "CA"],
  mpaSigned: true,
};
const RESELLER: PartnerRecord = {
  id: "P-200",
  name: "Northwind Reseller",
  role: PartnerRole.INDIRECT_RESELLER,
  cloud: Cloud.PUBLIC,
  country: "US",
  markets: ["US"],
  mpaSigned: true,
};
const TENANT: TenantRecord = {
  id: "2f1c0d7e-8d1a-4c55-9f6e-2b1d3c4a5e60",
  domain: "fabrikam.onmicrosoft.com",
  purpose: TenantPurpose.CUSTOMER,
  cloud: Cloud.PUBLIC,
  country: "US",
  ownerId: "C-1",
};

/** Facts for `edge` in which every rule passes; tests override what they break. */
function facts(edge: EdgeRecord, overrides: Partial<EdgeFacts> = {}): EdgeFacts {
  const toPartner = edge.type === EdgeType.SUPPLIES;
  return {
    edge,
    from: edge.from === "P-200" ? RESELLER : PROVIDER,
    toPartner: toPartner ? RESELLER : null,
    toTenant: toPartner ? null : TENANT,
    toTenantCustomer: null,
    via: edge.via === "P-100" ? PROVIDER : null,
    viaSuppliesState: edge.via === "P-100" ? RelationshipState.ACTIVE : null,
    resellerOfRecord: edge.resellerOfRecord === "P-200" ? RESELLER : null,
    resellerOfRecordSuppliesState:
      edge.resellerOfRecord === "P-200" ? RelationshipState.ACTIVE : null,
    relationshipState: RelationshipState.ACTIVE,
    duplicate: false,
    otherWorkloadPartners: [],
    subscriptionHolders: [],
    toTenantInScope: true,
    sameNameRelationships: [],
    today: "2026-11-24",
    ...overrides,
  };
}

const SUPPLIES: EdgeRecord = { type: EdgeType.SUPPLIES, from: "P-100", to: "P-200" };
const RESELLS_FOR: EdgeRecord = {
  type: EdgeType.RESELLS_FOR,
  from: "P-200",
  to: TENANT.id,
  via: "P-100",
};
const SERVES_WORKLOAD: EdgeRecord = {
  type: EdgeType.SERVES_WORKLOAD,
  from: "P-200",
  to: TENANT.id,
  workload: Workload.AZURE,
  role: WorkloadRole.MANAGE,
  via: "P-100",
};
const PROVISIONS: EdgeRecord = {
  type: EdgeType.PROVISIONS,
  from: "P-100",
  to: TENANT.id,
  subscriptionId: "sub-0001",
  workload: Workload.OFFICE_365,
  billing: Billing.LICENSE,
  channel: Channel.CSP,
  termEnd: "2027-06-30",
  resellerOfRecord: "P-200",
};

describe("evaluateEdge", () => {
  it.each([
    ["SUPPLIES", SUPPLIES],
    ["RESELLS_FOR", RESELLS_FOR],
    ["SERVES_WORKLOAD", SERVES_WORKLOAD],
    ["PROVISIONS", PROVISIONS],
  ])("allows a valid %s with no violations and no warnings", (_type, edge) => {
    expect(evaluateEdge(facts(edge))).toEqual({ allowed: true, violations: [], warnings: [] });
  });

  it("refuses an edge and lists every broken rule, in POLICY_RULES order", () => {
    const decision = evaluateEdge(
      facts(SUPPLIES, {
        from: { ...PROVIDER, role: PartnerRole.DIRECT_BILL, cloud: Cloud.CHINA },
        toPartner: { ...RESELLER, mpaSigned: false, country: "GB" },
        duplicate: true,
      }),
    );
    expect(decision.allowed).toBe(false);
    expect(decision.violations.map((v) => v.rule)).toEqual([
      "SAME_CLOUD",
      "TIER_ROLES",
      "RESELLER_AGREEMENT",
      "IN_MARKET",
      "DUPLICATE",
    ]);
    expect(decision.warnings).toEqual([]);
  });

  it("gives each violation the rule's id and its message", () => {
    const decision = evaluateEdge(facts(RESELLS_FOR, { viaSuppliesState: null }));
    expect(decision.violations).toEqual([
      {
        rule: "RESELLER_NEEDS_PROVIDER",
        message: expect.stringContaining("P-100 has no ACTIVE SUPPLIES to P-200"),
      },
    ]);
  });

  it("allows an edge that only draws a warning, and reports the warning", () => {
    const decision = evaluateEdge(facts(SERVES_WORKLOAD, { otherWorkloadPartners: ["P-300"] }));
    expect(decision.allowed).toBe(true);
    expect(decision.violations).toEqual([]);
    expect(decision.warnings.map((w) => w.rule)).toEqual(["WORKLOAD_OVERLAP"]);
  });

  it("keeps warnings beside violations when an edge is refused", () => {
    const decision = evaluateEdge(
      facts(SERVES_WORKLOAD, { relationshipState: null, otherWorkloadPartners: ["P-300"] }),
    );
    expect(decision.allowed).toBe(false);
    expect(decision.violations.map((v) => v.rule)).toEqual(["NEEDS_RELATIONSHIP"]);
    expect(decision.warnings.map((w) => w.rule)).toEqual(["WORKLOAD_OVERLAP"]);
  });

  it("runs only the rules that apply to the edge's type", () => {
    // Facts that would break NEEDS_RELATIONSHIP, LICENSE_TERM_LOCK and WORKLOAD_OVERLAP, none of
    // which applies to SUPPLIES.
    const decision = evaluateEdge(
      facts(SUPPLIES, {
        relationshipState: null,
        otherWorkloadPartners: ["P-300"],
        subscriptionHolders: [
          { partnerId: "P-300", tenantId: TENANT.id, billing: "LICENSE", termEnd: null },
        ],
      }),
    );
    expect(decision).toEqual({ allowed: true, violations: [], warnings: [] });
  });
});

describe("rulesFor", () => {
  it("lists the rules for SUPPLIES in the table's order", () => {
    expect(rulesFor(EdgeType.SUPPLIES).map((r) => r.id)).toEqual([
      "SAME_CLOUD",
      "NO_SELF_DEALING",
      "TIER_ROLES",
      "RESELLER_AGREEMENT",
      "IN_MARKET",
      "DUPLICATE",
    ]);
  });

  it("includes the warning for SERVES_WORKLOAD but not the PROVISIONS-only rules", () => {
    const ids = rulesFor(EdgeType.SERVES_WORKLOAD).map((r) => r.id);
    expect(ids).toContain("WORKLOAD_OVERLAP");
    expect(ids).not.toContain("LICENSE_TERM_LOCK");
    expect(ids).not.toContain("TIER_ROLES");
  });
});
