import {
  Billing,
  Channel,
  Cloud,
  RelationshipState,
  TenantPurpose,
  Workload,
  WorkloadRole,
} from "../domain";
import type { CustomerRecord, EdgeRecord, PartnerRecord, TenantRecord } from "../domain";
import { Breaker } from "./broken";
import type { BreakableRule } from "./broken";
import { BRANDS, CLOUD_SHARES, CUSTOMER_SUFFIXES, domainSuffix, slug } from "./geography";
import { Random, WeightedList, deriveSeed } from "./random";
import { gdapRelationships } from "./gdap";
import { TenantEdges } from "./tenant-edges";
import type { Purchase, TenantState } from "./tenant-edges";
import { SERIAL, buildWorld, guid } from "./world";
import type { World, WorldPartner } from "./world";

export interface ChannelOptions {
  /** How many customers; partners scale with it (gently for providers, linearly for the rest). */
  customers: number;
  /** The same seed gives the same document, byte for byte. */
  seed: number;
  /**
   * The fraction of edges, from 0 up to (not including) 1, that are deliberately broken: extra
   * edges that each break one CSP rule, spread evenly over the rules. Default 0.
   */
  invalidRate?: number;
  /**
   * The day GDAP relationships' end dates are placed around (`YYYY-MM-DD`; default today), so
   * that a few per hundred expire within 30 days of it: the document is the same for the same
   * seed and day.
   */
  today?: string;
}

/** One row of the document, in document order: partners, customers, tenants, edges. */
export type ChannelRow =
  | { section: "partners"; row: PartnerRecord }
  | { section: "customers"; row: CustomerRecord }
  | { section: "tenants"; row: TenantRecord }
  | { section: "edges"; row: EdgeRecord; broken?: BreakableRule };

/** The proportions of the synthetic channel (our estimates, not published figures). */
const SHARE = {
  /** A tenant's first partner is direct-bill (else an indirect reseller and its provider). */
  direct: 0.35,
  /** A tenant hires a second partner (multi-partner). */
  multiPartner: 0.12,
  /** …which serves a workload the first already serves (WORKLOAD_OVERLAP: a warning). */
  overlap: 0.4,
  /** A CSP partner also manages a subscription bought through EA, direct or Open. */
  multiChannel: 0.08,
  /** …and that partner is the reseller rather than its provider. */
  multiChannelByReseller: 0.3,
  /** A tenant has a former partner, its RESELLS_FOR now REMOVED. */
  formerPartner: 0.03,
  /** The first partner also records the workload it serves. */
  serves: 0.45,
} as const;

/** Customer tenants never need more subscription ids than this (checked when drawing one). */
const SUBSCRIPTIONS_PER_CUSTOMER = 64;

function weighted<T>(entries: readonly (readonly [T, number])[]): WeightedList<T> {
  const list = new WeightedList<T>();
  for (const [item, weight] of entries) list.add(item, weight);
  return list;
}

function draw<T>(list: WeightedList<T>, random: Random, fallback: T): T {
  return list.pick(random) ?? fallback;
}

const TENANT_COUNTS = weighted([
  [1, 70],
  [2, 22],
  [3, 8],
]);

const SUBSCRIPTION_COUNTS = weighted([
  [1, 55],
  [2, 30],
  [3, 15],
]);

const CSP_PURCHASES = weighted<Purchase>([
  [{ workload: Workload.MICROSOFT_365, billing: Billing.LICENSE }, 35],
  [{ workload: Workload.AZURE, billing: Billing.USAGE }, 30],
  [{ workload: Workload.OFFICE_365, billing: Billing.LICENSE }, 20],
  [{ workload: Workload.DYNAMICS_365, billing: Billing.LICENSE }, 8],
  [{ workload: Workload.ENTERPRISE_MOBILITY, billing: Billing.LICENSE }, 5],
  [{ workload: Workload.OTHER, billing: Billing.LICENSE }, 2],
]);

const ROLES = weighted([
  [WorkloadRole.TRANSACT, 3],
  [WorkloadRole.MANAGE, 4],
  [WorkloadRole.SUPPORT, 3],
]);

/** What a customer bought outside CSP and then asked a CSP partner to manage. */
const OTHER_CHANNELS = weighted<Purchase>([
  [{ channel: Channel.EA, workload: Workload.AZURE, billing: Billing.USAGE }, 30],
  [{ channel: Channel.EA, workload: Workload.MICROSOFT_365, billing: Billing.LICENSE }, 20],
  [{ channel: Channel.DIRECT, workload: Workload.AZURE, billing: Billing.USAGE }, 15],
  [{ channel: Channel.DIRECT, workload: Workload.OFFICE_365, billing: Billing.LICENSE }, 15],
  [{ channel: Channel.OPEN, workload: Workload.OFFICE_365, billing: Billing.LICENSE }, 15],
  [{ channel: Channel.OPEN, workload: Workload.ENTERPRISE_MOBILITY, billing: Billing.LICENSE }, 5],
]);

