import {
  Billing,
  Channel,
  EdgeType,
  GdapStatus,
  PARTNER_TO_TENANT_EDGES,
  RelationshipState,
  Workload,
  WorkloadRole,
} from "../domain";
import { GLOBAL_ADMINISTRATOR } from "../domain";
import type { EdgeRecord } from "../domain";
import { UnreachableCaseError } from "../unreachable";

/** One malformed part of an edge: BAD_USER_INPUT naming `field`, not a policy violation. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** The properties an edge may carry besides its type and ends. */
type EdgeProperty = Exclude<keyof EdgeRecord, "type" | "from" | "to">;

/** Every edge property, in the order problems are reported. */
const EDGE_PROPERTIES: readonly EdgeProperty[] = [
  "state",
  "since",
  "via",
  "workload",
  "role",
  "subscriptionId",
  "billing",
  "channel",
  "termEnd",
  "resellerOfRecord",
  "relationshipId",
  "displayName",
  "status",
  "roles",
  "endsOn",
  "autoExtend",
];

const KNOWN_KEYS: ReadonlySet<string> = new Set<string>(["type", "from", "to", ...EDGE_PROPERTIES]);

/** The enum each enum-valued property must come from (input may be untyped JSON). */
const ENUM_VALUES: Partial<Record<EdgeProperty, readonly string[]>> = {
  state: Object.values(RelationshipState),
  workload: Object.values(Workload),
  role: Object.values(WorkloadRole),
  billing: Object.values(Billing),
  channel: Object.values(Channel),
  status: Object.values(GdapStatus),
};

const ID_PROPERTIES: readonly EdgeProperty[] = [
  "via",
  "subscriptionId",
  "resellerOfRecord",
  "relationshipId",
];
const DATE_PROPERTIES: readonly EdgeProperty[] = ["since", "termEnd", "endsOn"];

/** DOMAIN.md: a GDAP relationship's displayName is 1 to 50 characters. */
export const DISPLAY_NAME_MAX = 50;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Which properties an edge type may carry (DOMAIN.md, "Edges"). */
function allowedProperties(type: EdgeType): readonly EdgeProperty[] {
  switch (type) {
    case EdgeType.SUPPLIES:
      return ["state", "since"];
    case EdgeType.RESELLS_FOR:
      return ["state", "since", "via"];
    // `via` is not in DOMAIN.md's property column for these two, but RESELLER_NEEDS_PROVIDER
    // asks an indirect reseller to name its provider on them, and the interchange example does.
    case EdgeType.SERVES_WORKLOAD:
      return ["workload", "role", "via"];
    case EdgeType.PROVISIONS:
      return [
        "subscriptionId",
        "workload",
        "billing",
        "channel",
        "termEnd",
        "resellerOfRecord",
        "via",
      ];
    case EdgeType.DELEGATED_ADMIN:
      return [
        "relationshipId",
        "displayName",
        "status",
        "roles",
        "since",
        "endsOn",
        "autoExtend",
        "via",
      ];
    default:
      throw new UnreachableCaseError(type);
  }
}

/** Which properties an edge type cannot do without. */
function requiredProperties(type: EdgeType): readonly EdgeProperty[] {
  switch (type) {
    case EdgeType.SUPPLIES:
    case EdgeType.RESELLS_FOR:
      // Their state has a default (normalizeEdge); `since` is informational.
      return [];
    case EdgeType.SERVES_WORKLOAD:
      return ["workload", "role"];
    case EdgeType.PROVISIONS:
      return ["subscriptionId", "workload", "billing"];
    case EdgeType.DELEGATED_ADMIN:
      // endsOn too, unless PENDING: checkEdgeShape adds it, as it depends on the status.
      return ["relationshipId", "displayName", "status", "roles"];
    default:
      throw new UnreachableCaseError(type);
  }
}

/** GraphQL hands an omitted nullable input field over as null or undefined: both mean absent. */
function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null;
}

