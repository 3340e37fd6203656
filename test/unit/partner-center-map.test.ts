import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Cloud, Workload } from "../../src/domain";
import { mapExport } from "../../src/import/partner-center/map";
import type { DelegatedAdminEdge, MapOptions } from "../../src/import/partner-center/map";
import { lenientDate } from "../../src/import/partner-center/pages";
import type { SavedExport } from "../../src/import/partner-center/pages";
import { readExportFolder } from "../../src/import/partner-center/source";
import { workloadOf } from "../../src/import/partner-center/workloads";
import { parseEcosystem } from "../../src/interchange";
import { PROVIDER_DIR, RESELLER_DIR } from "../support/partner-center-fixtures";

const provider = readExportFolder(PROVIDER_DIR).saved;
const reseller = readExportFolder(RESELLER_DIR).saved;
const OPTIONS: MapOptions = { cloud: Cloud.PUBLIC, markets: ["US", "BR"], includeGdap: false };

const gdapEdges = (edges: { type: string }[]): DelegatedAdminEdge[] =>
  edges.filter((edge): edge is DelegatedAdminEdge => edge.type === "DELEGATED_ADMIN");

describe("lenientDate", () => {
  it("reads the older samples' spaced times and ISO timestamps as dates", () => {
    expect(lenientDate("2015-11-25T06: 41: 12Z")).toBe("2015-11-25");
    expect(lenientDate("2019-02-08T00:21:45.9263727+00:00")).toBe("2019-02-08");
  });
  it("treats null, empty and Partner Center's 0001-01-01 as no date, and garbage as an error", () => {
    expect(lenientDate(null)).toBeUndefined();
    expect(lenientDate("0001-01-01T00:00:00")).toBeUndefined();
    expect(lenientDate("2015-02-30T00:00:00Z")).toBeNull();
    expect(lenientDate("soon")).toBeNull();
  });
});

describe("workloadOf", () => {
  it("reads product type before offer name and falls back to OTHER", () => {
    expect(workloadOf("Azure", "Something")).toEqual({ workload: Workload.AZURE, known: true });
    expect(workloadOf(undefined, "Microsoft 365 E3").workload).toBe(Workload.MICROSOFT_365);
    expect(workloadOf(undefined, "Office 365 E3").workload).toBe(Workload.OFFICE_365);
    expect(workloadOf(undefined, "Dynamics 365 Sales Professional").workload).toBe(
      Workload.DYNAMICS_365,
    );
    expect(workloadOf(undefined, "Enterprise Mobility + Security E3").workload).toBe(
      Workload.ENTERPRISE_MOBILITY,
    );
    expect(workloadOf(undefined, "Contoso Widget Pro")).toEqual({
      workload: Workload.OTHER,
      known: false,
    });
  });
});

