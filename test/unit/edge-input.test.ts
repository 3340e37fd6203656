import {
  Billing,
  Channel,
  EdgeType,
  RelationshipState,
  Workload,
  WorkloadRole,
} from "../../src/domain";
import type { EdgeRecord } from "../../src/domain";
import { checkEdgeShape, isCalendarDate, normalizeEdge } from "../../src/policy/edge-input";

const TENANT_ID = "2f1c0d7e-8d1a-4c55-9f6e-2b1d3c4a5e60";

const SUPPLIES: EdgeRecord = {
  type: EdgeType.SUPPLIES,
  from: "P-100",
  to: "P-200",
  state: RelationshipState.ACTIVE,
  since: "2024-03-01",
};
const RESELLS_FOR: EdgeRecord = {
  type: EdgeType.RESELLS_FOR,
  from: "P-200",
  to: TENANT_ID,
  state: RelationshipState.ACTIVE,
  since: "2024-04-01",
  via: "P-100",
};
const SERVES_WORKLOAD: EdgeRecord = {
  type: EdgeType.SERVES_WORKLOAD,
  from: "P-200",
  to: TENANT_ID,
  workload: Workload.AZURE,
  role: WorkloadRole.MANAGE,
  via: "P-100",
};
const PROVISIONS: EdgeRecord = {
  type: EdgeType.PROVISIONS,
  from: "P-100",
  to: TENANT_ID,
  subscriptionId: "sub-0001",
  workload: Workload.OFFICE_365,
  billing: Billing.LICENSE,
  channel: Channel.CSP,
  termEnd: "2027-06-30",
  resellerOfRecord: "P-200",
};

/** Input as untyped JSON may carry it: values the compiler would reject. */
function untyped(fields: Record<string, unknown>): EdgeRecord {
  return fields as unknown as EdgeRecord;
}

function fields(edge: EdgeRecord): string[] {
  return checkEdgeShape(edge).map((problem) => problem.field);
}

describe("normalizeEdge", () => {
  it("makes a SUPPLIES or RESELLS_FOR without a state ACTIVE", () => {
    expect(normalizeEdge({ type: EdgeType.SUPPLIES, from: "P-100", to: "P-200" }).state).toBe(
      RelationshipState.ACTIVE,
    );
    expect(normalizeEdge({ type: EdgeType.RESELLS_FOR, from: "P-100", to: TENANT_ID }).state).toBe(
      RelationshipState.ACTIVE,
    );
  });

  it("keeps a state that is given", () => {
    const pending = { ...SUPPLIES, state: RelationshipState.PENDING };
    expect(normalizeEdge(pending).state).toBe(RelationshipState.PENDING);
  });

  it("puts a PROVISIONS without a channel on the CSP channel and keeps one that is given", () => {
    const withoutChannel: EdgeRecord = { ...PROVISIONS, channel: undefined };
    expect(normalizeEdge(withoutChannel).channel).toBe(Channel.CSP);
    expect(normalizeEdge({ ...PROVISIONS, channel: Channel.EA }).channel).toBe(Channel.EA);
  });

  it("adds nothing to a SERVES_WORKLOAD", () => {
    expect(normalizeEdge(SERVES_WORKLOAD)).toEqual(SERVES_WORKLOAD);
    expect(normalizeEdge(SERVES_WORKLOAD)).not.toHaveProperty("state");
    expect(normalizeEdge(SERVES_WORKLOAD)).not.toHaveProperty("channel");
  });

  it("leaves its input as it was", () => {
    const input: EdgeRecord = { type: EdgeType.SUPPLIES, from: "P-100", to: "P-200" };
    const output = normalizeEdge(input);
    expect(output).not.toBe(input);
    expect(input).not.toHaveProperty("state");
  });
});

describe("isCalendarDate", () => {
  it.each(["2024-03-01", "2024-02-29", "2027-12-31"])("accepts %s", (value) => {
    expect(isCalendarDate(value)).toBe(true);
  });

  it.each(["2025-02-29", "2024-04-31", "2024-13-01", "2024-00-10", "2024-1-01", "20240301", ""])(
    "rejects %j",
    (value) => {
      expect(isCalendarDate(value)).toBe(false);
    },
  );
});

