import fs from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "../config";
import type {
  Cloud,
  CustomerRecord,
  EdgeRecord,
  PartnerRecord,
  TenantPurpose,
  TenantRecord,
} from "../domain";
// The one place the statements learn which edge types serve a tenant ({{servingEdgeTypes()}}).
import { ALL_EDGE_TYPES, EDGE_TYPES, SERVING_EDGE_TYPES } from "../policy/edge-types";
import type { EdgeProperty } from "../policy/edge-types";
import type { DependentSelectors } from "../policy/dependents";
import type { SubscriptionHolder } from "../policy/facts";

/**
 * A parameter or a column of type T in QUERIES. At run time only its name (the key it is
 * declared under) exists, for the registry and the EXPLAIN test to check against the statement;
 * the type is for the compiler, which derives Params and Row from it.
 */
interface Field<T> {
  readonly type?: T;
}

function field<T>(): Field<T> {
  return {};
}

/** The object type that a record of fields describes. */
type Fields<S> = { [K in keyof S]: S[K] extends Field<infer T> ? T : never };

const text = field<string>();
const textOrNull = field<string | null>();
const texts = field<string[]>();
const int = field<number>();
const flag = field<boolean>();

/** A keyset position in a list ordered by (name, id). */
const nameKeyset = { afterName: textOrNull, afterId: textOrNull, limit: int };
export type NameKeyset = Fields<typeof nameKeyset>;

/** A page of a whole label in (name, id) order: see partnersPage.cypher for why it is shaped so. */
const nameRangePage = { fromName: text, afterId: textOrNull, prefix: text, limit: int };
export type NameRangePage = Fields<typeof nameRangePage>;

/** The filters of the partner and customer lists (their counts also take the name prefix). */
const partnerFilters = { role: textOrNull, cloud: textOrNull, country: textOrNull };
const customerFilters = { cloud: textOrNull, country: textOrNull };

/** A window of GDAP end dates, YYYY-MM-DD, both ends included. */
const expiryWindow = { from: text, until: text };

/** A tenant as the read queries return it: its properties, its owner's id and the owner's label. */
export interface TenantRow extends TenantRecord {
  ownerKind: "Partner" | "Customer";
}

/** One serving edge into a tenant (RESELLS_FOR, SERVES_WORKLOAD or PROVISIONS). */
export interface ServiceRow {
  partner: PartnerRecord;
  tenant: TenantRow;
  relation: string;
  workload: string | null;
  viaId: string | null;
  /** The partner named in `viaId`, when the caller may see it (read by the same statement). */
  via: PartnerRecord | null;
  subscriptionId: string | null;
}

/**
 * A serving edge as the services statements return it: its partner, tenant and `via` by id,
 * each of them once in the row's `partners` and `tenants` (joinServices rebuilds ServiceRow).
 */
export interface ServiceRef {
  partnerId: string;
  tenantId: string;
  relation: string;
  workload: string | null;
  viaId: string | null;
  /** Whether the caller may see the `via` partner: it is then among the row's partners. */
  viaVisible: boolean;
  subscriptionId: string | null;
}

/** The services of one parent (a customer, a tenant) and the partners and tenants they name. */
const servicesRow = {
  key: text,
  services: field<ServiceRef[]>(),
  partners: field<PartnerRecord[]>(),
  tenants: field<TenantRow[]>(),
};
export type ServicesRow = Fields<typeof servicesRow>;

export interface Hop {
  type: string;
  from: string;
  to: string;
}

/** One distribution chain: partners upstream first, the tenant at its end, and every hop. */
export interface ChainRow {
  partners: PartnerRecord[];
  tenant: TenantRow;
  hops: Hop[];
}

/** A customer's chains as distributionChains returns them (joinChains rebuilds ChainRow). */
const chainsRow = {
  chains: field<{ partnerIds: string[]; tenantId: string; hops: Hop[] }[]>(),
  partners: field<PartnerRecord[]>(),
  tenants: field<TenantRow[]>(),
};
export type ChainsRow = Fields<typeof chainsRow>;

/** An edge as edgeFacts takes it: its position in the batch and the properties facts depend on. */
export interface EdgeFactsInput {
  index: number;
  type: string;
  from: string;
  to: string;
  via: string | null;
  resellerOfRecord: string | null;
  workload: string | null;
  subscriptionId: string | null;
  relationshipId: string | null;
  displayName: string | null;
  /** The edge's identity (src/policy/edge-types.ts): its key property, that key, and its scope. */
  keyProperty: string | null;
  key: string | null;
  keyAcrossEnds: boolean;
}

/** What edgeFacts returns for one edge: EdgeFacts (src/policy/facts.ts) less the edge and date. */
const edgeFactsRow = {
  index: int,
  from: field<PartnerRecord | null>(),
  toPartner: field<PartnerRecord | null>(),
  toTenant: field<TenantRecord | null>(),
  toTenantCustomer: field<CustomerRecord | null>(),
  via: field<PartnerRecord | null>(),
  viaSuppliesState: textOrNull,
  resellerOfRecord: field<PartnerRecord | null>(),
  resellerOfRecordSuppliesState: textOrNull,
  relationshipState: textOrNull,
  duplicate: flag,
  otherWorkloadPartners: texts,
  subscriptionHolders: field<SubscriptionHolder[]>(),
  toTenantInScope: flag,
  sameNameRelationships: texts,
  /** DELEGATED_ADMIN: the ends of the stored relationship with the same relationshipId. */
  relationshipHolder: field<{ from: string; to: string } | null>(),
};
export type EdgeFactsRow = Fields<typeof edgeFactsRow>;

