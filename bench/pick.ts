import type { Driver } from "neo4j-driver";
import type { BenchIds } from "./operations";
import { BENCH_SUBSCRIPTION_PREFIX } from "./operations";
import type { DirectQueries } from "./servers/direct";
import type { EdgeRecord } from "../src/domain";

/** What the chosen ids look like, for the report. */
export interface PickedShape {
  providerResellers: number;
  customerTenants: number;
  customerServices: number;
}

async function rows(
  driver: Driver,
  cypher: string,
  params: Record<string, unknown> = {},
): Promise<Record<string, unknown>[]> {
  const { records } = await driver.executeQuery(cypher, params, {
    database: "neo4j",
    routing: "READ",
  });
  return records.map((record) => record.toObject());
}

const num = (value: unknown): number => Number(value);
const str = (value: unknown): string => String(value);

/**
 * Picks the benchmark's ids from the imported graph, the same for all three servers:
 * the provider whose ACTIVE reseller count is closest to `resellers` (Q1, Q3), the customer with
 * the most serving edges among the first customers with three tenants, a reseller chain and a
 * GDAP relationship (Q2, Q4, Q7), an edge the rules allow (Q5), and (partner, tenant) pairs for new PROVISIONS (Q6).
 */
export async function pickIds(
  driver: Driver,
  direct: DirectQueries,
  resellers: number,
): Promise<{ ids: BenchIds; shape: PickedShape }> {
  const [provider] = await rows(
    driver,
    `MATCH (p:Partner {role: 'INDIRECT_PROVIDER'})
     WITH p, COUNT { (p)-[:SUPPLIES {state: 'ACTIVE'}]->(:Partner) } AS resellers
     RETURN p.id AS id, resellers ORDER BY abs(resellers - $resellers), resellers DESC, p.id LIMIT 1`,
    { resellers },
  );
  const [customer] = await rows(
    driver,
    `MATCH (c:Customer)
     WHERE COUNT { (c)-[:OWNS]->(:Tenant) } >= 3
       AND EXISTS { (c)-[:OWNS]->(:Tenant)<-[e:RESELLS_FOR]-(:Partner) WHERE e.via IS NOT NULL }
       AND EXISTS { (c)-[:OWNS]->(:Tenant)<-[:DELEGATED_ADMIN]-(:Partner) }
     WITH c LIMIT 5000
     WITH c, COUNT { (c)-[:OWNS]->(:Tenant) } AS tenants,
          COUNT { (c)-[:OWNS]->(:Tenant)<-[:RESELLS_FOR|SERVES_WORKLOAD|PROVISIONS]-(:Partner) } AS services
     RETURN c.id AS id, tenants, services ORDER BY services DESC, c.id LIMIT 1`,
  );
  if (provider === undefined || customer === undefined) {
    throw new Error("the graph has no indirect provider or no customer with three tenants");
  }
  const customerId = str(customer.id);
  const allowedEdge = await pickAllowedEdge(driver, direct);
  const provisionPairs = (
    await rows(
      driver,
      `MATCH (p:Partner {role: 'DIRECT_BILL'})-[:RESELLS_FOR {state: 'ACTIVE'}]->(t:Tenant {purpose: 'CUSTOMER'})<-[:OWNS]-(c:Customer)
       WHERE c.id <> $customerId
       WITH p, min(t.id) AS tenant
       RETURN p.id AS from, tenant AS to ORDER BY from LIMIT 64`,
      { customerId },
    )
  ).map((row) => ({ from: str(row.from), to: str(row.to) }));
  const [firstPair] = provisionPairs;
  if (firstPair === undefined) throw new Error("no direct-bill partner with an ACTIVE RESELLS_FOR");
  const probe = await direct.validate(
    {
      type: "PROVISIONS",
      ...firstPair,
      subscriptionId: `${BENCH_SUBSCRIPTION_PREFIX}probe`,
      workload: "AZURE",
      billing: "USAGE",
      channel: "CSP",
    } as EdgeRecord,
    { statements: 0 },
  );
  if (!probe.allowed) {
    throw new Error(`Q6's PROVISIONS would be refused: ${JSON.stringify(probe.violations)}`);
  }
  return {
    ids: { providerId: str(provider.id), customerId, allowedEdge, provisionPairs },
    shape: {
      providerResellers: num(provider.resellers),
      customerTenants: num(customer.tenants),
      customerServices: num(customer.services),
    },
  };
}

/** A SERVES_WORKLOAD from a reseller through its provider: several rules have work to do. */
async function pickAllowedEdge(
  driver: Driver,
  direct: DirectQueries,
): Promise<Record<string, string>> {
  const candidates = await rows(
    driver,
    `MATCH (r:Partner {role: 'INDIRECT_RESELLER'})-[rf:RESELLS_FOR {state: 'ACTIVE'}]->(t:Tenant {purpose: 'CUSTOMER'})
     WHERE rf.via IS NOT NULL
       AND NOT EXISTS { (r)-[:SERVES_WORKLOAD {workload: 'DYNAMICS_365'}]->(t) }
     RETURN r.id AS from, t.id AS to, rf.via AS via LIMIT 50`,
  );
  for (const candidate of candidates) {
    const edge = {
      type: "SERVES_WORKLOAD",
      from: str(candidate.from),
      to: str(candidate.to),
      via: str(candidate.via),
      workload: "DYNAMICS_365",
      role: "MANAGE",
    };
    const decision = await direct.validate(edge as EdgeRecord, { statements: 0 });
    if (decision.allowed) return edge;
  }
  throw new Error("found no SERVES_WORKLOAD the rules allow for Q5");
}

/**
 * The scale curve's customer: the first with exactly two tenants, eight serving edges (the most
 * common count for two tenants in the generated channel), a reseller chain and two GDAP
 * relationships (the generator's most common count), so Q2, Q4 and Q7 do the same work at every
 * graph size and only the graph around them grows.
 */
export async function pickScaleCustomer(
  driver: Driver,
): Promise<{ id: string; services: number; tenants: number }> {
  const [row] = await rows(
    driver,
    `MATCH (c:Customer)
     WHERE COUNT { (c)-[:OWNS]->(:Tenant) } = 2
       AND COUNT { (c)-[:OWNS]->(:Tenant)<-[:RESELLS_FOR|SERVES_WORKLOAD|PROVISIONS]-(:Partner) } = 8
       AND EXISTS { (c)-[:OWNS]->(:Tenant)<-[e:RESELLS_FOR]-(:Partner) WHERE e.via IS NOT NULL }
       AND COUNT { (c)-[:OWNS]->(:Tenant)<-[:DELEGATED_ADMIN]-(:Partner) } = 2
     RETURN c.id AS id LIMIT 1`,
  );
  if (row === undefined)
    throw new Error("no customer with two tenants, eight serving edges and two GDAP relationships");
  return { id: str(row.id), services: 8, tenants: 2 };
}

/** Removes what Q6 created, so a kept database is the same for the next run. */
export async function removeBenchEdges(driver: Driver): Promise<number> {
  const { records } = await driver.executeQuery(
    `MATCH ()-[r:PROVISIONS]->() WHERE r.subscriptionId STARTS WITH $prefix
     DELETE r RETURN count(*) AS removed`,
    { prefix: BENCH_SUBSCRIPTION_PREFIX },
    { database: "neo4j" },
  );
  return num(records[0]?.get("removed"));
}
