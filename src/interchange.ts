import { isCountryCode } from "./countries";
import { Cloud, PartnerRole, TenantPurpose } from "./domain";
import type { CustomerRecord, Ecosystem, EdgeRecord, PartnerRecord, TenantRecord } from "./domain";
import { UnreachableCaseError } from "./unreachable";
import { checkEdgeShape, normalizeEdge } from "./policy/edge-input";
import type { FieldProblem } from "./policy/edge-input";
import { EDGE_TYPES, isGuid } from "./policy/edge-types";
import { ownershipProblem } from "./policy/ownership";

export type { FieldProblem };

/**
 * One thing wrong with an interchange document. `path` names the array and the index, and the
 * field when there is one: `partners[3].country`, `edges[12]`, `markets[1]` inside a row. The
 * empty path is the document itself; a bare array name (`tenants`) is that top-level field.
 */
export interface DocumentProblem {
  path: string;
  message: string;
}

export interface ParseOptions {
  /**
   * Whether every id a row refers to (tenant ownerId; edge from, to, via, resellerOfRecord) must
   * name a node of the document itself. Default true. An import into a non-empty graph turns it
   * off and calls findDanglingReferences with the ids the graph already holds.
   */
  checkReferences?: boolean;
}

export interface ParsedEcosystem {
  /**
   * The document with defaults applied (markets, edge state and channel). Rows with problems of
   * their own are left out, so its indices match the input's only when `problems` is empty.
   */
  doc: Ecosystem;
  /**
   * For each row of `doc`, its index in the input: `indices.edges[k]` is where `doc.edges[k]`
   * stood, so problems found later in `doc` (findDanglingReferences, the policy rules) can name
   * the input's row. The identity when `problems` is empty.
   */
  indices: Record<EcosystemSection, number[]>;
  problems: DocumentProblem[];
}

/** Ids that exist outside the document (in the graph an import goes into). */
export interface KnownIds {
  partners: ReadonlySet<string>;
  tenants: ReadonlySet<string>;
  /** Tenant owners may be customers, so an import of tenants alone needs these too. */
  customers?: ReadonlySet<string>;
}

/** A partner as a document or a mutation may write it: `markets` may be left out. */
export type RawPartnerRecord = Omit<PartnerRecord, "markets"> & { markets?: string[] | null };

const SECTIONS = ["partners", "customers", "tenants", "edges"] as const;

/** The four arrays of a document, in document order. */
export type EcosystemSection = (typeof SECTIONS)[number];
type Section = EcosystemSection;

export { isGuid };

// --- Per-row checks --------------------------------------------------------------------------

/** Checks one present value; `field` is where it sits in the row, for the problems it reports. */
type ValueCheck = (value: unknown, field: string) => FieldProblem[];

interface FieldSpec {
  required: boolean;
  check: ValueCheck;
}

type RowSpec<T> = Record<keyof T, FieldSpec>;

const text: ValueCheck = (value, field) =>
  typeof value === "string" && value.trim() !== ""
    ? []
    : [{ field, message: `${field} must be a non-empty string` }];

const flag: ValueCheck = (value, field) =>
  typeof value === "boolean" ? [] : [{ field, message: `${field} must be true or false` }];

function oneOf(values: Record<string, string>): ValueCheck {
  const allowed: readonly string[] = Object.values(values);
  return (value, field) =>
    typeof value === "string" && allowed.includes(value)
      ? []
      : [
          {
            field,
            message: `${field} ${JSON.stringify(value)} is not one of ${allowed.join(", ")}`,
          },
        ];
}

const country: ValueCheck = (value, field) => {
  if (isCountryCode(value)) return [];
  // The two mistakes worth a hint: lower case, and the UK's popular but unassigned code.
  const hint =
    typeof value === "string" && isCountryCode(value.toUpperCase())
      ? ` (country codes are upper case: ${value.toUpperCase()})`
      : value === "UK"
        ? " (the United Kingdom is GB)"
        : "";
  return [
    {
      field,
      message: `${field} ${JSON.stringify(value)} is not an ISO 3166-1 alpha-2 country code${hint}`,
    },
  ];
};