/**
 * A stored edge as the audit reads it: interchange-format properties, nulls for unset ones
 * (a GDAP relationship's roles are a list and its autoExtend a boolean).
 */
export type StoredEdge = { type: string; from: string; to: string } & Record<
  string,
  string | string[] | boolean | null
>;

/** A stored edge named by its identity (src/policy/dependents.ts), with that identity as a string. */
export interface EdgeIdentityRow {
  edgeId: string;
  type: string;
  from: string;
  to: string;
  workload: string | null;
  subscriptionId: string | null;
  relationshipId: string | null;
}

/** One stored audit finding as written (src/services/findings.service.ts says what each holds). */
export interface FindingRow extends EdgeIdentityRow {
  position: string;
  rule: string;
  message: string;
  partnerMessage: string;
  partnerId: string;
  via: string | null;
  state: string | null;
  datedOn: string | null;
}

/** A stored finding as policyAudit reads it, with the message the caller may read. */
export interface StoredFindingRow {
  position: string;
  rule: string;
  message: string;
  type: string;
  from: string;
  to: string;
  workload: string | null;
  subscriptionId: string | null;
  relationshipId: string | null;
}

/**
 * One stored edge with the facts storedEdgeFacts gathers for it, as the list it returns
 * (partners come once per row).
 */
export type StoredEdgeFacts = [
  from: string,
  edge: unknown[],
  tenant:
    | [
        id: string,
        domain: string,
        purpose: TenantPurpose,
        cloud: Cloud,
        country: string,
        ownerId: string,
      ]
    | null,
  viaSuppliesState: string | null,
  resellerOfRecordSuppliesState: string | null,
  relationshipState: string | null,
  subscriptionHolders: SubscriptionHolder[],
  sameNameRelationships: string[],
];

export interface StoredEdgeFactsRow {
  edges: StoredEdgeFacts[];
  partners: PartnerRecord[];
}

/**
 * The selector lists of storedEdgeFacts: a write's DependentSelectors (src/policy/dependents.ts),
 * its edges named by their identity rows, with the policy edge types.
 */
export type StoredEdgeSelectors = Omit<DependentSelectors, "edges"> & {
  types: string[];
  edges: EdgeIdentityRow[];
};

type EdgeIdentityFields = Omit<EdgeIdentityRow, "edgeId">;

/** A GDAP relationship as the read statements return it, with its partner, tenant and `via`. */
export interface DelegatedAdminRow {
  relationshipId: string;
  displayName: string;
  status: string;
  roles: string[];
  since: string | null;
  endsOn: string | null;
  autoExtend: boolean;
  viaId: string | null;
  partner: PartnerRecord;
  tenant: TenantRow;
  /** The partner named in `viaId`, when the caller may see it. */
  via: PartnerRecord | null;
  /** The name of the tenant's owner (a customer, or a partner for its own tenant). */
  ownerName: string;
}

/** An edge as the merge queries take it: every optional property present, null when unset. */
export interface EdgeRow {
  from: string;
  to: string;
  state: string | null;
  since: string | null;
  via: string | null;
  workload: string | null;
  role: string | null;
  subscriptionId: string | null;
  billing: string | null;
  channel: string | null;
  termEnd: string | null;
  resellerOfRecord: string | null;
  relationshipId: string | null;
  displayName: string | null;
  status: string | null;
  roles: string[] | null;
  endsOn: string | null;
  autoExtend: boolean | null;
}

const partner = field<PartnerRecord>();
const customer = field<CustomerRecord>();
const partners = field<PartnerRecord[]>();
const tenants = field<TenantRow[]>();
const admins = field<DelegatedAdminRow[]>();
const edgeRows = { rows: field<EdgeRow[]>() };
const written = { written: int };
const total = { total: int };
const exportPage = { afterId: text, limit: int };

/** What an entry of QUERIES declares: its statement's parameters ($scope aside) and columns. */
interface QuerySpec {
  params: Record<string, Field<unknown>>;
  row: Record<string, Field<unknown>>;
}

/** storedEdgeFacts' selector lists, one per key of StoredEdgeSelectors. */
const SELECTOR_PARAMS = {
  types: texts,
  edges: field<EdgeIdentityRow[]>(),
  fromPartners: texts,
  intoPartners: texts,
  viaPartners: texts,
  rorPartners: texts,
  intoTenants: texts,
  customerTenants: texts,
  fromVia: field<{ from: string; via: string }[]>(),
  fromRor: field<{ from: string; ror: string }[]>(),
  fromInto: field<{ from: string; to: string }[]>(),
  subscriptions: texts,
  sameName: field<{ from: string; relationshipId: string }[]>(),
} satisfies Record<keyof StoredEdgeSelectors, Field<unknown>>;

/**
 * Every query of cypher/queries, by file name: the parameters its statement takes and the
 * columns each row returns (after src/db/mappers.ts), declared once: Params and Row are derived
 * from it. loadQueryRegistry fails at start when a file has no entry or an entry no file, and
 * when a statement uses a $parameter its entry does not declare or declares one it never uses
 * ($scope aside: src/db sets it for every statement). queries-explain.int.test.ts checks the
 * columns against Neo4j's plan of each statement. The header of each file says the same in words.
 */
