import type { EdgeFactsRow } from "../db/queries";
import type {
  CustomerRecord,
  EdgeRecord,
  PartnerRecord,
  RelationshipState,
  TenantRecord,
} from "../domain";
import { EdgeType, GdapStatus } from "../domain";
import { UnreachableCaseError } from "../unreachable";
import { edgeState } from "../policy/edge-input";
import type { EdgeFacts } from "../policy/facts";

/**
 * The key DUPLICATE compares: type, ends, and workload or subscriptionId where they apply; a
 * GDAP relationship's Graph id alone (it is unique whatever the ends).
 */
export function edgeIdentity(edge: EdgeRecord): string {
  if (edge.type === EdgeType.DELEGATED_ADMIN) return `${edge.type}|${edge.relationshipId ?? ""}`;
  const detail =
    edge.type === EdgeType.SERVES_WORKLOAD
      ? (edge.workload ?? "")
      : edge.type === EdgeType.PROVISIONS
        ? (edge.subscriptionId ?? "")
        : "";
  return `${edge.type}|${edge.from}|${edge.to}|${detail}`;
}

type Holder = EdgeFacts["subscriptionHolders"][number];

/**
 * The facts an import's edge is judged on: the graph as it was before the import (fetched per
 * batch by edgeFacts.cypher), overlaid with the document's nodes and the edges accepted before
 * it in file order. Pure bookkeeping: the rules stay in src/policy.
 *
 * An edge the graph already holds is not a DUPLICATE here: importing the same file twice must
 * converge (idempotent by keys). A repeat within the document still is one.
 */
export class DocumentFacts {
  private readonly partners = new Map<string, PartnerRecord>();
  private readonly customers = new Map<string, CustomerRecord>();
  private readonly tenants = new Map<string, TenantRecord>();
  private readonly supplies = new Map<string, RelationshipState | undefined>();
  private readonly resellsFor = new Map<string, RelationshipState | undefined>();
  private readonly workloadPartners = new Map<string, Set<string>>();
  private readonly subscriptionHolders = new Map<string, Holder[]>();
  private readonly accepted = new Set<string>();
  /** GDAP relationships accepted so far, by partner: displayName -> relationshipIds not TERMINATED. */
  private readonly gdapNames = new Map<string, Map<string, string[]>>();

  constructor(
    nodes: { partners: PartnerRecord[]; customers: CustomerRecord[]; tenants: TenantRecord[] },
    private readonly today: string,
  ) {
    for (const partner of nodes.partners) this.partners.set(partner.id, partner);
    for (const customer of nodes.customers) this.customers.set(customer.id, customer);
    for (const tenant of nodes.tenants) this.tenants.set(tenant.id, tenant);
  }

