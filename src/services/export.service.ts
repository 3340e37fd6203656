import { setImmediate as nextTurn } from "node:timers/promises";
import type { Db } from "../db/database";
import type { CustomerRecord, EdgeRecord, PartnerRecord, TenantRecord } from "../domain";
import { edgeFromColumns } from "../db/queries";
import { byCodeUnits } from "../order";
import type { EdgeType } from "../domain";
import { ALL_EDGE_TYPES } from "../policy/edge-types";

const PAGE = 10_000;
const PARTNERS_PER_CHUNK = 200;
/** Chunks read at once: Neo4j reads one while another is decoded. */
const CHUNKS_AHEAD = 3;
/**
 * Most edges a chunk read holds (a partner with more is a chunk of its own): 200 partners by id
 * held 2.9 million edges at 1,000,000 customers, a read that outlasted a minute's transaction
 * timeout.
 */
const EDGES_PER_READ = 100_000;
/**
 * Most edges a caller of storedEdgeChunks receives at once, each piece on an event loop turn of
 * its own: one chunk of 200 partners held 2.9 million edges at 1,000,000 customers, and handling
 * it in one go held the event loop for tens of seconds (4.3 s at 100,000 customers), during which
 * a server re-auditing in the background answered no request and the driver read none of the
 * answers to the chunks read ahead.
 */
const EDGES_PER_PIECE = 10_000;

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
  for (const name of ["partners", "customers", "tenants"] as const) {
    await sink.startArray(name);
    for await (const nodes of storedNodePages(db, name)) {
      for (const node of nodes) await sink.row(node);
      rows += nodes.length;
    }
  }
  await sink.startArray("edges");
  const counts = await partnerEdgeCounts(db);
  for (const type of ALL_EDGE_TYPES) {
    for await (const edges of storedEdgeChunks(db, [type], counts)) {
      for (const edge of edges) await sink.row(edge);
      rows += edges.length;
    }
  }
  await sink.end();
  return { rows };
}

/** A partner's id and an upper bound of how many edges leave it (partnerEdgeCounts). */
export interface PartnerEdgeCount {
  id: string;
  edges: number;
}

const NODE_PAGES = {
  partnerEdgeCounts: async (db: Db, afterId: string): Promise<PartnerEdgeCount[]> =>
    db.read("partnerEdgeCounts", { afterId, limit: PAGE }),
  partners: async (db: Db, afterId: string): Promise<PartnerRecord[]> =>
    (await db.read("exportPartners", { afterId, limit: PAGE })).map((r) => r.partner),
  customers: async (db: Db, afterId: string): Promise<CustomerRecord[]> =>
    (await db.read("exportCustomers", { afterId, limit: PAGE })).map((r) => r.customer),
  tenants: async (db: Db, afterId: string): Promise<TenantRecord[]> =>
    (await db.read("exportTenants", { afterId, limit: PAGE })).map((r) => r.tenant),
};

/**
 * Every stored node of one label that the Db's scope shows, a page at a time in id order, after
 * `from` ('' from the start).
 */
export async function* storedNodePages<Name extends keyof typeof NODE_PAGES>(
  db: Db,
  name: Name,
  from = "",
): AsyncGenerator<Awaited<ReturnType<(typeof NODE_PAGES)[Name]>>> {
  const fetch = NODE_PAGES[name] as (
    db: Db,
    afterId: string,
  ) => Promise<Awaited<ReturnType<(typeof NODE_PAGES)[Name]>>>;
  for (let afterId = from; ;) {
    const page = await fetch(db, afterId);
    if (page.length > 0) yield page;
    const last = page.at(-1);
    if (last === undefined || page.length < PAGE) return;
    afterId = last.id;
  }
}

