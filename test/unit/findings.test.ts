import {
  Billing,
  Cloud,
  EdgeType,
  PartnerRole,
  RelationshipState,
  TenantPurpose,
} from "../../src/domain";
import type { EdgeRecord, PartnerRecord } from "../../src/domain";
import type { EdgeFacts } from "../../src/policy/facts";
import { ReauditMemoryError, checkHeapFor } from "../../src/services/audit.service";
import {
  cursorOf,
  edgePositionOf,
  judgeStored,
  positionOf,
} from "../../src/services/findings.service";

const partner = (id: string, role: PartnerRole): PartnerRecord => ({
  id,
  name: id,
  role,
  cloud: Cloud.PUBLIC,
  country: "US",
  markets: ["US"],
  mpaSigned: true,
});

const TENANT = "00000000-0000-4000-8000-000000000001";

function factsOf(edge: EdgeRecord, overrides: Partial<EdgeFacts> = {}): EdgeFacts {
  return {
    edge,
    from: partner(edge.from, PartnerRole.INDIRECT_PROVIDER),
    toPartner: null,
    toTenant: {
      id: TENANT,
      domain: "t.onmicrosoft.com",
      purpose: TenantPurpose.CUSTOMER,
      cloud: Cloud.PUBLIC,
      country: "US",
      ownerId: "C-1",
    },
    toTenantCustomer: null,
    via: null,
    viaSuppliesState: null,
    resellerOfRecord: null,
    resellerOfRecordSuppliesState: null,
    relationshipState: RelationshipState.ACTIVE,
    duplicate: false,
    otherWorkloadPartners: [],
    subscriptionHolders: [],
    toTenantInScope: true,
    sameNameRelationships: [],
    today: "2026-06-01",
    ...overrides,
  };
}

describe("positions in audit order", () => {
  it("sort as (partner, edge key, rule) tuples, the audit's order", () => {
    const a = positionOf(
      edgePositionOf({ type: EdgeType.SUPPLIES, from: "P-1", to: "P-2" }),
      "TIER_ROLES",
    );
    const b = positionOf(
      edgePositionOf({ type: EdgeType.RESELLS_FOR, from: "P-1", to: TENANT }),
      "IN_MARKET",
    );
    const c = positionOf(
      edgePositionOf({ type: EdgeType.SUPPLIES, from: "P-10", to: "P-2" }),
      "AAA",
    );
    // A shorter partner id comes first, whatever follows it: P-1's findings before P-10's.
    expect([c, b, a].sort()).toEqual([b, a, c]);
  });

  it("travel in a cursor as (edge, rule) and come back the same", () => {
    const edgePosition = edgePositionOf({ type: EdgeType.SUPPLIES, from: "P-1", to: "P-2" });
    const item = {
      rule: "TIER_ROLES",
      message: "",
      edge: { type: EdgeType.SUPPLIES, from: "P-1", to: "P-2" },
      position: positionOf(edgePosition, "TIER_ROLES"),
    };
    const cursor = cursorOf(item);
    expect(cursor).toEqual({ name: edgePosition, id: "TIER_ROLES" });
    expect(positionOf(cursor.name, cursor.id)).toBe(item.position);
  });
});

describe("judgeStored", () => {
  it("names the other partners to admins and withholds them from partners", () => {
    const edge: EdgeRecord = {
      type: EdgeType.PROVISIONS,
      from: "P-1",
      to: TENANT,
      subscriptionId: "sub-1",
      billing: Billing.LICENSE,
    };
    const [finding, ...rest] = judgeStored(
      factsOf(edge, {
        subscriptionHolders: [
          { partnerId: "P-9", tenantId: TENANT, billing: Billing.LICENSE, termEnd: "2030-01-01" },
        ],
      }),
    );
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      rule: "LICENSE_TERM_LOCK",
      partnerId: "P-1",
      datedOn: "2026-06-01",
    });
    expect(finding?.message).toContain("P-9");
    expect(finding?.partnerMessage).not.toContain("P-9");
    expect(finding?.partnerMessage).toContain("another partner");
  });

  it("shows a partner a provider that no longer supplies it as unknown, as its scope would", () => {
    const edge: EdgeRecord = {
      type: EdgeType.RESELLS_FOR,
      from: "P-2",
      to: TENANT,
      via: "P-9",
      state: RelationshipState.ACTIVE,
    };
    const [finding] = judgeStored(
      factsOf(edge, {
        from: partner("P-2", PartnerRole.INDIRECT_RESELLER),
        via: { ...partner("P-9", PartnerRole.DIRECT_BILL) },
        viaSuppliesState: null,
      }),
    );
    expect(finding?.rule).toBe("RESELLER_NEEDS_PROVIDER");
    expect(finding?.message).toContain("DIRECT_BILL");
    expect(finding?.partnerMessage).toContain("not a known partner");
    expect(finding?.partnerMessage).not.toContain("DIRECT_BILL");
    expect(finding?.datedOn).toBeNull();
  });
});

describe("the full re-audit's heap check", () => {
  const gib = 2 ** 30;

  it("refuses a graph the heap cannot hold, saying how much it needs and how to give it", () => {
    expect(() => checkHeapFor(7_243_944, 4 * gib)).toThrow(ReauditMemoryError);
    expect(() => checkHeapFor(7_243_944, 4 * gib)).toThrow(
      /re-auditing 7243944 stored edges needs about 6\.1 GiB of heap and this process has 4\.0 GiB: run npm run audit .*--max-old-space-size=\d+/,
    );
  });

  it("lets through a graph that fits", () => {
    expect(() => checkHeapFor(722_047, 4 * gib)).not.toThrow();
    expect(() => checkHeapFor(0, 0)).not.toThrow();
  });
});