export const QUERIES = {
  graphIsEmpty: { params: {}, row: { empty: flag } },
  deleteEverything: { params: {}, row: { deleted: int } },
  graphCounts: { params: {}, row: { nodes: int, owns: int, policyEdges: int } },
  partnersByIds: { params: { ids: texts }, row: { key: text, partner } },
  partnersPage: { params: { ...partnerFilters, ...nameRangePage }, row: { partner } },
  partnersCountAll: { params: {}, row: total },
  customersCountAll: { params: {}, row: total },
  partnersCount: { params: { ...partnerFilters, namePrefix: textOrNull }, row: total },
  customersByIds: { params: { ids: texts }, row: { key: text, customer } },
  tenantsByIds: { params: { ids: texts }, row: { key: text, tenant: field<TenantRow>() } },
  customersPage: { params: { ...customerFilters, ...nameRangePage }, row: { customer } },
  customersCount: { params: { ...customerFilters, namePrefix: textOrNull }, row: total },
  tenantsOfPartners: { params: { ids: texts }, row: { key: text, tenants } },
  tenantsOfCustomers: { params: { ids: texts }, row: { key: text, tenants } },
  resellersOfProviders: { params: { ids: texts, state: text }, row: { key: text, partners } },
  providersOfResellers: { params: { ids: texts, state: text }, row: { key: text, partners } },
  servicesOfTenants: { params: { ids: texts, workload: textOrNull }, row: servicesRow },
  servicesOfCustomers: { params: { ids: texts, workload: textOrNull }, row: servicesRow },
  customersOfPartners: {
    params: { ids: texts, ...nameKeyset },
    row: { key: text, page: field<CustomerRecord[]>() },
  },
  customersCountOfPartners: { params: { ids: texts }, row: { key: text, ...total } },
  downstreamCustomersOfPartners: {
    params: { ids: texts, ...nameKeyset },
    row: { key: text, ...total, page: field<CustomerRecord[]>() },
  },
  distributionChains: { params: { customerId: text, maxHops: int }, row: chainsRow },
  edgeFacts: { params: { edges: field<EdgeFactsInput[]>(), audit: flag }, row: edgeFactsRow },
  lockNodes: { params: { ids: texts, keys: texts }, row: { locked: int } },
  claimIdempotencyKey: {
    params: { key: text, now: int },
    row: { fingerprint: textOrNull, answer: textOrNull },
  },
  storeIdempotencyAnswer: {
    params: { key: text, fingerprint: text, answer: text, now: int, expiresAt: int },
    row: { stored: int },
  },
  existingIds: {
    params: { ids: texts },
    row: { id: text, kind: field<"Partner" | "Customer" | "Tenant">() },
  },
  removeEdge: {
    params: {
      type: text,
      from: text,
      to: text,
      workload: textOrNull,
      subscriptionId: textOrNull,
      relationshipId: textOrNull,
    },
    row: { removed: int },
  },
  storedEdgesOfPartners: {
    params: { afterId: text, lastId: text, types: texts },
    row: { partnerId: text, part: int, edges: field<unknown[][]>() },
  },
  exportPartners: { params: exportPage, row: { partner } },
  partnerEdgeCounts: { params: exportPage, row: { id: text, edges: int } },
  exportCustomers: { params: exportPage, row: { customer } },
  exportTenants: { params: exportPage, row: { tenant: field<TenantRecord>() } },
  tenantOwnerFacts: {
    params: { tenantId: text, ownerId: text },
    row: {
      ownerKind: field<"Partner" | "Customer" | null>(),
      cspTenantId: textOrNull,
      currentOwnerId: textOrNull,
    },
  },
  mergePartners: { params: { rows: field<PartnerRecord[]>() }, row: written },
  mergeCustomers: { params: { rows: field<CustomerRecord[]>() }, row: written },
  mergeTenants: { params: { rows: field<TenantRecord[]>() }, row: written },
  dropStaleOwners: {
    params: { rows: field<{ id: string; ownerId: string }[]>() },
    row: { dropped: int },
  },
  tagServingEdges: { params: { tenantIds: texts, customerIds: texts }, row: { tagged: int } },
  mergeSupplies: { params: edgeRows, row: written },
  mergeResellsFor: { params: edgeRows, row: written },
  mergeServesWorkload: { params: edgeRows, row: written },
  mergeProvisions: { params: edgeRows, row: written },
  mergeDelegatedAdmin: { params: edgeRows, row: written },
  delegatedAdminsOfCustomers: {
    params: { ids: texts, role: textOrNull, status: textOrNull },
    row: { key: text, admins },
  },
  delegatedAdminsOfTenants: {
    params: { ids: texts, status: textOrNull },
    row: { key: text, admins },
  },
  delegatedAdminsOfPartners: {
    params: { ids: texts, status: textOrNull, ...nameKeyset },
    row: { key: text, page: admins },
  },
  delegatedAdminsCountOfPartners: {
    params: { ids: texts, status: textOrNull },
    row: { key: text, ...total },
  },
  expiringDelegatedAdmins: {
    params: { ...expiryWindow, afterEndsOn: textOrNull, afterId: textOrNull, limit: int },
    row: { admin: field<DelegatedAdminRow>() },
  },
  expiringDelegatedAdminsCount: { params: expiryWindow, row: total },
  gdapExpiryCounts: {
    params: { from: text, until7: text, until30: text, globalAdmin: text },
    row: { within7: int, within30: int, globalAdminWithin7: int, globalAdminWithin30: int },
  },
  storedEdgeFacts: {
    params: {
      holders: flag,
      sameNames: flag,
      ...SELECTOR_PARAMS,
    },
    row: { edges: field<StoredEdgeFacts[]>(), partners },
  },
  replaceFindings: {
    params: {
      edges: field<EdgeIdentityRow[]>(),
      dependents: field<EdgeIdentityRow[]>(),
      dependentRules: texts,
      findings: field<FindingRow[]>(),
      shard: int,
    },
    row: { replaced: int },
  },
  insertFindings: { params: { generation: int, findings: field<FindingRow[]>() }, row: written },
  beginFindingsBuild: { params: { generation: int }, row: { current: field<number | null>() } },
  swapFindings: {
    params: { generation: int, rules: text, computedAt: int },
    row: { swapped: flag },
  },
  findingsStamp: {
    params: { today: text },
    row: {
      generation: field<number | null>(),
      rules: textOrNull,
      building: field<number | null>(),
      dated: flag,
    },
  },
  takeFindingRechecks: { params: { limit: int }, row: { edge: field<EdgeIdentityRow>() } },
  deleteStaleFindings: { params: { limit: int }, row: { deleted: int } },
  findingsPage: {
    params: { after: text, limit: int },
    row: { finding: field<StoredFindingRow>() },
  },
  findingsCount: { params: {}, row: total },
  currentFindings: { params: { after: text, limit: int }, row: { finding: field<FindingRow>() } },
  datedFindings: {
    params: { today: text, limit: int },
    row: { edge: field<EdgeIdentityFields>() },
  },
  staleDelegatedAdmins: { params: { today: text }, row: { edge: field<StoredEdge>() } },
  staleDelegatedAdminsCount: { params: { today: text }, row: total },
} satisfies Record<string, QuerySpec>;

