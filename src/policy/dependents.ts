import { EdgeType, RelationshipState } from "../domain";
import type { PartnerRecord, TenantRecord } from "../domain";
import type { EdgeFacts } from "./facts";
import { POLICY_RULES } from "./rules";
import type { PolicyRule } from "./rules";

/**
 * What the stored audit findings depend on. Each rule says which facts of an edge it reads
 * (RULE_READS), each fact says which writes change it for which stored edges (FACT_DEPENDENTS),
 * and from both a write learns exactly which stored edges to re-judge (dependentsOf).
 *
 * A rule added to POLICY_RULES without its entry in RULE_READS fails test/unit/dependents.test.ts,
 * which also runs every rule on random facts and fails when it reads a fact it did not declare;
 * a fact added to EdgeFacts without its entry in FACT_DEPENDENTS does not compile.
 */
export type FactName = keyof EdgeFacts;

/** The facts each rule's check reads, by rule id. */
export const RULE_READS: Readonly<Record<string, readonly FactName[]>> = {
  SAME_CLOUD: ["edge", "from", "toPartner", "toTenant", "toTenantInScope"],
  NO_SELF_DEALING: ["edge", "toTenant"],
  TIER_ROLES: ["from", "toPartner"],
  RESELLER_AGREEMENT: ["edge", "toPartner"],
  IN_MARKET: ["edge", "from", "toPartner", "toTenant", "toTenantInScope"],
  NO_PARTNER_RESALE: ["edge", "toTenant", "toTenantInScope"],
  RESELLER_NEEDS_PROVIDER: ["edge", "from", "via", "viaSuppliesState"],
  NEEDS_RELATIONSHIP: ["edge", "from", "toTenant", "relationshipState"],
  TRANSACTING_ROLE: ["edge", "from"],
  RESELLER_OF_RECORD: ["edge", "from", "resellerOfRecord", "resellerOfRecordSuppliesState"],
  LICENSE_TERM_LOCK: ["edge", "subscriptionHolders", "today", "toTenantInScope"],
  SUBSCRIPTION_TENANT: ["edge", "subscriptionHolders"],
  DUPLICATE: ["edge", "duplicate", "relationshipState"],
  WORKLOAD_OVERLAP: ["edge", "otherWorkloadPartners", "toTenantInScope"],
  GDAP_DURATION: ["edge"],
  GDAP_GLOBAL_ADMIN_AUTO_EXTEND: ["edge"],
  GDAP_UNIQUE_NAME: ["edge", "sameNameRelationships"],
  GDAP_WITHOUT_RESELLER: ["edge", "from", "toTenant", "relationshipState"],
  GDAP_EXPIRED: ["edge", "today"],
};

/** The stored edge a write changed: created, merged with new properties, or removed. */
export interface EdgeIdentity {
  type: EdgeType;
  from: string;
  to: string;
  workload?: string | null;
  subscriptionId?: string | null;
  relationshipId?: string | null;
}

/** Something a write changed that the judgement of stored edges may read. */
export type Change =
  | { kind: "partner"; id: string }
  | { kind: "tenant"; id: string }
  | { kind: "customer"; id: string }
  | { kind: "edge"; edge: EdgeIdentity };

/**
 * Which stored edges to re-judge, as the storedEdgeFacts statement selects them (each list is
 * one branch of it, an index seek or a short expansion from a node found by id).
 */
export interface DependentSelectors {
  /** These edges themselves. */
  edges: EdgeIdentity[];
  /** Every edge going out of these partners. */
  fromPartners: string[];
  /** Every SUPPLIES into these partners. */
  intoPartners: string[];
  /** Every edge whose `via` names one of these partners. */
  viaPartners: string[];
  /** Every PROVISIONS whose resellerOfRecord names one of these partners. */
  rorPartners: string[];
  /** Every edge into these tenants. */
  intoTenants: string[];
  /** Every edge into a tenant of these customers. */
  customerTenants: string[];
  /** The edges of `from` whose `via` names `via`. */
  fromVia: { from: string; via: string }[];
  /** The PROVISIONS of `from` whose resellerOfRecord names `ror`. */
  fromRor: { from: string; ror: string }[];
  /** The edges of `from` into tenant `to`. */
  fromInto: { from: string; to: string }[];
  /** Every PROVISIONS of these subscription ids. */
  subscriptions: string[];
  /** The GDAP relationships of `from` named as relationship `relationshipId` is. */
  sameName: { from: string; relationshipId: string }[];
}

