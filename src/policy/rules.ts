import {
  Billing,
  Channel,
  EdgeType,
  GDAP_MAX_DAYS,
  GdapStatus,
  PartnerRole,
  RelationshipState,
  TenantPurpose,
  daysBetween,
} from "../domain";
import type { Cloud, PartnerRecord } from "../domain";
import { UnreachableCaseError } from "../unreachable";
import { edgeChannel, edgeState, grantsGlobalAdmin } from "./edge-input";
import {
  ALL_EDGE_TYPES,
  EDGE_TYPES,
  SALES_EDGE_TYPES,
  SERVING_EDGE_TYPES as SERVING_EDGES,
  describeEdge,
} from "./edge-types";
import type { EdgeFacts } from "./facts";
import type { OtherPartners } from "./naming";

/** An ERROR refuses the edge; a WARNING is reported and the edge is written. */
export type Severity = "ERROR" | "WARNING";

/** One rule of DOMAIN.md's policy table. */
export interface PolicyRule {
  /** The stable id of DOMAIN.md, also used in POLICY_VIOLATION extensions and the audit. */
  readonly id: string;
  readonly description: string;
  /** Edge types the rule is run on; narrower conditions (a role, a channel) live in `check`. */
  readonly appliesTo: EdgeType[];
  readonly severity: Severity;
  /** The Partner Center page the rule comes from, or "data integrity" / "inferred: …". */
  readonly source: string;
  /**
   * Run by the audit only, never on a write (GDAP_EXPIRED: stale data an import of an old
   * export must keep and show, not refuse).
   */
  readonly auditOnly?: boolean;
  /**
   * Null when the edge passes (or when an end the rule reads is missing: that is NOT_FOUND,
   * reported elsewhere); otherwise a message naming the nodes and what would make it pass.
   */
  check(facts: EdgeFacts, others: OtherPartners): string | null;
}

const ALL_EDGES: readonly EdgeType[] = ALL_EDGE_TYPES;
/** The sales edges: SUPPLIES and the serving edges (a GDAP relationship is no sale). */
const SALES_EDGES: readonly EdgeType[] = SALES_EDGE_TYPES;

/** The far end of an edge, whichever kind of node it is, as the rules that read both kinds see it. */
interface Target {
  label: string;
  cloud: Cloud;
  country: string;
}

function targetOf(facts: EdgeFacts): Target | null {
  const to = EDGE_TYPES[facts.edge.type].to;
  switch (to) {
    case "Partner": {
      const reseller = facts.toPartner;
      return reseller && { label: reseller.id, cloud: reseller.cloud, country: reseller.country };
    }
    case "Tenant": {
      const tenant = facts.toTenant;
      return (
        tenant && { label: `tenant ${tenant.id}`, cloud: tenant.cloud, country: tenant.country }
      );
    }
    default:
      throw new UnreachableCaseError(to);
  }
}

/** DOMAIN.md: a partner's markets default to its own country. */
function marketsOf(partner: PartnerRecord): string[] {
  return partner.markets.length > 0 ? partner.markets : [partner.country];
}

function describeState(state: RelationshipState | null): string {
  return state === null ? "there is none" : `it is ${state}`;
}

const SAME_CLOUD: PolicyRule = {
  id: "SAME_CLOUD",
  description: "Both ends of an edge are in the same national cloud.",
  appliesTo: [...ALL_EDGES],
  severity: "ERROR",
  source: "inferred: separate programs and directories per national cloud",
  check(facts) {
    const { edge, from } = facts;
    const target = targetOf(facts);
    if (from === null || target === null || from.cloud === target.cloud) return null;
    const targetCloud = facts.toTenantInScope ? ` (${target.cloud})` : "";
    return (
      `${from.id} (${from.cloud}) cannot ${edge.type} ${target.label}${targetCloud}: ` +
      "both ends must be in the same cloud"
    );
  },
};

const NO_SELF_DEALING: PolicyRule = {
  id: "NO_SELF_DEALING",
  description:
    "A partner never supplies itself, nor resells to, serves or provisions a tenant it owns " +
    "(of any purpose).",
  appliesTo: [...ALL_EDGES],
  severity: "ERROR",
  source: "csp-supported-partner-relationships",
  check({ edge, toTenant }) {
    if (edge.type === EdgeType.SUPPLIES) {
      if (edge.from !== edge.to) return null;
      return `${edge.from} cannot SUPPLIES itself: a provider supplies a different partner, an indirect reseller`;
    }
    if (toTenant === null || toTenant.ownerId !== edge.from) return null;
    return (
      `${edge.from} cannot ${edge.type} tenant ${toTenant.id}: it owns that tenant ` +
      `(${toTenant.purpose}); only another partner may resell to, serve or provision it`
    );
  },
};

