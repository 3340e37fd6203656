import type { Driver } from "neo4j-driver";
import type { Db } from "../../src/db/database";
import { writeEcosystem } from "../../src/db/ecosystem.writer";
import { SERVED_CUSTOMER_PROPERTIES } from "../../src/db/queries";
import {
  Billing,
  Cloud,
  EdgeType,
  PartnerRole,
  RelationshipState,
  TenantPurpose,
  Workload,
  WorkloadRole,
} from "../../src/domain";
import type { CustomerRecord, EdgeRecord, Ecosystem, TenantRecord } from "../../src/domain";
import { AppError } from "../../src/errors";
import { SERVING_EDGE_TYPES } from "../../src/policy/edge-types";
import { createEdge } from "../../src/services/edge.service";
import { importEcosystem } from "../../src/services/import.service";
import { upsertCustomer, upsertTenant } from "../../src/services/node.service";
import { resetGraph, testDb, testDriver } from "../support/harness";

/**
 * Serving edges carry their customer's record (tagServingEdge) so that a partner's customers
 * are read from relationship indexes. Every writer keeps those copies right: createEdge, the
 * customer and tenant upserts (a rename, an owner change, a tenant that moves to a partner and
 * back) and the import. After a run of random writes through all of them, every copy must equal
 * the record of its tenant's owner.
 */

const PARTNERS = ["SC-D1", "SC-D2", "SC-P"];
const CUSTOMERS = ["SC-C1", "SC-C2", "SC-C3", "SC-C4"];
const TENANTS = Array.from(
  { length: 6 },
  (_, i) => `5c000000-0000-4000-8000-${String(i + 1).padStart(12, "0")}`,
);
const NAMES = ["Alder Co", "Birch Co", "Cedar Co", "Damson Co", "Elm Co"];
const COUNTRIES = ["US", "CA"];