function purchaseOf(workload: Workload): Purchase {
  return { workload, billing: workload === Workload.AZURE ? Billing.USAGE : Billing.LICENSE };
}

export interface CustomerNodes {
  customer: CustomerRecord;
  tenants: TenantRecord[];
}

/**
 * Customer `index` and its tenants. A pure function of (world, seed, index): the generator
 * calls it once per section rather than keep a million customers in memory.
 */
export function customerNodes(world: World, seed: number, index: number): CustomerNodes {
  const random = new Random(deriveSeed(seed, 1, index));
  const roll = random.next();
  let cumulative = 0;
  let cloud = Cloud.PUBLIC;
  for (const [candidate, share] of CLOUD_SHARES) {
    cumulative += share;
    if (roll < cumulative) {
      cloud = candidate;
      break;
    }
  }
  if (world.customerCountries(cloud).size === 0) cloud = Cloud.PUBLIC;
  const country = world.customerCountries(cloud).pick(random);
  if (country === undefined) throw new Error("No partner serves any country of the public cloud");
  const name = `${random.pick(BRANDS)} ${random.pick(CUSTOMER_SUFFIXES)}`;
  const customer: CustomerRecord = { id: `C-${index + 1}`, name, cloud, country };

  const tenants: TenantRecord[] = [];
  const count = draw(TENANT_COUNTS, random, 1);
  for (let k = 0; k < count; k += 1) {
    // A second or third directory sometimes sits in a neighbouring country (a subsidiary).
    const neighbours = world.neighbours(cloud, country);
    const here = k > 0 && neighbours.length > 0 && random.chance(0.2);
    tenants.push({
      id: guid(random, SERIAL.customerTenant + index * 4 + k),
      domain: `${slug(name, index + 1)}${k === 0 ? "" : `-${k + 1}`}.${domainSuffix(cloud)}`,
      purpose: TenantPurpose.CUSTOMER,
      cloud,
      country: here ? random.pick(neighbours) : country,
      ownerId: customer.id,
    });
  }
  return { customer, tenants };
}

/** A tenant's partner: a direct-bill partner (provider null), or a reseller and its provider. */
interface Chain {
  seller: WorldPartner;
  provider: WorldPartner | null;
}

function pickChain(
  world: World,
  tenant: TenantRecord,
  random: Random,
  exclude: ReadonlySet<string>,
): Chain | null {
  const directs = world.directsFor(tenant.cloud, tenant.country);
  const resellers = world.resellersFor(tenant.cloud, tenant.country);
  const order = random.chance(SHARE.direct) ? [directs, resellers] : [resellers, directs];
  for (const list of order) {
    for (let attempt = 0; list !== undefined && attempt < 4; attempt += 1) {
      const seller = list.pick(random);
      if (seller === undefined || exclude.has(seller.record.id)) continue;
      if (seller.activeSuppliers.length === 0) return { seller, provider: null };
      // Both the reseller and the provider that bills must sell in the tenant's country.
      const providers = seller.activeSuppliers.filter((provider) =>
        provider.record.markets.includes(tenant.country),
      );
      if (providers.length > 0) return { seller, provider: random.pick(providers) };
    }
  }
  return null;
}

/**
 * Writes one partner's edges into a tenant, each after what it depends on: the provider's
 * RESELLS_FOR, then the reseller's naming it in `via`, then the provider's orders naming the
 * reseller of record, then the workload served.
 */
function writeChain(
  edges: TenantEdges,
  chain: Chain,
  purchases: readonly Purchase[],
  serve: Workload | null,
  random: Random,
): void {
  const { seller, provider } = chain;
  if (provider === null) {
    edges.resellsFor(seller);
    for (const purchase of purchases) edges.provisions(seller, purchase);
    if (serve !== null) edges.serves(seller, serve, draw(ROLES, random, WorkloadRole.MANAGE));
    return;
  }
  edges.resellsFor(provider);
  edges.resellsFor(seller, provider);
  for (const purchase of purchases) {
    edges.provisions(provider, { ...purchase, resellerOfRecord: seller });
  }
  if (serve !== null) {
    edges.serves(seller, serve, draw(ROLES, random, WorkloadRole.MANAGE), provider);
  }
}

