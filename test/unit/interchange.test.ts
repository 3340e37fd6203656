import fs from "node:fs";
import path from "node:path";
import { COUNTRY_CODES, isCountryCode } from "../../src/countries";
import { Channel, RelationshipState } from "../../src/domain";
import {
  checkCustomer,
  checkPartner,
  checkTenant,
  findDanglingReferences,
  formatProblems,
  parseEcosystem,
} from "../../src/interchange";
import type { DocumentProblem } from "../../src/interchange";

const PROVIDER_TENANT = "0b5a3a52-6d2e-4f0e-9a51-6f1f2d3c4b10";
const CUSTOMER_TENANT = "2f1c0d7e-8d1a-4c55-9f6e-2b1d3c4a5e60";

/** DOMAIN.md's example document: valid, and small enough to break one thing at a time. */
function validDocument(): Record<string, Record<string, unknown>[]> {
  return {
    partners: [
      {
        id: "P-100",
        name: "Contoso Distribution",
        role: "INDIRECT_PROVIDER",
        cloud: "PUBLIC",
        country: "US",
        markets: ["US", "CA"],
        mpaSigned: true,
      },
      {
        id: "P-200",
        name: "Northwind Reseller",
        role: "INDIRECT_RESELLER",
        cloud: "PUBLIC",
        country: "US",
        mpaSigned: true,
      },
    ],
    customers: [{ id: "C-1", name: "Fabrikam", cloud: "PUBLIC", country: "US" }],
    tenants: [
      {
        id: PROVIDER_TENANT,
        domain: "contoso-dist.onmicrosoft.com",
        purpose: "CSP",
        cloud: "PUBLIC",
        country: "US",
        ownerId: "P-100",
      },
      {
        id: CUSTOMER_TENANT,
        domain: "fabrikam.onmicrosoft.com",
        purpose: "CUSTOMER",
        cloud: "PUBLIC",
        country: "US",
        ownerId: "C-1",
      },
    ],
    edges: [
      { type: "SUPPLIES", from: "P-100", to: "P-200", state: "ACTIVE", since: "2024-03-01" },
      { type: "RESELLS_FOR", from: "P-100", to: CUSTOMER_TENANT, state: "ACTIVE" },
      { type: "RESELLS_FOR", from: "P-200", to: CUSTOMER_TENANT, state: "ACTIVE", via: "P-100" },
      {
        type: "SERVES_WORKLOAD",
        from: "P-200",
        to: CUSTOMER_TENANT,
        workload: "AZURE",
        role: "MANAGE",
        via: "P-100",
      },
      {
        type: "PROVISIONS",
        from: "P-100",
        to: CUSTOMER_TENANT,
        subscriptionId: "sub-0001",
        workload: "OFFICE_365",
        billing: "LICENSE",
        channel: "CSP",
        termEnd: "2027-06-30",
        resellerOfRecord: "P-200",
      },
    ],
  };
}

/** A valid document with one row changed; `change` edits the row in place. */
function withRow(
  section: string,
  index: number,
  change: (row: Record<string, unknown>) => void,
): Record<string, Record<string, unknown>[]> {
  const doc = validDocument();
  const row = doc[section]?.[index];
  if (row === undefined) throw new Error(`the test document has no ${section}[${index}]`);
  change(row);
  return doc;
}

function paths(problems: DocumentProblem[]): string[] {
  return problems.map((problem) => problem.path);
}