type Selection = Partial<DependentSelectors>;

const supplies = (change: Change): EdgeIdentity | null =>
  change.kind === "edge" && change.edge.type === EdgeType.SUPPLIES ? change.edge : null;
const edgeOf = (change: Change, type: EdgeType): EdgeIdentity | null =>
  change.kind === "edge" && change.edge.type === type ? change.edge : null;

/**
 * For each fact an edge's judgement reads: the stored edges whose fact a change alters. The
 * compiler asks for an entry for every fact of EdgeFacts.
 */
export const FACT_DEPENDENTS: { readonly [F in FactName]: (change: Change) => Selection } = {
  // An edge's own properties: re-judged when that edge is written or removed.
  edge: (change) => (change.kind === "edge" ? { edges: [change.edge] } : {}),
  from: (change) => (change.kind === "partner" ? { fromPartners: [change.id] } : {}),
  toPartner: (change) => (change.kind === "partner" ? { intoPartners: [change.id] } : {}),
  // The tenant record carries its owner's id: upsertTenant of a new owner is a tenant change.
  toTenant: (change) => (change.kind === "tenant" ? { intoTenants: [change.id] } : {}),
  toTenantCustomer: (change) =>
    change.kind === "customer"
      ? { customerTenants: [change.id] }
      : change.kind === "tenant"
        ? { intoTenants: [change.id] }
        : {},
  via: (change) => (change.kind === "partner" ? { viaPartners: [change.id] } : {}),
  // The SUPPLIES from `via` to the edge's partner: the reseller's edges through that provider.
  viaSuppliesState: (change) => {
    const edge = supplies(change);
    return edge === null ? {} : { fromVia: [{ from: edge.to, via: edge.from }] };
  },
  resellerOfRecord: (change) => (change.kind === "partner" ? { rorPartners: [change.id] } : {}),
  // The SUPPLIES from the edge's provider to its reseller of record.
  resellerOfRecordSuppliesState: (change) => {
    const edge = supplies(change);
    return edge === null ? {} : { fromRor: [{ from: edge.from, ror: edge.to }] };
  },
  // The same partner's RESELLS_FOR to the same tenant.
  relationshipState: (change) => {
    const edge = edgeOf(change, EdgeType.RESELLS_FOR);
    return edge === null ? {} : { fromInto: [{ from: edge.from, to: edge.to }] };
  },
  // A stored edge is judged as stored: it is never its own duplicate (edgeFacts' `audit`).
  duplicate: () => ({}),
  // Every edge into the tenant: a superset of the same workload's SERVES_WORKLOAD.
  otherWorkloadPartners: (change) => {
    const edge = edgeOf(change, EdgeType.SERVES_WORKLOAD);
    return edge === null ? {} : { intoTenants: [edge.to] };
  },
  subscriptionHolders: (change) => {
    const edge = edgeOf(change, EdgeType.PROVISIONS);
    return edge?.subscriptionId ? { subscriptions: [edge.subscriptionId] } : {};
  },
  // Stored findings are judged for everyone (true); the partner view derives it (partnerView).
  toTenantInScope: () => ({}),
  sameNameRelationships: (change) => {
    const edge = edgeOf(change, EdgeType.DELEGATED_ADMIN);
    return edge?.relationshipId
      ? { sameName: [{ from: edge.from, relationshipId: edge.relationshipId }] }
      : {};
  },
  // Not a fact of the graph: findings of rules that read it are re-judged when the day changes
  // (DATED_RULES) or judged at read time (READ_TIME_RULES).
  today: () => ({}),
};

