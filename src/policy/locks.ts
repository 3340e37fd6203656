import { EdgeType } from "../domain";

/**
 * What a write on one edge locks before its decision reads the graph: nodes by id (a tenant) and
 * named keys (a SUPPLIES pair, a subscription) that stand for things that may not exist yet.
 *
 * Only write skew needs a lock: two writers that each read what the other writes, such as two
 * creators of one edge who both see none, or two partners who both see a subscription unheld.
 * A writer whose read another writer only invalidates (a removal of the SUPPLIES a reseller's
 * edge leans on) serialises anyway, as "create, then remove": removals never cascade and the
 * audit then shows what lost its basis. Node properties (roles, clouds, markets) are read, never
 * written, by edge writes, so an edge judged on a partner's old properties is the same history
 * as the edge first and the partner's change after. Hence no write locks the partner itself:
 * writers on one busy provider run side by side unless they meet on a tenant, pair or subscription.
 */
export interface LockSet {
  /** Partners, customers and tenants, by id. */
  nodes: readonly string[];
  /** Named keys (lockKeys below), each a node of its own in Neo4j, made on first use. */
  keys: readonly string[];
}

/** The key names; an edge type that needs another kind of key adds it here. */
export const lockKeys = {
  /** Every SUPPLIES between one provider and one reseller (DUPLICATE). */
  supplies: (provider: string, reseller: string): string => `SUPPLIES:${provider}>${reseller}`,
  /** Every PROVISIONS of one subscription id, in any tenant (LICENSE_TERM_LOCK, SUBSCRIPTION_TENANT). */
  subscription: (subscriptionId: string): string => `SUBSCRIPTION:${subscriptionId}`,
  /** One GDAP relationship id, whatever its ends (DUPLICATE keyed by relationshipId). */
  gdapRelationship: (relationshipId: string): string => `GDAP:${relationshipId}`,
  /** One partner's GDAP relationships of one display name, in any tenant (GDAP_UNIQUE_NAME). */
  gdapName: (partner: string, displayName: string): string => `GDAP_NAME:${partner}>${displayName}`,
};

/** The fields of an edge (or of the key naming a stored one) that its locks depend on. */
export interface LockedEdge {
  type: EdgeType;
  from: string;
  to: string;
  subscriptionId?: string | null;
  relationshipId?: string | null;
  displayName?: string | null;
}

/**
 * Per edge type, what a decision on one new edge reads that a concurrent writer could also
 * write. A new edge type declares its entry here (the compiler asks for it).
 */
const EDGE_LOCKS: { [T in EdgeType]: (edge: LockedEdge) => LockSet } = {
  // DUPLICATE: the pair. RESELLER_AGREEMENT, TIER_ROLES and the rest read node properties only.
  [EdgeType.SUPPLIES]: (edge) => ({ nodes: [], keys: [lockKeys.supplies(edge.from, edge.to)] }),
  // The tenant: DUPLICATE and WORKLOAD_OVERLAP read the tenant's other edges, and the edge copies
  // the record of the tenant's owner (tagServingEdge), which upsertTenant and upsertCustomer
  // rewrite under the same tenant lock.
  [EdgeType.RESELLS_FOR]: (edge) => ({ nodes: [edge.to], keys: [] }),
  [EdgeType.SERVES_WORKLOAD]: (edge) => ({ nodes: [edge.to], keys: [] }),
  // The tenant, and the subscription wherever it is held: LICENSE_TERM_LOCK and
  // SUBSCRIPTION_TENANT read the subscription's holders in other tenants, which the tenant lock
  // alone does not cover.
  [EdgeType.PROVISIONS]: (edge) => ({
    nodes: [edge.to],
    keys: edge.subscriptionId ? [lockKeys.subscription(edge.subscriptionId)] : [],
  }),
  // The tenant (GDAP_WITHOUT_RESELLER reads its RESELLS_FOR), the relationship id (DUPLICATE
  // looks it up between any ends) and the partner's display name (GDAP_UNIQUE_NAME reads the
  // partner's relationships in every tenant).
  [EdgeType.DELEGATED_ADMIN]: (edge) => ({
    nodes: [edge.to],
    keys: [
      ...(edge.relationshipId ? [lockKeys.gdapRelationship(edge.relationshipId)] : []),
      ...(edge.displayName ? [lockKeys.gdapName(edge.from, edge.displayName)] : []),
    ],
  }),
};

/** What a createEdge or removeEdge of this edge locks. */
export function edgeLocks(edge: LockedEdge): LockSet {
  return EDGE_LOCKS[edge.type](edge);
}
