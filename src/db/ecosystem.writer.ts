import type { EdgeRecord, Ecosystem } from "../domain";
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
 * Writes edges in one transaction, grouping consecutive edges of the same type into one
 * UNWIND statement each. Merges are keyed, so running it twice writes nothing new.
 */
export async function mergeEdges(tx: DbTransaction, edges: readonly EdgeRecord[]): Promise<void> {
  let start = 0;
  while (start < edges.length) {
    const type = edges[start]?.type;
    let end = start;
    while (end < edges.length && edges[end]?.type === type) end += 1;
    if (type === undefined) break;
    const rows = edges.slice(start, end).map(toEdgeRow);
    await tx.run(mergeQueryFor(type), { rows });
    start = end;
  }
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
    await db.write("mergeTenants", { rows });
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