/**
 * Facts the partner view (partnerView) derives from others: a rule reading the left one in a
 * partner's message also depends on the right ones.
 */
const VIEW_READS: Partial<Record<FactName, readonly FactName[]>> = {
  via: ["viaSuppliesState"],
  resellerOfRecord: ["resellerOfRecordSuppliesState"],
  toTenantInScope: ["edge"],
};

/**
 * A stored finding as a PARTNER reads it: the rule's message with the other partners withheld,
 * judged on facts as narrow as the narrowest partner who may see the edge (its own partner, or
 * the provider its `via` names). Derived from facts already gathered, so it depends on nothing
 * more (VIEW_READS): `via` shows only where it supplies the edge's partner (else it reads as an
 * unknown id, as for a partner out of scope), the reseller of record only where the edge's
 * partner ACTIVE-supplies it, and the tenant is in scope for a serving edge (only ACTIVE ones
 * are shown to partners) but not for a GDAP relationship, which widens no scope.
 */
export function partnerView(facts: EdgeFacts): EdgeFacts {
  const viaShown =
    facts.viaSuppliesState !== null && facts.viaSuppliesState !== RelationshipState.REMOVED;
  return {
    ...facts,
    via: viaShown ? facts.via : null,
    resellerOfRecord:
      facts.resellerOfRecordSuppliesState === RelationshipState.ACTIVE
        ? facts.resellerOfRecord
        : null,
    toTenantInScope: facts.edge.type !== EdgeType.DELEGATED_ADMIN,
  };
}

/** What a rule reads, with what the partner view derives those facts from. */
export function readsOf(rule: PolicyRule): FactName[] {
  const reads = RULE_READS[rule.id];
  if (reads === undefined) throw new Error(`${rule.id} does not declare what it reads`);
  return [...new Set(reads.flatMap((fact) => [fact, ...(VIEW_READS[fact] ?? [])]))];
}

/** Rules whose findings are stored and kept current: errors that a write can refuse. */
export const STORED_RULES: readonly PolicyRule[] = POLICY_RULES.filter(
  (rule) => rule.severity === "ERROR" && rule.auditOnly !== true,
);

/**
 * Audit-only rules (GDAP_EXPIRED): judged when the audit is read, on candidates an index yields,
 * never stored, because what they report changes with the date alone.
 */
export const READ_TIME_RULES: readonly PolicyRule[] = POLICY_RULES.filter(
  (rule) => rule.auditOnly === true,
);

/**
 * Stored rules that read today's date (LICENSE_TERM_LOCK: a term end passes): their findings
 * carry the day they were judged, and the first audit read of a later day re-judges them.
 */
export const DATED_RULES: readonly PolicyRule[] = STORED_RULES.filter((rule) =>
  readsOf(rule).includes("today"),
);

const STORED_FACTS: ReadonlySet<FactName> = new Set(STORED_RULES.flatMap(readsOf));

/**
 * The stored edges whose findings `changes` may alter, and the changed edges themselves (a
 * removed edge's findings go with it): only through facts some stored rule reads.
 */
export function dependentsOf(changes: readonly Change[]): DependentSelectors {
  const selected: DependentSelectors = emptySelectors();
  const add = (selection: Selection): void => {
    for (const [key, values] of Object.entries(selection) as [
      keyof DependentSelectors,
      never[],
    ][]) {
      (selected[key] as unknown[]).push(...values);
    }
  };
  for (const change of changes) {
    if (change.kind === "edge") add({ edges: [change.edge] });
    for (const fact of STORED_FACTS) add(FACT_DEPENDENTS[fact](change));
  }
  return dedupe(selected);
}

/**
 * The stored rules whose verdict `changes` may alter on the stored edges that depend on them
 * (not the changed edges themselves, whose every rule is judged again): the rules reading a fact
 * that a change alters for other edges, every fact but the edge's own properties. A dependent's
 * findings of the other rules stand: nothing they read changed. Removing a SUPPLIES re-judges a
 * reseller's thousand edges on RESELLER_NEEDS_PROVIDER and RESELLER_OF_RECORD alone, without
 * looking up the holders of each of their subscriptions.
 */
