import type { Db } from "../db/database";
import type { CustomerRecord, EdgeRecord, PartnerRecord, TenantRecord } from "../domain";
import { ALL_EDGE_TYPES } from "../policy/edge-types";
import { storedToRecord } from "./edge.service";

const PAGE = 10_000;
const PARTNERS_PER_CHUNK = 500;

/** Where an export goes, one row at a time (the whole graph never sits in memory). */
export interface EcosystemSink {
  startArray(name: "partners" | "customers" | "tenants" | "edges"): Promise<void>;
  row(value: PartnerRecord | CustomerRecord | TenantRecord | EdgeRecord): Promise<void>;
  end(): Promise<void>;
}

/**
 * Streams the whole graph in the interchange format: nodes by id, then edges type by type in
 * the order of EDGE_TYPES (SUPPLIES first: the edges into tenants lean on them), so that
 * importing the file into an empty database passes every rule in file order and rebuilds the
 * same graph.
 */
export async function exportEcosystem(db: Db, sink: EcosystemSink): Promise<{ rows: number }> {
  let rows = 0;
  const page = async <T extends { id: string }>(
    name: "partners" | "customers" | "tenants",
    fetch: (afterId: string) => Promise<T[]>,
  ) => {
    await sink.startArray(name);
    let afterId = "";
    for (;;) {
      const batch = await fetch(afterId);
      for (const row of batch) await sink.row(row as unknown as PartnerRecord);
      rows += batch.length;
      const last = batch.at(-1);
      if (last === undefined || batch.length < PAGE) break;
      afterId = last.id;
    }
  };
  await page("partners", async (afterId) =>
    (await db.read("exportPartners", { afterId, limit: PAGE })).map((r) => r.partner),
  );
  await page("customers", async (afterId) =>
    (await db.read("exportCustomers", { afterId, limit: PAGE })).map((r) => r.customer),
  );
  await page("tenants", async (afterId) =>
    (await db.read("exportTenants", { afterId, limit: PAGE })).map((r) => r.tenant),
  );

  await sink.startArray("edges");
  for (const type of ALL_EDGE_TYPES) {
    let fromId = "";
    for (;;) {
      const chunk = await db.read("storedEdgesOfPartners", {
        fromId,
        limit: PARTNERS_PER_CHUNK,
        types: [type],
      });
      for (const partner of chunk) {
        for (const edge of partner.edges) await sink.row(storedToRecord(edge));
        rows += partner.edges.length;
      }
      const last = chunk.at(-1);
      if (last === undefined) break;
      fromId = `${last.partnerId}\u0000`;
    }
  }
  await sink.end();
  return { rows };
}