const TIER_ROLES: PolicyRule = {
  id: "TIER_ROLES",
  description:
    "SUPPLIES runs from an INDIRECT_PROVIDER to an INDIRECT_RESELLER, nothing else, so no chain " +
    "is longer than two tiers and no cycle exists.",
  appliesTo: [EdgeType.SUPPLIES],
  severity: "ERROR",
  source: "work-with-other-partners; inferred for the exclusivity",
  check({ from, toPartner }) {
    if (from === null || toPartner === null) return null;
    if (
      from.role === PartnerRole.INDIRECT_PROVIDER &&
      toPartner.role === PartnerRole.INDIRECT_RESELLER
    ) {
      return null;
    }
    return (
      `${from.id} (${from.role}) cannot SUPPLIES ${toPartner.id} (${toPartner.role}): ` +
      "SUPPLIES runs only from an INDIRECT_PROVIDER to an INDIRECT_RESELLER"
    );
  },
};

const RESELLER_AGREEMENT: PolicyRule = {
  id: "RESELLER_AGREEMENT",
  description:
    "An ACTIVE SUPPLIES needs the reseller to have signed the Microsoft Partner Agreement " +
    "(mpaSigned); PENDING is allowed without.",
  appliesTo: [EdgeType.SUPPLIES],
  severity: "ERROR",
  source: "indirect-provider-tasks-in-partner-center",
  check({ edge, toPartner }) {
    if (toPartner === null || toPartner.mpaSigned) return null;
    if (edgeState(edge) !== RelationshipState.ACTIVE) return null;
    return (
      `${toPartner.id} has not signed the Microsoft Partner Agreement (mpaSigned): ` +
      `${edge.from} can SUPPLIES it as PENDING until it signs, and make it ACTIVE after`
    );
  },
};

const IN_MARKET: PolicyRule = {
  id: "IN_MARKET",
  description:
    "SUPPLIES: the reseller's country is in the provider's markets; partner → tenant: the " +
    "tenant's country is in the partner's markets.",
  appliesTo: [...SALES_EDGES],
  severity: "ERROR",
  source: "csp-supported-partner-relationships, regional-authorization-overview",
  check(facts) {
    const { edge, from } = facts;
    const target = targetOf(facts);
    if (from === null || target === null) return null;
    const markets = marketsOf(from);
    if (markets.includes(target.country)) return null;
    const what = edge.type === EdgeType.SUPPLIES ? `reseller ${target.label}` : target.label;
    if (!facts.toTenantInScope) {
      return (
        `${from.id} cannot ${edge.type} ${what}: its country is outside ${from.id}'s markets ` +
        `(${markets.join(", ")}); it must be one of its markets`
      );
    }
    return (
      `${from.id} cannot ${edge.type} ${what} in ${target.country}: it is outside ` +
      `${from.id}'s markets (${markets.join(", ")}); ${target.country} must be one of its markets`
    );
  },
};

const NO_PARTNER_RESALE: PolicyRule = {
  id: "NO_PARTNER_RESALE",
  description:
    "The tenant's purpose is not CSP: no CSP partner resells to another partner's " +
    "CSP-transacting tenant; a CORPORATE tenant may buy.",
  appliesTo: [...SERVING_EDGES],
  severity: "ERROR",
  source: "work-with-other-partners",
  check({ edge, toTenant, toTenantInScope }, others) {
    // A partner's own CSP tenant is NO_SELF_DEALING's case; reporting it twice would only add noise.
    if (
      toTenant === null ||
      toTenant.purpose !== TenantPurpose.CSP ||
      toTenant.ownerId === edge.from
    ) {
      return null;
    }
    if (!toTenantInScope) {
      return (
        `${edge.from} cannot ${edge.type} tenant ${toTenant.id}: CSP partners do not resell to ` +
        "another partner's CSP-transacting tenant; only a CORPORATE (non-CSP) tenant may buy"
      );
    }
    return (
      `${edge.from} cannot ${edge.type} tenant ${toTenant.id}: it is ${others.one(toTenant.ownerId)}'s ` +
      "CSP-transacting tenant, and CSP partners do not resell to other CSP partners; " +
      `only a CORPORATE (non-CSP) tenant of ${others.one(toTenant.ownerId)} may buy`
    );
  },
};