export type QueryName = keyof typeof QUERIES;
type Spec<N extends QueryName> = (typeof QUERIES)[N];
/** What a query takes: its declared parameters (an empty object for none). */
export type Params<N extends QueryName> = keyof Spec<N>["params"] extends never
  ? Record<string, never>
  : Fields<Spec<N>["params"]>;
/** One row a query returns. */
export type Row<N extends QueryName> = Fields<Spec<N>["row"]>;

export const QUERY_NAMES = Object.keys(QUERIES) as QueryName[];

export const QUERIES_DIR = path.join(PROJECT_ROOT, "cypher", "queries");
export const SCHEMA_DIR = path.join(PROJECT_ROOT, "cypher", "schema");

export type QueryRegistry = ReadonlyMap<QueryName, string>;

/**
 * Whom a registry's statements are expanded for: `"partner"`, the statements as written, whose
 * scope predicates read $scope (src/db sends these when a PARTNER asks, and cypher/expanded
 * shows them), or `"everyone"`, the same statements with every scope predicate `true`, which
 * src/db sends when $scope is null (an ADMIN, an ANALYST, the commands). Neo4j plans the
 * subqueries of `$scope IS NULL OR EXISTS {…}` even when $scope is null; without them a
 * partner by id ran at 12–17 % more statements a second on the benchmark's graph.
 */
export type Audience = "partner" | "everyone";

/**
 * What a PARTNER principal may see (README, "Security"), as Cypher predicates over `$scope` (the
 * partner's id, or null for everyone else). Query files write `{{visibleCustomer(c)}}` and the
 * registry expands it here at load time (cypher/expanded shows every statement so expanded), so
 * each rule of visibility is written once and every read enforces it in the database, never by
 * filtering results afterwards.
 *
 * A partner sees: itself, the resellers it ACTIVE-SUPPLIES and the providers that supply it (not
 * REMOVED: a provider's invitation shows the provider, never the reseller, to the other side),
 * the tenants it owns, the tenants and customers it serves (an ACTIVE edge from it, or from a
 * reseller whose `via` names it), and the owners of those tenants; of edges, the ACTIVE ones it
 * originates or that name it in `via`. Only ACTIVE edges widen the scope: a PENDING one is an
 * invitation the other side has not accepted (an ADMIN's write makes it ACTIVE), and a REMOVED
 * one is over. Edges without a state (SERVES_WORKLOAD, PROVISIONS) count as ACTIVE.
 */
const SCOPE_PREDICATES: Record<string, (args: string[], unique: string) => string> = {
  visibleEdge,
  visibleTenant: ([tenant], u) =>
    `($scope IS NULL OR EXISTS { (${tenant})<-[:OWNS]-(:Partner {id: $scope}) } OR ${servedBy(tenant, u)})`,
  visibleCustomer: ([customer], u) =>
    `($scope IS NULL OR EXISTS { (${customer})-[:OWNS]->(t${u}:Tenant) WHERE ${servedBy(`t${u}`, u)} })`,
  visiblePartner: ([partner], u) =>
    `($scope IS NULL OR ${partner}.id = $scope` +
    ` OR EXISTS { (:Partner {id: $scope})-[:SUPPLIES {state: 'ACTIVE'}]->(${partner}) }` +
    ` OR EXISTS { (${partner})-[s${u}:SUPPLIES]->(:Partner {id: $scope}) WHERE s${u}.state <> 'REMOVED' }` +
    ` OR EXISTS { (${partner})-[:OWNS]->(t${u}:Tenant) WHERE ${servedBy(`t${u}`, u)} })`,
};

/** The edge is ACTIVE and starts at the scoped partner or names it in `via`. */
function visibleEdge([edge, from]: string[]): string {
  return (
    `($scope IS NULL OR ((${from}.id = $scope OR ${edge}.via = $scope)` +
    ` AND coalesce(${edge}.state, 'ACTIVE') = 'ACTIVE'))`
  );
}

/** The tenant has an ACTIVE serving edge from the scoped partner or naming it in `via`. */
function servedBy(tenant: string, u: string): string {
  return (
    `EXISTS { (${tenant})<-[e${u}:${servingEdgeTypes()}]-(p${u}:Partner) ` +
    `WHERE (p${u}.id = $scope OR e${u}.via = $scope) AND coalesce(e${u}.state, 'ACTIVE') = 'ACTIVE' }`
  );
}