describe("parseEcosystem", () => {
  it("accepts the demo ecosystem with no problems", () => {
    const file = path.join(__dirname, "..", "..", "src", "demo", "ecosystem.json");
    const raw: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
    const { doc, problems } = parseEcosystem(raw);
    expect(formatProblems(problems)).toBe("");
    expect(doc.partners.length).toBeGreaterThan(0);
    expect(doc.edges.length).toBeGreaterThan(0);
  });

  it("accepts DOMAIN.md's example and applies the defaults", () => {
    const { doc, problems } = parseEcosystem(validDocument());
    expect(problems).toEqual([]);
    expect(doc.partners[0]?.markets).toEqual(["US", "CA"]);
    expect(doc.partners[1]?.markets).toEqual(["US"]);
    expect(doc.edges).toHaveLength(5);
  });

  it("defaults a missing, null or empty markets to the partner's own country", () => {
    const doc = validDocument();
    doc.partners?.push(
      { ...doc.partners[1], id: "P-201", markets: null },
      { ...doc.partners[1], id: "P-202", markets: [] },
    );
    const parsed = parseEcosystem(doc);
    expect(parsed.problems).toEqual([]);
    expect(parsed.doc.partners.map((partner) => partner.markets)).toEqual([
      ["US", "CA"],
      ["US"],
      ["US"],
      ["US"],
    ]);
  });

  it("defaults an edge's state to ACTIVE and a PROVISIONS' channel to CSP", () => {
    const doc = withRow("edges", 1, (row) => delete row.state);
    delete doc.edges?.[4]?.channel;
    const { doc: parsed, problems } = parseEcosystem(doc);
    expect(problems).toEqual([]);
    expect(parsed.edges[1]?.state).toBe(RelationshipState.ACTIVE);
    expect(parsed.edges[4]?.channel).toBe(Channel.CSP);
  });

  it("reads a null optional field as left out", () => {
    const { doc, problems } = parseEcosystem(withRow("edges", 1, (row) => (row.via = null)));
    expect(problems).toEqual([]);
    expect(doc.edges[1]).not.toHaveProperty("via");
  });

  describe("the top level", () => {
    it("refuses a document that is not an object, at the empty path", () => {
      for (const raw of [null, [], "partners", 42]) {
        expect(paths(parseEcosystem(raw).problems)).toEqual([""]);
      }
    });

    it("refuses an unknown top-level field, naming it", () => {
      const { problems } = parseEcosystem({ ...validDocument(), contracts: [] });
      expect(paths(problems)).toEqual(["contracts"]);
    });

    it("reads a missing array as empty", () => {
      const withoutEdges = validDocument();
      delete withoutEdges.edges;
      const { doc, problems } = parseEcosystem(withoutEdges);
      expect(problems).toEqual([]);
      expect(doc.edges).toEqual([]);
      expect(parseEcosystem({}).problems).toEqual([]);
    });

    it("refuses an array that is not an array, naming it", () => {
      const { problems } = parseEcosystem({ ...validDocument(), tenants: { id: "x" } });
      // The tenants' owners are then missing too, which the edges' references reveal.
      expect(paths(problems)).toEqual([
        "tenants",
        "edges[1].to",
        "edges[2].to",
        "edges[3].to",
        "edges[4].to",
      ]);
      expect(paths(parseEcosystem({ ...validDocument(), edges: null }).problems)).toEqual([
        "edges",
      ]);
    });

    it("refuses a row that is not an object, naming array and index", () => {
      const doc = validDocument();
      const { problems } = parseEcosystem({ ...doc, customers: [doc.customers?.[0], "C-2"] });
      expect(paths(problems)).toEqual(["customers[1]"]);
    });
  });

  describe("a row", () => {
    it("refuses an unknown field", () => {
      expect(
        paths(parseEcosystem(withRow("partners", 1, (p) => (p.tier = "gold"))).problems),
      ).toEqual(["partners[1].tier"]);
      expect(paths(parseEcosystem(withRow("edges", 0, (e) => (e.note = "x"))).problems)).toEqual([
        "edges[0].note",
      ]);
    });

    it("refuses a missing required field", () => {
      expect(paths(parseEcosystem(withRow("customers", 0, (c) => delete c.name)).problems)).toEqual(
        ["customers[0].name"],
      );
      expect(
        paths(parseEcosystem(withRow("partners", 0, (p) => delete p.mpaSigned)).problems),
      ).toEqual(["partners[0].mpaSigned"]);
      expect(paths(parseEcosystem(withRow("edges", 3, (e) => delete e.role)).problems)).toEqual([
        "edges[3].role",
      ]);
    });

    it("refuses a value of the wrong type", () => {
      expect(
        paths(parseEcosystem(withRow("partners", 1, (p) => (p.mpaSigned = "yes"))).problems),
      ).toEqual(["partners[1].mpaSigned"]);
      expect(
        paths(parseEcosystem(withRow("partners", 0, (p) => (p.markets = "US"))).problems),
      ).toEqual(["partners[0].markets"]);
      expect(paths(parseEcosystem(withRow("customers", 0, (c) => (c.name = 42))).problems)).toEqual(
        ["customers[0].name"],
      );
      expect(paths(parseEcosystem(withRow("tenants", 1, (t) => (t.domain = ""))).problems)).toEqual(
        ["tenants[1].domain"],
      );
    });

    it("refuses an unknown enum value", () => {
      const role = parseEcosystem(withRow("partners", 0, (p) => (p.role = "DISTRIBUTOR")));
      expect(role.problems).toEqual([
        {
          path: "partners[0].role",
          message:
            'role "DISTRIBUTOR" is not one of DIRECT_BILL, INDIRECT_PROVIDER, INDIRECT_RESELLER',
        },
      ]);
      expect(
        paths(parseEcosystem(withRow("customers", 0, (c) => (c.cloud = "GERMANY"))).problems),
      ).toEqual(["customers[0].cloud"]);
      expect(
        paths(parseEcosystem(withRow("tenants", 0, (t) => (t.purpose = "csp"))).problems),
      ).toEqual(["tenants[0].purpose"]);
      expect(
        paths(parseEcosystem(withRow("edges", 3, (e) => (e.workload = "TEAMS"))).problems),
      ).toEqual(["edges[3].workload"]);
      expect(paths(parseEcosystem(withRow("edges", 0, (e) => (e.type = "OWNS"))).problems)).toEqual(
        ["edges[0].type"],
      );
    });

    it("refuses a tenant id that is not a GUID, and an edge to one", () => {
      // The edges into the renamed tenant then dangle; only the tenant's own problem is asked for.
      const doc = withRow("tenants", 0, (t) => (t.id = "contoso-csp"));
      expect(paths(parseEcosystem(doc).problems)).toEqual(["tenants[0].id"]);
      const edge = parseEcosystem(withRow("edges", 1, (e) => (e.to = "2f1c0d7e-8d1a-4c55")));
      expect(paths(edge.problems)).toEqual(["edges[1].to"]);
    });

    it("refuses a country that is not an ISO 3166-1 alpha-2 code, in country and in markets", () => {
      const uk = parseEcosystem(withRow("customers", 0, (c) => (c.country = "UK")));
      expect(uk.problems).toEqual([
        {
          path: "customers[0].country",
          message:
            'country "UK" is not an ISO 3166-1 alpha-2 country code (the United Kingdom is GB)',
        },
      ]);
      expect(
        paths(parseEcosystem(withRow("partners", 0, (p) => (p.markets = ["US", "XX"]))).problems),
      ).toEqual(["partners[0].markets[1]"]);
      expect(
        paths(parseEcosystem(withRow("tenants", 1, (t) => (t.country = "us"))).problems),
      ).toEqual(["tenants[1].country"]);
    });

    it("refuses a date that is not a calendar date", () => {
      expect(
        paths(parseEcosystem(withRow("edges", 0, (e) => (e.since = "2025-02-29"))).problems),
      ).toEqual(["edges[0].since"]);
      expect(
        paths(parseEcosystem(withRow("edges", 4, (e) => (e.termEnd = "30/06/2027"))).problems),
      ).toEqual(["edges[4].termEnd"]);
    });

    it("reports every problem of a row, and leaves the row out of the document", () => {
      const { doc, problems } = parseEcosystem(
        withRow("partners", 1, (p) => {
          p.cloud = "MARS";
          p.country = "ZZ";
        }),
      );
      // P-200 is left out, yet still declared: what refers to it is not reported as dangling.
      expect(paths(problems)).toEqual(["partners[1].cloud", "partners[1].country"]);
      expect(doc.partners.map((partner) => partner.id)).toEqual(["P-100"]);
    });

    it("maps each row it keeps to its index in the input", () => {
      const doc = withRow("edges", 1, (e) => (e.workload = "AZURE"));
      const { doc: parsed, indices } = parseEcosystem(doc);
      expect(parsed.edges.map((edge) => edge.type)).toEqual([
        "SUPPLIES",
        "RESELLS_FOR",
        "SERVES_WORKLOAD",
        "PROVISIONS",
      ]);
      expect(indices.edges).toEqual([0, 2, 3, 4]);
      expect(indices.partners).toEqual([0, 1]);
    });
  });

  describe("across rows", () => {
    it("refuses an id used twice, partners and customers sharing one namespace", () => {
      const shared = parseEcosystem(withRow("customers", 0, (c) => (c.id = "P-200")));
      // The tenant owned by C-1 now names the partner P-200 (a CUSTOMER tenant owned by a partner).
      expect(paths(shared.problems)).toEqual(["customers[0].id", "tenants[1].ownerId"]);
      expect(shared.problems[0]?.message).toBe('id "P-200" is already used by partners[1]');
      const doc = validDocument();
      doc.tenants?.push({ ...doc.tenants[1], domain: "fabrikam2.onmicrosoft.com" });
      expect(parseEcosystem(doc).problems).toEqual([
        { path: "tenants[2].id", message: `id "${CUSTOMER_TENANT}" is already used by tenants[1]` },
      ]);
    });

    it("refuses a reference to no node of the document, naming the field", () => {
      const doc = validDocument();
      doc.tenants?.push({
        ...doc.tenants[1],
        id: "11111111-2222-4333-8444-555555555555",
        ownerId: "C-9",
      });
      doc.edges?.push(
        { type: "SUPPLIES", from: "P-100", to: "P-999" },
        { type: "RESELLS_FOR", from: "P-300", to: CUSTOMER_TENANT },
        {
          type: "RESELLS_FOR",
          from: "P-200",
          to: "99999999-2222-4333-8444-555555555555",
          via: "P-101",
        },
        {
          type: "PROVISIONS",
          from: "P-100",
          to: CUSTOMER_TENANT,
          subscriptionId: "sub-0002",
          workload: "AZURE",
          billing: "USAGE",
          resellerOfRecord: "P-201",
        },
      );
      expect(paths(parseEcosystem(doc).problems)).toEqual([
        "tenants[2].ownerId",
        "edges[5].to",
        "edges[6].from",
        "edges[7].via",
        "edges[7].to",
        "edges[8].resellerOfRecord",
      ]);
    });

    it("refuses an edge from a customer, which is not a partner", () => {
      const { problems } = parseEcosystem(withRow("edges", 1, (e) => (e.from = "C-1")));
      expect(problems).toEqual([
        { path: "edges[1].from", message: 'from "C-1" names no partner in the document' },
      ]);
    });

    it("leaves references alone when checkReferences is false", () => {
      const doc = withRow("edges", 1, (e) => (e.from = "P-300"));
      expect(parseEcosystem(doc, { checkReferences: false }).problems).toEqual([]);
    });

    it("refuses a CUSTOMER tenant owned by a partner, and a CSP or CORPORATE one owned by a customer", () => {
      expect(
        paths(parseEcosystem(withRow("tenants", 1, (t) => (t.ownerId = "P-200"))).problems),
      ).toEqual(["tenants[1].ownerId"]);
      expect(
        paths(parseEcosystem(withRow("tenants", 0, (t) => (t.ownerId = "C-1"))).problems),
      ).toEqual(["tenants[0].ownerId"]);
      expect(
        paths(parseEcosystem(withRow("tenants", 1, (t) => (t.purpose = "CORPORATE"))).problems),
      ).toEqual(["tenants[1].ownerId"]);
    });

    it("refuses a partner's second CSP tenant, and allows any number of CORPORATE ones", () => {
      const second = {
        id: "3a2b1c0d-0000-4000-8000-000000000001",
        domain: "contoso-two.onmicrosoft.com",
        purpose: "CSP",
        cloud: "PUBLIC",
        country: "US",
        ownerId: "P-100",
      };
      const doc = validDocument();
      doc.tenants?.push(second);
      const { problems } = parseEcosystem(doc);
      expect(problems).toEqual([
        {
          path: "tenants[2].purpose",
          message:
            "P-100 already owns the CSP tenant tenants[0]: a partner owns at most one CSP tenant (any others are CORPORATE)",
        },
      ]);
      const corporate = validDocument();
      corporate.tenants?.push(
        { ...second, purpose: "CORPORATE" },
        { ...second, id: "3a2b1c0d-0000-4000-8000-000000000002", purpose: "CORPORATE" },
      );
      expect(parseEcosystem(corporate).problems).toEqual([]);
    });

    it("lists problems in document order", () => {
      const doc = withRow("edges", 2, (e) => (e.via = "P-404"));
      const partner = doc.partners?.[0];
      if (partner !== undefined) partner.country = "EU";
      doc.extra = [];
      expect(paths(parseEcosystem(doc).problems)).toEqual([
        "extra",
        "partners[0].country",
        "edges[2].via",
      ]);
    });
  });
});