  /** The facts for `edge`: the document's view where it has one, else the graph's (`graph`). */
  factsFor(edge: EdgeRecord, graph: EdgeFactsRow | null): EdgeFacts {
    const partner = (
      id: string | undefined,
      fromGraph: PartnerRecord | null | undefined,
    ): PartnerRecord | null =>
      id === undefined ? null : (this.partners.get(id) ?? fromGraph ?? null);
    const isSupplies = edge.type === EdgeType.SUPPLIES;
    const toTenant = isSupplies ? null : (this.tenants.get(edge.to) ?? graph?.toTenant ?? null);
    const owner = toTenant === null ? undefined : this.customers.get(toTenant.ownerId);
    const stateOf = (
      map: Map<string, RelationshipState | undefined>,
      key: string,
      fromGraph: string | null | undefined,
    ) =>
      map.has(key) ? (map.get(key) ?? null) : ((fromGraph ?? null) as RelationshipState | null);

    const workloadKey = `${edge.to}|${edge.workload ?? ""}`;
    const otherWorkloadPartners = new Set(graph?.otherWorkloadPartners ?? []);
    for (const id of this.workloadPartners.get(workloadKey) ?? [])
      if (id !== edge.from) otherWorkloadPartners.add(id);
    // Every holder, as edgeFacts.cypher gives them: the rules pick the partners and tenants.
    const holders = [
      ...(graph?.subscriptionHolders ?? []),
      ...(this.subscriptionHolders.get(edge.subscriptionId ?? "") ?? []),
    ];

    // The graph's relationship of the same Graph id is the same edge when its ends match (a
    // re-import converges); between other ends it is a conflict.
    const holder = graph?.relationshipHolder ?? null;
    const heldElsewhere = holder !== null && (holder.from !== edge.from || holder.to !== edge.to);
    const sameName = new Set(graph?.sameNameRelationships ?? []);
    for (const id of this.gdapNames.get(edge.from)?.get(edge.displayName ?? "") ?? []) {
      if (id !== edge.relationshipId) sameName.add(id);
    }

    return {
      edge,
      from: partner(edge.from, graph?.from),
      toPartner: isSupplies ? partner(edge.to, graph?.toPartner) : null,
      toTenant,
      // The import is an administrator's command: it sees the whole graph.
      toTenantInScope: true,
      toTenantCustomer: owner ?? graph?.toTenantCustomer ?? null,
      via: partner(edge.via, graph?.via),
      viaSuppliesState:
        edge.via === undefined
          ? null
          : stateOf(this.supplies, `${edge.via}|${edge.from}`, graph?.viaSuppliesState),
      resellerOfRecord: partner(edge.resellerOfRecord, graph?.resellerOfRecord),
      resellerOfRecordSuppliesState:
        edge.resellerOfRecord === undefined
          ? null
          : stateOf(
              this.supplies,
              `${edge.from}|${edge.resellerOfRecord}`,
              graph?.resellerOfRecordSuppliesState,
            ),
      relationshipState: isSupplies
        ? null
        : stateOf(this.resellsFor, `${edge.from}|${edge.to}`, graph?.relationshipState),
      duplicate: this.accepted.has(edgeIdentity(edge)) || heldElsewhere,
      otherWorkloadPartners: [...otherWorkloadPartners].sort(),
      subscriptionHolders: holders,
      sameNameRelationships: [...sameName].sort(),
      today: this.today,
    };
  }

  /** Records an accepted edge, so the edges after it in the file see it. */
  accept(edge: EdgeRecord): void {
    this.accepted.add(edgeIdentity(edge));
    switch (edge.type) {
      case EdgeType.SUPPLIES:
        this.supplies.set(`${edge.from}|${edge.to}`, edgeState(edge));
        break;
      case EdgeType.RESELLS_FOR:
        this.resellsFor.set(`${edge.from}|${edge.to}`, edgeState(edge));
        break;
      case EdgeType.SERVES_WORKLOAD: {
        const key = `${edge.to}|${edge.workload ?? ""}`;
        const partners = this.workloadPartners.get(key) ?? new Set<string>();
        partners.add(edge.from);
        this.workloadPartners.set(key, partners);
        break;
      }
      case EdgeType.PROVISIONS: {
        const key = edge.subscriptionId ?? "";
        const holders = this.subscriptionHolders.get(key) ?? [];
        holders.push({
          partnerId: edge.from,
          tenantId: edge.to,
          billing: edge.billing ?? null,
          termEnd: edge.termEnd ?? null,
        });
        this.subscriptionHolders.set(key, holders);
        break;
      }
      case EdgeType.DELEGATED_ADMIN: {
        if (edge.status === GdapStatus.TERMINATED) break;
        const names = this.gdapNames.get(edge.from) ?? new Map<string, string[]>();
        const name = edge.displayName ?? "";
        names.set(name, [...(names.get(name) ?? []), edge.relationshipId ?? ""]);
        this.gdapNames.set(edge.from, names);
        break;
      }
      default:
        throw new UnreachableCaseError(edge.type);
    }
  }
}