const countries: ValueCheck = (value, field) =>
  Array.isArray(value)
    ? value.flatMap((item: unknown, index) => country(item, `${field}[${index}]`))
    : [{ field, message: `${field} must be an array of country codes` }];

const guid: ValueCheck = (value, field) =>
  isGuid(value)
    ? []
    : [
        {
          field,
          message: `${field} ${JSON.stringify(value)} is not a GUID (8-4-4-4-12 hexadecimal digits)`,
        },
      ];

const PARTNER_SPEC: RowSpec<PartnerRecord> = {
  id: { required: true, check: text },
  name: { required: true, check: text },
  role: { required: true, check: oneOf(PartnerRole) },
  cloud: { required: true, check: oneOf(Cloud) },
  country: { required: true, check: country },
  markets: { required: false, check: countries },
  mpaSigned: { required: true, check: flag },
};

const CUSTOMER_SPEC: RowSpec<CustomerRecord> = {
  id: { required: true, check: text },
  name: { required: true, check: text },
  cloud: { required: true, check: oneOf(Cloud) },
  country: { required: true, check: country },
};

const TENANT_SPEC: RowSpec<TenantRecord> = {
  id: { required: true, check: guid },
  domain: { required: true, check: text },
  purpose: { required: true, check: oneOf(TenantPurpose) },
  cloud: { required: true, check: oneOf(Cloud) },
  country: { required: true, check: country },
  ownerId: { required: true, check: text },
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** JSON null and a left-out field mean the same (GraphQL hands an omitted input over as null). */
function isAbsent(value: unknown): boolean {
  return value === undefined || value === null;
}

function checkRow<T>(row: unknown, spec: RowSpec<T>, what: string): FieldProblem[] {
  if (!isObject(row)) return [{ field: "", message: `a ${what} must be an object` }];
  const problems: FieldProblem[] = [];
  for (const key of Object.keys(row)) {
    if (!Object.hasOwn(spec, key)) {
      problems.push({ field: key, message: `${key} is not a field of a ${what}` });
    }
  }
  const fields: [string, FieldSpec][] = Object.entries(spec);
  for (const [field, { required, check }] of fields) {
    const value = row[field];
    if (isAbsent(value)) {
      if (required) problems.push({ field, message: `${field} is required on a ${what}` });
    } else {
      problems.push(...check(value, field));
    }
  }
  return problems;
}

/**
 * Checks one partner row (a document's or a mutation's input): unknown and missing fields,
 * types, enum values, ISO country codes for `country` and each of `markets`. Empty when fine.
 */
export function checkPartner(row: unknown): FieldProblem[] {
  return checkRow(row, PARTNER_SPEC, "partner");
}

/** Checks one customer row: unknown and missing fields, types, the cloud and the country code. */
export function checkCustomer(row: unknown): FieldProblem[] {
  return checkRow(row, CUSTOMER_SPEC, "customer");
}

/**
 * Checks one tenant row on its own: unknown and missing fields, types, enum values, the country
 * code, and that the id is a GUID. Whether its owner exists and may own it needs the other rows
 * (parseEcosystem, findDanglingReferences) or the graph.
 */
export function checkTenant(row: unknown): FieldProblem[] {
  return checkRow(row, TENANT_SPEC, "tenant");
}

/** Applies the partner defaults of DOMAIN.md: `markets` defaults to `[country]`. */
export function normalizePartner(row: RawPartnerRecord): PartnerRecord {
  const { id, name, role, cloud, country, markets, mpaSigned } = row;
  // An empty list is read like a missing one, as the policy rules read it: a partner with no
  // market at all could sell nowhere, which is never what a writer of `[]` means.
  const own = markets === undefined || markets === null || markets.length === 0;
  return { id, name, role, cloud, country, markets: own ? [country] : [...markets], mpaSigned };
}

// --- The whole document ----------------------------------------------------------------------

/** A row (or a row's id) with the row's index in the input, for paths. */
interface Indexed<T> {
  at: number;
  row: T;
}

/** The ids the node rows declare, malformed rows included, each with its row's index. */
interface DeclaredIds {
  partners: Indexed<string>[];
  customers: Indexed<string>[];
  tenants: Indexed<string>[];
}

/** The ids a reference may name. */
interface NodeIds {
  partners: ReadonlySet<string>;
  customers: ReadonlySet<string>;
  tenants: ReadonlySet<string>;
}

type NodeSection = keyof DeclaredIds;

function pathOf(section: Section, at: number, field = ""): string {
  const base = `${section}[${at}]`;
  if (field === "") return base;
  return field.startsWith("[") ? `${base}${field}` : `${base}.${field}`;
}

function checkEdgeRow(row: unknown): FieldProblem[] {
  if (!isObject(row)) return [{ field: "", message: "an edge must be an object" }];
  // checkEdgeShape reads its argument as untyped JSON: it needs only an object.
  const edge: object = row;
  return checkEdgeShape(edge as EdgeRecord);
}

function withoutNulls(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).filter(([, value]) => value !== null));
}