function isNonEmptyString(value: unknown): value is string {
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

/** The state an edge has once defaults apply: SUPPLIES and RESELLS_FOR are ACTIVE unless told. */
export function edgeState(edge: EdgeRecord): RelationshipState | undefined {
  if (edge.type === EdgeType.SUPPLIES || edge.type === EdgeType.RESELLS_FOR) {
    return edge.state ?? RelationshipState.ACTIVE;
  }
  return edge.state ?? undefined;
}

/** Whether a GDAP relationship grants Global Administrator (GDAP_GLOBAL_ADMIN_AUTO_EXTEND). */
export function grantsGlobalAdmin(edge: EdgeRecord): boolean {
  return (edge.roles ?? []).some((role) => role.toLowerCase() === GLOBAL_ADMINISTRATOR);
}

/** The channel a PROVISIONS has once defaults apply: CSP unless told (multi-channel otherwise). */
export function edgeChannel(edge: EdgeRecord): Channel | undefined {
  if (edge.type === EdgeType.PROVISIONS) return edge.channel ?? Channel.CSP;
  return edge.channel ?? undefined;
}

/**
 * Applies DOMAIN.md's defaults to an edge as a client or an import file wrote it: `state` ACTIVE
 * for SUPPLIES and RESELLS_FOR, `channel` CSP for PROVISIONS, `autoExtend` false for
 * DELEGATED_ADMIN (and its role ids in lower case, as Graph writes them, so a role is one value
 * however a client cased it). Returns a new record; the input is left as it was. Run
 * checkEdgeShape first: this does not repair malformed input.
 */
export function normalizeEdge(input: EdgeRecord): EdgeRecord {
  const edge: EdgeRecord = { ...input };
  const state = edgeState(input);
  if (state !== undefined) edge.state = state;
  const channel = edgeChannel(input);
  if (channel !== undefined) edge.channel = channel;
  if (input.type === EdgeType.DELEGATED_ADMIN) {
    edge.autoExtend = input.autoExtend ?? false;
    if (Array.isArray(input.roles)) edge.roles = input.roles.map((role) => role.toLowerCase());
  }
  return edge;
}

/**
 * Finds what makes an edge malformed (BAD_USER_INPUT) rather than refused by policy: an unknown
 * type, field or enum value, an empty id, a tenant end that is not a GUID, a missing required
 * property, a property the type does not carry, a date that is not a calendar `YYYY-MM-DD`.
 * An empty result means the shape is fine. `from === to` is left to NO_SELF_DEALING.
 */
export function checkEdgeShape(edge: EdgeRecord): FieldProblem[] {
  const problems: FieldProblem[] = [];
  // Input may be untyped JSON, so the compiler's view of EdgeRecord is not trusted here.
  const raw: Record<string, unknown> = { ...edge };

  const types: readonly string[] = Object.values(EdgeType);
  if (!types.includes(String(raw.type))) {
    // Without a known type nothing else can be judged.
    return [
      {
        field: "type",
        message: `type ${JSON.stringify(raw.type)} is not one of ${types.join(", ")}`,
      },
    ];
  }

  for (const key of Object.keys(raw)) {
    if (!KNOWN_KEYS.has(key)) {
      problems.push({ field: key, message: `${key} is not a property of an edge` });
    }
  }

  for (const end of ["from", "to"] as const) {
    if (!isNonEmptyString(raw[end])) {
      problems.push({ field: end, message: `${end} must be a non-empty id` });
    }
  }
  if (
    PARTNER_TO_TENANT_EDGES.includes(edge.type) &&
    isNonEmptyString(raw.to) &&
    !GUID.test(raw.to)
  ) {
    problems.push({
      field: "to",
      message: `to must be a tenant id (a GUID) on ${edge.type}, not ${JSON.stringify(raw.to)}`,
    });
  }

  const allowed = allowedProperties(edge.type);
  const required = requiredProperties(edge.type);
  for (const property of EDGE_PROPERTIES) {
    const value = raw[property];
    if (!isPresent(value)) {
      if (required.includes(property)) {
        problems.push({ field: property, message: `${property} is required on ${edge.type}` });
      }
      continue;
    }
    if (!allowed.includes(property)) {
      problems.push({
        field: property,
        message: `${property} does not belong on ${edge.type} (it carries ${
          allowed.length > 0 ? allowed.join(", ") : "no properties"
        })`,
      });
      continue;
    }
    const values = ENUM_VALUES[property];
    if (values !== undefined && !values.includes(String(value))) {
      problems.push({
        field: property,
        message: `${property} ${JSON.stringify(value)} is not one of ${values.join(", ")}`,
      });
    }
    if (ID_PROPERTIES.includes(property) && !isNonEmptyString(value)) {
      problems.push({ field: property, message: `${property} must be a non-empty id` });
    }
    if (DATE_PROPERTIES.includes(property) && !isCalendarDate(value)) {
      problems.push({
        field: property,
        message: `${property} ${JSON.stringify(value)} is not a calendar date in YYYY-MM-DD`,
      });
    }
    problems.push(...checkGdapValue(property, value));
  }
  if (edge.type === EdgeType.DELEGATED_ADMIN) problems.push(...checkGdapEndsOn(raw));
  return problems;
}

/** The DELEGATED_ADMIN properties whose values are not ids, enums or dates. */
function checkGdapValue(property: EdgeProperty, value: unknown): FieldProblem[] {
  switch (property) {
    case "displayName":
      if (typeof value === "string" && value.length >= 1 && value.length <= DISPLAY_NAME_MAX) {
        return [];
      }
      return [
        {
          field: property,
          message: `displayName must be a string of 1 to ${DISPLAY_NAME_MAX} characters, got ${JSON.stringify(value)}`,
        },
      ];
    case "roles":
      return checkRoles(value);
    case "autoExtend":
      return typeof value === "boolean"
        ? []
        : [{ field: property, message: `autoExtend must be true or false` }];
    default:
      return [];
  }
}

function checkRoles(value: unknown): FieldProblem[] {
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
    if (typeof role !== "string" || !GUID.test(role)) {
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
}

/** DOMAIN.md: endsOn is required unless the relationship is PENDING (not yet approved). */
function checkGdapEndsOn(raw: Record<string, unknown>): FieldProblem[] {
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
