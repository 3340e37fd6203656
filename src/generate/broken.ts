import {
  Billing,
  Channel,
  Cloud,
  EdgeType,
  GLOBAL_ADMINISTRATOR,
  GdapStatus,
  PartnerRole,
  RelationshipState,
  Workload,
  WorkloadRole,
  addDays,
} from "../domain";
import type { EdgeRecord, TenantRecord } from "../domain";
import { UnreachableCaseError } from "../unreachable";
import type { Random } from "./random";
import type { TenantState } from "./tenant-edges";
import { RELATIONSHIP_YEARS, SERIAL, SUPPLIES_YEARS, dateBetween, guid } from "./world";
import type { World, WorldPartner } from "./world";

/**
 * The ERROR rules of DOMAIN.md's policy table, in its order: the ones --invalid-rate breaks.
 * WORKLOAD_OVERLAP is only a warning (an overlapping edge is written), and valid output has
 * overlaps already, so there is nothing to break. GDAP_EXPIRED is audit-only: it never refuses
 * a row.
 */
export const BREAKABLE_RULES = [
  "SAME_CLOUD",
  "NO_SELF_DEALING",
  "TIER_ROLES",
  "RESELLER_AGREEMENT",
  "IN_MARKET",
  "NO_PARTNER_RESALE",
  "RESELLER_NEEDS_PROVIDER",
  "NEEDS_RELATIONSHIP",
  "TRANSACTING_ROLE",
  "RESELLER_OF_RECORD",
  "LICENSE_TERM_LOCK",
  "SUBSCRIPTION_TENANT",
  "DUPLICATE",
  "GDAP_DURATION",
  "GDAP_GLOBAL_ADMIN_AUTO_EXTEND",
  "GDAP_UNIQUE_NAME",
] as const;

export type BreakableRule = (typeof BREAKABLE_RULES)[number];

export interface BrokenEdge {
  rule: BreakableRule;
  edge: EdgeRecord;
}

/** How many random draws to spend looking for a partner that fits before giving up. */
const ATTEMPTS = 8;

const isTransacting = (partner: WorldPartner): boolean =>
  partner.record.role !== PartnerRole.INDIRECT_RESELLER;

/**
 * Crafts edges that each break exactly one CSP rule, judged against the valid edges before
 * them, and nothing else (so an importer's per-rule counts match the generator's). Rules take
 * turns: each edge goes to the least-broken rule that the current customer allows, which is
 * round-robin whenever every rule can be broken.
 */
export class Breaker {
  private readonly counts = new Map<BreakableRule, number>(
    BREAKABLE_RULES.map((rule) => [rule, 0]),
  );
  private serial = 0;
  /** A licence of an earlier customer's tenant: SUBSCRIPTION_TENANT provisions it elsewhere. */
  private earlierLicence: { tenantId: string; subscriptionId: string } | null = null;
  /** Transacting partners with a CORPORATE tenant of their own. */
  private readonly selfDealers: readonly WorldPartner[];
  private readonly unsignedByCloud = new Map<Cloud, readonly WorldPartner[]>();

  constructor(private readonly world: World) {
    this.selfDealers = world.partners.filter(
      (partner) => isTransacting(partner) && partner.corporateTenant !== null,
    );
  }

  /** One broken edge using this customer's tenants, or null when no rule can be broken here. */
  next(tenants: readonly TenantState[], random: Random): BrokenEdge | null {
    const count = (rule: BreakableRule): number => this.counts.get(rule) ?? 0;
    const order = [...BREAKABLE_RULES].sort((a, b) => count(a) - count(b));
    try {
      for (const rule of order) {
        const edge = this.craft(rule, tenants, random);
        if (edge !== null) {
          this.counts.set(rule, count(rule) + 1);
          return { rule, edge };
        }
      }
      return null;
    } finally {
      // Remembered after crafting, so it always comes from an earlier customer's tenant.
      for (const state of tenants) {
        const [licence] = state.licences;
        if (licence !== undefined) {
          this.earlierLicence = {
            tenantId: state.tenant.id,
            subscriptionId: licence.subscriptionId,
          };
        }
      }
    }
  }

