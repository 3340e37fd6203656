import neo4j from "neo4j-driver";
import { joinChains, joinServices, toPlain } from "../../src/db/mappers";
import type { ServicesRow } from "../../src/db/queries";
import { Cloud, PartnerRole, TenantPurpose } from "../../src/domain";

describe("toPlain", () => {
  it("turns Neo4j integers into numbers and dates into YYYY-MM-DD", () => {
    expect(toPlain({ total: neo4j.int(42), since: new neo4j.types.Date(2024, 3, 1) })).toEqual({
      total: 42,
      since: "2024-03-01",
    });
  });

  it("converts inside lists and nested maps, and null stays null", () => {
    expect(toPlain([{ n: neo4j.int(1), inner: { m: neo4j.int(2) } }, null])).toEqual([
      { n: 1, inner: { m: 2 } },
      null,
    ]);
  });

  it("converts the driver's lists and maps in place rather than copying them", () => {
    const row = { partners: [{ n: neo4j.int(7) }] };
    expect(toPlain(row)).toBe(row);
    expect(row.partners[0]).toEqual({ n: 7 });
  });

  it("keeps an integer beyond 2^53 exact, as a string", () => {
    expect(toPlain(neo4j.int("9007199254740993"))).toBe("9007199254740993");
  });

  it("renders a datetime as an ISO string", () => {
    const value = new neo4j.types.DateTime(2026, 11, 24, 3, 10, 5, 0, 0);
    expect(toPlain(value)).toBe("2026-11-24T03:10:05Z");
  });
});

describe("rows that carry each partner and tenant once", () => {
  const partner = (id: string) => ({
    id,
    name: `Partner ${id}`,
    role: PartnerRole.INDIRECT_RESELLER,
    cloud: Cloud.PUBLIC,
    country: "US",
    markets: ["US"],
    mpaSigned: true,
  });
  const tenant = {
    id: "t-1",
    domain: "contoso.onmicrosoft.com",
    purpose: TenantPurpose.CUSTOMER,
    cloud: Cloud.PUBLIC,
    country: "US",
    ownerId: "C-1",
    ownerKind: "Customer" as const,
  };
  const service = {
    partnerId: "R-1",
    tenantId: "t-1",
    relation: "SERVES_WORKLOAD",
    workload: "AZURE",
    subscriptionId: null,
  };
  const row: ServicesRow = {
    key: "C-1",
    services: [
      { ...service, viaId: "P-1", viaVisible: true },
      { ...service, relation: "RESELLS_FOR", workload: null, viaId: "P-2", viaVisible: false },
    ],
    partners: [partner("R-1"), partner("P-1")],
    tenants: [tenant],
  };

  it("give every service its partner, tenant and visible via, shared between services", () => {
    const [first, second] = joinServices(row);
    expect(first).toEqual({
      relation: "SERVES_WORKLOAD",
      workload: "AZURE",
      subscriptionId: null,
      partner: partner("R-1"),
      tenant,
      viaId: "P-1",
      via: partner("P-1"),
    });
    expect(second?.partner).toBe(first?.partner);
    // A via the caller may not see stays null even when its id is known.
    expect(second).toMatchObject({ viaId: "P-2", via: null });
  });

  it("give every chain its partners in order and its tenant", () => {
    const hops = [{ type: "SUPPLIES", from: "P-1", to: "R-1" }];
    expect(
      joinChains([
        {
          chains: [{ partnerIds: ["P-1", "R-1"], tenantId: "t-1", hops }],
          partners: [partner("R-1"), partner("P-1")],
          tenants: [tenant],
        },
      ]),
    ).toEqual([{ partners: [partner("P-1"), partner("R-1")], tenant, hops }]);
  });

  it("fail naming an id the row does not carry", () => {
    expect(() => joinServices({ ...row, partners: [partner("P-1")] })).toThrow(/R-1/);
  });
});