/**
 * The properties a serving edge (RESELLS_FOR, SERVES_WORKLOAD, PROVISIONS) copies from its ends,
 * as a SET list: its partner's id and the record of the customer owning its tenant (null when
 * the tenant is a partner's own), which the *_by_customer indexes (cypher/schema) list a
 * partner's customers from. Every statement that writes an edge, a tenant's owner or a customer
 * writes them through this one macro: `SET {{tagServingEdge(edge, partner, owner)}}`, with
 * `owner` bound by `OPTIONAL MATCH (tenant)<-[:OWNS]-(owner:Customer)`.
 */
function tagServingEdge([edge, partner, owner]: string[]): string {
  return [
    `${edge}.partnerId = ${partner}.id`,
    ...SERVED_CUSTOMER_PROPERTIES.map(
      ([copy, property]) => `${edge}.${copy} = ${owner}.${property}`,
    ),
  ].join(", ");
}

/** What a serving edge copies of its customer (tagServingEdge): its property, the customer's. */
export const SERVED_CUSTOMER_PROPERTIES = [
  ["customerId", "id"],
  ["customerName", "name"],
  ["customerCloud", "cloud"],
  ["customerCountry", "country"],
] as const;

/**
 * `{{servingEdgeTypes()}}`: the edge types by which a partner serves a tenant, as a relationship
 * type list (`[e:RESELLS_FOR|SERVES_WORKLOAD|PROVISIONS]`), so that no statement spells them out.
 */
function servingEdgeTypes(): string {
  return SERVING_EDGE_TYPES.join("|");
}

/**
 * `{{servedCustomersInOrder(key)}}`, the body of customersOfPartners: per serving edge type, the
 * first $limit distinct customers after the keyset position ($afterName, $afterId) that the
 * partner `key` serves through edges of that type, visible to $scope, in (name, id) order, as
 * rows of name, id, cloud and country, the branches joined by UNION. The type's *_by_customer
 * index yields them in that order with their records, so a branch stops after $limit and reads
 * no Customer node. A branch per type because a range index and its USING INDEX hint name one
 * relationship type.
 */
function servedCustomersInOrder([key]: string[]): string {
  // Each branch of a UNION is a scope of its own: the same names in every branch.
  const branch = (type: string): string[] => [
    `MATCH (p)-[e:${type}]->()`,
    `USING INDEX e:${type}(partnerId, customerName, customerId, customerCloud, customerCountry)`,
    `WHERE e.partnerId = ${key} AND e.customerName >= coalesce($afterName, '')`,
    "AND e.customerId IS NOT NULL AND e.customerCloud IS NOT NULL AND e.customerCountry IS NOT NULL",
    "WITH p, e ORDER BY e.partnerId, e.customerName, e.customerId",
    `WHERE coalesce(e.state, 'ACTIVE') <> 'REMOVED' AND ${visibleEdge(["e", "p"])}`,
    "WITH DISTINCT e.customerName AS name, e.customerId AS id, e.customerCloud AS cloud, e.customerCountry AS country",
    "WHERE $afterName IS NULL OR name > $afterName OR (name = $afterName AND id > $afterId)",
    "RETURN name, id, cloud, country LIMIT $limit",
  ];
  return SERVING_EDGE_TYPES.map((type) => branch(type).join("\n")).join("\nUNION\n");
}

/**
 * `{{keyMatches(r, type, key)}}`: the edge `r` has the key property its type is keyed by
 * (EDGE_TYPES' `key`) equal to the one named: `type` is the expression holding the edge type
 * asked for (`$type`, `e.type`), `key` what the key's name is appended to (`$` for parameters,
 * `e.` for a map), so a new keyed type needs no statement to spell its key.
 */
function keyMatches([edge, type, key]: string[]): string {
  return ALL_EDGE_TYPES.flatMap((edgeType) => {
    const property = EDGE_TYPES[edgeType].key;
    return property === null
      ? []
      : [`(${type} <> '${edgeType}' OR ${edge}.${property} = ${key}${property})`];
  }).join("\nAND ");
}

/**
 * `{{edgesNamingInVia(id)}}`: the edges whose `via` names partner `id`, one branch per edge type
 * that may carry a `via` (EDGE_TYPES' `allowed`), each from its type's `via` index
 * (cypher/schema/003-findings.cypher): a range index and its hint name one relationship type.
 */
function edgesNamingInVia([id]: string[]): string {
  return ALL_EDGE_TYPES.filter((type) => EDGE_TYPES[type].allowed.includes("via"))
    .map((type) => `MATCH ()-[r:${type} {via: ${id}}]->() USING INDEX SEEK r:${type}(via) RETURN r`)
    .join("\nUNION\n");
}

/**
 * `{{edgeEnd(end, id)}}`: binds `end` to the node with id `id` of any label an edge may end at
 * (EDGE_TYPES' `to`), one unique-index seek per label, so that the statement then finds an edge
 * between two bound nodes instead of expanding every edge of a busy partner to read each end's id.
 * Wrapped in a subquery that imports what it reads; `id` names a parameter or a variable in scope.
 */
function edgeEnd([end, id]: string[]): string {
  const labels = [...new Set(ALL_EDGE_TYPES.map((type) => EDGE_TYPES[type].to))];
  const imported = id?.startsWith("$") ? "" : (id?.split(".")[0] ?? "");
  const seeks = labels.map((label) => `  MATCH (${end}:${label} {id: ${id}}) RETURN ${end}`);
  return `CALL (${imported}) {\n${seeks.join("\n  UNION\n")}\n}`;
}