  private craft(
    rule: BreakableRule,
    tenants: readonly TenantState[],
    random: Random,
  ): EdgeRecord | null {
    // Tried from a random tenant on, so that a customer's later tenants get their share.
    const start = random.int(0, Math.max(0, tenants.length - 1));
    for (let k = 0; k < tenants.length; k += 1) {
      const state = tenants[(start + k) % tenants.length];
      if (state === undefined) continue;
      const edge = this.craftFor(rule, state, random);
      if (edge !== null) return edge;
    }
    return null;
  }

  private craftFor(rule: BreakableRule, state: TenantState, random: Random): EdgeRecord | null {
    const { tenant } = state;
    switch (rule) {
      case "SAME_CLOUD": {
        // A direct-bill partner of another cloud that sells in the tenant's country.
        const others = Object.values(Cloud).filter((cloud) => cloud !== tenant.cloud);
        for (const cloud of others) {
          const partner = this.world.directsFor(cloud, tenant.country)?.pick(random);
          if (partner !== undefined) return this.resellsFor(partner, tenant, random);
        }
        return null;
      }
      case "NO_SELF_DEALING": {
        // A transacting partner reselling to its own CORPORATE tenant: a CORPORATE tenant may
        // buy, so the ownership is all that is wrong.
        if (this.selfDealers.length === 0) return null;
        const partner = random.pick(this.selfDealers);
        if (partner.corporateTenant === null) return null;
        return this.resellsFor(partner, partner.corporateTenant, random);
      }
      case "TIER_ROLES": {
        // A direct-bill partner "supplying" a reseller it could sell to: only the roles are wrong.
        const reseller =
          state.resellerChains[0]?.reseller ??
          this.attempt(() => this.signedReseller(tenant.cloud, random));
        if (reseller === undefined) return null;
        const direct = this.world.directsFor(reseller.record.cloud, reseller.record.country);
        const partner = direct?.pick(random);
        if (partner === undefined) return null;
        return this.supplies(partner, reseller, RelationshipState.PENDING, random);
      }
      case "RESELLER_AGREEMENT": {
        // An ACTIVE SUPPLIES to a reseller that has not signed, from a provider not yet its own.
        const unsigned = this.unsigned(tenant.cloud);
        if (unsigned.length === 0) return null;
        const reseller = random.pick(unsigned);
        const providers = this.world
          .partnersIn(tenant.cloud, PartnerRole.INDIRECT_PROVIDER)
          .filter(
            (provider) =>
              provider.record.markets.includes(reseller.record.country) &&
              !reseller.suppliers.has(provider.record.id),
          );
        if (providers.length === 0) return null;
        return this.supplies(random.pick(providers), reseller, RelationshipState.ACTIVE, random);
      }
      case "IN_MARKET": {
        const directs = this.world.partnersIn(tenant.cloud, PartnerRole.DIRECT_BILL);
        const partner = this.attempt(() => {
          const candidate = random.pick(directs);
          return candidate.record.markets.includes(tenant.country) ? undefined : candidate;
        });
        return partner === undefined ? null : this.resellsFor(partner, tenant, random);
      }
      case "NO_PARTNER_RESALE": {
        // A direct-bill partner reselling to another partner's CSP tenant in one of its markets.
        const directs = this.world.partnersIn(tenant.cloud, PartnerRole.DIRECT_BILL);
        if (directs.length === 0) return null;
        const partner = random.pick(directs);
        const market = random.pick(partner.record.markets);
        const there = this.world.partnersAt(tenant.cloud, market);
        const other = this.attempt(() => {
          const candidate = there.length > 0 ? random.pick(there) : undefined;
          return candidate === partner ? undefined : candidate;
        });
        return other === undefined ? null : this.resellsFor(partner, other.cspTenant, random);
      }
      case "RESELLER_NEEDS_PROVIDER": {
        // The tenant's own reseller serving a new workload, naming a provider that does not
        // actively supply it (or none, when every provider of its cloud does).
        const chain = state.resellerChains[0];
        if (chain === undefined) return null;
        const { reseller } = chain;
        const served = state.workloads.get(reseller.record.id);
        const workloads = Object.values(Workload).filter((workload) => !served?.has(workload));
        if (workloads.length === 0) return null;
        const providers = this.world.partnersIn(tenant.cloud, PartnerRole.INDIRECT_PROVIDER);
        const via = this.attempt(() => {
          const candidate = random.pick(providers);
          return reseller.activeSuppliers.includes(candidate) ? undefined : candidate;
        });
        const edge: EdgeRecord = {
          type: EdgeType.SERVES_WORKLOAD,
          from: reseller.record.id,
          to: tenant.id,
          workload: random.pick(workloads),
          role: WorkloadRole.SUPPORT,
        };
        if (via !== undefined) edge.via = via.record.id;
        return edge;
      }
      case "NEEDS_RELATIONSHIP": {
        // A direct-bill partner that could sell here serving a workload without a relationship.
        const directs = this.world.directsFor(tenant.cloud, tenant.country);
        const partner = this.attempt(() => {
          const candidate = directs?.pick(random);
          return candidate === undefined || state.relationships.has(candidate.record.id)
            ? undefined
            : candidate;
        });
        if (partner === undefined) return null;
        return {
          type: EdgeType.SERVES_WORKLOAD,
          from: partner.record.id,
          to: tenant.id,
          workload: Workload.AZURE,
          role: WorkloadRole.MANAGE,
        };
      }
      case "TRANSACTING_ROLE": {
        // The reseller placing a CSP order itself, properly naming its provider.
        const chain = state.resellerChains[0];
        if (chain === undefined) return null;
        return this.provisions(chain.reseller, tenant, random, { via: chain.provider });
      }
      case "RESELLER_OF_RECORD": {
        // A transacting partner naming a reseller it does not actively supply.
        const partner = this.relatedTransacting(state).at(0);
        if (partner === undefined) return null;
        const named = this.attempt(() => {
          const candidate = this.signedReseller(tenant.cloud, random);
          return candidate === undefined || partner.activelySupplies.has(candidate.record.id)
            ? undefined
            : candidate;
        });
        if (named === undefined) return null;
        return this.provisions(partner, tenant, random, { resellerOfRecord: named });
      }
      case "LICENSE_TERM_LOCK": {
        // Another transacting partner of the tenant taking over a licence before its term ends.
        // The latest-ending licence first: the rule compares with today, so this keeps the
        // edge refused for longest (until 2027-2029; see TERM_END_YEARS).
        const latestFirst = [...state.licences].sort((a, b) => b.termEnd.localeCompare(a.termEnd));
        for (const licence of latestFirst) {
          const taker = this.relatedTransacting(state).find(
            (partner) => partner.record.id !== licence.from,
          );
          if (taker === undefined) continue;
          return {
            type: EdgeType.PROVISIONS,
            from: taker.record.id,
            to: tenant.id,
            subscriptionId: licence.subscriptionId,
            workload: licence.workload,
            billing: Billing.LICENSE,
            channel: Channel.CSP,
            termEnd: licence.termEnd,
          };
        }
        return null;
      }
      case "SUBSCRIPTION_TENANT": {
        // A transacting partner of this tenant provisioning, usage-based, the id of a licence
        // that lives in an earlier customer's tenant.
        const earlier = this.earlierLicence;
        const [partner] = this.relatedTransacting(state);
        if (earlier === null || earlier.tenantId === tenant.id || partner === undefined)
          return null;
        return {
          ...this.provisions(partner, tenant, random, {}),
          subscriptionId: earlier.subscriptionId,
        };
      }
      case "DUPLICATE": {
        const [first] = state.relationships.values();
        return first === undefined ? null : { ...first };
      }
      case "GDAP_DURATION": {
        // 731 days: one more than a GDAP relationship may run; nothing else is wrong.
        const partners = this.relatedTransacting(state);
        if (partners.length === 0) return null;
        return this.delegatedAdmin(random.pick(partners), tenant, random, 731, false);
      }
      case "GDAP_GLOBAL_ADMIN_AUTO_EXTEND": {
        const partner = this.relatedTransacting(state)[0];
        return partner === undefined
          ? null
          : this.delegatedAdmin(partner, tenant, random, 365, true);
      }
      case "GDAP_UNIQUE_NAME": {
        // A second relationship under the name of one the partner holds (not TERMINATED), with
        // a new id: the same partner, tenant, roles and dates, so only the name is wrong.
        const named = state.delegatedAdmins.find((edge) => edge.status !== GdapStatus.TERMINATED);
        if (named === undefined) return null;
        const copy: EdgeRecord = {
          ...named,
          roles: [...(named.roles ?? [])],
          relationshipId: guid(random, SERIAL.brokenSubscription + this.serial),
        };
        this.serial += 1;
        return copy;
      }
      default:
        throw new UnreachableCaseError(rule);
    }
  }

