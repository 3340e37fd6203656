import type { EdgeFactsRow } from "../db/queries";
import type {
  CustomerRecord,
  EdgeRecord,
  PartnerRecord,
  RelationshipState,
  TenantRecord,
} from "../domain";
import { EdgeType, GdapStatus } from "../domain";
import { edgeState } from "../policy/edge-input";
import { EDGE_TYPES, edgeIdentity, edgeKeyValue } from "../policy/edge-types";
import type { EdgeFacts, SubscriptionHolder } from "../policy/facts";
import { byCodeUnits } from "../order";

/**
 * The facts an import's edge is judged on: the graph as it was before the import (fetched per
 * batch by edgeFacts.cypher), overlaid with the document's nodes and the edges accepted before
 * it in file order. The same facts edgeFacts.cypher gathers from a graph holding those edges
 * (test/integration/facts-contract.int.test.ts holds the two to each other); the rules stay in
 * src/policy.
 *
 * An edge the graph already holds is not a DUPLICATE here: importing the same file twice must
 * converge (idempotent by keys). A repeat within the document still is one.
 */
export class DocumentFacts {
  private readonly partners = new Map<string, PartnerRecord>();
  private readonly customers = new Map<string, CustomerRecord>();
  private readonly tenants = new Map<string, TenantRecord>();
  /** Identities of the edges accepted so far (edgeIdentity): a repeat is a DUPLICATE. */
  private readonly accepted = new Set<string>();
  /**
   * The edges accepted so far, looked up the ways the facts ask for them: by type and both ends
   * (the latest one: a PENDING RESELLS_FOR made ACTIVE later in the file), by type and the end
   * they go to (a workload's partners), GDAP relationships by partner and name (namesakes), by
   * type and key (a subscription's holders).
   */
  private readonly between = new Map<string, EdgeRecord>();
  private readonly into = new Map<string, EdgeRecord[]>();
  private readonly namesakes = new Map<string, EdgeRecord[]>();
  private readonly byKey = new Map<string, EdgeRecord[]>();

  private readonly detectsRepeats: boolean;

  /**
   * `detectsRepeats: false` when every edge is known to be distinct (the stored graph the full
   * audit reads): the identities it would keep are the largest part of its memory.
   */
  constructor(
    nodes: { partners: PartnerRecord[]; customers: CustomerRecord[]; tenants: TenantRecord[] },
    private readonly today: string,
    options: { detectsRepeats?: boolean } = {},
  ) {
    this.detectsRepeats = options.detectsRepeats ?? true;
    for (const partner of nodes.partners) this.partners.set(partner.id, partner);
    for (const customer of nodes.customers) this.customers.set(customer.id, customer);
    for (const tenant of nodes.tenants) this.tenants.set(tenant.id, tenant);
  }

  /** Records an accepted edge, so the edges after it in the file see it. */
  accept(edge: EdgeRecord): void {
    if (this.detectsRepeats) this.accepted.add(edgeIdentity(edge));
    // Only the lookups the facts make (stateBetween: SUPPLIES and RESELLS_FOR; the workload's
    // other partners; the partner's namesakes; a subscription's holders): a whole graph's edges
    // in every index would double the memory.
    if (edge.type === EdgeType.SUPPLIES || edge.type === EdgeType.RESELLS_FOR) {
      this.between.set(`${edge.type}|${edge.from}|${edge.to}`, edge);
    }
    // In place: a busy provider's lists grow to hundreds of thousands, and a copy per edge
    // made the import quadratic in a partner's edge count.
    const add = (index: Map<string, EdgeRecord[]>, key: string): void => {
      const list = index.get(key);
      if (list === undefined) index.set(key, [edge]);
      else list.push(edge);
    };
    if (edge.type === EdgeType.SERVES_WORKLOAD) add(this.into, `${edge.type}|${edge.to}`);
    // By partner and name: by partner alone, each of a busy partner's 100,000 relationships
    // walked every one before it (the million-customer import spent minutes there).
    if (edge.type === EdgeType.DELEGATED_ADMIN && !absent(edge.displayName)) {
      add(this.namesakes, `${edge.from}|${edge.displayName}`);
    }
    const key = edgeKeyValue(edge);
    if (key !== null && edge.type === EdgeType.PROVISIONS) add(this.byKey, `${edge.type}|${key}`);
  }

