import fs from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "../config";
import type { CustomerRecord, PartnerRecord, TenantRecord } from "../domain";
import type { SubscriptionHolder } from "../policy/facts";

/** Filters shared by the partner list and its count. */
export interface PartnerFilterParams {
  role: string | null;
  cloud: string | null;
  country: string | null;
  namePrefix: string | null;
}
type PartnerPageFilter = Omit<PartnerFilterParams, "namePrefix">;
type CustomerPageFilter = Omit<CustomerFilterParams, "namePrefix">;

export interface CustomerFilterParams {
  cloud: string | null;
  country: string | null;
  namePrefix: string | null;
}

/** A keyset position in a list ordered by (name, id). */
export interface NameKeyset {
  afterName: string | null;
  afterId: string | null;
  limit: number;
}

/** A page of a whole label in (name, id) order: see partnersPage.cypher for why it is shaped so. */
export interface NameRangePage {
  fromName: string;
  afterId: string | null;
  prefix: string;
  limit: number;
}

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
export interface ServicesRow {
  key: string;
  services: ServiceRef[];
  partners: PartnerRecord[];
  tenants: TenantRow[];
}

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
export interface ChainsRow {
  chains: { partnerIds: string[]; tenantId: string; hops: Hop[] }[];
  partners: PartnerRecord[];
  tenants: TenantRow[];
}

/** One page of a per-parent list, for connections batched over many parents. */
export interface PageRow<T> {
  key: string;
  total: number;
  page: T[];
}

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
}

/** What edgeFacts returns for one edge: EdgeFacts (src/policy/facts.ts) less the edge and date. */
export interface EdgeFactsRow {
  index: number;
  from: PartnerRecord | null;
  toPartner: PartnerRecord | null;
  toTenant: TenantRecord | null;
  toTenantCustomer: CustomerRecord | null;
  via: PartnerRecord | null;
  viaSuppliesState: string | null;
  resellerOfRecord: PartnerRecord | null;
  resellerOfRecordSuppliesState: string | null;
  relationshipState: string | null;
  duplicate: boolean;
  otherWorkloadPartners: string[];
  subscriptionHolders: SubscriptionHolder[];
  toTenantInScope: boolean;
  sameNameRelationships: string[];
  /** DELEGATED_ADMIN: the ends of the stored relationship with the same relationshipId. */
  relationshipHolder: { from: string; to: string } | null;
}

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

/** What storedEdgeFacts gathers for one stored edge; partners come once per row. */
export interface StoredEdgeFacts {
  edge: StoredEdge;
  tenant: TenantRecord | null;
  viaSuppliesState: string | null;
  resellerOfRecordSuppliesState: string | null;
  relationshipState: string | null;
  subscriptionHolders: SubscriptionHolder[];
  sameNameRelationships: string[];
}

export interface StoredEdgeFactsRow {
  edges: StoredEdgeFacts[];
  partners: PartnerRecord[];
}

/** The selector lists of storedEdgeFacts (DependentSelectors of src/policy/dependents.ts). */
export interface StoredEdgeSelectors {
  types: string[];
  edges: EdgeIdentityRow[];
  fromPartners: string[];
  intoPartners: string[];
  viaPartners: string[];
  rorPartners: string[];
  intoTenants: string[];
  customerTenants: string[];
  fromVia: { from: string; via: string }[];
  fromRor: { from: string; ror: string }[];
  fromInto: { from: string; to: string }[];
  subscriptions: string[];
  sameName: { from: string; relationshipId: string }[];
}

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

/** The keyset of expiringDelegatedAdmins: a window of end dates and a position in it. */
export interface ExpiryWindow {
  from: string;
  until: string;
}

type Ids = { ids: string[] };
type Rows<R> = { rows: R[] };
type Written = { written: number };

/**
 * Every query of cypher/queries, by file name, with the parameters it takes and the row it
 * returns (after src/db/mappers.ts). The header of each .cypher file says the same in words.
 */
