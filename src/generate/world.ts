import {
  Billing,
  Channel,
  Cloud,
  EdgeType,
  PartnerRole,
  RelationshipState,
  TenantPurpose,
  Workload,
} from "../domain";
import type { EdgeRecord, PartnerRecord, TenantRecord } from "../domain";
import {
  BRANDS,
  CLOUD_SHARES,
  DIRECT_SUFFIXES,
  PROVIDER_SUFFIXES,
  RESELLER_SUFFIXES,
  domainSuffix,
  regionsOf,
  slug,
} from "./geography";
import type { Region } from "./geography";
import { Random, WeightedList, deriveSeed, hex8 } from "./random";

/** A partner as the generator plans it: the record, plus what customer planning needs. */
export interface WorldPartner {
  record: PartnerRecord;
  /** Its position in the partners array (and in the document). */
  index: number;
  /** How strongly it draws customers (power-law distributed); 0 for one that takes none. */
  weight: number;
  /** Resellers: the providers with an ACTIVE SUPPLIES to it, its home provider first. */
  activeSuppliers: WorldPartner[];
  /** Resellers: every provider with a SUPPLIES to it, whatever its state. */
  suppliers: Set<string>;
  /** Providers: the resellers it ACTIVE-supplies. */
  activelySupplies: Set<string>;
  cspTenant: TenantRecord;
  corporateTenant: TenantRecord | null;
}

/**
 * The partner side of a synthetic channel: every partner with its tenants, the SUPPLIES between
 * them, and the purchases of partners' CORPORATE tenants. It is small next to the customers
 * (tens of thousands of partners for a million customers), so it is held in memory, and the
 * customers, generated one at a time, draw their partners from it.
 */
export interface World {
  readonly partners: readonly WorldPartner[];
  readonly byId: ReadonlyMap<string, WorldPartner>;
  /** SUPPLIES edges, in file order. */
  readonly supplies: readonly EdgeRecord[];
  /** RESELLS_FOR and PROVISIONS into partners' CORPORATE tenants, in file order. */
  readonly corporateEdges: readonly EdgeRecord[];
  /** Direct-bill partners that take customers in this country of this cloud. */
  directsFor(cloud: Cloud, country: string): WeightedList<WorldPartner> | undefined;
  /** Indirect resellers (signed, actively supplied) that take customers there. */
  resellersFor(cloud: Cloud, country: string): WeightedList<WorldPartner> | undefined;
  /** Countries with at least one partner to serve them, weighted by market size. */
  customerCountries(cloud: Cloud): WeightedList<string>;
  /** Other served countries of the same region (where a customer's second tenant may sit). */
  neighbours(cloud: Cloud, country: string): readonly string[];
  /** Every partner of a cloud with this role. */
  partnersIn(cloud: Cloud, role: PartnerRole): readonly WorldPartner[];
  /** Every partner of a cloud whose country is this one. */
  partnersAt(cloud: Cloud, country: string): readonly WorldPartner[];
}

/** Where each kind of generated id lives within a GUID's last 48 bits, so none can collide. */
export const SERIAL = {
  partnerTenant: 0,
  customerTenant: 2 ** 44,
  partnerSubscription: 2 ** 45,
  customerSubscription: 2 ** 46,
  brokenSubscription: 2 ** 47,
} as const;

/**
 * A version-4-shaped GUID that looks random but is unique by construction: its last 12 hex
 * digits are `serial` (below 2^48), the rest comes from `random`.
 */
export function guid(random: Random, serial: number): string {
  const a = random.uint32();
  const b = random.uint32();
  const c = random.uint32();
  const high = hex8(Math.floor(serial / 0x1_0000_0000)).slice(4);
  const low = hex8(serial >>> 0);
  const second = hex8(b);
  // The variant nibble is 8, 9, a or b; the version nibble 4.
  const third = hex8(((c & 0x3fff) | 0x8000) >>> 0).slice(4);
  return `${hex8(a)}-${second.slice(0, 4)}-4${second.slice(5)}-${third}-${high}${low}`;
}

/** Every day of the years from `fromYear` to `toYear`, as `YYYY-MM-DD`, built once per range. */
function calendar(fromYear: number, toYear: number, monthEnds: boolean): readonly string[] {
  const key = `${fromYear}-${toYear}-${monthEnds}`;
  let days = CALENDARS.get(key);
  if (days === undefined) {
    days = [];
    for (let day = Date.UTC(fromYear, 0, 1); day < Date.UTC(toYear + 1, 0, 1); day += 86_400_000) {
      const date = new Date(day);
      // The last day of a month is the one whose next day is the first.
      if (monthEnds && new Date(day + 86_400_000).getUTCDate() !== 1) continue;
      days.push(date.toISOString().slice(0, 10));
    }
    CALENDARS.set(key, days);
  }
  return days;
}

