import type { EdgeRecord, Ecosystem, TenantRecord } from "../domain";
import { EdgeType } from "../domain";
import { UnreachableCaseError } from "../errors";
import type { Db, DbTransaction } from "./database";
import type { EdgeRow } from "./queries";

/** The queries that merge one edge type each; they all take `{ rows: EdgeRow[] }`. */
export type EdgeMergeQuery =
  "mergeSupplies" | "mergeResellsFor" | "mergeServesWorkload" | "mergeProvisions";

const BATCH_SIZE = 5_000;

/** The merge query for each edge type: relationship types come from this map, never from input. */
export function mergeQueryFor(type: EdgeType): EdgeMergeQuery {
  switch (type) {
    case EdgeType.SUPPLIES:
      return "mergeSupplies";
    case EdgeType.RESELLS_FOR:
      return "mergeResellsFor";
    case EdgeType.SERVES_WORKLOAD:
      return "mergeServesWorkload";
    case EdgeType.PROVISIONS:
      return "mergeProvisions";
    default:
      throw new UnreachableCaseError(type);
  }
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

/** Writes tenants and their one owner each (see mergeTenants.cypher for why it takes two statements). */
export async function mergeTenants(tx: DbTransaction, rows: TenantRecord[]): Promise<void> {
  await tx.run("mergeTenants", { rows });
  await tx.run("dropStaleOwners", { rows: rows.map(({ id, ownerId }) => ({ id, ownerId })) });
}

/**
 * Writes a whole ecosystem that is already known to be valid (the demo data, or an import that
 * passed the checks): nodes first, then edges in file order, in batches of thousands of rows.
 */
export async function writeEcosystem(
  db: Db,
  doc: Ecosystem,
  onProgress: (progress: WriteProgress) => void = () => undefined,
): Promise<void> {
  const total = doc.partners.length + doc.customers.length + doc.tenants.length + doc.edges.length;
  let done = 0;
  const step = (rows: number): void => {
    done += rows;
    onProgress({ done, total });
  };
  for (const rows of chunks(doc.partners)) {
    await db.write("mergePartners", { rows });
    step(rows.length);
  }
  for (const rows of chunks(doc.customers)) {
    await db.write("mergeCustomers", { rows });
    step(rows.length);
  }
  for (const rows of chunks(doc.tenants)) {
    await db.writeTransaction((tx) => mergeTenants(tx, rows));
    step(rows.length);
  }
  for (const edges of chunks(doc.edges)) {
    await db.writeTransaction((tx) => mergeEdges(tx, edges));
    step(edges.length);
  }
}

/** Rows written so far, of all the rows a write will take. */
export interface WriteProgress {
  done: number;
  total: number;
}

function* chunks<T>(items: readonly T[]): Generator<T[]> {
  for (let i = 0; i < items.length; i += BATCH_SIZE) yield items.slice(i, i + BATCH_SIZE);
}
