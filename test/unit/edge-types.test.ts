import { loadQueryRegistry } from "../../src/db/queries";
import { mergeQueryFor } from "../../src/db/ecosystem.writer";
import * as domain from "../../src/domain";
import { EdgeType, Workload } from "../../src/domain";
import type { EdgeRecord } from "../../src/domain";
import {
  ALL_EDGE_TYPES,
  EDGE_TYPES,
  PARTNER_TO_TENANT_EDGE_TYPES,
  SALES_EDGE_TYPES,
  SERVING_EDGE_TYPES,
  describeEdge,
  edgeIdentity,
  edgeKeyValue,
  missingKey,
  storedEdgeId,
} from "../../src/policy/edge-types";

const TENANT = "2f1c0d7e-8d1a-4c55-9f6e-2b1d3c4a5e60";
const OTHER_TENANT = "24114258-751b-4c83-89a0-47dc4ac87fc0";

const registry = loadQueryRegistry();
/** The merge statement of a type, as sent to Neo4j. */
const mergeStatement = (type: EdgeType): string => registry.get(mergeQueryFor(type)) ?? "";

describe("EDGE_TYPES", () => {
  it("lists every edge type, SUPPLIES first (the order export writes and import accepts)", () => {
    expect(ALL_EDGE_TYPES).toEqual(Object.values(EdgeType));
    expect(ALL_EDGE_TYPES[0]).toBe(EdgeType.SUPPLIES);
  });

  it("derives the serving, partner-to-tenant and sales lists from the entries", () => {
    expect(SERVING_EDGE_TYPES).toEqual([
      EdgeType.RESELLS_FOR,
      EdgeType.SERVES_WORKLOAD,
      EdgeType.PROVISIONS,
    ]);
    // The vocabulary re-exports the lists, the serving one under both names layers read it by.
    expect(domain.SERVING_EDGE_TYPES).toBe(SERVING_EDGE_TYPES);
    expect(domain.SERVING_EDGES).toBe(SERVING_EDGE_TYPES);
    expect(domain.ALL_EDGE_TYPES).toBe(ALL_EDGE_TYPES);
    expect(PARTNER_TO_TENANT_EDGE_TYPES).toEqual([...SERVING_EDGE_TYPES, EdgeType.DELEGATED_ADMIN]);
    expect(SALES_EDGE_TYPES).toEqual([EdgeType.SUPPLIES, ...SERVING_EDGE_TYPES]);
  });

  it.each(ALL_EDGE_TYPES)(
    "describes %s consistently: key, required and defaults among its properties",
    (type) => {
      const spec = EDGE_TYPES[type];
      for (const property of [...spec.required, ...Object.keys(spec.defaults)]) {
        expect(spec.allowed).toContain(property);
      }
      if (spec.key !== null) expect(spec.required).toContain(spec.key);
      expect(spec.keyPhrase === null).toBe(spec.key === null);
      expect(spec.keyAcrossEnds && spec.key === null).toBe(false);
    },
  );

  it.each(ALL_EDGE_TYPES)(
    "merges %s by its statement, keyed by its ends and its key property",
    (type) => {
      const { key } = EDGE_TYPES[type];
      const keyed = key === null ? "" : ` \\{${key}: row\\.${key}\\}`;
      expect(mergeStatement(type)).toMatch(
        new RegExp(`MERGE \\(\\w+\\)-\\[r:${type}${keyed}\\]->\\(\\w+\\)`),
      );
    },
  );

  it.each(ALL_EDGE_TYPES)("copies the customer onto %s exactly when it serves one", (type) => {
    expect(mergeStatement(type).includes("customerId")).toBe(EDGE_TYPES[type].serving);
  });
});