describe("mapExport", () => {
  it("maps the provider's export to a document the interchange parser accepts", () => {
    const mapped = mapExport(provider, OPTIONS);
    expect(mapped.problems).toEqual([]);
    expect(mapped.self).toEqual({ id: "4391507", role: "INDIRECT_PROVIDER" });
    expect(parseEcosystem(mapped.document).problems).toEqual([]);
    const edges = mapped.document.edges.map((edge) =>
      edge.type === "DELEGATED_ADMIN"
        ? edge.type
        : `${edge.type} ${edge.from}>${edge.to.slice(0, 8)}${edge.via === undefined ? "" : ` via ${edge.via}`}`,
    );
    expect(edges).toEqual([
      "SUPPLIES 4391507>4847383",
      "SUPPLIES 4391507>4847433",
      "RESELLS_FOR 4391507>53eb21cb",
      "RESELLS_FOR 4391507>3dfe847b",
      // associatedPartnerId names First Up by its relationship id (a tenant GUID) ...
      "RESELLS_FOR 4847383>3dfe847b via 4391507",
      "RESELLS_FOR 4391507>c5757d70",
      // ... and ReleCloud by its MPN id; both are accepted.
      "RESELLS_FOR 4847433>c5757d70 via 4391507",
      "PROVISIONS 4391507>53eb21cb",
      "PROVISIONS 4391507>53eb21cb",
      "PROVISIONS 4391507>3dfe847b",
      "PROVISIONS 4391507>3dfe847b",
      "PROVISIONS 4391507>c5757d70",
    ]);
    expect(mapped.skipped).toMatchObject({
      "subscription deleted": 1,
      "subscription expired": 1,
      'customer relationship "none": no RESELLS_FOR': 1,
      "GDAP relationship left out (the import does not know DELEGATED_ADMIN yet)": 3,
      "GDAP relationship with a tenant missing from the customer pages": 1,
    });
    // Each row knows the page item it came from.
    expect(mapped.origins.edges[1]).toBe("relationships.json items[1]");
    expect(mapped.origins.customers[2]).toBe("customers-2.json items[0]");
  });

  it("takes relationship ids from mpnId or partnerId and the snake-case relationship type", () => {
    const mapped = mapExport(reseller, OPTIONS);
    expect(mapped.problems).toEqual([]);
    expect(mapped.self).toEqual({ id: "4847383", role: "INDIRECT_RESELLER" });
    expect(mapped.document.partners.map((p) => `${p.id} ${p.role}`)).toEqual([
      "4847383 INDIRECT_RESELLER",
      "4391507 INDIRECT_PROVIDER",
    ]);
  });

  it("maps a reseller's subscriptions to its provider's orders naming it reseller of record", () => {
    const mapped = mapExport(reseller, OPTIONS);
    const provisions = mapped.document.edges.filter((edge) => edge.type === "PROVISIONS");
    expect(provisions).toEqual([
      expect.objectContaining({ from: "4391507", resellerOfRecord: "4847383" }),
      expect.objectContaining({ from: "4391507", resellerOfRecord: "4847383", billing: "USAGE" }),
    ]);
    expect(mapped.assumed["provider's RESELLS_FOR for its reseller's customer"]).toBe(2);
  });

  it("leaves out another partner the graph already holds", () => {
    const mapped = mapExport(reseller, { ...OPTIONS, knownPartners: new Set(["4391507"]) });
    expect(mapped.document.partners.map((p) => p.id)).toEqual(["4847383"]);
    expect(mapped.skipped["partner already in the graph: its stored record is kept"]).toBe(1);
  });

  it("applies overrides for what the APIs do not say", () => {
    const mapped = mapExport(provider, {
      cloud: Cloud.PUBLIC,
      includeGdap: false,
      overrides: {
        partners: { "4847433": { markets: ["BR", "AR"], mpaSigned: false } },
        customers: { "7b26b357-9ca3-48b8-a58e-4febe2662a5d": { country: "CA" } },
      },
    });
    expect(mapped.document.partners.find((p) => p.id === "4391507")?.markets).toEqual(["US"]);
    expect(mapped.document.partners.find((p) => p.id === "4847433")).toMatchObject({
      markets: ["BR", "AR"],
      mpaSigned: false,
    });
    expect(
      mapped.document.customers.find((c) => c.id === "7b26b357-9ca3-48b8-a58e-4febe2662a5d")
        ?.country,
    ).toBe("CA");
  });

  describe("GDAP", () => {
    it("maps Graph's relationships to DELEGATED_ADMIN edges with DOMAIN.md's statuses", () => {
      const mapped = mapExport(provider, { ...OPTIONS, includeGdap: true });
      expect(gdapEdges(mapped.document.edges)).toEqual([
        {
          type: "DELEGATED_ADMIN",
          from: "4391507",
          to: "53eb21cb-6b2d-4ee5-9e92-27dfc927e93c",
          relationshipId:
            "5d027261-d21f-4aa9-b7db-7fa1f56fb163-8777b240-c6f0-4469-9e98-a3205431b836",
          displayName: "FourthCoffee helpdesk",
          status: "ACTIVE",
          roles: ["729827e3-9c14-49f7-bb1b-9608f156bbb8", "f2ef992c-3afb-46b9-b7cf-a126ee74c451"],
          since: "2025-01-15",
          endsOn: "2027-01-15",
          autoExtend: true,
        },
        expect.objectContaining({
          displayName: "Contoso subsidiary relationship",
          status: "TERMINATED",
          autoExtend: false,
          since: "2021-09-29",
          endsOn: "2021-10-29",
        }),
        // approvalPending: PENDING, no dates yet.
        {
          type: "DELEGATED_ADMIN",
          from: "4391507",
          to: "7b26b357-9ca3-48b8-a58e-4febe2662a5d",
          relationshipId:
            "8f2e4c6a-1b3d-4f5e-9a7b-c8d9e0f1a2b3-8777b240-c6f0-4469-9e98-a3205431b836",
          displayName: "Contoso onboarding",
          status: "PENDING",
          roles: ["fe930be7-5e62-47db-91af-98c3a49a38b1"],
          autoExtend: false,
        },
      ]);
    });

    it("sets via on a reseller relationship to the provider named by indirectProviderTenantId", () => {
      const mapped = mapExport(reseller, { ...OPTIONS, includeGdap: true });
      expect(gdapEdges(mapped.document.edges)).toEqual([
        expect.objectContaining({
          from: "4847383",
          to: "52eaad04-13a2-4a2f-9ce8-93a294fadf36",
          status: "ACTIVE",
          via: "4391507",
          roles: ["fe930be7-5e62-47db-91af-98c3a49a38b1", "729827e3-9c14-49f7-bb1b-9608f156bbb8"],
        }),
      ]);
    });

    it.each([
      ["created", "PENDING"],
      ["approved", "PENDING"],
      ["activating", "PENDING"],
      ["expiring", "ACTIVE"],
      ["expired", "EXPIRED"],
      ["terminationRequested", "TERMINATED"],
      ["terminating", "TERMINATED"],
    ])("maps Graph status %s to %s", (graph, ours) => {
      const saved = withGdapStatus(provider, graph);
      const edges = gdapEdges(mapExport(saved, { ...OPTIONS, includeGdap: true }).document.edges);
      expect(edges[0]?.status).toBe(ours);
    });

    it("reports an unknown Graph status as a problem with its page and position", () => {
      const mapped = mapExport(withGdapStatus(provider, "paused"), OPTIONS);
      expect(mapped.problems).toEqual([
        expect.objectContaining({
          source: "delegatedAdminRelationships.json",
          position: "value[0].status",
        }),
      ]);
      expect(mapped.document.edges).toEqual([]);
    });
  });

  it("reports a page without items and leaves the document empty", () => {
    const saved: SavedExport = {
      ...provider,
      customers: [{ source: "customers.json", body: { totalCount: 0 } }],
    };
    const mapped = mapExport(saved, OPTIONS);
    expect(mapped.problems).toEqual([
      expect.objectContaining({ source: "customers.json", position: "items" }),
    ]);
    expect(mapped.document.partners).toEqual([]);
  });
});

