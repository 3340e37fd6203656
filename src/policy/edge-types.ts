import {
  Billing,
  Channel,
  EdgeType,
  GdapStatus,
  RelationshipState,
  Workload,
  WorkloadRole,
} from "../domain";
import type { EdgeRecord } from "../domain";

/**
 * Every edge type, described once (DOMAIN.md, "Edges" and "GDAP"): which nodes it joins, what
 * tells two of them apart, which properties it carries and how they are checked, whether it
 * serves a customer, which statement writes it. The shape checks (edge-input.ts), edge identity,
 * describeEdge, the lists of types the rules and the Cypher lists read, the import's facts
 * (src/import/document-facts.ts) and the writer's choice of statement (src/db/ecosystem.writer.ts)
 * are derived from it, so a new edge type is one entry here plus its rules, its locks, its merge
 * statement and its entry in the explorer's table, src/explorer/web/edge-types.js
 * (ARCHITECTURE.md lists them).
 */

/** One malformed part of an edge: BAD_USER_INPUT naming `field`, not a policy violation. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** The properties an edge may carry besides its type and ends. */
export type EdgeProperty = Exclude<keyof EdgeRecord, "type" | "from" | "to">;

/** The label of a node an edge may end at. */
export type EndLabel = "Partner" | "Tenant";

/** The properties that may tell apart two edges of one type between the same ends. */
export type KeyProperty = "workload" | "subscriptionId" | "relationshipId";

/** The statements of cypher/queries that merge one edge type each, keyed like DUPLICATE. */
export type EdgeMergeStatement =
  | "mergeSupplies"
  | "mergeResellsFor"
  | "mergeServesWorkload"
  | "mergeProvisions"
  | "mergeDelegatedAdmin";

/** How a property's present value is checked; null or undefined means absent and is not checked. */
type ValueCheck = (value: unknown, property: EdgeProperty) => FieldProblem[];

export interface EdgeTypeSpec {
  /** The labels of the nodes the edge starts and ends at. */
  readonly from: "Partner";
  readonly to: EndLabel;
  /**
   * The property that tells apart two edges of this type between the same ends, or null when
   * the ends alone name the edge. It is part of the edge's identity (DUPLICATE, the audit's
   * order, the keyed merge) and must be given to remove the edge.
   */
  readonly key: KeyProperty | null;
  /**
   * Whether the key names one edge whatever its ends (a GDAP relationship's Graph id is unique):
   * then the identity is the type and the key alone, and a second edge with the same key between
   * other ends is a DUPLICATE.
   */
  readonly keyAcrossEnds: boolean;
  /** How describeEdge says the key: `a SERVES_WORKLOAD from … for AZURE`. */
  readonly keyPhrase: { readonly words: string; readonly missing: string } | null;
  /** The properties it may carry, and those it cannot do without. */
  readonly allowed: readonly EdgeProperty[];
  readonly required: readonly EdgeProperty[];
  /** What an absent property means (normalizeEdge). */
  readonly defaults: Partial<Record<EdgeProperty, string | boolean>>;
  /** Shape checks that read more than one property (a GDAP endsOn required unless PENDING). */
  readonly checkTogether?: (raw: Record<string, unknown>) => FieldProblem[];
  /**
   * Whether the edge serves its tenant's customer: whoServes, servedBy, distributionChains and a
   * partner's customers read these, and they carry their customer's record (tagServingEdge).
   */
  readonly serving: boolean;
  /** Whether the edge is a sale (IN_MARKET reads it): a GDAP relationship is an admin grant. */
  readonly sale: boolean;
  /** The statement that writes it, a batch of rows at a time, keyed by its ends and its key. */
  readonly merge: EdgeMergeStatement;
}

// --- Property checks ---------------------------------------------------------------------------

/** DOMAIN.md: a GDAP relationship's displayName is 1 to 50 characters. */
export const DISPLAY_NAME_MAX = 50;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `value` is a GUID written 8-4-4-4-12 hexadecimal digits, as Entra ID ids are. */
export function isGuid(value: unknown): value is string {
  return typeof value === "string" && GUID.test(value);
}

export function isNonEmptyString(value: unknown): value is string {
  return typeof value === "string" && value.trim() !== "";
}

/** Whether `value` is a real calendar date written `YYYY-MM-DD` (so 2025-02-29 is not). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== "string") return false;
  const match = ISO_DATE.exec(value);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the next month is the last day of this one; UTC avoids time-zone shifts.
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

/** Input may be untyped JSON: an enum-valued property must hold one of the enum's values. */
function oneOf(values: Record<string, string>): ValueCheck {
  const allowed: readonly string[] = Object.values(values);
  return (value, property) =>
    allowed.includes(String(value))
      ? []
      : [
          {
            field: property,
            message: `${property} ${JSON.stringify(value)} is not one of ${allowed.join(", ")}`,
          },
        ];
}