const RESELLER_NEEDS_PROVIDER: PolicyRule = {
  id: "RESELLER_NEEDS_PROVIDER",
  description:
    "An indirect reseller's RESELLS_FOR, SERVES_WORKLOAD or PROVISIONS names in `via` an " +
    "INDIRECT_PROVIDER with an ACTIVE SUPPLIES to that reseller; on any other partner's edge " +
    "`via` is not set.",
  appliesTo: [...SERVING_EDGES, EdgeType.DELEGATED_ADMIN],
  severity: "ERROR",
  source: "indirect-reseller-tasks-in-partner-center",
  check(facts) {
    // On a GDAP relationship `via` is optional (resellerDelegatedAdminRelationship): its own check.
    if (facts.edge.type === EdgeType.DELEGATED_ADMIN) return gdapViaProblem(facts);
    const { edge, from } = facts;
    if (from === null) return null;
    const named = edge.via === undefined || edge.via === null ? "" : edge.via.trim();
    if (from.role !== PartnerRole.INDIRECT_RESELLER) {
      // `via` widens what the named provider sees of the tenant: on an edge that no provider
      // bills, it would show a tenant to a partner that has nothing to do with it.
      if (named === "") return null;
      return (
        `${from.id} is ${from.role}, not an indirect reseller: \`via\` names the provider that ` +
        `bills an indirect reseller's edge; leave it unset on ${from.id}'s edges`
      );
    }
    if (named === "") {
      return `${from.id} is an indirect reseller: name the provider that supplies it in \`via\``;
    }
    return namedProviderProblem(facts);
  },
};

/**
 * The indirect reseller's `via` (set) names an INDIRECT_PROVIDER with an ACTIVE SUPPLIES to it:
 * the check both a serving edge and a GDAP relationship with `via` end in.
 */
function namedProviderProblem({ edge, from, via, viaSuppliesState }: EdgeFacts): string | null {
  if (from === null) return null;
  // `via` is a property, not an end of the edge: an unknown id fails here rather than passing.
  if (via === null) {
    return (
      `${from.id}'s \`via\` names ${edge.via}, which is not a known partner: ` +
      `name the indirect provider that supplies ${from.id}`
    );
  }
  if (via.role !== PartnerRole.INDIRECT_PROVIDER) {
    return (
      `${from.id}'s \`via\` names ${via.id} (${via.role}), not an INDIRECT_PROVIDER: ` +
      `name the indirect provider that supplies ${from.id}`
    );
  }
  if (viaSuppliesState === RelationshipState.ACTIVE) return null;
  return (
    `${via.id} has no ACTIVE SUPPLIES to ${from.id} (${describeState(viaSuppliesState)}): ` +
    `activate it, or name in \`via\` a provider that actively supplies ${from.id}`
  );
}

/**
 * RESELLER_NEEDS_PROVIDER on a DELEGATED_ADMIN: `via` may be left out (a partner's own GDAP
 * relationship); when set, the partner is an indirect reseller and `via` an indirect provider
 * that ACTIVE-supplies it (the provider created the relationship for its reseller).
 */
function gdapViaProblem(facts: EdgeFacts): string | null {
  const { edge, from } = facts;
  if (from === null || edge.via === undefined || edge.via === null) return null;
  if (from.role !== PartnerRole.INDIRECT_RESELLER) {
    return (
      `${from.id} is ${from.role}: \`via\` names the indirect provider that created a GDAP ` +
      `relationship for its indirect reseller, so leave it out on ${from.id}'s own relationship`
    );
  }
  return namedProviderProblem(facts);
}

const NEEDS_RELATIONSHIP: PolicyRule = {
  id: "NEEDS_RELATIONSHIP",
  description:
    "A SERVES_WORKLOAD or PROVISIONS needs the same partner to hold an ACTIVE RESELLS_FOR to " +
    "the same tenant.",
  appliesTo: [EdgeType.SERVES_WORKLOAD, EdgeType.PROVISIONS],
  severity: "ERROR",
  source: "multipartner, multichannel",
  check({ edge, from, toTenant, relationshipState }) {
    if (from === null || toTenant === null) return null;
    if (relationshipState === RelationshipState.ACTIVE) return null;
    return (
      `${from.id} holds no ACTIVE RESELLS_FOR to tenant ${toTenant.id} ` +
      `(${describeState(relationshipState)}): the customer must accept ${from.id} as a reseller ` +
      `before it can ${edge.type} there`
    );
  },
};

