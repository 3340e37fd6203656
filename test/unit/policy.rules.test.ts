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
import type { CustomerRecord, EdgeRecord, PartnerRecord, TenantRecord } from "../../src/domain";
import { emptyFacts } from "../../src/policy/facts";
import type { EdgeFacts } from "../../src/policy/facts";
import { NAMED, WITHHELD } from "../../src/policy/naming";
import type { OtherPartners } from "../../src/policy/naming";
import { POLICY_RULES } from "../../src/policy/rules";
import type { PolicyRule } from "../../src/policy/rules";

// A small, realistic world (DOMAIN.md's interchange example): Contoso Distribution supplies
// Northwind Reseller; both resell to Fabrikam's tenant; Fourth Coffee is a direct-bill partner.
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
const DIRECT_BILL: PartnerRecord = {
  id: "P-300",
  name: "Fourth Coffee Cloud",
  role: PartnerRole.DIRECT_BILL,
  cloud: Cloud.PUBLIC,
  country: "US",
  markets: ["US"],
  mpaSigned: true,
};
const FABRIKAM: CustomerRecord = {
  id: "C-1",
  name: "Fabrikam",
  cloud: Cloud.PUBLIC,
  country: "US",
};
const FABRIKAM_TENANT: TenantRecord = {
  id: "2f1c0d7e-8d1a-4c55-9f6e-2b1d3c4a5e60",
  domain: "fabrikam.onmicrosoft.com",
  purpose: TenantPurpose.CUSTOMER,
  cloud: Cloud.PUBLIC,
  country: "US",
  ownerId: "C-1",
};
const NORTHWIND_CSP_TENANT: TenantRecord = {
  id: "6bad6be2-8e7a-46e9-9f19-950499dd251d",
  domain: "northwind-csp.onmicrosoft.com",
  purpose: TenantPurpose.CSP,
  cloud: Cloud.PUBLIC,
  country: "US",
  ownerId: "P-200",
};
const NORTHWIND_CORPORATE_TENANT: TenantRecord = {
  id: "59001ac9-4063-49bc-a5b0-0a2d35d14880",
  domain: "northwind.onmicrosoft.com",
  purpose: TenantPurpose.CORPORATE,
  cloud: Cloud.PUBLIC,
  country: "US",
  ownerId: "P-200",
};
const TODAY = "2026-11-24";

/** P-100 -SUPPLIES-> P-200, ACTIVE: passes every rule. */
function supplies(edge: Partial<EdgeRecord> = {}, facts: Partial<EdgeFacts> = {}): EdgeFacts {
  const record: EdgeRecord = {
    type: EdgeType.SUPPLIES,
    from: "P-100",
    to: "P-200",
    state: RelationshipState.ACTIVE,
    since: "2024-03-01",
    ...edge,
  };
  return { ...emptyFacts(record, TODAY), from: PROVIDER, toPartner: RESELLER, ...facts };
}

/** P-100 -RESELLS_FOR-> Fabrikam's tenant, ACTIVE: passes every rule. */
function resellsFor(edge: Partial<EdgeRecord> = {}, facts: Partial<EdgeFacts> = {}): EdgeFacts {
  const record: EdgeRecord = {
    type: EdgeType.RESELLS_FOR,
    from: "P-100",
    to: FABRIKAM_TENANT.id,
    state: RelationshipState.ACTIVE,
    ...edge,
  };
  return {
    ...emptyFacts(record, TODAY),
    from: PROVIDER,
    toTenant: FABRIKAM_TENANT,
    toTenantCustomer: FABRIKAM,
    ...facts,
  };
}

/** P-200 (via P-100) -RESELLS_FOR-> Fabrikam's tenant: passes every rule. */
function resellerResellsFor(
  edge: Partial<EdgeRecord> = {},
  facts: Partial<EdgeFacts> = {},
): EdgeFacts {
  return resellsFor(
    { from: "P-200", via: "P-100", ...edge },
    { from: RESELLER, via: PROVIDER, viaSuppliesState: RelationshipState.ACTIVE, ...facts },
  );
}

/** P-200 (via P-100) manages Azure for Fabrikam's tenant: passes every rule. */
function servesWorkload(edge: Partial<EdgeRecord> = {}, facts: Partial<EdgeFacts> = {}): EdgeFacts {
  const record: EdgeRecord = {
    type: EdgeType.SERVES_WORKLOAD,
    from: "P-200",
    to: FABRIKAM_TENANT.id,
    workload: Workload.AZURE,
    role: WorkloadRole.MANAGE,
    via: "P-100",
    ...edge,
  };
  return {
    ...emptyFacts(record, TODAY),
    from: RESELLER,
    toTenant: FABRIKAM_TENANT,
    toTenantCustomer: FABRIKAM,
    via: PROVIDER,
    viaSuppliesState: RelationshipState.ACTIVE,
    relationshipState: RelationshipState.ACTIVE,
    ...facts,
  };
}