describe("checkEdgeShape", () => {
  it.each([
    ["SUPPLIES", SUPPLIES],
    ["RESELLS_FOR", RESELLS_FOR],
    ["SERVES_WORKLOAD", SERVES_WORKLOAD],
    ["PROVISIONS", PROVISIONS],
  ])("finds nothing wrong with a well-formed %s", (_type, edge) => {
    expect(checkEdgeShape(edge)).toEqual([]);
  });

  it("accepts the smallest SUPPLIES, whose state has a default", () => {
    expect(checkEdgeShape({ type: EdgeType.SUPPLIES, from: "P-100", to: "P-200" })).toEqual([]);
  });

  it("leaves an edge from a node to itself to NO_SELF_DEALING", () => {
    expect(checkEdgeShape({ ...SUPPLIES, to: "P-100" })).toEqual([]);
  });

  it("requires workload and role on SERVES_WORKLOAD", () => {
    const edge = { type: EdgeType.SERVES_WORKLOAD, from: "P-200", to: TENANT_ID };
    expect(checkEdgeShape(edge)).toEqual([
      { field: "workload", message: "workload is required on SERVES_WORKLOAD" },
      { field: "role", message: "role is required on SERVES_WORKLOAD" },
    ]);
  });

  it("requires subscriptionId, workload and billing on PROVISIONS", () => {
    const edge = { type: EdgeType.PROVISIONS, from: "P-100", to: TENANT_ID };
    expect(fields(edge)).toEqual(["workload", "subscriptionId", "billing"]);
  });

  it("treats a null property as absent", () => {
    expect(fields(untyped({ ...SERVES_WORKLOAD, role: null }))).toEqual(["role"]);
    expect(checkEdgeShape(untyped({ ...SUPPLIES, via: null }))).toEqual([]);
  });

  it.each<[string, EdgeRecord, string]>([
    ["workload on SUPPLIES", { ...SUPPLIES, workload: Workload.AZURE }, "workload"],
    ["workload on RESELLS_FOR", { ...RESELLS_FOR, workload: Workload.AZURE }, "workload"],
    ["via on SUPPLIES", { ...SUPPLIES, via: "P-120" }, "via"],
    ["state on SERVES_WORKLOAD", { ...SERVES_WORKLOAD, state: RelationshipState.ACTIVE }, "state"],
    ["state on PROVISIONS", { ...PROVISIONS, state: RelationshipState.ACTIVE }, "state"],
    ["role on PROVISIONS", { ...PROVISIONS, role: WorkloadRole.TRANSACT }, "role"],
    [
      "subscriptionId on RESELLS_FOR",
      { ...RESELLS_FOR, subscriptionId: "sub-1" },
      "subscriptionId",
    ],
    ["billing on SERVES_WORKLOAD", { ...SERVES_WORKLOAD, billing: Billing.USAGE }, "billing"],
    ["channel on RESELLS_FOR", { ...RESELLS_FOR, channel: Channel.CSP }, "channel"],
    ["termEnd on SUPPLIES", { ...SUPPLIES, termEnd: "2027-01-31" }, "termEnd"],
    [
      "resellerOfRecord on RESELLS_FOR",
      { ...RESELLS_FOR, resellerOfRecord: "P-200" },
      "resellerOfRecord",
    ],
    ["since on PROVISIONS", { ...PROVISIONS, since: "2024-01-01" }, "since"],
  ])("refuses %s as a property the type does not carry", (_case, edge, field) => {
    const problems = checkEdgeShape(edge);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toEqual({
      field,
      message: expect.stringMatching(new RegExp(`^${field} does not belong on ${edge.type}`)),
    });
  });

  it.each<[string, EdgeRecord, string]>([
    ["since", { ...SUPPLIES, since: "2024-02-30" }, "2024-02-30"],
    ["since", { ...RESELLS_FOR, since: "01/04/2024" }, "01/04/2024"],
    ["termEnd", { ...PROVISIONS, termEnd: "2027-6-30" }, "2027-6-30"],
    ["termEnd", { ...PROVISIONS, termEnd: "2027-06-30T00:00:00Z" }, "2027-06-30T00:00:00Z"],
  ])("refuses a %s that is not a calendar date (%#)", (field, edge, value) => {
    expect(checkEdgeShape(edge)).toEqual([
      { field, message: `${field} "${value}" is not a calendar date in YYYY-MM-DD` },
    ]);
  });

  it("refuses empty ids and names each field", () => {
    expect(fields({ ...SUPPLIES, from: "", to: "  " })).toEqual(["from", "to"]);
    expect(fields({ ...RESELLS_FOR, via: "" })).toEqual(["via"]);
    expect(fields({ ...PROVISIONS, subscriptionId: " ", resellerOfRecord: "" })).toEqual([
      "subscriptionId",
      "resellerOfRecord",
    ]);
  });

  it("refuses a tenant end that is not a GUID", () => {
    expect(checkEdgeShape({ ...RESELLS_FOR, to: "fabrikam" })).toEqual([
      { field: "to", message: 'to must be a tenant id (a GUID) on RESELLS_FOR, not "fabrikam"' },
    ]);
  });

  it("refuses enum values the domain does not know", () => {
    expect(checkEdgeShape(untyped({ ...SUPPLIES, state: "ACTIV" }))).toEqual([
      { field: "state", message: 'state "ACTIV" is not one of PENDING, ACTIVE, REMOVED' },
    ]);
    expect(fields(untyped({ ...PROVISIONS, billing: "MONTHLY", channel: "RETAIL" }))).toEqual([
      "billing",
      "channel",
    ]);
  });

  it("refuses an unknown edge type and judges nothing else", () => {
    expect(checkEdgeShape(untyped({ type: "OWNS", from: "", to: "" }))).toEqual([
      {
        field: "type",
        message:
          'type "OWNS" is not one of SUPPLIES, RESELLS_FOR, SERVES_WORKLOAD, PROVISIONS, DELEGATED_ADMIN',
      },
    ]);
  });

  it("refuses a field that is not an edge property", () => {
    expect(checkEdgeShape(untyped({ ...SUPPLIES, colour: "blue" }))).toEqual([
      { field: "colour", message: "colour is not a property of an edge" },
    ]);
  });

  it("names the field at the start of every message", () => {
    const problems = checkEdgeShape(
      untyped({ type: EdgeType.PROVISIONS, from: "", to: TENANT_ID, state: "ACTIVE", since: "x" }),
    );
    expect(problems.length).toBeGreaterThanOrEqual(5);
    for (const problem of problems) {
      expect(problem.message.startsWith(problem.field)).toBe(true);
    }
  });
});
