import {
  ENTRA_ROLE_NAMES,
  EdgeType,
  GDAP_MAX_DAYS,
  GLOBAL_ADMINISTRATOR,
  GdapStatus,
} from "../domain";
import type { EdgeRecord } from "../domain";
import { RelationshipState, addDays } from "../domain";
import type { Random } from "./random";
import type { TenantState } from "./tenant-edges";
import { guid } from "./world";

/** GDAP relationships per customer, with their shares: most customers have one or two. */
const RELATIONSHIPS_PER_CUSTOMER: readonly [number, number][] = [
  [0, 0.08],
  [1, 0.55],
  [2, 0.3],
  [3, 0.07],
];
/** At most this many per customer: relationship ids are numbered within it. */
export const GDAP_PER_CUSTOMER = 3;
/** About one relationship in ten grants Global Administrator (which then cannot auto-extend). */
const GLOBAL_ADMIN_SHARE = 0.1;
/** A few per hundred end within the next 30 days. */
const EXPIRING_SHARE = 0.04;
const PENDING_SHARE = 0.02;
const TERMINATED_SHARE = 0.02;
const EXPIRED_SHARE = 0.02;
/** A reseller's relationship is created by its provider (`via`) this often. */
const VIA_SHARE = 0.5;
const AUTO_EXTEND_SHARE = 0.6;

/** The well-known roles other than Global Administrator, that relationships draw from. */
const OTHER_ROLES = [...ENTRA_ROLE_NAMES.keys()].filter((id) => id !== GLOBAL_ADMINISTRATOR);

function drawCount(random: Random): number {
  let roll = random.next();
  for (const [count, share] of RELATIONSHIPS_PER_CUSTOMER) {
    if (roll < share) return count;
    roll -= share;
  }
  return 1;
}

/**
 * The GDAP relationships of customer `index`, added after its other edges: each from a partner
 * that holds an ACTIVE RESELLS_FOR into the tenant (so no GDAP_WITHOUT_RESELLER warning and the
 * same cloud), a reseller's sometimes through its provider (`via`, the provider that supplies
 * it on that chain). Durations run from 30 to 730 days; end dates are placed around `today`, so
 * a few per hundred expire within 30 days. Each passes every rule when appended in this order:
 * ids are unique by construction (GDAP_PER_CUSTOMER per customer) and so are display names.
 */
export function gdapRelationships(
  tenants: readonly TenantState[],
  index: number,
  random: Random,
  today: string,
): EdgeRecord[] {
  const edges: EdgeRecord[] = [];
  const count = Math.min(drawCount(random), GDAP_PER_CUSTOMER);
  for (let k = 0; k < count; k += 1) {
    const tenant = k === 0 || tenants.length === 1 ? tenants[0] : random.pick(tenants);
    if (tenant === undefined) break;
    const holders = [...tenant.relationships.values()].filter(
      (edge) => edge.state === RelationshipState.ACTIVE,
    );
    if (holders.length === 0) continue;
    const holder = random.pick(holders);
    const chain = tenant.resellerChains.find((c) => c.reseller.record.id === holder.from);

    const globalAdmin = random.chance(GLOBAL_ADMIN_SHARE);
    const roles = random.sample(OTHER_ROLES, random.int(1, 3));
    if (globalAdmin) roles.unshift(GLOBAL_ADMINISTRATOR);
    const edge: EdgeRecord = {
      type: EdgeType.DELEGATED_ADMIN,
      from: holder.from,
      to: tenant.tenant.id,
      // Relationship ids are a namespace of their own: the serial only keeps them apart.
      relationshipId: guid(random, index * GDAP_PER_CUSTOMER + k),
      displayName: `GDAP ${index}-${k}`,
      status: GdapStatus.ACTIVE,
      roles,
      autoExtend: !globalAdmin && random.chance(AUTO_EXTEND_SHARE),
    };
    if (chain !== undefined && random.chance(VIA_SHARE)) edge.via = chain.provider.record.id;

    const roll = random.next();
    if (roll < PENDING_SHARE) {
      edge.status = GdapStatus.PENDING;
      edge.autoExtend = false;
    } else {
      const duration = random.int(30, GDAP_MAX_DAYS);
      let left: number;
      if (roll < PENDING_SHARE + EXPIRING_SHARE) {
        left = random.int(0, 30);
      } else if (roll < PENDING_SHARE + EXPIRING_SHARE + EXPIRED_SHARE) {
        left = -random.int(1, 365);
        edge.status = GdapStatus.EXPIRED;
      } else if (roll < PENDING_SHARE + EXPIRING_SHARE + EXPIRED_SHARE + TERMINATED_SHARE) {
        left = random.int(-365, duration - 1);
        edge.status = GdapStatus.TERMINATED;
      } else {
        left = random.int(31, duration);
      }
      edge.endsOn = addDays(today, left);
      edge.since = addDays(edge.endsOn, -duration);
    }
    tenant.delegatedAdmins.push(edge);
    edges.push(edge);
  }
  return edges;
}