/** A seeded generator (mulberry32), so a failing run can be replayed from its seed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function start(): Ecosystem {
  return {
    partners: PARTNERS.map((id) => ({
      id,
      name: `Partner ${id}`,
      role: id === "SC-P" ? PartnerRole.INDIRECT_PROVIDER : PartnerRole.DIRECT_BILL,
      cloud: Cloud.PUBLIC,
      country: "US",
      markets: ["US", "CA"],
      mpaSigned: true,
    })),
    customers: CUSTOMERS.map((id, i) => ({
      id,
      name: NAMES[i] ?? id,
      cloud: Cloud.PUBLIC,
      country: "US",
    })),
    tenants: TENANTS.map((id, i) => customerTenant(id, CUSTOMERS[i % CUSTOMERS.length] ?? "")),
    edges: [],
  };
}

function customerTenant(id: string, ownerId: string): TenantRecord {
  return {
    id,
    domain: `sc-${id.slice(-2)}.onmicrosoft.com`,
    purpose: TenantPurpose.CUSTOMER,
    cloud: Cloud.PUBLIC,
    country: "US",
    ownerId,
  };
}

describe("the customer copies on serving edges", () => {
  let db: Db;
  let driver: Driver;
  let database: string;

  beforeAll(async () => {
    db = testDb();
    await db.applySchema();
    ({ driver, database } = testDriver());
  });

  afterAll(async () => {
    await driver.close();
    await db.close();
  });

  /** Every serving edge whose copy differs from its tenant owner's record, described. */
  async function staleCopies(): Promise<{ stale: string[]; edges: number }> {
    const result = await driver.executeQuery(
      `MATCH (t:Tenant)<-[r:${SERVING_EDGE_TYPES.join("|")}]-(p:Partner)
       OPTIONAL MATCH (t)<-[:OWNS]-(c:Customer)
       RETURN type(r) AS type, p.id AS partner, t.id AS tenant, r.partnerId AS copiedPartner,
              c {.*} AS customer, properties(r) AS copy`,
      {},
      { database },
    );
    const stale: string[] = [];
    for (const record of result.records) {
      const customer = record.get("customer") as Record<string, unknown> | null;
      const copy = record.get("copy") as Record<string, unknown>;
      const expected: Record<string, unknown> = { partnerId: record.get("partner") };
      for (const [copied, property] of SERVED_CUSTOMER_PROPERTIES) {
        expected[copied] = customer?.[property] ?? null;
      }
      const got = Object.fromEntries(Object.keys(expected).map((key) => [key, copy[key] ?? null]));
      if (JSON.stringify(got) !== JSON.stringify(expected)) {
        stale.push(
          `${String(record.get("type"))} ${String(record.get("partner"))} -> ${String(record.get("tenant"))}: ` +
            `${JSON.stringify(got)}, owner ${JSON.stringify(expected)}`,
        );
      }
    }
    return { stale, edges: result.records.length };
  }

  it.each([15, 16, 17])(
    "equal their tenant owner's record after random writes through every writer (seed %i)",
    async (seed) => {
      const next = random(seed);
      const pick = <T>(items: readonly T[]): T => {
        const item = items[Math.floor(next() * items.length)];
        if (item === undefined) throw new Error("picked from an empty list");
        return item;
      };
      await resetGraph(db);
      await writeEcosystem(db, start());
      const landed = { edges: 0, customers: 0, tenants: 0, imports: 0 };
      let serial = 0;

      const randomEdge = (): EdgeRecord => {
        const from = pick(PARTNERS);
        const to = pick(TENANTS);
        serial += 1;
        switch (
          pick([
            EdgeType.RESELLS_FOR,
            EdgeType.RESELLS_FOR,
            EdgeType.SERVES_WORKLOAD,
            EdgeType.PROVISIONS,
          ])
        ) {
          case EdgeType.SERVES_WORKLOAD:
            return {
              type: EdgeType.SERVES_WORKLOAD,
              from,
              to,
              workload: pick([Workload.AZURE, Workload.OFFICE_365]),
              role: WorkloadRole.MANAGE,
            };
          case EdgeType.PROVISIONS:
            return {
              type: EdgeType.PROVISIONS,
              from,
              to,
              subscriptionId: `sc-sub-${seed}-${serial}`,
              workload: Workload.AZURE,
              billing: Billing.USAGE,
            };
          default:
            return { type: EdgeType.RESELLS_FOR, from, to, state: RelationshipState.ACTIVE };
        }
      };
      const randomCustomer = (): CustomerRecord => ({
        id: pick(CUSTOMERS),
        name: pick(NAMES),
        cloud: Cloud.PUBLIC,
        country: pick(COUNTRIES),
      });
      /** A new owner: mostly another customer, sometimes a partner (as its CORPORATE tenant). */
      const randomOwner = (id: string): TenantRecord => {
        const owner = next() < 0.25 ? pick(PARTNERS) : pick(CUSTOMERS);
        const moved = customerTenant(id, owner);
        return PARTNERS.includes(owner) ? { ...moved, purpose: TenantPurpose.CORPORATE } : moved;
      };
      /** Refusals are part of random writes; anything else is a failure. */
      const refusable = async (write: () => Promise<unknown>): Promise<boolean> => {
        try {
          await write();
          return true;
        } catch (error) {
          if (error instanceof AppError) return false;
          throw error;
        }
      };

      for (let step = 0; step < 60; step += 1) {
        const roll = next();
        if (roll < 0.45) {
          if (await refusable(() => createEdge(db, randomEdge()))) landed.edges += 1;
        } else if (roll < 0.65) {
          await upsertCustomer(db, randomCustomer());
          landed.customers += 1;
        } else if (roll < 0.85) {
          await upsertTenant(db, randomOwner(pick(TENANTS)));
          landed.tenants += 1;
        } else {
          const moved = randomOwner(pick(TENANTS));
          const report = await importEcosystem(
            db,
            {
              customers: [randomCustomer()],
              tenants: [moved],
              edges: [randomEdge(), randomEdge()],
            },
            { skipInvalid: true },
          );
          expect(report.problems).toEqual([]);
          if (report.committed) landed.imports += 1;
        }
      }

      // Each writer had its turn, and serving edges exist to carry copies.
      expect(Object.values(landed).every((count) => count > 0)).toBe(true);
      const { stale, edges } = await staleCopies();
      expect(edges).toBeGreaterThan(5);
      expect(stale).toEqual([]);
    },
  );

  it("sees a copy that no writer kept right", async () => {
    await resetGraph(db);
    await writeEcosystem(db, start());
    const [tenant] = TENANTS;
    await createEdge(db, { type: EdgeType.RESELLS_FOR, from: "SC-D1", to: tenant ?? "" });
    expect((await staleCopies()).stale).toEqual([]);
    await driver.executeQuery(
      "MATCH (:Customer)-[:OWNS]->(:Tenant {id: $tenant})<-[r:RESELLS_FOR]-() SET r.customerName = 'Stale Co'",
      { tenant },
      { database },
    );
    expect((await staleCopies()).stale).toHaveLength(1);
  });
});