export function rulesForDependents(changes: readonly Change[]): PolicyRule[] {
  const altered = new Set<FactName>();
  for (const change of changes) {
    for (const fact of STORED_FACTS) {
      if (fact === "edge") continue;
      const selection = FACT_DEPENDENTS[fact](change);
      if (!selectsNothing({ ...emptySelectors(), ...selection })) altered.add(fact);
    }
  }
  return STORED_RULES.filter((rule) => readsOf(rule).some((fact) => altered.has(fact)));
}

/**
 * The selectors of new edges, less what their facts, gathered before the write under its locks
 * (src/policy/locks.ts), already show selects nothing but the edges themselves: a subscription
 * no stored edge holds (subscriptionHolders lists every holder, and the subscription is locked).
 * A licence bought into a new subscription, the common write, then re-judges nothing.
 */
export function settledByFacts(
  selectors: DependentSelectors,
  gathered: readonly EdgeFacts[],
): DependentSelectors {
  const unheld = new Set(
    gathered.flatMap((facts) =>
      facts.edge.type === EdgeType.PROVISIONS &&
      facts.edge.subscriptionId &&
      facts.subscriptionHolders.length === 0
        ? [facts.edge.subscriptionId]
        : [],
    ),
  );
  return { ...selectors, subscriptions: selectors.subscriptions.filter((id) => !unheld.has(id)) };
}

export function emptySelectors(): DependentSelectors {
  return {
    edges: [],
    fromPartners: [],
    intoPartners: [],
    viaPartners: [],
    rorPartners: [],
    intoTenants: [],
    customerTenants: [],
    fromVia: [],
    fromRor: [],
    fromInto: [],
    subscriptions: [],
    sameName: [],
  };
}

/** Whether the selectors select nothing at all. */
export function selectsNothing(selectors: DependentSelectors): boolean {
  return Object.values(selectors).every((values: unknown[]) => values.length === 0);
}

function dedupe(selectors: DependentSelectors): DependentSelectors {
  const unique = <T>(values: T[]): T[] => {
    const seen = new Map<string, T>();
    for (const value of values) seen.set(JSON.stringify(value), value);
    return [...seen.values()];
  };
  const result = emptySelectors();
  for (const key of Object.keys(result) as (keyof DependentSelectors)[]) {
    (result[key] as unknown[]).push(...unique(selectors[key] as unknown[]));
  }
  return result;
}

/**
 * What the stored findings were computed with: the rules that store findings, what they read,
 * and their code. A server that finds another signature in the graph re-audits at start.
 */
export function ruleSetSignature(): string {
  return JSON.stringify(
    POLICY_RULES.map((rule) => ({
      id: rule.id,
      severity: rule.severity,
      appliesTo: rule.appliesTo,
      auditOnly: rule.auditOnly === true,
      reads: RULE_READS[rule.id] ?? null,
      check: rule.check.toString(),
    })),
  );
}

/**
 * The properties of a partner record the rules read (the test of RULE_READS holds them to it):
 * a partner whose write leaves them as they were changes no judgement (a new name, say).
 */
export const JUDGED_PARTNER_PROPERTIES = [
  "id",
  "role",
  "cloud",
  "country",
  "markets",
  "mpaSigned",
] as const satisfies readonly (keyof PartnerRecord)[];

/** The properties of a tenant record the rules read (its domain is not among them). */
export const JUDGED_TENANT_PROPERTIES = [
  "id",
  "purpose",
  "cloud",
  "country",
  "ownerId",
] as const satisfies readonly (keyof TenantRecord)[];

/** Whether a write of `after` over `before` (null: a new node) changes what the rules read. */
export function judgedPropertiesChanged<T extends object>(
  before: T | null,
  after: T,
  properties: readonly (keyof T)[],
): boolean {
  if (before === null) return true;
  return properties.some(
    (property) => JSON.stringify(before[property]) !== JSON.stringify(after[property]),
  );
}