  /** The facts for `edge`: the document's view where it has one, else the graph's (`graph`). */
  factsFor(edge: EdgeRecord, graph: EdgeFactsRow | null): EdgeFacts {
    const ends = EDGE_TYPES[edge.type];
    const toTenant =
      ends.to === "Tenant" ? (this.tenants.get(edge.to) ?? graph?.toTenant ?? null) : null;
    // The graph's relationship of the same key is the same edge when its ends match (a
    // re-import converges); between other ends it is a conflict.
    const holder = ends.keyAcrossEnds ? (graph?.relationshipHolder ?? null) : null;
    const heldElsewhere = holder !== null && (holder.from !== edge.from || holder.to !== edge.to);
    return {
      edge,
      from: this.partner(edge.from, graph?.from),
      toPartner: ends.to === "Partner" ? this.partner(edge.to, graph?.toPartner) : null,
      toTenant,
      // The import is an administrator's command: it sees the whole graph.
      toTenantInScope: true,
      toTenantCustomer: this.customerOwning(toTenant, graph),
      via: this.partner(edge.via, graph?.via),
      viaSuppliesState: absent(edge.via)
        ? null
        : this.stateBetween(EdgeType.SUPPLIES, edge.via, edge.from, graph?.viaSuppliesState),
      resellerOfRecord: this.partner(edge.resellerOfRecord, graph?.resellerOfRecord),
      resellerOfRecordSuppliesState: absent(edge.resellerOfRecord)
        ? null
        : this.stateBetween(
            EdgeType.SUPPLIES,
            edge.from,
            edge.resellerOfRecord,
            graph?.resellerOfRecordSuppliesState,
          ),
      relationshipState:
        toTenant === null
          ? null
          : this.stateBetween(EdgeType.RESELLS_FOR, edge.from, edge.to, graph?.relationshipState),
      duplicate: (this.detectsRepeats && this.accepted.has(edgeIdentity(edge))) || heldElsewhere,
      otherWorkloadPartners: this.otherWorkloadPartners(edge, graph),
      subscriptionHolders: this.subscriptionHolders(edge, graph),
      sameNameRelationships: this.sameNameRelationships(edge, graph),
      today: this.today,
    };
  }

  /**
   * The facts of an accepted edge as the audit judges a stored one (storedEdgeFacts.cypher
   * gathers the same from the graph): never its own duplicate, its subscription's holders in
   * the statement's order with itself among them, and none of the facts no stored rule reads
   * (RULE_READS).
   */
  storedFactsFor(edge: EdgeRecord): EdgeFacts {
    const facts = this.factsFor(edge, null);
    return {
      ...facts,
      duplicate: false,
      otherWorkloadPartners: [],
      toTenantCustomer: null,
      // A fresh list per call: sorted in place.
      subscriptionHolders: facts.subscriptionHolders.sort(
        (a, b) => byCodeUnits(a.partnerId, b.partnerId) || byCodeUnits(a.tenantId, b.tenantId),
      ),
    };
  }

  private partner(
    id: string | undefined,
    fromGraph: PartnerRecord | null | undefined,
  ): PartnerRecord | null {
    return absent(id) ? null : (this.partners.get(id) ?? fromGraph ?? null);
  }

  /** The customer owning the tenant, by the document's record when it has one. */
  private customerOwning(
    tenant: TenantRecord | null,
    graph: EdgeFactsRow | null,
  ): CustomerRecord | null {
    if (tenant === null) return null;
    const fromGraph = graph?.toTenantCustomer ?? null;
    return (
      this.customers.get(tenant.ownerId) ??
      (fromGraph !== null && fromGraph.id === tenant.ownerId ? fromGraph : null)
    );
  }

  /** The state of the latest edge of `type` from `from` to `to`: the document's, else the graph's. */
  private stateBetween(
    type: EdgeType,
    from: string,
    to: string,
    fromGraph: string | null | undefined,
  ): RelationshipState | null {
    const accepted = this.between.get(`${type}|${from}|${to}`);
    if (accepted !== undefined) return edgeState(accepted) ?? null;
    return (fromGraph ?? null) as RelationshipState | null;
  }

  /** SERVES_WORKLOAD: other partners serving the same workload for the same tenant, sorted. */
  private otherWorkloadPartners(edge: EdgeRecord, graph: EdgeFactsRow | null): string[] {
    if (edge.type !== EdgeType.SERVES_WORKLOAD) return [];
    const partners = new Set(graph?.otherWorkloadPartners ?? []);
    for (const other of this.into.get(`${edge.type}|${edge.to}`) ?? []) {
      if (other.workload === edge.workload && other.from !== edge.from) partners.add(other.from);
    }
    return [...partners].sort();
  }

  /** PROVISIONS: every holder of the same subscription id, in any tenant, the graph's first. */
  private subscriptionHolders(edge: EdgeRecord, graph: EdgeFactsRow | null): SubscriptionHolder[] {
    if (edge.type !== EdgeType.PROVISIONS || absent(edge.subscriptionId)) return [];
    const accepted = this.byKey.get(`${edge.type}|${edge.subscriptionId}`) ?? [];
    return [
      ...(graph?.subscriptionHolders ?? []),
      ...accepted.map((held) => ({
        partnerId: held.from,
        tenantId: held.to,
        billing: held.billing ?? null,
        termEnd: held.termEnd ?? null,
      })),
    ];
  }

  /** DELEGATED_ADMIN: the partner's other relationships under the same name, not TERMINATED. */
  private sameNameRelationships(edge: EdgeRecord, graph: EdgeFactsRow | null): string[] {
    if (edge.type !== EdgeType.DELEGATED_ADMIN || absent(edge.displayName)) return [];
    const ids = new Set(graph?.sameNameRelationships ?? []);
    for (const other of this.namesakes.get(`${edge.from}|${edge.displayName}`) ?? []) {
      if (
        other.displayName === edge.displayName &&
        other.status !== GdapStatus.TERMINATED &&
        other.relationshipId !== edge.relationshipId &&
        other.relationshipId !== undefined
      ) {
        ids.add(other.relationshipId);
      }
    }
    return [...ids].sort();
  }
}

/** A property left out of a document row, or null from a GraphQL input. */
function absent(value: string | null | undefined): value is null | undefined {
  return value === undefined || value === null;
}