describe("findDanglingReferences", () => {
  const edgesOnly = {
    edges: [
      { type: "RESELLS_FOR", from: "P-200", to: CUSTOMER_TENANT, via: "P-100" },
      { type: "SUPPLIES", from: "P-100", to: "P-200" },
    ],
    tenants: [
      {
        id: "11111111-2222-4333-8444-555555555555",
        domain: "fabrikam-eu.onmicrosoft.com",
        purpose: "CUSTOMER",
        cloud: "PUBLIC",
        country: "IE",
        ownerId: "C-1",
      },
    ],
  };

  it("counts ids the graph already holds as known", () => {
    const { doc, problems } = parseEcosystem(edgesOnly, { checkReferences: false });
    expect(problems).toEqual([]);
    expect(paths(findDanglingReferences(doc))).toEqual([
      "tenants[0].ownerId",
      "edges[0].from",
      "edges[0].via",
      "edges[0].to",
      "edges[1].from",
      "edges[1].to",
    ]);
    const known = {
      partners: new Set(["P-100", "P-200"]),
      tenants: new Set([CUSTOMER_TENANT]),
      customers: new Set(["C-1"]),
    };
    expect(findDanglingReferences(doc, known)).toEqual([]);
    const withoutCustomers = findDanglingReferences(doc, { ...known, customers: undefined });
    expect(withoutCustomers).toEqual([
      {
        path: "tenants[0].ownerId",
        message: 'ownerId "C-1" names no partner or customer in the document or the graph',
      },
    ]);
  });
});

