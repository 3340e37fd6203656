import { Billing, Channel, EdgeType, RelationshipState } from "../domain";
import type { EdgeRecord, TenantRecord, Workload, WorkloadRole } from "../domain";
import type { Random } from "./random";
import { RELATIONSHIP_YEARS, TERM_END_YEARS, dateBetween, monthEndBetween } from "./world";
import type { WorldPartner } from "./world";

/** What one customer tenant has so far: enough to add valid edges, or break one on purpose. */
export interface TenantState {
  tenant: TenantRecord;
  /** Every RESELLS_FOR into the tenant, of any state, by partner id. */
  relationships: Map<string, EdgeRecord>;
  /** SERVES_WORKLOAD written so far: partner id → workloads. */
  workloads: Map<string, Set<Workload>>;
  /** Licence-based subscriptions provisioned in the tenant, and by whom. */
  licences: { from: string; subscriptionId: string; workload: Workload; termEnd: string }[];
  /** The indirect chains serving the tenant: a reseller and the provider it names in `via`. */
  resellerChains: { reseller: WorldPartner; provider: WorldPartner }[];
  /** GDAP relationships into the tenant (src/generate/gdap.ts adds them after the rest). */
  delegatedAdmins: EdgeRecord[];
}

export interface Purchase {
  workload: Workload;
  billing: Billing;
  channel?: Channel;
  resellerOfRecord?: WorldPartner;
  via?: WorldPartner;
}

/**
 * Appends one tenant's edges to `out`, in an order the CSP rules accept, and keeps its
 * TenantState. Each method skips what would repeat an edge (DUPLICATE), so callers need not.
 */
export class TenantEdges {
  readonly state: TenantState;

  constructor(
    tenant: TenantRecord,
    private readonly out: EdgeRecord[],
    private readonly random: Random,
    private readonly nextSubscriptionId: () => string,
  ) {
    this.state = {
      tenant,
      relationships: new Map(),
      workloads: new Map(),
      licences: [],
      resellerChains: [],
      delegatedAdmins: [],
    };
  }

  holdsRelationship(partner: WorldPartner): boolean {
    return this.state.relationships.has(partner.record.id);
  }

  resellsFor(
    partner: WorldPartner,
    via?: WorldPartner,
    state: RelationshipState = RelationshipState.ACTIVE,
  ): void {
    if (this.holdsRelationship(partner)) return;
    const edge: EdgeRecord = {
      type: EdgeType.RESELLS_FOR,
      from: partner.record.id,
      to: this.state.tenant.id,
      state,
      since: dateBetween(this.random, ...RELATIONSHIP_YEARS),
    };
    if (via !== undefined) {
      edge.via = via.record.id;
      this.state.resellerChains.push({ reseller: partner, provider: via });
    }
    this.state.relationships.set(partner.record.id, edge);
    this.out.push(edge);
  }

  serves(partner: WorldPartner, workload: Workload, role: WorkloadRole, via?: WorldPartner): void {
    const served = this.state.workloads.get(partner.record.id) ?? new Set<Workload>();
    if (served.has(workload)) return;
    served.add(workload);
    this.state.workloads.set(partner.record.id, served);
    const edge: EdgeRecord = {
      type: EdgeType.SERVES_WORKLOAD,
      from: partner.record.id,
      to: this.state.tenant.id,
      workload,
      role,
    };
    if (via !== undefined) edge.via = via.record.id;
    this.out.push(edge);
  }

  provisions(partner: WorldPartner, purchase: Purchase): void {
    const subscriptionId = this.nextSubscriptionId();
    const edge: EdgeRecord = {
      type: EdgeType.PROVISIONS,
      from: partner.record.id,
      to: this.state.tenant.id,
      subscriptionId,
      workload: purchase.workload,
      billing: purchase.billing,
      channel: purchase.channel ?? Channel.CSP,
    };
    if (purchase.billing === Billing.LICENSE) {
      const termEnd = monthEndBetween(this.random, ...TERM_END_YEARS);
      edge.termEnd = termEnd;
      this.state.licences.push({
        from: partner.record.id,
        subscriptionId,
        workload: purchase.workload,
        termEnd,
      });
    }
    if (purchase.resellerOfRecord !== undefined) {
      edge.resellerOfRecord = purchase.resellerOfRecord.record.id;
    }
    if (purchase.via !== undefined) edge.via = purchase.via.record.id;
    this.out.push(edge);
  }
}