/** The provider's export with its first GDAP relationship in another Graph status. */
function withGdapStatus(saved: SavedExport, status: string): SavedExport {
  const [first, ...rest] = saved.delegatedAdmin;
  if (first === undefined) throw new Error("the fixture has GDAP pages");
  const body = structuredClone(first.body) as { value: { status: string }[] };
  const item = body.value[0];
  if (item === undefined) throw new Error("the fixture's first GDAP page has items");
  item.status = status;
  return { ...saved, delegatedAdmin: [{ ...first, body }, ...rest] };
}

describe("readExportFolder", () => {
  it("orders pages by their number and reads a byte order mark", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "csp-graph-folder-"));
    try {
      const page = (id: string) =>
        JSON.stringify({
          totalCount: 1,
          items: [{ id }],
          attributes: { objectType: "Collection" },
        });
      fs.writeFileSync(path.join(dir, "customers-10.json"), page("ten"));
      fs.writeFileSync(path.join(dir, "customers.json"), `\uFEFF${page("one")}`);
      fs.writeFileSync(path.join(dir, "customers-2.json"), page("two"));
      fs.writeFileSync(path.join(dir, "customers-notes.txt"), "not a page");
      const { saved, problems } = readExportFolder(dir);
      expect(problems).toEqual([]);
      expect(saved.customers.map((p) => p.source)).toEqual([
        "customers.json",
        "customers-2.json",
        "customers-10.json",
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("a direct-bill partner's export", () => {
  it("maps to the partner's own RESELLS_FOR and PROVISIONS, without via or reseller of record", () => {
    const customers = provider.customers.map((page) => {
      const body = structuredClone(page.body) as { items: Record<string, unknown>[] };
      for (const item of body.items) delete item.associatedPartnerId;
      return { ...page, body };
    });
    const mapped = mapExport(
      { ...provider, relationships: [], customers },
      { cloud: Cloud.PUBLIC, includeGdap: false },
    );
    expect(mapped.problems).toEqual([]);
    expect(mapped.self).toEqual({ id: "4391507", role: "DIRECT_BILL" });
    expect(parseEcosystem(mapped.document).problems).toEqual([]);
    expect(mapped.document.edges.every((edge) => edge.from === "4391507")).toBe(true);
    expect(mapped.document.edges.some((edge) => "via" in edge || "resellerOfRecord" in edge)).toBe(
      false,
    );
    expect(mapped.skipped["reseller of record not among the provider's resellers: left out"]).toBe(
      undefined,
    );
  });
});