export interface QueryTypes {
  graphIsEmpty: { params: Record<string, never>; row: { empty: boolean } };
  deleteEverything: { params: Record<string, never>; row: { deleted: number } };
  graphCounts: {
    params: Record<string, never>;
    row: { nodes: number; owns: number; policyEdges: number };
  };
  partnersByIds: { params: { ids: string[] }; row: { key: string; partner: PartnerRecord } };
  partnersPage: { params: PartnerPageFilter & NameRangePage; row: { partner: PartnerRecord } };
  partnersCountAll: { params: Record<string, never>; row: { total: number } };
  customersCountAll: { params: Record<string, never>; row: { total: number } };
  partnersCount: { params: PartnerFilterParams; row: { total: number } };
  customersByIds: { params: Ids; row: { key: string; customer: CustomerRecord } };
  tenantsByIds: { params: Ids; row: { key: string; tenant: TenantRow } };
  customersPage: { params: CustomerPageFilter & NameRangePage; row: { customer: CustomerRecord } };
  customersCount: { params: CustomerFilterParams; row: { total: number } };
  tenantsOfPartners: { params: Ids; row: { key: string; tenants: TenantRow[] } };
  tenantsOfCustomers: { params: Ids; row: { key: string; tenants: TenantRow[] } };
  resellersOfProviders: {
    params: Ids & { state: string };
    row: { key: string; partners: PartnerRecord[] };
  };
  providersOfResellers: {
    params: Ids & { state: string };
    row: { key: string; partners: PartnerRecord[] };
  };
  servicesOfTenants: { params: Ids & { workload: string | null }; row: ServicesRow };
  servicesOfCustomers: { params: Ids & { workload: string | null }; row: ServicesRow };
  customersOfPartners: { params: Ids & NameKeyset; row: { key: string; page: CustomerRecord[] } };
  customersCountOfPartners: { params: Ids; row: { key: string; total: number } };
  downstreamCustomersOfPartners: { params: Ids & NameKeyset; row: PageRow<CustomerRecord> };
  edgeFacts: { params: { edges: EdgeFactsInput[]; audit: boolean }; row: EdgeFactsRow };
  lockNodes: { params: Ids & { keys: string[] }; row: { locked: number } };
  claimIdempotencyKey: {
    params: { key: string; now: number };
    row: { fingerprint: string | null; answer: string | null };
  };
  storeIdempotencyAnswer: {
    params: { key: string; fingerprint: string; answer: string; now: number; expiresAt: number };
    row: { stored: number };
  };
  existingIds: { params: Ids; row: { id: string; kind: "Partner" | "Customer" | "Tenant" } };
  removeEdge: {
    params: {
      type: string;
      from: string;
      to: string;
      workload: string | null;
      subscriptionId: string | null;
      relationshipId: string | null;
    };
    row: { removed: number };
  };
  storedEdgesOfPartners: {
    params: { fromId: string; limit: number; types: string[] };
    row: { partnerId: string; edges: StoredEdge[] };
  };
  exportPartners: { params: { afterId: string; limit: number }; row: { partner: PartnerRecord } };
  exportCustomers: {
    params: { afterId: string; limit: number };
    row: { customer: CustomerRecord };
  };
  exportTenants: { params: { afterId: string; limit: number }; row: { tenant: TenantRecord } };
  tenantOwnerFacts: {
    params: { tenantId: string; ownerId: string };
    row: {
      ownerKind: "Partner" | "Customer" | null;
      cspTenantId: string | null;
      currentOwnerId: string | null;
    };
  };
  distributionChains: { params: { customerId: string; maxHops: number }; row: ChainsRow };
  mergePartners: { params: Rows<PartnerRecord>; row: Written };
  mergeCustomers: { params: Rows<CustomerRecord>; row: Written };
  mergeTenants: { params: Rows<TenantRecord>; row: Written };
  dropStaleOwners: { params: Rows<{ id: string; ownerId: string }>; row: { dropped: number } };
  tagServingEdges: {
    params: { tenantIds: string[]; customerIds: string[] };
    row: { tagged: number };
  };
  mergeSupplies: { params: Rows<EdgeRow>; row: Written };
  mergeResellsFor: { params: Rows<EdgeRow>; row: Written };
  mergeServesWorkload: { params: Rows<EdgeRow>; row: Written };
  mergeProvisions: { params: Rows<EdgeRow>; row: Written };
  mergeDelegatedAdmin: { params: Rows<EdgeRow>; row: Written };
  delegatedAdminsOfCustomers: {
    params: Ids & { role: string | null; status: string | null };
    row: { key: string; admins: DelegatedAdminRow[] };
  };
  delegatedAdminsOfTenants: {
    params: Ids & { status: string | null };
    row: { key: string; admins: DelegatedAdminRow[] };
  };
  delegatedAdminsOfPartners: {
    params: Ids & { status: string | null } & NameKeyset;
    row: { key: string; page: DelegatedAdminRow[] };
  };
  delegatedAdminsCountOfPartners: {
    params: Ids & { status: string | null };
    row: { key: string; total: number };
  };
  expiringDelegatedAdmins: {
    params: ExpiryWindow & { afterEndsOn: string | null; afterId: string | null; limit: number };
    row: { admin: DelegatedAdminRow };
  };
  expiringDelegatedAdminsCount: { params: ExpiryWindow; row: { total: number } };
  storedEdgeFacts: { params: StoredEdgeSelectors; row: StoredEdgeFactsRow };
  replaceFindings: {
    params: { edges: EdgeIdentityRow[]; findings: FindingRow[] };
    row: { replaced: number };
  };
  insertFindings: { params: { generation: number; findings: FindingRow[] }; row: Written };
  beginFindingsBuild: { params: { generation: number }; row: { current: number | null } };
  swapFindings: {
    params: { generation: number; rules: string; computedAt: number };
    row: { swapped: boolean };
  };
  findingsStamp: {
    params: { today: string };
    row: {
      generation: number | null;
      rules: string | null;
      building: number | null;
      dated: boolean;
    };
  };
  takeFindingRechecks: { params: { limit: number }; row: { edge: EdgeIdentityRow } };
  deleteStaleFindings: { params: { limit: number }; row: { deleted: number } };
  findingsPage: {
    params: { after: string; limit: number };
    row: { finding: StoredFindingRow };
  };
  findingsCount: { params: Record<string, never>; row: { total: number } };
  currentFindings: { params: { after: string; limit: number }; row: { finding: FindingRow } };
  datedFindings: {
    params: { today: string; limit: number };
    row: { edge: EdgeIdentityFields };
  };
  staleDelegatedAdmins: { params: { today: string }; row: { edge: StoredEdge } };
  gdapExpiryCounts: {
    params: { from: string; until7: string; until30: string; globalAdmin: string };
    row: {
      within7: number;
      within30: number;
      globalAdminWithin7: number;
      globalAdminWithin30: number;
    };
  };
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

export type QueryName = keyof QueryTypes;
export type Params<N extends QueryName> = QueryTypes[N]["params"];
export type Row<N extends QueryName> = QueryTypes[N]["row"];

// A record keyed by every name, so the compiler flags a query added to QueryTypes but not here.
const QUERY_NAME_SET: Record<QueryName, true> = {
  graphIsEmpty: true,
  deleteEverything: true,
  graphCounts: true,
  partnersByIds: true,
  partnersPage: true,
  partnersCount: true,
  partnersCountAll: true,
  customersCountAll: true,
  customersByIds: true,
  tenantsByIds: true,
  customersPage: true,
  customersCount: true,
  tenantsOfPartners: true,
  tenantsOfCustomers: true,
  resellersOfProviders: true,
  providersOfResellers: true,
  servicesOfTenants: true,
  servicesOfCustomers: true,
  customersOfPartners: true,
  customersCountOfPartners: true,
  downstreamCustomersOfPartners: true,
  distributionChains: true,
  edgeFacts: true,
  lockNodes: true,
  claimIdempotencyKey: true,
  storeIdempotencyAnswer: true,
  existingIds: true,
  removeEdge: true,
  storedEdgesOfPartners: true,
  exportPartners: true,
  exportCustomers: true,
  exportTenants: true,
  tenantOwnerFacts: true,
  mergePartners: true,
  mergeCustomers: true,
  mergeTenants: true,
  dropStaleOwners: true,
  tagServingEdges: true,
  mergeSupplies: true,
  mergeResellsFor: true,
  mergeServesWorkload: true,
  mergeProvisions: true,
  mergeDelegatedAdmin: true,
  delegatedAdminsOfCustomers: true,
  delegatedAdminsOfTenants: true,
  delegatedAdminsOfPartners: true,
  delegatedAdminsCountOfPartners: true,
  expiringDelegatedAdmins: true,
  expiringDelegatedAdminsCount: true,
  gdapExpiryCounts: true,
  storedEdgeFacts: true,
  replaceFindings: true,
  insertFindings: true,
  beginFindingsBuild: true,
  swapFindings: true,
  findingsStamp: true,
  takeFindingRechecks: true,
  deleteStaleFindings: true,
  findingsPage: true,
  findingsCount: true,
  currentFindings: true,
  datedFindings: true,
  staleDelegatedAdmins: true,
};
export const QUERY_NAMES = Object.keys(QUERY_NAME_SET) as QueryName[];

export const QUERIES_DIR = path.join(PROJECT_ROOT, "cypher", "queries");
export const SCHEMA_DIR = path.join(PROJECT_ROOT, "cypher", "schema");

export type QueryRegistry = ReadonlyMap<QueryName, string>;

/**
 * What a PARTNER principal may see (README, "Security"), as Cypher predicates over `$scope` (the
 * partner's id, or null for everyone else). Query files write `{{visibleCustomer(c)}}` and the
 * registry expands it here at load time, so each rule of visibility is written once and every
 * read enforces it in the database, never by filtering results afterwards.
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
    `EXISTS { (${tenant})<-[e${u}:RESELLS_FOR|SERVES_WORKLOAD|PROVISIONS]-(p${u}:Partner) ` +
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
 * One branch of customersOfPartners: the first $limit distinct customers after the keyset
 * position ($afterName, $afterId) that the partner `key` serves through edges of `type` (one
 * of the serving types), visible to $scope, in (name, id) order, as rows of name, id, cloud and
 * country. The type's *_by_customer index yields them in that order with their records, so the
 * branch stops after $limit and reads no Customer node. Written once here because a range index
 * and its USING INDEX hint name one relationship type: the query repeats the branch per type.
 */
function servedCustomersInOrder([type, key]: string[]): string {
  // Each branch of a UNION is a scope of its own: the same names in every branch.
  return [
    `MATCH (p)-[e:${type}]->()`,
    `USING INDEX e:${type}(partnerId, customerName, customerId, customerCloud, customerCountry)`,
    `WHERE e.partnerId = ${key} AND e.customerName >= coalesce($afterName, '')`,
    "AND e.customerId IS NOT NULL AND e.customerCloud IS NOT NULL AND e.customerCountry IS NOT NULL",
    "WITH p, e ORDER BY e.partnerId, e.customerName, e.customerId",
    `WHERE coalesce(e.state, 'ACTIVE') <> 'REMOVED' AND ${visibleEdge(["e", "p"])}`,
    "WITH DISTINCT e.customerName AS name, e.customerId AS id, e.customerCloud AS cloud, e.customerCountry AS country",
    "WHERE $afterName IS NULL OR name > $afterName OR (name = $afterName AND id > $afterId)",
    "RETURN name, id, cloud, country LIMIT $limit",
  ].join("\n");
}

/**
 * Every `{{name(args)}}` a query file may use: the scope predicates, the edge tagging, and the
 * per-type branch of a partner's customers.
 */
const MACROS: Record<string, (args: string[], unique: string) => string> = {
  ...SCOPE_PREDICATES,
  tagServingEdge,
  servedCustomersInOrder,
};

/** Expands `{{macro(args)}}`; an unknown macro fails naming the query file. */
export function expandMacros(text: string, file: string): string {
  let count = 0;
  return text.replace(/\{\{(\w+)\(([^)]*)\)\}\}/g, (_whole, name: string, args: string) => {
    const macro = MACROS[name];
    if (macro === undefined) throw new Error(`Unknown macro {{${name}}} in ${file}`);
    count += 1;
    return macro(
      args.split(",").map((arg) => arg.trim()),
      `_scope${count}`,
    );
  });
}

/** Reads every query file once; fails naming the first one that is missing or empty. */
export function loadQueryRegistry(dir: string = QUERIES_DIR): QueryRegistry {
  const registry = new Map<QueryName, string>();
  for (const name of QUERY_NAMES) {
    const file = path.join(dir, `${name}.cypher`);
    if (!fs.existsSync(file)) throw new Error(`Cypher query file missing: ${file}`);
    const text = fs.readFileSync(file, "utf8").trim();
    if (text === "") throw new Error(`Cypher query file is empty: ${file}`);
    registry.set(name, compactStatement(name, expandMacros(text, file)));
  }
  return registry;
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