  /** The first value `draw` returns within a few tries, or undefined. */
  private attempt<T>(draw: () => T | undefined): T | undefined {
    for (let k = 0; k < ATTEMPTS; k += 1) {
      const found = draw();
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /** Resellers of a cloud that have not signed the partner agreement. */
  private unsigned(cloud: Cloud): readonly WorldPartner[] {
    let found = this.unsignedByCloud.get(cloud);
    if (found === undefined) {
      found = this.world
        .partnersIn(cloud, PartnerRole.INDIRECT_RESELLER)
        .filter((reseller) => !reseller.record.mpaSigned);
      this.unsignedByCloud.set(cloud, found);
    }
    return found;
  }

  private signedReseller(cloud: Cloud, random: Random): WorldPartner | undefined {
    const resellers = this.world.partnersIn(cloud, PartnerRole.INDIRECT_RESELLER);
    if (resellers.length === 0) return undefined;
    const candidate = random.pick(resellers);
    return candidate.record.mpaSigned ? candidate : undefined;
  }

  /** Direct-bill partners and providers holding an ACTIVE RESELLS_FOR to the tenant. */
  private relatedTransacting(state: TenantState): WorldPartner[] {
    const found: WorldPartner[] = [];
    for (const [id, edge] of state.relationships) {
      const partner = this.world.byId.get(id);
      if (partner === undefined || !isTransacting(partner)) continue;
      if (edge.state === RelationshipState.ACTIVE) found.push(partner);
    }
    return found;
  }

  private resellsFor(partner: WorldPartner, tenant: TenantRecord, random: Random): EdgeRecord {
    return {
      type: EdgeType.RESELLS_FOR,
      from: partner.record.id,
      to: tenant.id,
      state: RelationshipState.ACTIVE,
      since: dateBetween(random, ...RELATIONSHIP_YEARS),
    };
  }

  private supplies(
    provider: WorldPartner,
    reseller: WorldPartner,
    state: RelationshipState,
    random: Random,
  ): EdgeRecord {
    return {
      type: EdgeType.SUPPLIES,
      from: provider.record.id,
      to: reseller.record.id,
      state,
      since: dateBetween(random, ...SUPPLIES_YEARS),
    };
  }

  /**
   * A GDAP relationship of `days` from a partner reselling to the tenant (so no warning), with a
   * new id and name; with `globalAdminAutoExtend`, Global Administrator and autoExtend together.
   */
  private delegatedAdmin(
    partner: WorldPartner,
    tenant: TenantRecord,
    random: Random,
    days: number,
    globalAdminAutoExtend: boolean,
  ): EdgeRecord {
    const since = "2026-01-01";
    const edge: EdgeRecord = {
      type: EdgeType.DELEGATED_ADMIN,
      from: partner.record.id,
      to: tenant.id,
      // Relationship ids are a namespace of their own; this serial range is the broken rows'.
      relationshipId: guid(random, SERIAL.brokenSubscription + this.serial),
      displayName: `Broken GDAP ${this.serial}`,
      status: GdapStatus.ACTIVE,
      roles: globalAdminAutoExtend
        ? [GLOBAL_ADMINISTRATOR]
        : ["729827e3-9c14-49f7-bb1b-9608f156bbb8"],
      since,
      endsOn: addDays(since, days),
      autoExtend: globalAdminAutoExtend,
    };
    this.serial += 1;
    return edge;
  }

  /** A new usage-based Azure subscription (so LICENSE_TERM_LOCK cannot be what it breaks). */
  private provisions(
    partner: WorldPartner,
    tenant: TenantRecord,
    random: Random,
    extra: { via?: WorldPartner; resellerOfRecord?: WorldPartner },
  ): EdgeRecord {
    const edge: EdgeRecord = {
      type: EdgeType.PROVISIONS,
      from: partner.record.id,
      to: tenant.id,
      subscriptionId: guid(random, SERIAL.brokenSubscription + this.serial),
      workload: Workload.AZURE,
      billing: Billing.USAGE,
      channel: Channel.CSP,
    };
    this.serial += 1;
    if (extra.via !== undefined) edge.via = extra.via.record.id;
    if (extra.resellerOfRecord !== undefined) {
      edge.resellerOfRecord = extra.resellerOfRecord.record.id;
    }
    return edge;
  }
}