const CALENDARS = new Map<string, string[]>();

/** A day between the first of January of `fromYear` and the last of December of `toYear`. */
export function dateBetween(random: Random, fromYear: number, toYear: number): string {
  return random.pick(calendar(fromYear, toYear, false));
}

/** The last day of a month between `fromYear` and `toYear`: licence terms end on month ends. */
export function monthEndBetween(random: Random, fromYear: number, toYear: number): string {
  return random.pick(calendar(fromYear, toYear, true));
}

/** Relationships between partners date from before any customer's (2016-2022). */
export const SUPPLIES_YEARS = [2016, 2022] as const;
/** Customers accepted their partners in 2023-2025. */
export const RELATIONSHIP_YEARS = [2023, 2025] as const;
/**
 * Licence terms end in 2027-2029: after the day this was written (late 2026), so a second
 * partner provisioning the same licence is refused by LICENSE_TERM_LOCK, as the rule intends.
 */
export const TERM_END_YEARS = [2027, 2029] as const;

const HUB_COUNTRIES: readonly string[] = ["US", "GB", "DE", "AU", "JP", "FR", "CA", "NL", "IN"];

/** Pareto tail index of partner sizes: near 1.16, the classic 80/20 split. */
const SIZE_ALPHA = 1.16;

function key(cloud: Cloud, country: string): string {
  return `${cloud}:${country}`;
}