const TRANSACTING_ROLE: PolicyRule = {
  id: "TRANSACTING_ROLE",
  description:
    "A PROVISIONS on the CSP channel comes from a DIRECT_BILL partner or an INDIRECT_PROVIDER: " +
    "resellers do not place orders; their provider does and names them.",
  appliesTo: [EdgeType.PROVISIONS],
  severity: "ERROR",
  source: "indirect-provider-tasks-in-partner-center",
  check({ edge, from }) {
    if (from === null || edgeChannel(edge) !== Channel.CSP) return null;
    switch (from.role) {
      case PartnerRole.DIRECT_BILL:
      case PartnerRole.INDIRECT_PROVIDER:
        return null;
      case PartnerRole.INDIRECT_RESELLER:
        return (
          `${from.id} is an indirect reseller and cannot place CSP orders: its provider ` +
          `provisions subscription ${edge.subscriptionId ?? "(none)"} and names ${from.id} ` +
          "as resellerOfRecord"
        );
      default:
        throw new UnreachableCaseError(from.role);
    }
  },
};

const RESELLER_OF_RECORD: PolicyRule = {
  id: "RESELLER_OF_RECORD",
  description:
    "A PROVISIONS with resellerOfRecord names an INDIRECT_RESELLER that this provider " +
    "ACTIVE-SUPPLIES.",
  appliesTo: [EdgeType.PROVISIONS],
  severity: "ERROR",
  source: "indirect-provider-tasks-in-partner-center",
  check({ edge, from, resellerOfRecord, resellerOfRecordSuppliesState }) {
    const named = edge.resellerOfRecord;
    if (from === null || named === undefined || named === null) return null;
    // Like `via`, resellerOfRecord is a property: an unknown id fails rather than passing.
    if (resellerOfRecord === null) {
      return (
        `resellerOfRecord names ${named}, which is not a known partner: ` +
        `name an indirect reseller that ${from.id} supplies`
      );
    }
    if (resellerOfRecord.role !== PartnerRole.INDIRECT_RESELLER) {
      return (
        `resellerOfRecord ${resellerOfRecord.id} is ${resellerOfRecord.role}, not an ` +
        `INDIRECT_RESELLER: name an indirect reseller that ${from.id} supplies`
      );
    }
    if (resellerOfRecordSuppliesState === RelationshipState.ACTIVE) return null;
    return (
      `${from.id} does not actively supply resellerOfRecord ${resellerOfRecord.id} ` +
      `(${describeState(resellerOfRecordSuppliesState)}): activate the SUPPLIES from ` +
      `${from.id} to ${resellerOfRecord.id}, or name a reseller ${from.id} actively supplies`
    );
  },
};

const LICENSE_TERM_LOCK: PolicyRule = {
  id: "LICENSE_TERM_LOCK",
  description:
    "A licence-based subscription already provisioned by another partner in the same tenant " +
    "cannot move to a new partner before its termEnd.",
  appliesTo: [EdgeType.PROVISIONS],
  severity: "ERROR",
  source: "multichannel",
  check({ edge, subscriptionHolders, today, toTenantInScope }, others) {
    // Dates are `YYYY-MM-DD`, so string order is calendar order. A licence without a recorded
    // term end is treated as still running: nothing says it may move yet. Only the edge's own
    // tenant counts: the same id elsewhere is another subscription (SUBSCRIPTION_TENANT's case).
    const locks = subscriptionHolders.filter(
      (holder) =>
        holder.tenantId === edge.to &&
        holder.partnerId !== edge.from &&
        holder.billing === Billing.LICENSE &&
        (holder.termEnd === null || holder.termEnd > today),
    );
    if (locks.length === 0) return null;
    const subject = `subscription ${edge.subscriptionId ?? "(none)"} in tenant ${edge.to}`;
    if (!toTenantInScope) {
      return (
        // Outside the caller's scope not even how many partners hold it.
        `${subject} is licence-based and held by another partner: ` +
        `it can move to ${edge.from} only after its term ends`
      );
    }
    const holders = locks
      .map((lock) =>
        lock.termEnd === null
          ? `${others.one(lock.partnerId)} (no termEnd)`
          : `${others.one(lock.partnerId)} until ${lock.termEnd}`,
      )
      .join(", ");
    return (
      `${subject} is licence-based and provisioned by ${holders}: ` +
      `it can move to ${edge.from} only after its term ends`
    );
  },
};