/**
 * The GDAP relationships GDAP_EXPIRED finds at read time: ACTIVE past their `endsOn` before
 * `$today`, with a Graph id (staleDelegatedAdmins reads them, staleDelegatedAdminsCount counts
 * them, both from the delegated_admin_expiry index).
 */
function expiredDelegatedAdmin([relationship]: string[]): string {
  return (
    `${relationship}.status = 'ACTIVE' AND ${relationship}.endsOn < date($today)` +
    ` AND ${relationship}.relationshipId IS NOT NULL`
  );
}

/**
 * The interchange properties of a stored edge, in the order `{{edgeColumns(r)}}` lists them:
 * a statement streaming many edges (export, the full re-audit) returns each as a list, not a
 * map, because the driver decoding a map's keys for every edge was half the audit's time.
 * Dates come as `YYYY-MM-DD` text.
 */
export const EDGE_COLUMNS = [
  "state",
  "via",
  "workload",
  "role",
  "subscriptionId",
  "billing",
  "channel",
  "resellerOfRecord",
  "relationshipId",
  "displayName",
  "status",
  "roles",
  "autoExtend",
  "since",
  "termEnd",
  "endsOn",
] as const satisfies readonly EdgeProperty[];

// Every property of EdgeRecord has its column: a new one fails to compile here until listed.
type Unlisted = Exclude<EdgeProperty, (typeof EDGE_COLUMNS)[number]>;
const everyPropertyListed: Unlisted extends never ? true : never = true;
void everyPropertyListed;

const DATE_COLUMNS: ReadonlySet<string> = new Set(["since", "termEnd", "endsOn"]);

/** `{{edgeColumns(r)}}`: the edge's type, its end's id, then EDGE_COLUMNS, as one list. */
function edgeColumns([edge, end]: string[]): string {
  const columns = EDGE_COLUMNS.map((column) =>
    DATE_COLUMNS.has(column) ? `toString(${edge}.${column})` : `${edge}.${column}`,
  );
  return `[type(${edge}), ${end}.id, ${columns.join(", ")}]`;
}

const COLUMN_INDEX = new Map<EdgeProperty, number>(
  EDGE_COLUMNS.map((column, k) => [column, k + 2]),
);

/**
 * A stored edge of partner `from` from the list `{{edgeColumns(r, end)}}` made of it. Written
 * out as one literal with every property (undefined when unset, EdgeRecord's absent), so the
 * full re-audit's millions of edges share one hidden class: built property by property they
 * read a quarter slower.
 */
export function edgeFromColumns(from: string, columns: readonly unknown[]): EdgeRecord {
  const at = (column: EdgeProperty): never =>
    (columns[COLUMN_INDEX.get(column) ?? -1] ?? undefined) as never;
  const edge: Omit<EdgeRecord, EdgeProperty> & { [P in EdgeProperty]-?: EdgeRecord[P] } = {
    type: columns[0] as EdgeRecord["type"],
    from,
    to: columns[1] as string,
    state: at("state"),
    via: at("via"),
    workload: at("workload"),
    role: at("role"),
    subscriptionId: at("subscriptionId"),
    billing: at("billing"),
    channel: at("channel"),
    resellerOfRecord: at("resellerOfRecord"),
    relationshipId: at("relationshipId"),
    displayName: at("displayName"),
    status: at("status"),
    roles: at("roles"),
    autoExtend: at("autoExtend"),
    since: at("since"),
    termEnd: at("termEnd"),
    endsOn: at("endsOn"),
  };
  return edge;
}

/**
 * Every `{{name(args)}}` a query file may use: the scope predicates, the edge tagging, and the
 * branches of a partner's customers. Each expansion gets a suffix of its own for the names it
 * binds, so that two in one statement do not clash.
 */
const MACROS: Record<string, (args: string[], unique: string) => string> = {
  ...SCOPE_PREDICATES,
  tagServingEdge,
  servedCustomersInOrder,
  edgeColumns,
  keyMatches,
  edgesNamingInVia,
  edgeEnd,
  expiredDelegatedAdmin,
};

/** Every `{{name()}}` that stands for the same text wherever it is written (no suffix). */
const CONSTANTS: Record<string, () => string> = { servingEdgeTypes };

/**
 * Expands `{{macro(args)}}`; an unknown macro fails naming the query file. The lines of a
 * multi-line expansion keep the indentation of the line the macro stands on, so that the
 * expanded files (cypher/expanded) read like the sources. For `"everyone"` (the statement an
 * ADMIN or ANALYST runs, $scope null) each scope predicate is `true`, so that Neo4j plans and
 * runs none of its subqueries.
 */
export function expandMacros(text: string, file: string, audience: Audience = "partner"): string {
  let count = 0;
  return text.replace(
    /\{\{(\w+)\(([^)]*)\)\}\}/g,
    (_whole, name: string, args: string, offset: number) => {
      const constant = CONSTANTS[name];
      if (constant !== undefined) return constant();
      if (audience === "everyone" && Object.hasOwn(SCOPE_PREDICATES, name)) return "true";
      const macro = MACROS[name];
      if (macro === undefined) throw new Error(`Unknown macro {{${name}}} in ${file}`);
      count += 1;
      const expansion = macro(
        args.split(",").map((arg) => arg.trim()),
        `_scope${count}`,
      );
      const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
      const indent = /^[ \t]*/.exec(text.slice(lineStart, offset))?.[0] ?? "";
      return expansion.split("\n").join(`\n${indent}`);
    },
  );
}

