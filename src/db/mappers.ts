import neo4j from "neo4j-driver";
import type { ChainRow, ChainsRow, ServiceRow, ServicesRow } from "./queries";

/**
 * Turns what the driver returns into plain values, in one place, before anything reaches a
 * GraphQL type: integers become numbers, dates become `YYYY-MM-DD`, other temporals ISO strings,
 * nodes and relationships their property maps. Lists and maps are converted in place: the
 * driver decoded them for this one result, and copying every one (thousands in a page of
 * customers under each of fifty resellers) only fed the garbage collector.
 */
export function toPlain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  // Strings, numbers and booleans, most of what a row holds, need no conversion.
  if (typeof value !== "object") return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) value[i] = toPlain(value[i]);
    return value;
  }
  // Maps Cypher builds (`p {.*}`, `{partner: …}`) come back as plain objects.
  if (Object.getPrototypeOf(value) === Object.prototype) {
    const map = value as Record<string, unknown>;
    for (const key of Object.keys(map)) map[key] = toPlain(map[key]);
    return map;
  }
  if (neo4j.isInt(value)) {
    // Counts and ids stay far below 2^53; a value beyond it would be a bug upstream.
    return value.inSafeRange() ? value.toNumber() : value.toString();
  }
  if (neo4j.isDate(value)) return value.toString();
  if (
    neo4j.isDateTime(value) ||
    neo4j.isLocalDateTime(value) ||
    neo4j.isTime(value) ||
    neo4j.isLocalTime(value) ||
    neo4j.isDuration(value)
  ) {
    return value.toString();
  }
  if (neo4j.isNode(value) || neo4j.isRelationship(value)) return toPlain(value.properties);
  return plainObject(value);
}

function plainObject(value: object): Record<string, unknown> {
  const plain: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    plain[key] = toPlain((value as Record<string, unknown>)[key]);
  }
  return plain;
}

/**
 * The services of a ServicesRow, each with its partner, tenant and (when visible) `via` record.
 * The statements send each partner and tenant once per row; the services share the records.
 */
export function joinServices(row: ServicesRow): ServiceRow[] {
  const partners = byId(row.partners);
  const tenants = byId(row.tenants);
  return row.services.map((service) => ({
    partner: found(partners, service.partnerId),
    tenant: found(tenants, service.tenantId),
    relation: service.relation,
    workload: service.workload,
    viaId: service.viaId,
    via: service.viaVisible && service.viaId !== null ? found(partners, service.viaId) : null,
    subscriptionId: service.subscriptionId,
  }));
}

/** The chains of distributionChains's rows (it returns one), with their partners and tenant. */
export function joinChains(rows: ChainsRow[]): ChainRow[] {
  return rows.flatMap((row) => {
    const partners = byId(row.partners);
    const tenants = byId(row.tenants);
    return row.chains.map((chain) => ({
      partners: chain.partnerIds.map((id) => found(partners, id)),
      tenant: found(tenants, chain.tenantId),
      hops: chain.hops,
    }));
  });
}

function byId<T extends { id: string }>(records: T[]): Map<string, T> {
  return new Map(records.map((record) => [record.id, record]));
}

function found<T>(records: Map<string, T>, id: string): T {
  const record = records.get(id);
  // The statement collects every node its rows name; a miss is a bug in the statement.
  if (record === undefined) throw new Error(`Row names ${id} but does not carry it`);
  return record;
}
