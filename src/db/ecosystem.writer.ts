import type {
  CustomerRecord,
  EdgeRecord,
  EdgeType,
  Ecosystem,
  PartnerRecord,
  TenantRecord,
} from "../domain";
import { EDGE_TYPES } from "../policy/edge-types";
import type { EdgeMergeStatement } from "../policy/edge-types";
import type { Db, DbTransaction } from "./database";
import type { EdgeRow } from "./queries";

/** The queries that merge one edge type each; they all take `{ rows: EdgeRow[] }`. */
export type EdgeMergeQuery = EdgeMergeStatement;

const BATCH_SIZE = 5_000;

/**
 * The merge query for each edge type, from its entry in EDGE_TYPES: relationship types come
 * from that table, never from input.
 */
export function mergeQueryFor(type: EdgeType): EdgeMergeQuery {
  return EDGE_TYPES[type].merge;
}

/** An edge with every optional property present (null when unset), as the merge queries take it. */
export function toEdgeRow(edge: EdgeRecord): EdgeRow {
  return {
    from: edge.from,
    to: edge.to,
    state: edge.state ?? null,
    since: edge.since ?? null,
    via: edge.via ?? null,
    workload: edge.workload ?? null,
    role: edge.role ?? null,
    subscriptionId: edge.subscriptionId ?? null,
    billing: edge.billing ?? null,
    channel: edge.channel ?? null,
    termEnd: edge.termEnd ?? null,
    resellerOfRecord: edge.resellerOfRecord ?? null,
    relationshipId: edge.relationshipId ?? null,
    displayName: edge.displayName ?? null,
    status: edge.status ?? null,
    roles: edge.roles ?? null,
    endsOn: edge.endsOn ?? null,
    autoExtend: edge.autoExtend ?? null,
  };
}

/**
 * Writes edges in one transaction: one UNWIND statement per edge type. Grouping by type inside
 * one transaction changes nothing: the edges were judged before, merges are keyed, and the
 * transaction lands whole or not at all.
 */
export async function mergeEdges(tx: DbTransaction, edges: readonly EdgeRecord[]): Promise<void> {
  const byType = new Map<EdgeType, EdgeRow[]>();
  for (const edge of edges) {
    const rows = byType.get(edge.type) ?? [];
    rows.push(toEdgeRow(edge));
    byType.set(edge.type, rows);
  }
  for (const [type, rows] of byType) await tx.run(mergeQueryFor(type), { rows });
}

/**
 * What a serving edge copies of its customer (tagServingEdge: a partner's customers are listed
 * from those copies through relationship indexes) can go stale in two ways only: the customer's
 * record changes, or its tenant changes owner. This is the one function that rewrites the copies
 * after either, on every serving edge into the given tenants and into the given customers'
 * tenants; mergeCustomers and mergeTenants, the only writers of customers and owners, end in it.
 * A new serving edge takes its copy in its own merge statement (the same macro), as it is
 * written: no second statement per createEdge.
 */
export async function refreshServingCopies(
  tx: DbTransaction,
  changed: { tenantIds: string[]; customerIds: string[] },
): Promise<void> {
  if (changed.tenantIds.length === 0 && changed.customerIds.length === 0) return;
  await tx.run("tagServingEdges", changed);
}

/**
 * Writes customers, then each one's record onto the serving edges into its tenants. Into a
 * graph that held nothing when the write began, no edge exists yet, so the copies are left out.
 */
export async function mergeCustomers(
  tx: DbTransaction,
  rows: CustomerRecord[],
  intoEmptyGraph = false,
): Promise<void> {
  await tx.run("mergeCustomers", { rows });
  if (intoEmptyGraph) return;
  await refreshServingCopies(tx, { tenantIds: [], customerIds: rows.map(({ id }) => id) });
}

/**
 * Writes tenants and their one owner each (see mergeTenants.cypher for why it takes two
 * statements), then the owner onto the serving edges into them. Into a graph that held nothing
 * when the write began, no tenant can have an owner other than the one written here, nor an
 * edge, so only the first statement runs.
 */
export async function mergeTenants(
  tx: DbTransaction,
  rows: TenantRecord[],
  intoEmptyGraph = false,
): Promise<void> {
  await tx.run("mergeTenants", { rows });
  if (intoEmptyGraph) return;
  await tx.run("dropStaleOwners", { rows: rows.map(({ id, ownerId }) => ({ id, ownerId })) });
  await refreshServingCopies(tx, { tenantIds: rows.map(({ id }) => id), customerIds: [] });
}

/** One batch that writeEcosystem writes in a transaction of its own. */
export type EcosystemBatch =
  | { kind: "partners"; rows: PartnerRecord[] }
  | { kind: "customers"; rows: CustomerRecord[] }
  | { kind: "tenants"; rows: TenantRecord[] }
  | { kind: "edges"; rows: EdgeRecord[] };

/**
 * Runs a batch's `write` inside its transaction, with whatever must land with it (the import
 * keeps the stored audit findings current so).
 */
export type AroundBatch = (
  tx: DbTransaction,
  batch: EcosystemBatch,
  write: () => Promise<void>,
) => Promise<void>;