function idSet(ids: Indexed<string>[]): Set<string> {
  return new Set(ids.map(({ row }) => row));
}

/**
 * Checks an untrusted interchange document (already JSON-parsed) and returns it with defaults
 * applied, and every problem found, each naming array, index and field. Checks: the top level
 * holds only the four arrays (a missing one is empty); each row (checkPartner, checkCustomer,
 * checkTenant, and checkEdgeShape for edges); ids unique (partners and customers share one
 * namespace, as a tenant's ownerId may name either); owners fit their tenants' purposes and a
 * partner owns at most one CSP tenant; and, unless `checkReferences` is false, that every
 * reference names a node of the document. The CSP policy rules are not run here.
 */
export function parseEcosystem(raw: unknown, options: ParseOptions = {}): ParsedEcosystem {
  if (!isObject(raw)) {
    const doc: Ecosystem = { partners: [], customers: [], tenants: [], edges: [] };
    const indices = { partners: [], customers: [], tenants: [], edges: [] };
    const message =
      "the document must be a JSON object holding partners, customers, tenants and edges";
    return { doc, indices, problems: [{ path: "", message }] };
  }
  const problems: DocumentProblem[] = [];
  const declared: DeclaredIds = { partners: [], customers: [], tenants: [] };
  const sections: readonly string[] = SECTIONS;
  for (const key of Object.keys(raw)) {
    if (!sections.includes(key)) {
      problems.push({
        path: key,
        message: `${key} is not part of the document, which holds only ${SECTIONS.join(", ")}`,
      });
    }
  }

  /** Checks each row of a section; returns the rows without problems of their own. */
  const collect = <T>(
    section: Section,
    check: (row: unknown) => FieldProblem[],
    accept: (row: unknown) => T,
    ids?: Indexed<string>[],
  ): Indexed<T>[] => {
    const value = raw[section];
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      problems.push({ path: section, message: `${section} must be an array` });
      return [];
    }
    const accepted: Indexed<T>[] = [];
    value.forEach((row: unknown, at) => {
      const found = check(row);
      for (const { field, message } of found) {
        problems.push({ path: pathOf(section, at, field), message });
      }
      if (!isObject(row)) return;
      // A malformed row still declares its id: references to it are not also reported missing.
      if (ids !== undefined && typeof row.id === "string" && row.id !== "") {
        ids.push({ at, row: row.id });
      }
      if (found.length === 0) accepted.push({ at, row: accept(withoutNulls(row)) });
    });
    return accepted;
  };
  // The casts below follow a check that found nothing wrong with the row.
  const partners = collect(
    "partners",
    checkPartner,
    (row) => normalizePartner(row as RawPartnerRecord),
    declared.partners,
  );
  const customers = collect(
    "customers",
    checkCustomer,
    (row) => row as CustomerRecord,
    declared.customers,
  );
  const tenants = collect("tenants", checkTenant, (row) => row as TenantRecord, declared.tenants);
  const edges = collect("edges", checkEdgeRow, (row) => normalizeEdge(row as EdgeRecord));

  problems.push(...duplicateIds(declared), ...ownership(tenants, declared));
  if (options.checkReferences ?? true) {
    const nodes: NodeIds = {
      partners: idSet(declared.partners),
      customers: idSet(declared.customers),
      tenants: idSet(declared.tenants),
    };
    problems.push(...danglingReferences(tenants, edges, nodes, "in the document"));
  }
  const rows = <T>(indexed: Indexed<T>[]): T[] => indexed.map(({ row }) => row);
  const at = <T>(indexed: Indexed<T>[]): number[] => indexed.map((row) => row.at);
  return {
    doc: {
      partners: rows(partners),
      customers: rows(customers),
      tenants: rows(tenants),
      edges: rows(edges),
    },
    indices: {
      partners: at(partners),
      customers: at(customers),
      tenants: at(tenants),
      edges: at(edges),
    },
    problems: inDocumentOrder(problems),
  };
}