describe("checkPartner, checkCustomer, checkTenant", () => {
  const partner = validDocument().partners?.[0];
  const customer = validDocument().customers?.[0];
  const tenant = validDocument().tenants?.[1];

  it("find nothing wrong with a valid row", () => {
    expect(checkPartner(partner)).toEqual([]);
    expect(checkCustomer(customer)).toEqual([]);
    expect(checkTenant(tenant)).toEqual([]);
  });

  it("name the field, as a mutation reports it", () => {
    expect(checkPartner({ ...partner, markets: ["US", "gb"] })).toEqual([
      {
        field: "markets[1]",
        message:
          'markets[1] "gb" is not an ISO 3166-1 alpha-2 country code (country codes are upper case: GB)',
      },
    ]);
    expect(checkCustomer({ ...customer, id: "" })).toEqual([
      { field: "id", message: "id must be a non-empty string" },
    ]);
    expect(checkTenant({ ...tenant, id: "not-a-guid", ownerId: undefined })).toEqual([
      { field: "id", message: 'id "not-a-guid" is not a GUID (8-4-4-4-12 hexadecimal digits)' },
      { field: "ownerId", message: "ownerId is required on a tenant" },
    ]);
    expect(checkTenant("tenant")).toEqual([{ field: "", message: "a tenant must be an object" }]);
  });
});

describe("isCountryCode", () => {
  it("knows the 249 assigned codes and nothing else", () => {
    expect(COUNTRY_CODES.size).toBe(249);
    expect(["GB", "US", "CN", "AX", "SS"].every(isCountryCode)).toBe(true);
    expect(["UK", "EU", "XK", "gb", "", "USA", 1].some(isCountryCode)).toBe(false);
  });
});