const justWrite: AroundBatch = (_tx, _batch, write) => write();

/** Batches in flight at once, of nodes or of edges: Neo4j writes them on separate cores. */
const WRITERS = 2;

/**
 * Writes a whole ecosystem that is already known to be valid (the demo data, or an import that
 * passed the checks): nodes first, then edges, in batches of thousands of rows, WRITERS batches
 * at a time. A kill at any point must leave no edge that breaks a rule, so the order is:
 *
 * - Nodes of one label in parallel: they are independent (distinct ids, keyed merges; a deadlock
 *   between two batches is retried by executeWrite).
 * - Every SUPPLIES edge, in file order, before any edge into a tenant: a SUPPLIES is judged on
 *   its two partners alone, and edges into tenants lean on SUPPLIES (a reseller's `via`, a
 *   resellerOfRecord).
 * - Edges into tenants in lanes by their `from` partner, each lane in file order, the lanes in
 *   parallel. What such an edge's rules need from other edges into tenants comes from the same
 *   partner (the RESELLS_FOR a PROVISIONS or SERVES_WORKLOAD needs, a DUPLICATE), so it is
 *   earlier in the same lane; what another partner's edges can do is only block it (a licence
 *   someone else holds), and having fewer of those cannot break a rule.
 *
 * So whatever has landed when a write stops is a state in which every edge passes, and a rerun
 * (keyed merges) completes it.
 */
export async function writeEcosystem(
  db: Db,
  doc: Ecosystem,
  onProgress: (progress: WriteProgress) => void = () => undefined,
  options: { intoEmptyGraph?: boolean; aroundBatch?: AroundBatch } = {},
): Promise<void> {
  const around = options.aroundBatch ?? justWrite;
  const empty = options.intoEmptyGraph === true;
  const total = doc.partners.length + doc.customers.length + doc.tenants.length + doc.edges.length;
  let done = 0;
  const step = (rows: number): void => {
    done += rows;
    onProgress({ done, total });
  };
  await inParallel(shared(chunks(doc.partners)), async (rows) => {
    await db.writeTransaction((tx) =>
      around(tx, { kind: "partners", rows }, async () => {
        await tx.run("mergePartners", { rows });
      }),
    );
    step(rows.length);
  });
  await inParallel(shared(chunks(doc.customers)), async (rows) => {
    await db.writeTransaction((tx) =>
      around(tx, { kind: "customers", rows }, () => mergeCustomers(tx, rows, empty)),
    );
    step(rows.length);
  });
  await inParallel(shared(chunks(doc.tenants)), async (rows) => {
    await db.writeTransaction((tx) =>
      around(tx, { kind: "tenants", rows }, () => mergeTenants(tx, rows, empty)),
    );
    step(rows.length);
  });
  const writeEdges = async (edges: EdgeRecord[]): Promise<void> => {
    await db.writeTransaction((tx) =>
      around(tx, { kind: "edges", rows: edges }, () => mergeEdges(tx, edges)),
    );
    step(edges.length);
  };
  for (const edges of chunks(doc.edges.filter(betweenPartners))) await writeEdges(edges);
  const lanes: EdgeRecord[][] = Array.from({ length: WRITERS }, () => []);
  for (const edge of doc.edges) {
    if (!betweenPartners(edge)) lanes[laneOf(edge.from)]?.push(edge);
  }
  await inParallel(
    lanes.map((lane) => chunks(lane)),
    writeEdges,
  );
}

/** SUPPLIES, and any other edge whose both ends are partners: written before edges into tenants. */
function betweenPartners(edge: EdgeRecord): boolean {
  return EDGE_TYPES[edge.type].to === "Partner";
}

/** One queue of batches that every writer takes from. */
function shared<T>(batches: Iterator<T>): Iterator<T>[] {
  return Array.from({ length: WRITERS }, () => batches);
}

/** The lane of a partner's edges: the same partner always gets the same lane. */
function laneOf(partnerId: string): number {
  let hash = 0;
  for (let i = 0; i < partnerId.length; i += 1) hash = (hash * 31 + partnerId.charCodeAt(i)) | 0;
  return Math.abs(hash) % WRITERS;
}

/** Rows written so far, of all the rows a write will take. */
export interface WriteProgress {
  done: number;
  total: number;
}

/**
 * One writer per queue, each writing its queue's batches one after another; the first failure
 * stops every writer after its current batch. Waits for all of them before reporting that
 * failure: none may still be writing when the caller moves on (to close the driver, to report).
 */
async function inParallel<T>(
  queues: Iterator<T[]>[],
  write: (batch: T[]) => Promise<void>,
): Promise<void> {
  let failed = false;
  const writer = async (queue: Iterator<T[]>): Promise<void> => {
    for (let next = queue.next(); !next.done && !failed; next = queue.next()) {
      try {
        await write(next.value);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const results = await Promise.allSettled(queues.map(writer));
  const failure = results.find((result) => result.status === "rejected");
  if (failure !== undefined) throw failure.reason;
}

function* chunks<T>(items: readonly T[]): Generator<T[]> {
  for (let i = 0; i < items.length; i += BATCH_SIZE) yield items.slice(i, i + BATCH_SIZE);
}