/** Builds the partner side for `customers` customers; the same seed gives the same world. */
export function buildWorld(seed: number, customers: number): World {
  const random = new Random(deriveSeed(seed, 0));
  const partners: WorldPartner[] = [];
  const byId = new Map<string, WorldPartner>();
  const supplies: EdgeRecord[] = [];
  const corporateEdges: EdgeRecord[] = [];
  const scale = Math.log10(1 + customers);

  const addPartner = (
    role: PartnerRole,
    cloud: Cloud,
    country: string,
    markets: string[],
    suffixes: readonly string[],
    weight: number,
    mpaSigned = true,
  ): WorldPartner => {
    const index = partners.length;
    const name = `${random.pick(BRANDS)} ${random.pick(suffixes)}`;
    const record: PartnerRecord = {
      id: `P-${100_001 + index}`,
      name,
      role,
      cloud,
      country,
      markets,
      mpaSigned,
    };
    const cspTenant: TenantRecord = {
      id: guid(random, SERIAL.partnerTenant + index * 2),
      domain: `${slug(name, index + 1)}-csp.${domainSuffix(cloud)}`,
      purpose: TenantPurpose.CSP,
      cloud,
      country,
      ownerId: record.id,
    };
    const partner: WorldPartner = {
      record,
      index,
      weight,
      activeSuppliers: [],
      suppliers: new Set(),
      activelySupplies: new Set(),
      cspTenant,
      corporateTenant: null,
    };
    partners.push(partner);
    byId.set(record.id, partner);
    return partner;
  };

  const supply = (
    provider: WorldPartner,
    reseller: WorldPartner,
    state: RelationshipState,
  ): void => {
    supplies.push({
      type: EdgeType.SUPPLIES,
      from: provider.record.id,
      to: reseller.record.id,
      state,
      since: dateBetween(random, ...SUPPLIES_YEARS),
    });
    reseller.suppliers.add(provider.record.id);
    if (state === RelationshipState.ACTIVE) {
      reseller.activeSuppliers.push(provider);
      provider.activelySupplies.add(reseller.record.id);
    }
  };

  for (const [cloud, share] of CLOUD_SHARES) {
    const regions = regionsOf(cloud);
    const weightOf = new Map<string, number>(regions.flatMap((region) => region.countries));
    const pickCountry = (from: readonly string[]): string => {
      const list = new WeightedList<string>();
      for (const country of from) list.add(country, weightOf.get(country) ?? 1);
      return list.pick(random) ?? random.pick(from);
    };
    const regionList = new WeightedList<Region>();
    for (const region of regions) {
      regionList.add(
        region,
        region.countries.reduce((sum, [, weight]) => sum + weight, 0),
      );
    }
    const others = (items: readonly string[], but: string): string[] =>
      items.filter((item) => item !== but);
    const national = cloud !== Cloud.PUBLIC;

    // Indirect providers: a few dozen in the public cloud, growing gently with the channel; one
    // regional provider per region first, so that every country has someone to supply it.
    const providerCount = national ? 1 + Math.floor(scale / 3) : Math.round(12 + 5 * scale);
    const providers: WorldPartner[] = [];
    for (let k = 0; k < providerCount; k += 1) {
      const region = regions[k] ?? regionList.pick(random) ?? random.pick(regions);
      const regional = k < regions.length || random.chance(0.35);
      const names = region.countries.map(([country]) => country);
      const country = pickCountry(names);
      const markets = regional
        ? [country, ...others(names, country)]
        : [country, ...random.sample(others(names, country), random.int(0, 2))];
      providers.push(
        addPartner(
          PartnerRole.INDIRECT_PROVIDER,
          cloud,
          country,
          markets,
          PROVIDER_SUFFIXES,
          random.pareto(SIZE_ALPHA, 50),
        ),
      );
    }
    const providerList = new WeightedList<WorldPartner>();
    for (const provider of providers) providerList.add(provider, provider.weight);
    const covering = (country: string): WorldPartner[] =>
      providers.filter((provider) => provider.record.markets.includes(country));
    const homeProvider = (): WorldPartner => providerList.pick(random) ?? random.pick(providers);

    // Indirect resellers: each provider's count follows its (power-law) size.
    const resellerCount = Math.max(2 * providerCount, Math.round((share * customers) / 40));
    for (let k = 0; k < resellerCount; k += 1) {
      const home = homeProvider();
      const country = pickCountry(home.record.markets);
      // Markets within the home provider's keep every sale of theirs suppliable through it.
      const markets = random.chance(0.25)
        ? [country, ...random.sample(others(home.record.markets, country), random.int(1, 2))]
        : [country];
      const reseller = addPartner(
        PartnerRole.INDIRECT_RESELLER,
        cloud,
        country,
        markets,
        RESELLER_SUFFIXES,
        random.pareto(SIZE_ALPHA, 100),
      );
      supply(home, reseller, RelationshipState.ACTIVE);
      const candidates = (): WorldPartner[] =>
        covering(country).filter((provider) => !reseller.suppliers.has(provider.record.id));
      if (random.chance(0.2)) {
        for (const provider of random.sample(candidates(), random.int(1, 2))) {
          supply(provider, reseller, RelationshipState.ACTIVE);
        }
      }
      // A former provider, and one being onboarded: neither may be named in `via`.
      const removed = candidates();
      if (removed.length > 0 && random.chance(0.04)) {
        supply(random.pick(removed), reseller, RelationshipState.REMOVED);
      }
      const pending = candidates();
      if (pending.length > 0 && random.chance(0.03)) {
        supply(random.pick(pending), reseller, RelationshipState.PENDING);
      }
    }

    // Hub resellers: large ones that most providers in their country supply.
    const hubCount = national ? 0 : 3 + Math.floor(scale / 2);
    for (let k = 0; k < hubCount; k += 1) {
      const country = HUB_COUNTRIES[k % HUB_COUNTRIES.length] ?? "US";
      const local = covering(country);
      const home = local.reduce<WorldPartner | undefined>(
        (best, provider) => (best === undefined || provider.weight > best.weight ? provider : best),
        undefined,
      );
      if (home === undefined) continue;
      const markets = [country, ...random.sample(others(home.record.markets, country), 3)];
      const hub = addPartner(
        PartnerRole.INDIRECT_RESELLER,
        cloud,
        country,
        markets,
        RESELLER_SUFFIXES,
        150 + random.pareto(SIZE_ALPHA, 100),
      );
      supply(home, hub, RelationshipState.ACTIVE);
      for (const provider of local) {
        if (provider !== home && random.chance(0.9)) {
          supply(provider, hub, RelationshipState.ACTIVE);
        }
      }
    }

    // Resellers that have not signed the partner agreement yet: PENDING only, no customers.
    const unsignedCount = Math.max(1, Math.round(resellerCount * 0.03));
    for (let k = 0; k < unsignedCount; k += 1) {
      const home = homeProvider();
      const country = pickCountry(home.record.markets);
      const reseller = addPartner(
        PartnerRole.INDIRECT_RESELLER,
        cloud,
        country,
        [country],
        RESELLER_SUFFIXES,
        0,
        false,
      );
      supply(home, reseller, RelationshipState.PENDING);
    }

    // Direct-bill partners, mostly national, some in a few neighbouring countries.
    const directCount = national
      ? Math.max(2, Math.round((share * customers) / 150))
      : Math.max(providerCount, Math.round((share * customers) / 150));
    for (let k = 0; k < directCount; k += 1) {
      const region = regionList.pick(random) ?? random.pick(regions);
      const names = region.countries.map(([country]) => country);
      const country = pickCountry(names);
      const markets = random.chance(0.3)
        ? [country, ...random.sample(others(names, country), random.int(1, 3))]
        : [country];
      addPartner(
        PartnerRole.DIRECT_BILL,
        cloud,
        country,
        markets,
        DIRECT_SUFFIXES,
        random.pareto(SIZE_ALPHA, 100),
      );
    }
  }

  // Indexes for drawing a customer's partners.
  const directs = new Map<string, WeightedList<WorldPartner>>();
  const resellers = new Map<string, WeightedList<WorldPartner>>();
  const byRole = new Map<string, WorldPartner[]>();
  const byCountry = new Map<string, WorldPartner[]>();
  const push = <T>(map: Map<string, T[]>, at: string, item: T): void => {
    const list = map.get(at);
    if (list === undefined) map.set(at, [item]);
    else list.push(item);
  };
  for (const partner of partners) {
    const { cloud, country, role, markets, mpaSigned } = partner.record;
    push(byRole, `${cloud}:${role}`, partner);
    push(byCountry, key(cloud, country), partner);
    const index =
      role === PartnerRole.DIRECT_BILL
        ? directs
        : role === PartnerRole.INDIRECT_RESELLER && mpaSigned && partner.activeSuppliers.length > 0
          ? resellers
          : undefined;
    if (index === undefined || partner.weight <= 0) continue;
    for (const market of markets) {
      const list = index.get(key(cloud, market)) ?? new WeightedList<WorldPartner>();
      list.add(partner, partner.weight);
      index.set(key(cloud, market), list);
    }
  }
  const served = (cloud: Cloud, country: string): boolean =>
    directs.has(key(cloud, country)) || resellers.has(key(cloud, country));
  const customerCountries = new Map<Cloud, WeightedList<string>>();
  const neighbours = new Map<string, string[]>();
  for (const [cloud] of CLOUD_SHARES) {
    const list = new WeightedList<string>();
    for (const region of regionsOf(cloud)) {
      const here = region.countries.filter(([country]) => served(cloud, country));
      for (const [country, weight] of here) {
        list.add(country, weight);
        neighbours.set(
          key(cloud, country),
          here.map(([other]) => other).filter((other) => other !== country),
        );
      }
    }
    customerCountries.set(cloud, list);
  }

  // Some partners run a CORPORATE tenant of their own, bought from a direct-bill partner: the
  // partner-to-partner purchase that the CSP rules allow.
  let corporateSerial = 0;
  const buyCorporate = (partner: WorldPartner): void => {
    const { record, index } = partner;
    const { cloud, country, id, name } = record;
    const sellers = directs.get(key(cloud, country));
    let seller: WorldPartner | undefined;
    for (let attempt = 0; attempt < 4 && seller === undefined; attempt += 1) {
      const candidate = sellers?.pick(random);
      if (candidate !== partner) seller = candidate;
    }
    if (seller === undefined) return;
    const tenant: TenantRecord = {
      id: guid(random, SERIAL.partnerTenant + index * 2 + 1),
      domain: `${slug(name, index + 1)}.${domainSuffix(cloud)}`,
      purpose: TenantPurpose.CORPORATE,
      cloud,
      country,
      ownerId: id,
    };
    partner.corporateTenant = tenant;
    corporateEdges.push(
      {
        type: EdgeType.RESELLS_FOR,
        from: seller.record.id,
        to: tenant.id,
        state: RelationshipState.ACTIVE,
        since: dateBetween(random, ...RELATIONSHIP_YEARS),
      },
      {
        type: EdgeType.PROVISIONS,
        from: seller.record.id,
        to: tenant.id,
        subscriptionId: guid(random, SERIAL.partnerSubscription + corporateSerial),
        workload: Workload.MICROSOFT_365,
        billing: Billing.LICENSE,
        channel: Channel.CSP,
        termEnd: monthEndBetween(random, ...TERM_END_YEARS),
      },
    );
    corporateSerial += 1;
  };
  for (const partner of partners) {
    if (random.chance(0.15)) buyCorporate(partner);
  }
  // At least one transacting partner with a corporate tenant, so that --invalid-rate can break
  // NO_SELF_DEALING in any world.
  const transacting = (partner: WorldPartner): boolean =>
    partner.record.role !== PartnerRole.INDIRECT_RESELLER;
  if (!partners.some((partner) => transacting(partner) && partner.corporateTenant !== null)) {
    for (const partner of partners) {
      if (!transacting(partner)) continue;
      buyCorporate(partner);
      if (partner.corporateTenant !== null) break;
    }
  }

  return {
    partners,
    byId,
    supplies,
    corporateEdges,
    directsFor: (cloud, country) => directs.get(key(cloud, country)),
    resellersFor: (cloud, country) => resellers.get(key(cloud, country)),
    customerCountries: (cloud) => customerCountries.get(cloud) ?? new WeightedList<string>(),
    neighbours: (cloud, country) => neighbours.get(key(cloud, country)) ?? [],
    partnersIn: (cloud, role) => byRole.get(`${cloud}:${role}`) ?? [],
    partnersAt: (cloud, country) => byCountry.get(key(cloud, country)) ?? [],
  };
}