/** P-100 provisions a licence-based Office 365 subscription with P-200 as reseller of record. */
function provisions(edge: Partial<EdgeRecord> = {}, facts: Partial<EdgeFacts> = {}): EdgeFacts {
  const record: EdgeRecord = {
    type: EdgeType.PROVISIONS,
    from: "P-100",
    to: FABRIKAM_TENANT.id,
    subscriptionId: "sub-0001",
    workload: Workload.OFFICE_365,
    billing: Billing.LICENSE,
    channel: Channel.CSP,
    termEnd: "2027-06-30",
    resellerOfRecord: "P-200",
    ...edge,
  };
  return {
    ...emptyFacts(record, TODAY),
    from: PROVIDER,
    toTenant: FABRIKAM_TENANT,
    toTenantCustomer: FABRIKAM,
    resellerOfRecord: RESELLER,
    resellerOfRecordSuppliesState: RelationshipState.ACTIVE,
    relationshipState: RelationshipState.ACTIVE,
    ...facts,
  };
}

function rule(id: string): PolicyRule {
  const found = POLICY_RULES.find((candidate) => candidate.id === id);
  if (found === undefined) throw new Error(`no rule ${id}`);
  return found;
}

function check(id: string, facts: EdgeFacts, others: OtherPartners = NAMED): string | null {
  return rule(id).check(facts, others);
}