function planTenant(world: World, edges: TenantEdges, random: Random): void {
  const { tenant } = edges.state;
  const primary = pickChain(world, tenant, random, new Set());
  // Customers are placed only in countries someone serves, so this is a safety net.
  if (primary === null) return;
  const purchases = Array.from({ length: draw(SUBSCRIPTION_COUNTS, random, 1) }, () =>
    draw(CSP_PURCHASES, random, purchaseOf(Workload.AZURE)),
  );
  const firstWorkload = purchases[0]?.workload ?? Workload.AZURE;
  writeChain(edges, primary, purchases, random.chance(SHARE.serves) ? firstWorkload : null, random);

  if (random.chance(SHARE.multiPartner)) {
    const second = pickChain(world, tenant, random, new Set([primary.seller.record.id]));
    if (second !== null) {
      const served = [...edges.state.workloads.values()].flatMap((workloads) => [...workloads]);
      const bought = new Set(purchases.map((purchase) => purchase.workload));
      // The classic split is one partner for Office 365 and another for Azure.
      const fresh = Object.values(Workload).filter((workload) => !bought.has(workload));
      const workload =
        served.length > 0 && random.chance(SHARE.overlap)
          ? random.pick(served)
          : bought.has(Workload.AZURE)
            ? random.pick(fresh)
            : Workload.AZURE;
      writeChain(edges, second, [purchaseOf(workload)], workload, random);
    }
  }

  if (random.chance(SHARE.multiChannel)) {
    const purchase = draw(OTHER_CHANNELS, random, purchaseOf(Workload.AZURE));
    if (primary.provider !== null && random.chance(SHARE.multiChannelByReseller)) {
      edges.provisions(primary.seller, { ...purchase, via: primary.provider });
    } else {
      edges.provisions(primary.provider ?? primary.seller, purchase);
    }
  }

  if (random.chance(SHARE.formerPartner)) {
    const former = world.directsFor(tenant.cloud, tenant.country)?.pick(random);
    if (former !== undefined && !edges.holdsRelationship(former)) {
      edges.resellsFor(former, undefined, RelationshipState.REMOVED);
    }
  }
}

export interface CustomerEdges {
  edges: EdgeRecord[];
  tenants: TenantState[];
}

/** The edges into customer `index`'s tenants, in an order the CSP rules accept. */
export function customerEdges(
  world: World,
  seed: number,
  index: number,
  tenants: readonly TenantRecord[],
  today: string = new Date().toISOString().slice(0, 10),
): CustomerEdges {
  const random = new Random(deriveSeed(seed, 2, index));
  const edges: EdgeRecord[] = [];
  let subscriptions = 0;
  const nextSubscriptionId = (): string => {
    if (subscriptions >= SUBSCRIPTIONS_PER_CUSTOMER) {
      throw new RangeError(`Customer ${index} needs more than ${SUBSCRIPTIONS_PER_CUSTOMER} ids`);
    }
    const serial = SERIAL.customerSubscription + index * SUBSCRIPTIONS_PER_CUSTOMER + subscriptions;
    subscriptions += 1;
    return guid(random, serial);
  };
  const states = tenants.map((tenant) => {
    const tenantEdges = new TenantEdges(tenant, edges, random, nextSubscriptionId);
    planTenant(world, tenantEdges, random);
    return tenantEdges.state;
  });
  // A stream of their own: the sales edges stay as they were without GDAP.
  edges.push(...gdapRelationships(states, index, new Random(deriveSeed(seed, 4, index)), today));
  return { edges, tenants: states };
}

/**
 * Generates a synthetic CSP channel row by row, in document order, holding only the partner
 * side in memory: customers, their tenants and their edges are computed from (seed, index)
 * once per section. Every edge passes every rule of DOMAIN.md when the edges are applied in
 * this order, except those tagged `broken`, which each break exactly the rule they name (and
 * which, being refused, change nothing for the edges after them).
 */
export function* generateChannel(options: ChannelOptions): Generator<ChannelRow> {
  const { customers, seed } = options;
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const rate = options.invalidRate ?? 0;
  if (!(rate >= 0 && rate < 1)) throw new RangeError("invalidRate must be at least 0 and below 1");
  const world = buildWorld(seed, customers);

  for (const partner of world.partners) yield { section: "partners", row: partner.record };
  for (let index = 0; index < customers; index += 1) {
    yield { section: "customers", row: customerNodes(world, seed, index).customer };
  }

  for (const partner of world.partners) {
    yield { section: "tenants", row: partner.cspTenant };
    if (partner.corporateTenant !== null) {
      yield { section: "tenants", row: partner.corporateTenant };
    }
  }
  for (let index = 0; index < customers; index += 1) {
    for (const tenant of customerNodes(world, seed, index).tenants) {
      yield { section: "tenants", row: tenant };
    }
  }

  let valid = 0;
  let broken = 0;
  for (const edge of [...world.supplies, ...world.corporateEdges]) {
    yield { section: "edges", row: edge };
    valid += 1;
  }
  const breaker = rate > 0 ? new Breaker(world) : null;
  for (let index = 0; index < customers; index += 1) {
    const planned = customerEdges(
      world,
      seed,
      index,
      customerNodes(world, seed, index).tenants,
      today,
    );
    for (const edge of planned.edges) {
      yield { section: "edges", row: edge };
      valid += 1;
    }
    if (breaker === null) continue;
    // Broken edges follow the customer's valid ones, so they can use (and break) what exists.
    // A stream of their own keeps the valid rows the same whatever the rate.
    const random = new Random(deriveSeed(seed, 3, index));
    while (broken + 1 <= rate * (valid + broken + 1)) {
      const found = breaker.next(planned.tenants, random);
      if (found === null) break;
      yield { section: "edges", row: found.edge, broken: found.rule };
      broken += 1;
    }
  }
}