/**
 * Every stored edge of `types` that the Db's scope shows, in partner id order, read a chunk of
 * partners at a time and handed over in pieces of at most EDGES_PER_PIECE edges, the next chunks
 * read while the caller handles one: Neo4j gathers them on one core while this process decodes
 * and handles the last on the other. The chunks are ranges of partner ids cut by `partners`
 * (every partner with its edge count in id order, partnerEdgeCounts: an unscoped reader's), so
 * that CHUNKS_AHEAD can be read at once and none holds much more than EDGES_PER_READ edges. The
 * ranges follow each other without a gap, so a partner created meanwhile inside them is read; the
 * partners created after the last one counted are counted and read next, until there are none.
 */
export async function* storedEdgeChunks(
  db: Db,
  types: readonly EdgeType[],
  partners: readonly PartnerEdgeCount[],
): AsyncGenerator<EdgeRecord[]> {
  const read = async (chunk: EdgeChunk) =>
    (
      await db.read("storedEdgesOfPartners", {
        afterId: chunk.afterId,
        lastId: chunk.lastId,
        types: [...types],
      })
    ).sort((a, b) => byCodeUnits(a.partnerId, b.partnerId) || a.part - b.part);
  async function* piecesOf(chunk: Awaited<ReturnType<typeof read>>): AsyncGenerator<EdgeRecord[]> {
    let piece: EdgeRecord[] = [];
    for (const partner of chunk) {
      for (const columns of partner.edges) {
        piece.push(edgeFromColumns(partner.partnerId, columns));
        if (piece.length < EDGES_PER_PIECE) continue;
        yield piece;
        piece = [];
        await nextTurn();
      }
    }
    if (piece.length > 0) yield piece;
    await nextTurn();
  }
  for (let counted = partners, afterId = ""; counted.length > 0;) {
    const chunks = chunksOf(counted, afterId);
    const ahead: Promise<Awaited<ReturnType<typeof read>>>[] = [];
    for (let next = 0; next < chunks.length || ahead.length > 0;) {
      while (ahead.length < CHUNKS_AHEAD && next < chunks.length) {
        const chunk = chunks[next];
        if (chunk === undefined) break;
        const reading = read(chunk);
        // Awaited in order below; this only keeps a failure from being reported as unhandled first.
        reading.catch(() => undefined);
        ahead.push(reading);
        next += 1;
      }
      const chunk = ahead.shift();
      if (chunk !== undefined) yield* piecesOf(await chunk);
    }
    afterId = chunks.at(-1)?.lastId ?? afterId;
    counted = await partnerEdgeCounts(db, afterId);
  }
}

/**
 * Every partner with its edge count, in id order, after `afterId` ('' from the start): what
 * storedEdgeChunks cuts its reads by.
 */
export async function partnerEdgeCounts(db: Db, afterId = ""): Promise<PartnerEdgeCount[]> {
  const counts: PartnerEdgeCount[] = [];
  for await (const page of storedNodePages(db, "partnerEdgeCounts", afterId)) counts.push(...page);
  return counts;
}

/** One read of storedEdgeChunks: the partners after `afterId`, up to and with `lastId`. */
export interface EdgeChunk {
  afterId: string;
  lastId: string;
  partners: number;
  edges: number;
}

/**
 * The ranges of partner ids storedEdgeChunks reads, the first after `afterId`, each starting
 * where the last one ended: each at most PARTNERS_PER_CHUNK partners and, unless one partner
 * alone has more, EDGES_PER_READ edges.
 */
export function chunksOf(partners: readonly PartnerEdgeCount[], afterId = ""): EdgeChunk[] {
  const chunks: EdgeChunk[] = [];
  for (const partner of partners) {
    const last = chunks.at(-1);
    if (
      last === undefined ||
      last.partners >= PARTNERS_PER_CHUNK ||
      last.edges + partner.edges > EDGES_PER_READ
    ) {
      const start = last?.lastId ?? afterId;
      chunks.push({ afterId: start, lastId: partner.id, partners: 1, edges: partner.edges });
    } else {
      last.lastId = partner.id;
      last.partners += 1;
      last.edges += partner.edges;
    }
  }
  return chunks;
}