const SUBSCRIPTION_TENANT: PolicyRule = {
  id: "SUBSCRIPTION_TENANT",
  description:
    "A subscription lives in one tenant: its subscriptionId is not provisioned into another " +
    "tenant.",
  appliesTo: [EdgeType.PROVISIONS],
  severity: "ERROR",
  source: "data integrity",
  check({ edge, subscriptionHolders }, others) {
    const elsewhere = [
      ...new Set(
        subscriptionHolders
          .filter((holder) => holder.tenantId !== edge.to)
          .map((holder) => holder.tenantId),
      ),
    ].sort();
    if (elsewhere.length === 0) return null;
    return (
      `subscription ${edge.subscriptionId ?? "(none)"} is already provisioned into ` +
      `${others.tenants(elsewhere)}, and a subscription lives in one tenant: provision it into ` +
      `tenant ${edge.to} under its own subscriptionId`
    );
  },
};

const DUPLICATE: PolicyRule = {
  id: "DUPLICATE",
  description:
    "The same edge (type, ends, and workload or subscriptionId where they apply; for " +
    "DELEGATED_ADMIN its relationshipId) does not exist yet; a repeat is a conflict, not a second " +
    "edge (making a PENDING RESELLS_FOR ACTIVE is its acceptance, not a repeat).",
  appliesTo: [...ALL_EDGES],
  severity: "ERROR",
  source: "data integrity",
  check({ edge, duplicate, relationshipState }) {
    if (!duplicate) return null;
    // Making a PENDING RESELLS_FOR ACTIVE is the customer's acceptance of the request (an
    // ADMIN's write, src/services/edge.service.ts), not a second edge.
    if (
      edge.type === EdgeType.RESELLS_FOR &&
      relationshipState === RelationshipState.PENDING &&
      edgeState(edge) === RelationshipState.ACTIVE
    ) {
      return null;
    }
    return `${describeEdge(edge)} already exists: change or remove that edge instead of adding it again`;
  },
};

const WORKLOAD_OVERLAP: PolicyRule = {
  id: "WORKLOAD_OVERLAP",
  description:
    "Another partner already serves this workload for this tenant: allowed (multi-partner), " +
    "reported.",
  appliesTo: [EdgeType.SERVES_WORKLOAD],
  severity: "WARNING",
  source: "multipartner",
  check({ edge, otherWorkloadPartners, toTenantInScope }, others) {
    // A warning refuses nothing: outside the caller's scope it is not given at all, since even
    // "another partner" would tell who else does business with that tenant.
    if (!toTenantInScope) return null;
    const serving = otherWorkloadPartners.filter((partnerId) => partnerId !== edge.from);
    if (serving.length === 0) return null;
    const verb = serving.length === 1 ? "serves" : "serve";
    return (
      `${others.list(serving)} already ${verb} ${edge.workload ?? "this workload"} for tenant ` +
      `${edge.to}: ${edge.from} may serve it too (multi-partner); reported, not refused`
    );
  },
};

const GDAP_DURATION: PolicyRule = {
  id: "GDAP_DURATION",
  description:
    "When both are set, a GDAP relationship's endsOn is after its since and at most 730 days " +
    "after it.",
  appliesTo: [EdgeType.DELEGATED_ADMIN],
  severity: "ERROR",
  source: "gdap-introduction (P1D–P2Y)",
  check({ edge }) {
    const { since, endsOn } = edge;
    if (since === undefined || since === null || endsOn === undefined || endsOn === null) {
      return null;
    }
    const days = daysBetween(since, endsOn);
    if (days >= 1 && days <= GDAP_MAX_DAYS) return null;
    return (
      `GDAP relationship ${edge.relationshipId ?? "(none)"} runs ${days} days (${since} to ` +
      `${endsOn}): a relationship lasts from 1 to ${GDAP_MAX_DAYS} days, so endsOn must be ` +
      `after since and no later than ${GDAP_MAX_DAYS} days after it`
    );
  },
};