/**
 * Finds every reference in `doc` that names no node: a tenant's ownerId (a partner or a
 * customer); an edge's `from`, `via` and `resellerOfRecord` (partners) and `to` (a partner for
 * SUPPLIES, a tenant otherwise). Ids of the document itself always count; `knownIds` adds those
 * that exist elsewhere, so an import can refer to nodes already in the graph.
 */
export function findDanglingReferences(doc: Ecosystem, knownIds?: KnownIds): DocumentProblem[] {
  const index = <T>(rows: T[]): Indexed<T>[] => rows.map((row, at) => ({ at, row }));
  const ids = (rows: { id: string }[], known?: ReadonlySet<string>): Set<string> =>
    new Set([...rows.map((row) => row.id), ...(known ?? [])]);
  const nodes: NodeIds = {
    partners: ids(doc.partners, knownIds?.partners),
    customers: ids(doc.customers, knownIds?.customers),
    tenants: ids(doc.tenants, knownIds?.tenants),
  };
  const where = knownIds === undefined ? "in the document" : "in the document or the graph";
  return danglingReferences(index(doc.tenants), index(doc.edges), nodes, where);
}

/** `path: message`, one problem per line, as a CLI or a start-up failure prints them. */
export function formatProblems(problems: readonly DocumentProblem[]): string {
  return problems
    .map(({ path, message }) => (path === "" ? message : `${path}: ${message}`))
    .join("\n");
}

function duplicateIds(declared: DeclaredIds): DocumentProblem[] {
  const problems: DocumentProblem[] = [];
  // Partners and customers share one namespace: a tenant's ownerId must name exactly one node.
  const owners = new Map<string, string>();
  const tenants = new Map<string, string>();
  const claim = (seen: Map<string, string>, section: NodeSection): void => {
    for (const { at, row: id } of declared[section]) {
      const first = seen.get(id);
      if (first === undefined) {
        seen.set(id, pathOf(section, at));
        continue;
      }
      problems.push({
        path: pathOf(section, at, "id"),
        message: `id ${JSON.stringify(id)} is already used by ${first}`,
      });
    }
  };
  claim(owners, "partners");
  claim(owners, "customers");
  claim(tenants, "tenants");
  return problems;
}

