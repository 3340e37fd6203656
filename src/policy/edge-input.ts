import { EdgeType, GLOBAL_ADMINISTRATOR } from "../domain";
import type { Channel, EdgeRecord, RelationshipState } from "../domain";
import { EDGE_PROPERTIES, EDGE_TYPES, isGuid, isNonEmptyString, isPresent } from "./edge-types";
import type { EdgeProperty, FieldProblem } from "./edge-types";

export type { FieldProblem };
export { DISPLAY_NAME_MAX, isCalendarDate } from "./edge-types";

const PROPERTY_ORDER = Object.keys(EDGE_PROPERTIES) as EdgeProperty[];

const KNOWN_KEYS: ReadonlySet<string> = new Set<string>(["type", "from", "to", ...PROPERTY_ORDER]);

/** A property once its type's default applies (EDGE_TYPES' `defaults`). */
function withDefault(edge: EdgeRecord, property: EdgeProperty): unknown {
  return edge[property] ?? EDGE_TYPES[edge.type].defaults[property] ?? undefined;
}

/** The state an edge has once defaults apply: SUPPLIES and RESELLS_FOR are ACTIVE unless told. */
export function edgeState(edge: EdgeRecord): RelationshipState | undefined {
  return withDefault(edge, "state") as RelationshipState | undefined;
}

/** The channel a PROVISIONS has once defaults apply: CSP unless told (multi-channel otherwise). */
export function edgeChannel(edge: EdgeRecord): Channel | undefined {
  return withDefault(edge, "channel") as Channel | undefined;
}

/** Whether a GDAP relationship grants Global Administrator (GDAP_GLOBAL_ADMIN_AUTO_EXTEND). */
export function grantsGlobalAdmin(edge: EdgeRecord): boolean {
  return (edge.roles ?? []).some((role) => role.toLowerCase() === GLOBAL_ADMINISTRATOR);
}

/**
 * Applies DOMAIN.md's defaults to an edge as a client or an import file wrote it (EDGE_TYPES'
 * `defaults`: `state` ACTIVE for SUPPLIES and RESELLS_FOR, `channel` CSP for PROVISIONS,
 * `autoExtend` false for DELEGATED_ADMIN), and writes role ids in lower case, as Graph writes
 * them, so a role is one value however a client cased it. Returns a new record; the input is
 * left as it was. Run checkEdgeShape first: this does not repair malformed input.
 */
export function normalizeEdge(input: EdgeRecord): EdgeRecord {
  const edge: Record<string, unknown> = { ...input };
  for (const [property, value] of Object.entries(EDGE_TYPES[input.type].defaults)) {
    if (!isPresent(edge[property])) edge[property] = value;
  }
  if (Array.isArray(input.roles)) edge.roles = input.roles.map((role) => role.toLowerCase());
  return edge as unknown as EdgeRecord;
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
  const spec = EDGE_TYPES[edge.type];

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
  if (spec.to === "Tenant" && isNonEmptyString(raw.to) && !isGuid(raw.to)) {
    problems.push({
      field: "to",
      message: `to must be a tenant id (a GUID) on ${edge.type}, not ${JSON.stringify(raw.to)}`,
    });
  }

  for (const property of PROPERTY_ORDER) {
    const value = raw[property];
    if (!isPresent(value)) {
      if (spec.required.includes(property)) {
        problems.push({ field: property, message: `${property} is required on ${edge.type}` });
      }
      continue;
    }
    if (!spec.allowed.includes(property)) {
      problems.push({
        field: property,
        message: `${property} does not belong on ${edge.type} (it carries ${
          spec.allowed.length > 0 ? spec.allowed.join(", ") : "no properties"
        })`,
      });
      continue;
    }
    problems.push(...EDGE_PROPERTIES[property](value, property));
  }
  if (spec.checkTogether !== undefined) problems.push(...spec.checkTogether(raw));
  return problems;
}