/** The query files of `dir` by name, each checked to have an entry in QUERIES and vice versa. */
function readQuerySources(dir: string): QuerySources {
  const strays = fs
    .readdirSync(dir)
    .filter((file) => file.endsWith(".cypher"))
    .filter((file) => !Object.hasOwn(QUERIES, path.basename(file, ".cypher")));
  if (strays.length > 0) {
    throw new Error(
      `Cypher query file without an entry in QUERIES (src/db/queries.ts): ${strays.join(", ")}`,
    );
  }
  const sources = new Map<QueryName, { file: string; source: string }>();
  for (const name of QUERY_NAMES) {
    const file = path.join(dir, `${name}.cypher`);
    if (!fs.existsSync(file)) throw new Error(`Cypher query file missing: ${file}`);
    const source = fs.readFileSync(file, "utf8").trim();
    if (source === "") throw new Error(`Cypher query file is empty: ${file}`);
    sources.set(name, { file, source });
  }
  return sources;
}

/**
 * Reads every query file once, expands its macros and compacts it (compactStatement). Fails
 * naming the first file that is missing, empty, without an entry in QUERIES, or whose statement
 * uses other parameters than its entry declares.
 */
export function loadQueryRegistry(
  dir: string = QUERIES_DIR,
  audience: Audience = "partner",
): QueryRegistry {
  return registryOf(readQuerySources(dir), audience);
}

type QuerySources = Map<QueryName, { file: string; source: string }>;

function registryOf(sources: QuerySources, audience: Audience): QueryRegistry {
  return new Map(
    [...expandQueries(sources, audience)].map(([name, { statement }]) => [name, statement]),
  );
}

/** Each query with its macros expanded (comments kept) and as sent (compacted). */
function expandQueries(
  sources: QuerySources,
  audience: Audience = "partner",
): Map<QueryName, { expanded: string; statement: string }> {
  const queries = new Map<QueryName, { expanded: string; statement: string }>();
  for (const [name, { file, source }] of sources) {
    const expanded = expandMacros(source, file, audience);
    const statement = compactStatement(name, expanded);
    checkParameters(name, statement, file);
    queries.set(name, { expanded, statement });
  }
  return queries;
}

/** The parameter every statement gets from src/db: a PARTNER's id, or null (no entry declares it). */
const SCOPE = "scope";

/** The names of the $parameters a statement uses (a `$` inside a string literal is none). */
export function statementParameters(statement: string): Set<string> {
  const code = statement.replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g, "''");
  return new Set([...code.matchAll(/\$(\w+)/g)].map((match) => match[1] ?? ""));
}

/** Whether a statement reads $scope, so that src/db runs it differently for a PARTNER. */
export function isScoped(statement: string): boolean {
  return statementParameters(statement).has(SCOPE);
}

function checkParameters(name: QueryName, statement: string, file: string): void {
  const declared = Object.keys(QUERIES[name].params);
  const used = [...statementParameters(statement)].filter((param) => param !== SCOPE);
  const undeclared = used.filter((param) => !declared.includes(param));
  const unused = declared.filter((param) => !used.includes(param));
  if (undeclared.length > 0) {
    throw new Error(`${file} uses $${undeclared.join(", $")}, not declared in QUERIES.${name}`);
  }
  if (unused.length > 0) {
    throw new Error(`${file} never uses $${unused.join(", $")}, declared in QUERIES.${name}`);
  }
}

/**
 * A value of the type requests send, by parameter name, for planning a statement (Db.warm, the
 * EXPLAIN test) and for the `:params` line of its expanded file (only the types matter: Neo4j
 * keys its plan cache by statement and parameter types). Names not listed are sent as null: the
 * optional filters (workload, cloud, country, role, namePrefix, afterName, afterEndsOn), which
 * requests leave unset most of the time.
 */
const PLANNING_SAMPLES: Record<string, unknown> = {
  ids: ["x"],
  tenantIds: ["x"],
  customerIds: ["x"],
  keys: ["x"],
  types: ["x"],
  rows: [{ id: "x" }],
  edges: [{ index: 0, type: "x", from: "x", to: "x" }],
  limit: 1,
  maxHops: 1,
  now: 1,
  expiresAt: 1,
  audit: false,
  afterId: "",
  fromName: "",
  prefix: "",
  state: "ACTIVE",
  type: "x",
  from: "x",
  to: "x",
  until: "x",
  until7: "x",
  until30: "x",
  globalAdmin: "x",
  fromId: "x",
  key: "x",
  tenantId: "x",
  ownerId: "x",
  customerId: "x",
  subscriptionId: "x",
  fingerprint: "x",
  answer: "x",
  after: "",
  today: "2026-01-01",
  generation: 1,
  shard: 0,
  computedAt: 1,
  rules: "x",
  findings: [{ edgeId: "x", position: "x" }],
  // storedEdgeFacts' selector lists, which are never empty (findings.service.ts says why).
  fromPartners: ["x"],
  intoPartners: ["x"],
  viaPartners: ["x"],
  rorPartners: ["x"],
  intoTenants: ["x"],
  customerTenants: ["x"],
  subscriptions: ["x"],
  fromVia: [{ from: "x", via: "x" }],
  fromRor: [{ from: "x", ror: "x" }],
  fromInto: [{ from: "x", to: "x" }],
  sameName: [{ from: "x", relationshipId: "x" }],
  holders: true,
  sameNames: true,
  dependents: [{ edgeId: "x", type: "x", from: "x", to: "x" }],
  dependentRules: ["x"],
};

/** The registry in both forms src/db sends (Audience), for one Db connection. */
export interface Statements {
  readonly partner: QueryRegistry;
  readonly everyone: QueryRegistry;
}

