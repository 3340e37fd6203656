import type {
  CustomerRecord,
  EdgeRecord,
  PartnerRecord,
  RelationshipState,
  TenantRecord,
} from "../domain";

/** One stored PROVISIONS of a subscription id: who holds it, in which tenant, and on what terms. */
export interface SubscriptionHolder {
  partnerId: string;
  tenantId: string;
  billing: string | null;
  termEnd: string | null;
}

/**
 * Everything the CSP rules need to judge one edge, gathered from the graph (by Cypher in src/db)
 * or from an import document. The rules (src/policy/rules.ts) read only this: no I/O.
 *
 * "Others" never include the edge being judged itself, so the same facts serve a new edge
 * (createEdge, validateEdge, import) and a stored one (the audit).
 */
export interface EdgeFacts {
  /** The edge, with defaults applied (see normalizeEdge). */
  edge: EdgeRecord;
  /** The partner the edge starts at; null when it does not exist. */
  from: PartnerRecord | null;
  /** SUPPLIES: the reseller partner; null otherwise or when it does not exist. */
  toPartner: PartnerRecord | null;
  /** Partner → tenant edges: the tenant, with its owner's id; null otherwise or when missing. */
  toTenant: TenantRecord | null;
  /** The tenant's owner, when it is a customer (for messages). */
  toTenantCustomer: CustomerRecord | null;
  /** The partner named in `via`, if any and if it exists. */
  via: PartnerRecord | null;
  /** State of SUPPLIES from `via` to `from`, or null when there is none. */
  viaSuppliesState: RelationshipState | null;
  /** The partner named in `resellerOfRecord`, if any and if it exists. */
  resellerOfRecord: PartnerRecord | null;
  /** State of SUPPLIES from `from` to the reseller of record, or null when there is none. */
  resellerOfRecordSuppliesState: RelationshipState | null;
  /** State of a RESELLS_FOR from `from` to the same tenant, or null when there is none. */
  relationshipState: RelationshipState | null;
  /**
   * Whether the same edge (type, ends, and workload or subscriptionId) is already stored; for
   * DELEGATED_ADMIN, a relationship with the same relationshipId (between any ends).
   */
  duplicate: boolean;
  /** SERVES_WORKLOAD: ids of other partners already serving this workload for this tenant. */
  otherWorkloadPartners: string[];
  /**
   * PROVISIONS: every stored PROVISIONS of the same subscriptionId, in any tenant and by any
   * partner (the edge being judged among them, in the audit): LICENSE_TERM_LOCK reads other
   * partners' in the edge's own tenant, SUBSCRIPTION_TENANT any in another tenant.
   */
  subscriptionHolders: SubscriptionHolder[];
  /**
   * Whether the caller may see the tenant the edge goes to (always true for ADMIN, ANALYST and
   * the import): messages about a tenant outside a PARTNER's scope name none of its properties.
   */
  toTenantInScope: boolean;
  /**
   * DELEGATED_ADMIN: relationshipIds of the same partner's other relationships that are not
   * TERMINATED and carry the same displayName (GDAP_UNIQUE_NAME).
   */
  sameNameRelationships: string[];
  /** Today's date, `YYYY-MM-DD` (for termEnd comparisons); passed in, so rules stay pure. */
  today: string;
}

/** The facts of an edge about which nothing else is known: what rules reading only the edge and the date need. */
export function emptyFacts(edge: EdgeRecord, today: string): EdgeFacts {
  return {
    edge,
    from: null,
    toPartner: null,
    toTenant: null,
    toTenantCustomer: null,
    via: null,
    viaSuppliesState: null,
    resellerOfRecord: null,
    resellerOfRecordSuppliesState: null,
    relationshipState: null,
    duplicate: false,
    otherWorkloadPartners: [],
    subscriptionHolders: [],
    toTenantInScope: true,
    sameNameRelationships: [],
    today,
  };
}