const id: ValueCheck = (value, property) =>
  isNonEmptyString(value)
    ? []
    : [{ field: property, message: `${property} must be a non-empty id` }];

const date: ValueCheck = (value, property) =>
  isCalendarDate(value)
    ? []
    : [
        {
          field: property,
          message: `${property} ${JSON.stringify(value)} is not a calendar date in YYYY-MM-DD`,
        },
      ];

const displayName: ValueCheck = (value, property) =>
  typeof value === "string" && value.length >= 1 && value.length <= DISPLAY_NAME_MAX
    ? []
    : [
        {
          field: property,
          message: `displayName must be a string of 1 to ${DISPLAY_NAME_MAX} characters, got ${JSON.stringify(value)}`,
        },
      ];

const flag: ValueCheck = (value, property) =>
  typeof value === "boolean"
    ? []
    : [{ field: property, message: `${property} must be true or false` }];

const roleIds: ValueCheck = (value) => {
  if (!Array.isArray(value) || value.length === 0) {
    return [
      {
        field: "roles",
        message: "roles must be a list of at least one Entra role template id (a GUID)",
      },
    ];
  }
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  value.forEach((role: unknown, index) => {
    if (!isGuid(role)) {
      problems.push({
        field: `roles[${index}]`,
        message: `roles[${index}] ${JSON.stringify(role)} is not an Entra role template id (a GUID)`,
      });
    } else if (seen.has(role.toLowerCase())) {
      problems.push({ field: `roles[${index}]`, message: `role ${role} is listed twice` });
    } else {
      seen.add(role.toLowerCase());
    }
  });
  return problems;
};

/**
 * Every edge property with the check of its value, in the order problems are reported. A
 * property means the same on every type that carries it, so it is checked the same everywhere.
 */
export const EDGE_PROPERTIES: { readonly [P in EdgeProperty]: ValueCheck } = {
  state: oneOf(RelationshipState),
  since: date,
  via: id,
  workload: oneOf(Workload),
  role: oneOf(WorkloadRole),
  subscriptionId: id,
  billing: oneOf(Billing),
  channel: oneOf(Channel),
  termEnd: date,
  resellerOfRecord: id,
  relationshipId: id,
  displayName,
  status: oneOf(GdapStatus),
  roles: roleIds,
  endsOn: date,
  autoExtend: flag,
};

/** GraphQL hands an omitted nullable input field over as null or undefined: both mean absent. */
export function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null;
}

// --- The table ---------------------------------------------------------------------------------

/** Every edge type, in the order export writes them (an order an import accepts). */
export const EDGE_TYPES: { readonly [T in EdgeType]: EdgeTypeSpec } = {
  [EdgeType.SUPPLIES]: {
    from: "Partner",
    to: "Partner",
    key: null,
    keyAcrossEnds: false,
    keyPhrase: null,
    allowed: ["state", "since"],
    // The state has a default; `since` is informational.
    required: [],
    defaults: { state: RelationshipState.ACTIVE },
    serving: false,
    sale: true,
    merge: "mergeSupplies",
  },
  [EdgeType.RESELLS_FOR]: {
    from: "Partner",
    to: "Tenant",
    key: null,
    keyAcrossEnds: false,
    keyPhrase: null,
    allowed: ["state", "since", "via"],
    required: [],
    defaults: { state: RelationshipState.ACTIVE },
    serving: true,
    sale: true,
    merge: "mergeResellsFor",
  },
  // `via` is not in DOMAIN.md's property column for the next two, but RESELLER_NEEDS_PROVIDER
  // asks an indirect reseller to name its provider on them, and the interchange example does.
  [EdgeType.SERVES_WORKLOAD]: {
    from: "Partner",
    to: "Tenant",
    key: "workload",
    keyAcrossEnds: false,
    keyPhrase: { words: "for", missing: "an unnamed workload" },
    allowed: ["workload", "role", "via"],
    required: ["workload", "role"],
    defaults: {},
    serving: true,
    sale: true,
    merge: "mergeServesWorkload",
  },
  [EdgeType.PROVISIONS]: {
    from: "Partner",
    to: "Tenant",
    key: "subscriptionId",
    keyAcrossEnds: false,
    keyPhrase: { words: "of subscription", missing: "(none)" },
    allowed: [
      "subscriptionId",
      "workload",
      "billing",
      "channel",
      "termEnd",
      "resellerOfRecord",
      "via",
    ],
    required: ["subscriptionId", "workload", "billing"],
    defaults: { channel: Channel.CSP },
    serving: true,
    sale: true,
    merge: "mergeProvisions",
  },
  [EdgeType.DELEGATED_ADMIN]: {
    from: "Partner",
    to: "Tenant",
    key: "relationshipId",
    keyAcrossEnds: true,
    keyPhrase: { words: "relationship", missing: "(none)" },
    allowed: [
      "relationshipId",
      "displayName",
      "status",
      "roles",
      "since",
      "endsOn",
      "autoExtend",
      "via",
    ],
    required: ["relationshipId", "displayName", "status", "roles"],
    defaults: { autoExtend: false },
    checkTogether: gdapEndsOn,
    serving: false,
    sale: false,
    merge: "mergeDelegatedAdmin",
  },
};

