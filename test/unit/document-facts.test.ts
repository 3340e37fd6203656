import type { EdgeFactsRow } from "../../src/db/queries";
import type { EdgeRecord, PartnerRecord, TenantRecord } from "../../src/domain";
import {
  Billing,
  Cloud,
  EdgeType,
  PartnerRole,
  RelationshipState,
  TenantPurpose,
  Workload,
  WorkloadRole,
} from "../../src/domain";
import { DocumentFacts } from "../../src/import/document-facts";
import { edgeIdentity } from "../../src/policy/edge-types";
import { evaluateEdge } from "../../src/policy/engine";

const partner = (id: string, role: PartnerRole): PartnerRecord => ({
  id,
  name: id,
  role,
  cloud: Cloud.PUBLIC,
  country: "US",
  markets: ["US"],
  mpaSigned: true,
});
const TENANT: TenantRecord = {
  id: "2f1c0d7e-8d1a-4c55-9f6e-2b1d3c4a5e60",
  domain: "fabrikam.onmicrosoft.com",
  purpose: TenantPurpose.CUSTOMER,
  cloud: Cloud.PUBLIC,
  country: "US",
  ownerId: "C-1",
};
const OTHER_TENANT = "24114258-751b-4c83-89a0-47dc4ac87fc0";
const PROVIDER = partner("P-100", PartnerRole.INDIRECT_PROVIDER);
const RESELLER = partner("P-200", PartnerRole.INDIRECT_RESELLER);

const supplies: EdgeRecord = {
  type: EdgeType.SUPPLIES,
  from: "P-100",
  to: "P-200",
  state: RelationshipState.ACTIVE,
};
const resells: EdgeRecord = {
  type: EdgeType.RESELLS_FOR,
  from: "P-200",
  to: TENANT.id,
  state: RelationshipState.ACTIVE,
  via: "P-100",
};

function facts(): DocumentFacts {
  return new DocumentFacts(
    {
      partners: [PROVIDER, RESELLER],
      customers: [{ id: "C-1", name: "Fabrikam", cloud: Cloud.PUBLIC, country: "US" }],
      tenants: [TENANT],
    },
    "2026-11-24",
  );
}

describe("DocumentFacts", () => {
  it("lets an edge see the SUPPLIES accepted before it in the file", () => {
    const model = facts();
    expect(evaluateEdge(model.factsFor(resells, null)).violations.map((v) => v.rule)).toEqual([
      "RESELLER_NEEDS_PROVIDER",
    ]);
    model.accept(supplies);
    expect(evaluateEdge(model.factsFor(resells, null)).allowed).toBe(true);
  });

  it("prefers the document's node over the graph's", () => {
    const graph = {
      from: { ...RESELLER, mpaSigned: false, country: "CA" },
    } as unknown as EdgeFactsRow;
    expect(facts().factsFor(resells, graph).from).toEqual(RESELLER);
  });

  it("takes from the graph what the document does not say", () => {
    const graph = {
      viaSuppliesState: "ACTIVE",
      otherWorkloadPartners: ["P-300"],
      subscriptionHolders: [],
    } as unknown as EdgeFactsRow;
    const got = facts().factsFor(resells, graph);
    expect(got.viaSuppliesState).toBe("ACTIVE");
  });

  it("counts a repeat within the document as a duplicate, but not an edge the graph holds", () => {
    const model = facts();
    model.accept(supplies);
    const graphHasIt = { duplicate: true } as unknown as EdgeFactsRow;
    expect(facts().factsFor(supplies, graphHasIt).duplicate).toBe(false);
    expect(model.factsFor(supplies, null).duplicate).toBe(true);
  });

  it("reports a licence held earlier in the file by another partner", () => {
    const model = facts();
    const provision = (from: string): EdgeRecord => ({
      type: EdgeType.PROVISIONS,
      from,
      to: TENANT.id,
      subscriptionId: "sub-1",
      workload: Workload.OFFICE_365,
      billing: Billing.LICENSE,
      termEnd: "2027-06-30",
    });
    model.accept(provision("P-100"));
    // Every holder, as edgeFacts.cypher gives them: the rules pick other partners and tenants.
    expect(model.factsFor(provision("P-300"), null).subscriptionHolders).toEqual([
      { partnerId: "P-100", tenantId: TENANT.id, billing: "LICENSE", termEnd: "2027-06-30" },
    ]);
    expect(evaluateEdge(model.factsFor(provision("P-300"), null)).violations).toEqual([
      expect.objectContaining({ rule: "LICENSE_TERM_LOCK" }),
    ]);
    const elsewhere = { ...provision("P-300"), to: OTHER_TENANT, billing: Billing.USAGE };
    expect(evaluateEdge(model.factsFor(elsewhere, null)).violations.map((v) => v.rule)).toEqual([
      "SUBSCRIPTION_TENANT",
    ]);
  });

  it("collects other partners serving the same workload, never the edge's own partner", () => {
    const model = facts();
    const serve = (from: string): EdgeRecord => ({
      type: EdgeType.SERVES_WORKLOAD,
      from,
      to: TENANT.id,
      workload: Workload.AZURE,
      role: WorkloadRole.MANAGE,
    });
    model.accept(serve("P-300"));
    const graph = {
      otherWorkloadPartners: ["P-400"],
      subscriptionHolders: [],
    } as unknown as EdgeFactsRow;
    expect(model.factsFor(serve("P-200"), graph).otherWorkloadPartners).toEqual(["P-300", "P-400"]);
    expect(model.factsFor(serve("P-300"), null).otherWorkloadPartners).toEqual([]);
  });

  it("keys edges like DUPLICATE does: workload and subscription count, other properties do not", () => {
    expect(edgeIdentity({ ...supplies, since: "2024-01-01" })).toBe(edgeIdentity(supplies));
    const azure: EdgeRecord = {
      type: EdgeType.SERVES_WORKLOAD,
      from: "P-1",
      to: "t",
      workload: Workload.AZURE,
    };
    expect(edgeIdentity(azure)).not.toBe(edgeIdentity({ ...azure, workload: Workload.OTHER }));
  });
});