describe("storedEdgeId", () => {
  it("names an edge by its key, not by properties a merge may change", () => {
    const provisions = {
      type: EdgeType.PROVISIONS,
      from: "P-1",
      to: TENANT,
      subscriptionId: "sub-1",
    };
    expect(storedEdgeId({ ...provisions, workload: "AZURE" })).toBe(
      storedEdgeId({ ...provisions, workload: "OFFICE_365" }),
    );
    expect(storedEdgeId(provisions)).not.toBe(
      storedEdgeId({ ...provisions, subscriptionId: "sub-2" }),
    );
  });

  it("tells apart two stored GDAP relationships that DUPLICATE counts as one", () => {
    const gdap = {
      type: EdgeType.DELEGATED_ADMIN,
      from: "P-1",
      to: TENANT,
      relationshipId: "rel-1",
    };
    const elsewhere = { ...gdap, from: "P-2", to: OTHER_TENANT };
    expect(edgeIdentity(elsewhere)).toBe(edgeIdentity(gdap));
    expect(storedEdgeId(elsewhere)).not.toBe(storedEdgeId(gdap));
  });
});

describe("edgeIdentity", () => {
  const azure: EdgeRecord = {
    type: EdgeType.SERVES_WORKLOAD,
    from: "P-1",
    to: TENANT,
    workload: Workload.AZURE,
  };
  const gdap: EdgeRecord = {
    type: EdgeType.DELEGATED_ADMIN,
    from: "P-1",
    to: TENANT,
    relationshipId: "rel-1",
    displayName: "Helpdesk",
  };

  it("tells apart edges of one type between the same ends by their key property only", () => {
    expect(edgeIdentity({ ...azure, via: "P-9" })).toBe(edgeIdentity(azure));
    expect(edgeIdentity({ ...azure, workload: Workload.OTHER })).not.toBe(edgeIdentity(azure));
    expect(edgeIdentity({ ...azure, to: OTHER_TENANT })).not.toBe(edgeIdentity(azure));
    const supplies: EdgeRecord = { type: EdgeType.SUPPLIES, from: "P-1", to: "P-2" };
    expect(edgeIdentity({ ...supplies, since: "2024-01-01" })).toBe(edgeIdentity(supplies));
  });

  it("names a GDAP relationship by its Graph id whatever its ends", () => {
    expect(edgeIdentity({ ...gdap, from: "P-2", to: OTHER_TENANT, displayName: "Other" })).toBe(
      edgeIdentity(gdap),
    );
    expect(edgeIdentity({ ...gdap, relationshipId: "rel-2" })).not.toBe(edgeIdentity(gdap));
  });

  it("reads the key property of the type, and nothing for a type keyed by its ends", () => {
    expect(edgeKeyValue(azure)).toBe("AZURE");
    expect(edgeKeyValue({ ...azure, type: EdgeType.RESELLS_FOR })).toBeNull();
    expect(edgeKeyValue(gdap)).toBe("rel-1");
  });
});

describe("describeEdge", () => {
  it("names an edge by its identity, as DUPLICATE's messages do", () => {
    expect(describeEdge({ type: EdgeType.SUPPLIES, from: "P-1", to: "P-2" })).toBe(
      "a SUPPLIES from P-1 to P-2",
    );
    expect(
      describeEdge({ type: EdgeType.SERVES_WORKLOAD, from: "P-1", to: TENANT, workload: "AZURE" }),
    ).toBe(`a SERVES_WORKLOAD from P-1 to ${TENANT} for AZURE`);
    expect(describeEdge({ type: EdgeType.PROVISIONS, from: "P-1", to: TENANT })).toBe(
      `a PROVISIONS from P-1 to ${TENANT} of subscription (none)`,
    );
    expect(
      describeEdge({
        type: EdgeType.DELEGATED_ADMIN,
        from: "P-1",
        to: TENANT,
        relationshipId: "r",
      }),
    ).toBe("a DELEGATED_ADMIN relationship r");
  });
});

describe("missingKey", () => {
  it("asks for the key property a stored edge cannot be named without", () => {
    expect(missingKey({ type: EdgeType.SERVES_WORKLOAD, from: "P-1", to: TENANT })).toBe(
      "workload",
    );
    expect(
      missingKey({ type: EdgeType.PROVISIONS, from: "P-1", to: TENANT, subscriptionId: "" }),
    ).toBe("subscriptionId");
    expect(missingKey({ type: EdgeType.DELEGATED_ADMIN, from: "P-1", to: TENANT })).toBe(
      "relationshipId",
    );
    expect(missingKey({ type: EdgeType.RESELLS_FOR, from: "P-1", to: TENANT })).toBeNull();
  });
});