/** Both forms of every query of `dir`, from one reading of its files. */
export function loadStatements(dir: string = QUERIES_DIR): Statements {
  const sources = readQuerySources(dir);
  return { partner: registryOf(sources, "partner"), everyone: registryOf(sources, "everyone") };
}

/** A statement as src/db sends it, with the parameters to plan it with. */
export interface PlanningRun {
  text: string;
  params: Record<string, unknown>;
}

/**
 * What to plan for query `name` (Db.warm), once per way src/db sends it: the everyone form with
 * $scope null and, when the partner form reads $scope, that form with a partner's id.
 */
export function planningRuns(name: QueryName, statements: Statements): PlanningRun[] {
  const everyone = statements.everyone.get(name);
  const partner = statements.partner.get(name);
  if (everyone === undefined || partner === undefined) {
    throw new Error(`Query not in the registry: ${name}`);
  }
  // planningParams gives the $scope-null set first, then the PARTNER's when the text reads $scope.
  return [
    ...planningParams(name, everyone)
      .slice(0, 1)
      .map((params) => ({ text: everyone, params })),
    ...planningParams(name, partner)
      .slice(1)
      .map((params) => ({ text: partner, params })),
  ];
}

/** The partner id a scoped statement is planned with: any id gives the PARTNER's plan. */
const PLANNING_SCOPE = "P-0";

/**
 * The parameters to plan a registry statement with, one set per way src/db sends it: its
 * declared parameters (PLANNING_SAMPLES) with $scope null, as for an ADMIN, and, when it reads
 * $scope, once more with a partner's id, as for a PARTNER.
 */
export function planningParams(name: QueryName, statement: string): Record<string, unknown>[] {
  const params: Record<string, unknown> = {};
  for (const param of Object.keys(QUERIES[name].params)) {
    params[param] = PLANNING_SAMPLES[param] ?? null;
  }
  const scopes = isScoped(statement) ? [null, PLANNING_SCOPE] : [null];
  return scopes.map((scope) => ({ ...params, [SCOPE]: scope }));
}

export const EXPANDED_DIR = path.join(PROJECT_ROOT, "cypher", "expanded");

/**
 * Each query as cypher/expanded/<name>.cypher holds it: the source with its macros expanded and
 * its comments kept, after a header saying where it comes from and which `:params` to set to run
 * it in Neo4j Browser. Compacted (compactStatement), it is the statement sent to Neo4j.
 */
export function renderExpandedQueries(dir: string = QUERIES_DIR): Map<QueryName, string> {
  const rendered = new Map<QueryName, string>();
  for (const [name, { expanded, statement }] of expandQueries(readQuerySources(dir))) {
    const [params = {}] = planningParams(name, statement);
    if (!isScoped(statement)) delete params[SCOPE];
    const header = [
      `// Generated by \`npm run queries\` from cypher/queries/${name}.cypher, with its macros`,
      ...(Object.keys(params).length === 0
        ? ["// expanded: edit that file, not this one. It runs as it is in Neo4j Browser."]
        : [
            "// expanded: edit that file, not this one. To run it in Neo4j Browser, first set",
            `// :params ${cypherLiteral(params)}`,
          ]),
      ...(isScoped(statement)
        ? ["// ($scope: a partner's id to see what that partner sees, null to see everything)"]
        : []),
    ];
    rendered.set(name, `${[...header, expanded].join("\n")}\n`);
  }
  return rendered;
}

/** `npm run queries`: rewrites cypher/expanded from cypher/queries; returns how many files. */
export function writeExpandedQueries(dir: string = EXPANDED_DIR): number {
  fs.mkdirSync(dir, { recursive: true });
  for (const file of fs.readdirSync(dir)) {
    if (file.endsWith(".cypher")) fs.rmSync(path.join(dir, file));
  }
  const rendered = renderExpandedQueries();
  for (const [name, text] of rendered) fs.writeFileSync(path.join(dir, `${name}.cypher`), text);
  return rendered.size;
}

/** A value as a Cypher literal, for a `:params` line. */
function cypherLiteral(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return `'${value.replace(/[\\']/g, "\\$&")}'`;
  if (Array.isArray(value)) return `[${value.map(cypherLiteral).join(", ")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value).map(([key, inner]) => `${key}: ${cypherLiteral(inner)}`);
    return `{${entries.join(", ")}}`;
  }
  return String(value);
}

/**
 * The statement as sent to Neo4j: its name as the only comment (so SHOW TRANSACTIONS and the
 * query log still say which file it came from), no comment lines, no indentation. The driver
 * packs a RUN message into 1,400-byte chunks and writes each full chunk to the socket at once:
 * with its comments, whoServes's statement took two writes per request instead of one, and
 * on loopback each write is a system call that cost as much as executing the GraphQL query.
 */
export function compactStatement(name: string, text: string): string {
  const lines = text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("//"));
  return [`// ${name}`, ...lines].join("\n");
}

/** The schema statements (constraints, indexes) of cypher/schema, in file order. */
export function loadSchemaStatements(dir: string = SCHEMA_DIR): string[] {
  return fs
    .readdirSync(dir)
    .filter((file) => file.endsWith(".cypher"))
    .sort()
    .flatMap((file) => splitStatements(fs.readFileSync(path.join(dir, file), "utf8")));
}

function splitStatements(text: string): string[] {
  return text
    .split("\n")
    .filter((line) => !line.trim().startsWith("//"))
    .join("\n")
    .split(";")
    .map((statement) => statement.trim())
    .filter((statement) => statement !== "");
}