describe("POLICY_RULES", () => {
  it("lists every rule of DOMAIN.md's table, in the table's order", () => {
    expect(POLICY_RULES.map((r) => r.id)).toEqual([
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
  });

  it("makes WORKLOAD_OVERLAP and GDAP_WITHOUT_RESELLER the only warnings", () => {
    const warnings = POLICY_RULES.filter((r) => r.severity === "WARNING").map((r) => r.id);
    expect(warnings).toEqual(["WORKLOAD_OVERLAP", "GDAP_WITHOUT_RESELLER"]);
  });

  it("makes GDAP_EXPIRED the only audit-only rule", () => {
    expect(POLICY_RULES.filter((r) => r.auditOnly === true).map((r) => r.id)).toEqual([
      "GDAP_EXPIRED",
    ]);
  });

  it("gives every rule a description, a source and at least one edge type", () => {
    for (const r of POLICY_RULES) {
      expect(r.description.length).toBeGreaterThan(10);
      expect(r.source.length).toBeGreaterThan(0);
      expect(r.appliesTo.length).toBeGreaterThan(0);
    }
  });

  it("cites the Partner Center pages of the table", () => {
    expect(rule("NO_PARTNER_RESALE").source).toBe("work-with-other-partners");
    expect(rule("DUPLICATE").source).toBe("data integrity");
    expect(rule("SAME_CLOUD").source).toMatch(/^inferred: /);
  });

  it("applies each rule to the edge types of the table", () => {
    const all = [
      EdgeType.SUPPLIES,
      EdgeType.RESELLS_FOR,
      EdgeType.SERVES_WORKLOAD,
      EdgeType.PROVISIONS,
      EdgeType.DELEGATED_ADMIN,
    ];
    const toTenant = [EdgeType.RESELLS_FOR, EdgeType.SERVES_WORKLOAD, EdgeType.PROVISIONS];
    expect(rule("SAME_CLOUD").appliesTo).toEqual(all);
    expect(rule("NO_SELF_DEALING").appliesTo).toEqual(all);
    expect(rule("DUPLICATE").appliesTo).toEqual(all);
    // A GDAP relationship is an admin grant, not a sale (DOMAIN.md, "GDAP").
    expect(rule("IN_MARKET").appliesTo).toEqual([EdgeType.SUPPLIES, ...toTenant]);
    expect(rule("TIER_ROLES").appliesTo).toEqual([EdgeType.SUPPLIES]);
    expect(rule("NO_PARTNER_RESALE").appliesTo).toEqual(toTenant);
    expect(rule("RESELLER_NEEDS_PROVIDER").appliesTo).toEqual([
      ...toTenant,
      EdgeType.DELEGATED_ADMIN,
    ]);
    for (const id of ["GDAP_DURATION", "GDAP_GLOBAL_ADMIN_AUTO_EXTEND", "GDAP_UNIQUE_NAME"]) {
      expect(rule(id).appliesTo).toEqual([EdgeType.DELEGATED_ADMIN]);
    }
    expect(rule("NEEDS_RELATIONSHIP").appliesTo).toEqual([
      EdgeType.SERVES_WORKLOAD,
      EdgeType.PROVISIONS,
    ]);
    expect(rule("LICENSE_TERM_LOCK").appliesTo).toEqual([EdgeType.PROVISIONS]);
    expect(rule("WORKLOAD_OVERLAP").appliesTo).toEqual([EdgeType.SERVES_WORKLOAD]);
  });

  it.each([
    ["SUPPLIES", supplies()],
    ["a direct RESELLS_FOR", resellsFor()],
    ["a reseller's RESELLS_FOR", resellerResellsFor()],
    ["SERVES_WORKLOAD", servesWorkload()],
    ["PROVISIONS", provisions()],
  ])("passes the builders' valid %s on every rule that applies", (_name, facts) => {
    const broken = POLICY_RULES.filter((r) => r.appliesTo.includes(facts.edge.type))
      .map((r) => [r.id, r.check(facts, NAMED)])
      .filter(([, message]) => message !== null);
    expect(broken).toEqual([]);
  });
});

describe("SAME_CLOUD", () => {
  it("accepts a public partner reselling to a public tenant", () => {
    expect(check("SAME_CLOUD", resellsFor())).toBeNull();
  });

  it("refuses a public partner reselling to a tenant in the China cloud", () => {
    const facts = resellsFor({}, { toTenant: { ...FABRIKAM_TENANT, cloud: Cloud.CHINA } });
    expect(check("SAME_CLOUD", facts)).toBe(
      `P-100 (PUBLIC) cannot RESELLS_FOR tenant ${FABRIKAM_TENANT.id} (CHINA): ` +
        "both ends must be in the same cloud",
    );
  });

  it("refuses a public provider supplying a US Government reseller", () => {
    const facts = supplies({}, { toPartner: { ...RESELLER, cloud: Cloud.US_GOV } });
    expect(check("SAME_CLOUD", facts)).toMatch(
      /^P-100 \(PUBLIC\) cannot SUPPLIES P-200 \(US_GOV\)/,
    );
  });

  it("leaves a missing tenant to NOT_FOUND instead of reporting it", () => {
    expect(check("SAME_CLOUD", resellsFor({}, { toTenant: null }))).toBeNull();
  });
});

describe("NO_SELF_DEALING", () => {
  it("accepts a provider supplying another partner", () => {
    expect(check("NO_SELF_DEALING", supplies())).toBeNull();
  });

  it("refuses a provider supplying itself", () => {
    const facts = supplies({ to: "P-100" }, { toPartner: PROVIDER });
    expect(check("NO_SELF_DEALING", facts)).toMatch(/^P-100 cannot SUPPLIES itself/);
  });

  it("accepts reselling to a customer's tenant", () => {
    expect(check("NO_SELF_DEALING", resellerResellsFor())).toBeNull();
  });

  it("refuses reselling to a tenant the partner owns, even a corporate one", () => {
    const facts = resellerResellsFor(
      { to: NORTHWIND_CORPORATE_TENANT.id },
      { toTenant: NORTHWIND_CORPORATE_TENANT, toTenantCustomer: null },
    );
    const message = check("NO_SELF_DEALING", facts);
    expect(message).toContain(`P-200 cannot RESELLS_FOR tenant ${NORTHWIND_CORPORATE_TENANT.id}`);
    expect(message).toContain("it owns that tenant (CORPORATE)");
  });

  it("refuses provisioning into the partner's own CSP tenant", () => {
    const own = { ...NORTHWIND_CSP_TENANT, ownerId: "P-100" };
    const facts = provisions({ to: own.id }, { toTenant: own });
    expect(check("NO_SELF_DEALING", facts)).toContain("P-100 cannot PROVISIONS tenant");
  });
});

describe("TIER_ROLES", () => {
  it("accepts an indirect provider supplying an indirect reseller", () => {
    expect(check("TIER_ROLES", supplies())).toBeNull();
  });

  it("refuses a direct-bill partner supplying a reseller", () => {
    const facts = supplies({ from: "P-300" }, { from: DIRECT_BILL });
    expect(check("TIER_ROLES", facts)).toBe(
      "P-300 (DIRECT_BILL) cannot SUPPLIES P-200 (INDIRECT_RESELLER): " +
        "SUPPLIES runs only from an INDIRECT_PROVIDER to an INDIRECT_RESELLER",
    );
  });

  it("refuses a provider supplying another provider, which would make a third tier", () => {
    const other = { ...PROVIDER, id: "P-120" };
    const facts = supplies({ to: "P-120" }, { toPartner: other });
    expect(check("TIER_ROLES", facts)).toContain("cannot SUPPLIES P-120 (INDIRECT_PROVIDER)");
  });

  it("refuses a reseller supplying another reseller", () => {
    const other = { ...RESELLER, id: "P-210" };
    const facts = supplies({ from: "P-200", to: "P-210" }, { from: RESELLER, toPartner: other });
    expect(check("TIER_ROLES", facts)).toContain("P-200 (INDIRECT_RESELLER) cannot SUPPLIES");
  });
});

describe("RESELLER_AGREEMENT", () => {
  const unsigned = { ...RESELLER, mpaSigned: false };

  it("accepts an active supply to a reseller that signed the agreement", () => {
    expect(check("RESELLER_AGREEMENT", supplies())).toBeNull();
  });

  it("refuses an active supply to a reseller that has not signed the agreement", () => {
    const message = check("RESELLER_AGREEMENT", supplies({}, { toPartner: unsigned }));
    expect(message).toContain("P-200 has not signed the Microsoft Partner Agreement");
    expect(message).toContain("PENDING");
  });

  it("accepts a pending invitation before the reseller signs", () => {
    const facts = supplies({ state: RelationshipState.PENDING }, { toPartner: unsigned });
    expect(check("RESELLER_AGREEMENT", facts)).toBeNull();
  });

  it("treats a supply without a state as active, the default", () => {
    const facts = supplies({ state: undefined }, { toPartner: unsigned });
    expect(check("RESELLER_AGREEMENT", facts)).not.toBeNull();
  });
});

describe("IN_MARKET", () => {
  it("accepts a Canadian reseller for a provider whose markets include Canada", () => {
    const facts = supplies({}, { toPartner: { ...RESELLER, country: "CA" } });
    expect(check("IN_MARKET", facts)).toBeNull();
  });

  it("refuses a reseller outside the provider's markets", () => {
    const facts = supplies({}, { toPartner: { ...RESELLER, country: "GB" } });
    expect(check("IN_MARKET", facts)).toBe(
      "P-100 cannot SUPPLIES reseller P-200 in GB: it is outside P-100's markets (US, CA); " +
        "GB must be one of its markets",
    );
  });

  it("refuses reselling to a tenant in a country outside the partner's markets", () => {
    const facts = resellsFor({}, { toTenant: { ...FABRIKAM_TENANT, country: "DE" } });
    const message = check("IN_MARKET", facts);
    expect(message).toContain(`tenant ${FABRIKAM_TENANT.id} in DE`);
    expect(message).toContain("(US, CA)");
  });

  it("falls back to the partner's own country when it lists no markets", () => {
    const noMarkets = { ...DIRECT_BILL, markets: [] };
    const home = resellsFor({ from: "P-300" }, { from: noMarkets });
    const abroad = resellsFor(
      { from: "P-300" },
      { from: noMarkets, toTenant: { ...FABRIKAM_TENANT, country: "CA" } },
    );
    expect(check("IN_MARKET", home)).toBeNull();
    expect(check("IN_MARKET", abroad)).toContain("(US)");
  });
});

describe("NO_PARTNER_RESALE", () => {
  it("accepts reselling to a customer's tenant", () => {
    expect(check("NO_PARTNER_RESALE", resellsFor())).toBeNull();
  });

  it("refuses reselling to another partner's CSP tenant", () => {
    const facts = resellsFor(
      { to: NORTHWIND_CSP_TENANT.id },
      { toTenant: NORTHWIND_CSP_TENANT, toTenantCustomer: null },
    );
    const message = check("NO_PARTNER_RESALE", facts);
    expect(message).toContain(`P-100 cannot RESELLS_FOR tenant ${NORTHWIND_CSP_TENANT.id}`);
    expect(message).toContain("P-200's CSP-transacting tenant");
    expect(message).toContain("CORPORATE");
  });

  it("withholds the owner's id from a caller who may not see it", () => {
    const facts = resellsFor(
      { to: NORTHWIND_CSP_TENANT.id },
      { toTenant: NORTHWIND_CSP_TENANT, toTenantCustomer: null },
    );
    const message = check("NO_PARTNER_RESALE", facts, WITHHELD);
    expect(message).toContain("another partner's CSP-transacting tenant");
    expect(message).toContain(`P-100 cannot RESELLS_FOR tenant ${NORTHWIND_CSP_TENANT.id}`);
    expect(message).not.toContain("P-200");
  });

  it("accepts selling to another partner's corporate tenant", () => {
    const facts = resellsFor(
      { to: NORTHWIND_CORPORATE_TENANT.id },
      { toTenant: NORTHWIND_CORPORATE_TENANT, toTenantCustomer: null },
    );
    expect(check("NO_PARTNER_RESALE", facts)).toBeNull();
  });

  it("refuses provisioning a subscription in another partner's CSP tenant", () => {
    const facts = provisions({ to: NORTHWIND_CSP_TENANT.id }, { toTenant: NORTHWIND_CSP_TENANT });
    expect(check("NO_PARTNER_RESALE", facts)).toContain("P-100 cannot PROVISIONS tenant");
  });

  it("leaves a partner's own CSP tenant to NO_SELF_DEALING", () => {
    const facts = resellerResellsFor(
      { to: NORTHWIND_CSP_TENANT.id },
      { toTenant: NORTHWIND_CSP_TENANT },
    );
    expect(check("NO_PARTNER_RESALE", facts)).toBeNull();
    expect(check("NO_SELF_DEALING", facts)).not.toBeNull();
  });
});

describe("RESELLER_NEEDS_PROVIDER", () => {
  it("accepts a reseller naming a provider that actively supplies it", () => {
    expect(check("RESELLER_NEEDS_PROVIDER", resellerResellsFor())).toBeNull();
  });

  it("refuses a reseller that names no provider in via", () => {
    const facts = resellerResellsFor({ via: undefined }, { via: null, viaSuppliesState: null });
    expect(check("RESELLER_NEEDS_PROVIDER", facts)).toBe(
      "P-200 is an indirect reseller: name the provider that supplies it in `via`",
    );
  });

  it("refuses a via that names a direct-bill partner", () => {
    const facts = resellerResellsFor({ via: "P-300" }, { via: DIRECT_BILL });
    expect(check("RESELLER_NEEDS_PROVIDER", facts)).toContain(
      "names P-300 (DIRECT_BILL), not an INDIRECT_PROVIDER",
    );
  });

  it("refuses a via that names no known partner", () => {
    const facts = resellerResellsFor({ via: "P-999" }, { via: null, viaSuppliesState: null });
    expect(check("RESELLER_NEEDS_PROVIDER", facts)).toContain(
      "names P-999, which is not a known partner",
    );
  });

  it("refuses a provider whose supply to the reseller is still pending", () => {
    const facts = resellerResellsFor({}, { viaSuppliesState: RelationshipState.PENDING });
    expect(check("RESELLER_NEEDS_PROVIDER", facts)).toBe(
      "P-100 has no ACTIVE SUPPLIES to P-200 (it is PENDING): " +
        "activate it, or name in `via` a provider that actively supplies P-200",
    );
  });

  it("refuses a provider that does not supply the reseller at all", () => {
    const facts = resellerResellsFor({}, { viaSuppliesState: null });
    expect(check("RESELLER_NEEDS_PROVIDER", facts)).toContain("(there is none)");
  });

  it("applies to a reseller's SERVES_WORKLOAD and PROVISIONS too", () => {
    const serves = servesWorkload({}, { viaSuppliesState: RelationshipState.REMOVED });
    const provisioned = provisions(
      { from: "P-200", channel: Channel.EA, resellerOfRecord: undefined },
      { from: RESELLER, via: null, resellerOfRecord: null },
    );
    expect(check("RESELLER_NEEDS_PROVIDER", serves)).toContain("(it is REMOVED)");
    expect(check("RESELLER_NEEDS_PROVIDER", provisioned)).toContain(
      "P-200 is an indirect reseller",
    );
  });

  it("asks nothing of a partner that is not an indirect reseller", () => {
    expect(check("RESELLER_NEEDS_PROVIDER", resellsFor({ via: undefined }))).toBeNull();
  });

  it("refuses a via on the edge of a partner that is not an indirect reseller", () => {
    const directBill = resellsFor(
      { from: "P-300", via: "P-100" },
      { from: DIRECT_BILL, via: PROVIDER },
    );
    expect(check("RESELLER_NEEDS_PROVIDER", directBill)).toBe(
      "P-300 is DIRECT_BILL, not an indirect reseller: `via` names the provider that bills an " +
        "indirect reseller's edge; leave it unset on P-300's edges",
    );
    expect(check("RESELLER_NEEDS_PROVIDER", resellsFor({ via: "P-120" }))).toContain(
      "P-100 is INDIRECT_PROVIDER",
    );
  });
});

describe("NEEDS_RELATIONSHIP", () => {
  it("accepts serving a workload for a tenant the partner actively resells for", () => {
    expect(check("NEEDS_RELATIONSHIP", servesWorkload())).toBeNull();
  });

  it("refuses serving a workload while the reseller relationship is pending", () => {
    const facts = servesWorkload({}, { relationshipState: RelationshipState.PENDING });
    expect(check("NEEDS_RELATIONSHIP", facts)).toBe(
      `P-200 holds no ACTIVE RESELLS_FOR to tenant ${FABRIKAM_TENANT.id} (it is PENDING): ` +
        "the customer must accept P-200 as a reseller before it can SERVES_WORKLOAD there",
    );
  });

  it("refuses provisioning without any reseller relationship", () => {
    const facts = provisions({}, { relationshipState: null });
    expect(check("NEEDS_RELATIONSHIP", facts)).toContain("(there is none)");
  });
});

describe("TRANSACTING_ROLE", () => {
  it("accepts an indirect provider placing a CSP order", () => {
    expect(check("TRANSACTING_ROLE", provisions())).toBeNull();
  });

  it("accepts a direct-bill partner placing a CSP order", () => {
    const facts = provisions({ from: "P-300", resellerOfRecord: undefined }, { from: DIRECT_BILL });
    expect(check("TRANSACTING_ROLE", facts)).toBeNull();
  });

  it("refuses a reseller placing a CSP order itself", () => {
    const facts = provisions({ from: "P-200" }, { from: RESELLER });
    expect(check("TRANSACTING_ROLE", facts)).toBe(
      "P-200 is an indirect reseller and cannot place CSP orders: its provider provisions " +
        "subscription sub-0001 and names P-200 as resellerOfRecord",
    );
  });

  it("treats a PROVISIONS without a channel as CSP", () => {
    const facts = provisions({ from: "P-200", channel: undefined }, { from: RESELLER });
    expect(check("TRANSACTING_ROLE", facts)).not.toBeNull();
  });

  it("lets a reseller manage a subscription bought through another channel", () => {
    const facts = provisions({ from: "P-200", channel: Channel.EA }, { from: RESELLER });
    expect(check("TRANSACTING_ROLE", facts)).toBeNull();
  });
});

describe("RESELLER_OF_RECORD", () => {
  it("accepts a reseller of record that the provider actively supplies", () => {
    expect(check("RESELLER_OF_RECORD", provisions())).toBeNull();
  });

  it("asks nothing when no reseller of record is named", () => {
    const facts = provisions({ resellerOfRecord: undefined }, { resellerOfRecord: null });
    expect(check("RESELLER_OF_RECORD", facts)).toBeNull();
  });

  it("refuses a reseller of record the provider only has a pending supply to", () => {
    const facts = provisions({}, { resellerOfRecordSuppliesState: RelationshipState.PENDING });
    expect(check("RESELLER_OF_RECORD", facts)).toBe(
      "P-100 does not actively supply resellerOfRecord P-200 (it is PENDING): activate the " +
        "SUPPLIES from P-100 to P-200, or name a reseller P-100 actively supplies",
    );
  });

  it("refuses a reseller of record that is not an indirect reseller", () => {
    const facts = provisions({ resellerOfRecord: "P-300" }, { resellerOfRecord: DIRECT_BILL });
    expect(check("RESELLER_OF_RECORD", facts)).toContain(
      "resellerOfRecord P-300 is DIRECT_BILL, not an INDIRECT_RESELLER",
    );
  });

  it("refuses a reseller of record that names no known partner", () => {
    const facts = provisions({ resellerOfRecord: "P-999" }, { resellerOfRecord: null });
    expect(check("RESELLER_OF_RECORD", facts)).toContain("P-999, which is not a known partner");
  });
});

describe("LICENSE_TERM_LOCK", () => {
  const moveToDirectBill = (holders: EdgeFacts["subscriptionHolders"]): EdgeFacts =>
    provisions(
      { from: "P-300", resellerOfRecord: undefined },
      { from: DIRECT_BILL, resellerOfRecord: null, subscriptionHolders: holders },
    );

  it("accepts a subscription nobody else provisions", () => {
    expect(check("LICENSE_TERM_LOCK", moveToDirectBill([]))).toBeNull();
  });

  it("refuses moving a licence-based subscription before its term ends", () => {
    const facts = moveToDirectBill([
      {
        partnerId: "P-100",
        tenantId: FABRIKAM_TENANT.id,
        billing: Billing.LICENSE,
        termEnd: "2027-06-30",
      },
    ]);
    expect(check("LICENSE_TERM_LOCK", facts)).toBe(
      `subscription sub-0001 in tenant ${FABRIKAM_TENANT.id} is licence-based and provisioned ` +
        "by P-100 until 2027-06-30: it can move to P-300 only after its term ends",
    );
  });

  it("refuses moving a licence-based subscription with no term end recorded", () => {
    const facts = moveToDirectBill([
      { partnerId: "P-100", tenantId: FABRIKAM_TENANT.id, billing: Billing.LICENSE, termEnd: null },
    ]);
    expect(check("LICENSE_TERM_LOCK", facts)).toContain("P-100 (no termEnd)");
  });

  it("withholds who holds the subscription from a caller who may not see it", () => {
    const facts = moveToDirectBill([
      {
        partnerId: "P-100",
        tenantId: FABRIKAM_TENANT.id,
        billing: Billing.LICENSE,
        termEnd: "2027-06-30",
      },
    ]);
    expect(check("LICENSE_TERM_LOCK", facts, WITHHELD)).toBe(
      `subscription sub-0001 in tenant ${FABRIKAM_TENANT.id} is licence-based and provisioned ` +
        "by another partner until 2027-06-30: it can move to P-300 only after its term ends",
    );
  });

  it("accepts the move once the term has ended, and on the last day of the term", () => {
    const ended = moveToDirectBill([
      {
        partnerId: "P-100",
        tenantId: FABRIKAM_TENANT.id,
        billing: Billing.LICENSE,
        termEnd: "2026-10-31",
      },
    ]);
    const lastDay = moveToDirectBill([
      {
        partnerId: "P-100",
        tenantId: FABRIKAM_TENANT.id,
        billing: Billing.LICENSE,
        termEnd: TODAY,
      },
    ]);
    expect(check("LICENSE_TERM_LOCK", ended)).toBeNull();
    expect(check("LICENSE_TERM_LOCK", lastDay)).toBeNull();
  });

  it("accepts moving a usage-based subscription at any time", () => {
    const facts = moveToDirectBill([
      {
        partnerId: "P-100",
        tenantId: FABRIKAM_TENANT.id,
        billing: Billing.USAGE,
        termEnd: "2027-06-30",
      },
    ]);
    expect(check("LICENSE_TERM_LOCK", facts)).toBeNull();
  });

  it("ignores the partner's own holding of the subscription", () => {
    const facts = provisions(
      {},
      {
        subscriptionHolders: [
          {
            partnerId: "P-100",
            tenantId: FABRIKAM_TENANT.id,
            billing: Billing.LICENSE,
            termEnd: "2027-06-30",
          },
        ],
      },
    );
    expect(check("LICENSE_TERM_LOCK", facts)).toBeNull();
  });
});

describe("LICENSE_TERM_LOCK in the edge's own tenant", () => {
  const OTHER_TENANT = "24114258-751b-4c83-89a0-47dc4ac87fc0";

  it("ignores a licence with the same id in another tenant", () => {
    const facts = provisions(
      { from: "P-300", resellerOfRecord: undefined },
      {
        from: DIRECT_BILL,
        resellerOfRecord: null,
        subscriptionHolders: [
          {
            partnerId: "P-110",
            tenantId: OTHER_TENANT,
            billing: Billing.LICENSE,
            termEnd: "2027-09-30",
          },
        ],
      },
    );
    expect(check("LICENSE_TERM_LOCK", facts)).toBeNull();
  });

  it("names neither the holder nor the term end for a tenant outside the caller's scope", () => {
    const facts = provisions(
      { from: "P-300", resellerOfRecord: undefined },
      {
        from: DIRECT_BILL,
        resellerOfRecord: null,
        toTenantInScope: false,
        subscriptionHolders: [
          {
            partnerId: "P-100",
            tenantId: FABRIKAM_TENANT.id,
            billing: Billing.LICENSE,
            termEnd: "2027-06-30",
          },
        ],
      },
    );
    const message = check("LICENSE_TERM_LOCK", facts, WITHHELD);
    expect(message).toContain("held by another partner");
    expect(message).not.toMatch(/P-100|2027/);
  });
});

describe("SUBSCRIPTION_TENANT", () => {
  const OTHER_TENANT = "24114258-751b-4c83-89a0-47dc4ac87fc0";
  const elsewhere = (partnerId: string) =>
    provisions(
      {},
      {
        subscriptionHolders: [
          { partnerId, tenantId: OTHER_TENANT, billing: Billing.USAGE, termEnd: null },
        ],
      },
    );

  it("is an error on PROVISIONS only", () => {
    expect(rule("SUBSCRIPTION_TENANT").severity).toBe("ERROR");
    expect(rule("SUBSCRIPTION_TENANT").appliesTo).toEqual([EdgeType.PROVISIONS]);
  });

  it("accepts a subscription held only in the edge's own tenant", () => {
    const facts = provisions(
      {},
      {
        subscriptionHolders: [
          {
            partnerId: "P-300",
            tenantId: FABRIKAM_TENANT.id,
            billing: Billing.USAGE,
            termEnd: null,
          },
        ],
      },
    );
    expect(check("SUBSCRIPTION_TENANT", facts)).toBeNull();
  });

  it("refuses a subscription id already provisioned into another tenant, by anyone", () => {
    expect(check("SUBSCRIPTION_TENANT", elsewhere("P-110"))).toBe(
      `subscription sub-0001 is already provisioned into tenant ${OTHER_TENANT}, and a ` +
        `subscription lives in one tenant: provision it into tenant ${FABRIKAM_TENANT.id} under ` +
        "its own subscriptionId",
    );
    expect(check("SUBSCRIPTION_TENANT", elsewhere("P-100"))).toContain(OTHER_TENANT);
  });

  it("does not name the other tenant to a partner", () => {
    const message = check("SUBSCRIPTION_TENANT", elsewhere("P-110"), WITHHELD);
    expect(message).toContain("already provisioned into another tenant");
    expect(message).not.toContain(OTHER_TENANT);
    expect(message).not.toContain("P-110");
  });
});

describe("messages about a tenant outside the caller's scope", () => {
  it("name no cloud, country or purpose of the tenant", () => {
    const outside = { toTenantInScope: false };
    const cloud = check(
      "SAME_CLOUD",
      resellsFor({}, { ...outside, toTenant: { ...FABRIKAM_TENANT, cloud: Cloud.US_GOV } }),
      WITHHELD,
    );
    const market = check(
      "IN_MARKET",
      resellsFor({}, { ...outside, toTenant: { ...FABRIKAM_TENANT, country: "GB" } }),
      WITHHELD,
    );
    const resale = check(
      "NO_PARTNER_RESALE",
      resellsFor(
        {},
        {
          ...outside,
          toTenant: { ...FABRIKAM_TENANT, purpose: TenantPurpose.CSP, ownerId: "P-110" },
        },
      ),
      WITHHELD,
    );
    expect(cloud).toContain("both ends must be in the same cloud");
    expect(cloud).not.toContain("US_GOV");
    expect(market).toContain("outside P-100's markets");
    expect(market).not.toContain("GB");
    expect(resale).toContain("CSP partners do not resell");
    expect(resale).not.toContain("P-110");
  });

  it("give no workload-overlap warning", () => {
    const facts = servesWorkload({}, { otherWorkloadPartners: ["P-300"], toTenantInScope: false });
    expect(check("WORKLOAD_OVERLAP", facts, WITHHELD)).toBeNull();
  });
});

describe("DUPLICATE", () => {
  it("accepts an edge that is not stored yet", () => {
    expect(check("DUPLICATE", supplies())).toBeNull();
  });

  it("refuses a repeat of a stored supply", () => {
    expect(check("DUPLICATE", supplies({}, { duplicate: true }))).toBe(
      "a SUPPLIES from P-100 to P-200 already exists: " +
        "change or remove that edge instead of adding it again",
    );
  });

  it("names the subscription of a repeated PROVISIONS", () => {
    expect(check("DUPLICATE", provisions({}, { duplicate: true }))).toContain(
      "of subscription sub-0001 already exists",
    );
  });

  it("names the workload of a repeated SERVES_WORKLOAD", () => {
    expect(check("DUPLICATE", servesWorkload({}, { duplicate: true }))).toContain(
      "for AZURE already exists",
    );
  });
});

describe("WORKLOAD_OVERLAP", () => {
  it("is a warning, not an error", () => {
    expect(rule("WORKLOAD_OVERLAP").severity).toBe("WARNING");
  });

  it("stays quiet when no other partner serves the workload", () => {
    expect(check("WORKLOAD_OVERLAP", servesWorkload())).toBeNull();
  });

  it("reports another partner already serving the workload for the tenant", () => {
    const facts = servesWorkload({}, { otherWorkloadPartners: ["P-300"] });
    expect(check("WORKLOAD_OVERLAP", facts)).toBe(
      `P-300 already serves AZURE for tenant ${FABRIKAM_TENANT.id}: ` +
        "P-200 may serve it too (multi-partner); reported, not refused",
    );
  });

  it("counts the other partners without naming them for a caller who may not see them", () => {
    const one = servesWorkload({}, { otherWorkloadPartners: ["P-300"] });
    const two = servesWorkload({}, { otherWorkloadPartners: ["P-300", "P-400", "P-200"] });
    expect(check("WORKLOAD_OVERLAP", one, WITHHELD)).toMatch(/^another partner already serves /);
    expect(check("WORKLOAD_OVERLAP", two, WITHHELD)).toMatch(/^2 other partners already serve /);
    expect(check("WORKLOAD_OVERLAP", two, WITHHELD)).not.toMatch(/P-300|P-400/);
  });

  it("does not count the partner itself as another partner", () => {
    const facts = servesWorkload({}, { otherWorkloadPartners: ["P-200"] });
    expect(check("WORKLOAD_OVERLAP", facts)).toBeNull();
  });
});