function ownership(tenants: Indexed<TenantRecord>[], declared: DeclaredIds): DocumentProblem[] {
  const firstAt = (ids: Indexed<string>[]): Map<string, number> => {
    const found = new Map<string, number>();
    for (const { at, row: id } of ids) if (!found.has(id)) found.set(id, at);
    return found;
  };
  const partners = firstAt(declared.partners);
  const customers = firstAt(declared.customers);
  /** Each partner's CSP tenant so far, as the path of its row. */
  const cspTenantOf = new Map<string, string>();
  const problems: DocumentProblem[] = [];
  for (const { at, row: tenant } of tenants) {
    const partnerAt = partners.get(tenant.ownerId);
    const customerAt = customers.get(tenant.ownerId);
    // An owner outside the document is findDanglingReferences' business, or the graph's.
    if (partnerAt === undefined && customerAt === undefined) continue;
    const found = ownershipProblem(
      tenant.purpose,
      partnerAt !== undefined ? "Partner" : "Customer",
      cspTenantOf.get(tenant.ownerId) ?? null,
    );
    if (found === null) {
      if (tenant.purpose === TenantPurpose.CSP) {
        cspTenantOf.set(tenant.ownerId, pathOf("tenants", at));
      }
      continue;
    }
    switch (found.problem) {
      case "WRONG_OWNER_KIND":
        problems.push({
          path: pathOf("tenants", at, "ownerId"),
          message:
            found.wanted === "Customer"
              ? `a CUSTOMER tenant is owned by a customer, but ${tenant.ownerId} is a partner ` +
                `(${pathOf("partners", partnerAt ?? 0)}); a partner's own tenant is CSP or CORPORATE`
              : `a ${tenant.purpose} tenant is owned by a partner, but ${tenant.ownerId} is a customer ` +
                `(${pathOf("customers", customerAt ?? 0)}); a customer's tenants are CUSTOMER tenants`,
        });
        break;
      case "SECOND_CSP_TENANT":
        problems.push({
          path: pathOf("tenants", at, "purpose"),
          message:
            `${tenant.ownerId} already owns the CSP tenant ${found.existing}: a ` +
            "partner owns at most one CSP tenant (any others are CORPORATE)",
        });
        break;
      default:
        throw new UnreachableCaseError(found);
    }
  }
  return problems;
}

function danglingReferences(
  tenants: Indexed<TenantRecord>[],
  edges: Indexed<EdgeRecord>[],
  nodes: NodeIds,
  where: string,
): DocumentProblem[] {
  const problems: DocumentProblem[] = [];
  for (const { at, row } of tenants) {
    if (nodes.partners.has(row.ownerId) || nodes.customers.has(row.ownerId)) continue;
    problems.push({
      path: pathOf("tenants", at, "ownerId"),
      message: `ownerId ${JSON.stringify(row.ownerId)} names no partner or customer ${where}`,
    });
  }
  for (const { at, row: edge } of edges) {
    const partnerRefs = [
      ["from", edge.from],
      ["via", edge.via],
      ["resellerOfRecord", edge.resellerOfRecord],
    ] as const;
    for (const [field, id] of partnerRefs) {
      if (id === undefined || nodes.partners.has(id)) continue;
      problems.push({
        path: pathOf("edges", at, field),
        message: `${field} ${JSON.stringify(id)} names no partner ${where}`,
      });
    }
    const toPartner = EDGE_TYPES[edge.type].to === "Partner";
    if ((toPartner ? nodes.partners : nodes.tenants).has(edge.to)) continue;
    problems.push({
      path: pathOf("edges", at, "to"),
      message: `to ${JSON.stringify(edge.to)} names no ${toPartner ? "partner" : "tenant"} ${where}`,
    });
  }
  return problems;
}

/** Sorts problems by section, then index, keeping the order found within one row. */
function inDocumentOrder(problems: DocumentProblem[]): DocumentProblem[] {
  const order: readonly string[] = SECTIONS;
  const rank = (path: string): [number, number] => {
    const match = /^(\w+)\[(\d+)\]/.exec(path);
    // The document itself and unknown top-level fields come first (index -1).
    return [order.indexOf(match?.[1] ?? path), match === null ? -1 : Number(match[2])];
  };
  return problems
    .map((problem, seq) => ({ problem, seq, key: rank(problem.path) }))
    .sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || a.seq - b.seq)
    .map(({ problem }) => problem);
}