const GDAP_GLOBAL_ADMIN_AUTO_EXTEND: PolicyRule = {
  id: "GDAP_GLOBAL_ADMIN_AUTO_EXTEND",
  description: "A GDAP relationship that includes Global Administrator cannot have autoExtend.",
  appliesTo: [EdgeType.DELEGATED_ADMIN],
  severity: "ERROR",
  source: "expiring-gdap-relationships-and-auto-extend-gdap",
  check({ edge }) {
    if (edge.autoExtend !== true || !grantsGlobalAdmin(edge)) return null;
    return (
      `GDAP relationship ${edge.relationshipId ?? "(none)"} includes Global Administrator, ` +
      "which cannot auto-extend: set autoExtend to false, or leave out the Global Administrator role"
    );
  },
};

const GDAP_UNIQUE_NAME: PolicyRule = {
  id: "GDAP_UNIQUE_NAME",
  description:
    "A GDAP relationship's displayName is not used by another relationship of the same partner " +
    "that is not TERMINATED.",
  appliesTo: [EdgeType.DELEGATED_ADMIN],
  severity: "ERROR",
  source: "gdap-introduction",
  check({ edge, sameNameRelationships }) {
    // A terminated relationship no longer holds its name, whichever of the two it is.
    if (edge.status === GdapStatus.TERMINATED) return null;
    const others = sameNameRelationships.filter((id) => id !== edge.relationshipId);
    if (others.length === 0) return null;
    return (
      `${edge.from} already has GDAP relationship ${others.join(", ")} named ` +
      `${JSON.stringify(edge.displayName ?? "")}: choose another displayName, or terminate that one first`
    );
  },
};

const GDAP_WITHOUT_RESELLER: PolicyRule = {
  id: "GDAP_WITHOUT_RESELLER",
  description:
    "The partner holds no ACTIVE RESELLS_FOR to the tenant: allowed (an MSP may administer " +
    "without reselling), reported.",
  appliesTo: [EdgeType.DELEGATED_ADMIN],
  severity: "WARNING",
  source: "inferred: tools that list customers by reseller relationship do not see such a tenant",
  check({ edge, from, toTenant, relationshipState }) {
    if (from === null || toTenant === null) return null;
    if (relationshipState === RelationshipState.ACTIVE) return null;
    return (
      `${edge.from} holds no ACTIVE RESELLS_FOR to tenant ${toTenant.id} ` +
      `(${describeState(relationshipState)}): it may administer the tenant without reselling to it, ` +
      "but lists of customers by reseller relationship will not show it; reported, not refused"
    );
  },
};

const GDAP_EXPIRED: PolicyRule = {
  id: "GDAP_EXPIRED",
  description:
    "Audit only: an ACTIVE GDAP relationship whose endsOn has passed (stale data); never refuses " +
    "a write.",
  appliesTo: [EdgeType.DELEGATED_ADMIN],
  severity: "ERROR",
  source: "expiring-gdap-relationships-and-auto-extend-gdap",
  auditOnly: true,
  check({ edge, today }) {
    const { endsOn } = edge;
    if (edge.status !== GdapStatus.ACTIVE || endsOn === undefined || endsOn === null) return null;
    // `YYYY-MM-DD` strings compare in calendar order; the last day itself is still in force.
    if (endsOn >= today) return null;
    return (
      `GDAP relationship ${edge.relationshipId ?? "(none)"} is ACTIVE but ended on ${endsOn} ` +
      `(${-daysBetween(today, endsOn)} days ago): record it as EXPIRED, or renew it in Partner Center`
    );
  },
};

/**
 * Every rule of DOMAIN.md's policy table, in the table's order (the order results appear in),
 * then the GDAP section's.
 */
export const POLICY_RULES: readonly PolicyRule[] = [
  SAME_CLOUD,
  NO_SELF_DEALING,
  TIER_ROLES,
  RESELLER_AGREEMENT,
  IN_MARKET,
  NO_PARTNER_RESALE,
  RESELLER_NEEDS_PROVIDER,
  NEEDS_RELATIONSHIP,
  TRANSACTING_ROLE,
  RESELLER_OF_RECORD,
  LICENSE_TERM_LOCK,
  SUBSCRIPTION_TENANT,
  DUPLICATE,
  WORKLOAD_OVERLAP,
  GDAP_DURATION,
  GDAP_GLOBAL_ADMIN_AUTO_EXTEND,
  GDAP_UNIQUE_NAME,
  GDAP_WITHOUT_RESELLER,
  GDAP_EXPIRED,
];