/** DOMAIN.md: endsOn is required unless the relationship is PENDING (not yet approved). */
function gdapEndsOn(raw: Record<string, unknown>): FieldProblem[] {
  if (isPresent(raw.endsOn) || raw.status === GdapStatus.PENDING || !isPresent(raw.status)) {
    return [];
  }
  return [
    {
      field: "endsOn",
      message: `endsOn is required on a DELEGATED_ADMIN that is ${String(raw.status)} (only a PENDING one may leave it out)`,
    },
  ];
}

/** The entry of one edge type. */
export function edgeTypeSpec(type: EdgeType): EdgeTypeSpec {
  return EDGE_TYPES[type];
}

const typesWhere = (test: (spec: EdgeTypeSpec) => boolean): readonly EdgeType[] =>
  (Object.keys(EDGE_TYPES) as EdgeType[]).filter((type) => test(EDGE_TYPES[type]));

/** Every edge type, in the table's order: the order export writes them. */
export const ALL_EDGE_TYPES: readonly EdgeType[] = typesWhere(() => true);

/**
 * Edges by which a partner serves a tenant: what whoServes, servedBy, distributionChains and a
 * partner's customers read, and the Cypher lists of serving types are written from. A GDAP
 * relationship (DELEGATED_ADMIN) is an admin grant, not a sale, and is not one of them.
 */
export const SERVING_EDGE_TYPES: readonly EdgeType[] = typesWhere((spec) => spec.serving);

/** Edges that go from a partner to a tenant (everything but SUPPLIES). */
export const PARTNER_TO_TENANT_EDGE_TYPES: readonly EdgeType[] = typesWhere(
  (spec) => spec.to === "Tenant",
);

/** The sales edges: SUPPLIES and the serving edges. */
export const SALES_EDGE_TYPES: readonly EdgeType[] = typesWhere((spec) => spec.sale);

// --- Identity ----------------------------------------------------------------------------------

/** What names one edge: its type, its ends, and its key property where it has one. */
export type EdgeName = EdgeRecord | EdgeKeyFields;

/** An edge as a stored edge's key names it (API.md's EdgeKeyInput). */
type EdgeKeyFields = { type: EdgeType; from: string; to: string } & {
  [K in KeyProperty]?: string | null;
};

/** The value of the edge's key property, or null when its type has none or it is unset. */
export function edgeKeyValue(edge: EdgeName): string | null {
  const { key } = EDGE_TYPES[edge.type];
  return key === null ? null : (edge[key] ?? null);
}

/** Joins the parts of an identity: a character no id, type or key holds. */
const IDENTITY_SEPARATOR = "\u0001";

/**
 * The name of one stored relationship: its type, its ends and its key property, so that two
 * stored edges never share one (stored findings are keyed by it). What a merge may change (a
 * PROVISIONS's workload, a SERVES_WORKLOAD's via) is not part of it.
 */
export function storedEdgeId(edge: EdgeName): string {
  return [edge.type, edge.from, edge.to, edgeKeyValue(edge) ?? ""].join(IDENTITY_SEPARATOR);
}

/**
 * The identity DUPLICATE compares, one string per edge: the stored edge's name, except that a
 * type whose key is unique whatever the ends (a GDAP relationship's Graph id) is named by type
 * and key alone. Other properties do not count.
 */
export function edgeIdentity(edge: EdgeName): string {
  if (!EDGE_TYPES[edge.type].keyAcrossEnds) return storedEdgeId(edge);
  return [edge.type, edgeKeyValue(edge) ?? ""].join(IDENTITY_SEPARATOR);
}

/** Names an edge by its identity, for messages: `a SERVES_WORKLOAD from P-1 to t for AZURE`. */
export function describeEdge(edge: EdgeName): string {
  const spec = EDGE_TYPES[edge.type];
  const ends = `${edge.type} from ${edge.from} to ${edge.to}`;
  if (spec.keyPhrase === null) return `a ${ends}`;
  const key = `${spec.keyPhrase.words} ${edgeKeyValue(edge) ?? spec.keyPhrase.missing}`;
  return spec.keyAcrossEnds ? `a ${edge.type} ${key}` : `a ${ends} ${key}`;
}

/**
 * The key property a stored edge of this type cannot be named without (removeEdge), or null
 * when its ends alone name it.
 */
export function missingKey(edge: EdgeName): KeyProperty | null {
  const { key } = EDGE_TYPES[edge.type];
  return key === null || edge[key] ? null : key;
}
