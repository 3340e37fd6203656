import crypto from "node:crypto";
import { setImmediate as nextTurn } from "node:timers/promises";
import v8 from "node:v8";
import type { Db } from "../db/database";
import type { FindingRow } from "../db/queries";
import type { EdgeRecord, PartnerRecord, TenantRecord } from "../domain";
import { DocumentFacts } from "../import/document-facts";
import { ruleSetSignature } from "../policy/dependents";
import { ALL_EDGE_TYPES } from "../policy/edge-types";
import type { EdgeFacts } from "../policy/facts";
import { today } from "./edge.service";
import {
  countStoredFindings,
  judgeAtReadTime,
  judgeStored,
  readFindingsPage,
  refreshDatedFindings,
  rejudgeEdges,
} from "./findings.service";
import { partnerEdgeCounts, storedEdgeChunks, storedNodePages } from "./export.service";
import type { AuditItem } from "./findings.service";
import type { EdgeIdentity } from "../policy/dependents";

/**
 * The full audit: every stored edge judged again. The graph is read once, streaming, as an
 * export reads it (exportEcosystem), into the in-memory facts an import judges its document by
 * (DocumentFacts, held to edgeFacts.cypher by the facts contract test and to the findings each
 * write keeps by the findings property test); the pure rules then judge every edge. Statements
 * that gathered each edge's facts in Neo4j judged about 500 edges/s; reading the graph is bound
 * only by how fast Bolt streams it. rebuildFindings stores the result as the next generation
 * of findings and swaps it in; the server does so at start when the stored findings were
 * judged by another rule set.
 */

/** Edges judged per chunk a caller receives. */
const EDGES_PER_CHUNK = 10_000;
/** Findings written per statement into the generation being built. */
const FINDINGS_PER_INSERT = 5_000;
const RECHECKS_PER_TRANSACTION = 1_000;
const STALE_PER_DELETE = 10_000;

/**
 * What a stored generation holds besides its findings: 2, the tallies an ADMIN's count sums. A
 * graph audited by a code that kept another layout is re-audited, as for a new rule set.
 */
const FINDINGS_LAYOUT = 2;

/** The rule set's signature as stored in the graph's stamp: a re-audit when it differs. */
export const RULE_SET_VERSION = crypto
  .createHash("sha256")
  .update(ruleSetSignature())
  .update(`layout ${FINDINGS_LAYOUT}`)
  .digest("hex")
  .slice(0, 16);

/**
 * Heap the full re-audit holds per stored edge, with its share of the tenants and lookups: 650
 * bytes retained at 100,000 customers, with room for the chunks being decoded. A process whose
 * heap cannot hold the graph says so before it starts, rather than dying of V8's out-of-memory
 * halfway (a server's default heap holds about 4,000,000 edges).
 */
const HEAP_BYTES_PER_EDGE = 900;

/** The full re-audit would not fit this process's heap. */
export class ReauditMemoryError extends Error {
  override name = "ReauditMemoryError";
}

/** Refuses a re-audit of `edges` stored edges that this process's heap cannot hold. */
export function checkHeapFor(edges: number, heapLimit = v8.getHeapStatistics().heap_size_limit) {
  const needed = edges * HEAP_BYTES_PER_EDGE;
  if (needed <= heapLimit) return;
  const gib = (bytes: number): string => (bytes / 2 ** 30).toFixed(1);
  throw new ReauditMemoryError(
    `re-auditing ${edges} stored edges needs about ${gib(needed)} GiB of heap and this process ` +
      `has ${gib(heapLimit)} GiB: run npm run audit (8 GiB), or give the process more with ` +
      `NODE_OPTIONS=--max-old-space-size=${Math.ceil((needed * 1.25) / 2 ** 20)}`,
  );
}

/** The stored graph as facts: every edge, and the facts each is judged by. */
interface StoredGraph {
  edges: EdgeRecord[];
  facts: DocumentFacts;
}

/**
 * Reads the whole graph into memory: partners and tenants, then every edge (customers are
 * skipped: no stored rule reads them). The in-memory facts keep only the lookups the rules make:
 * about 2 GB at 1,000,000 customers (npm run audit runs with an 8 GB heap).
 */
async function readStoredGraph(
  scoped: Db,
  onEdges: (read: number, total: number) => void = () => undefined,
): Promise<StoredGraph> {
  // Findings are judged for everyone (a partner's reads apply its scope to them).
  const db = scoped.withScope(null);
  const stored = (await db.read("graphCounts", {}))[0]?.policyEdges ?? 0;
  checkHeapFor(stored);
  const partners: PartnerRecord[] = [];
  for await (const page of storedNodePages(db, "partners")) partners.push(...page);
  const tenants: TenantRecord[] = [];
  for await (const page of storedNodePages(db, "tenants")) tenants.push(...page);
  const facts = new DocumentFacts({ partners, customers: [], tenants }, today(), {
    detectsRepeats: false,
  });
  const edges: EdgeRecord[] = [];
  const counts = await partnerEdgeCounts(db);
  for await (const chunk of storedEdgeChunks(db, ALL_EDGE_TYPES, counts)) {
    for (const edge of chunk) {
      facts.accept(edge);
      edges.push(edge);
    }
    onEdges(edges.length, Math.max(stored, edges.length));
  }
  return { edges, facts };
}

/**
 * Every stored edge with its facts, a chunk at a time, judged from the graph read once
 * (readStoredGraph). `onRead` follows the reading, which is most of the time.
 */
export async function* factsOfEveryEdge(
  db: Db,
  onRead?: (read: number, total: number) => void,
): AsyncGenerator<EdgeFacts[]> {
  const { edges, facts } = await readStoredGraph(db, onRead);
  for (let start = 0; start < edges.length; start += EDGES_PER_CHUNK) {
    // A turn of the event loop per chunk: judging every edge in one go held it for 4.3 s at
    // 100,000 customers, ten times that at 1,000,000, with no request answered meanwhile.
    await nextTurn();
    yield edges.slice(start, start + EDGES_PER_CHUNK).map((edge) => facts.storedFactsFor(edge));
  }
}

/**
 * How many findings the whole audit has, judged now over every stored edge (stored and
 * read-time rules alike): what the stored findings must add up to.
 */
export async function countFindings(db: Db): Promise<number> {
  const date = today();
  let count = 0;
  for await (const chunk of factsOfEveryEdge(db)) {
    for (const facts of chunk) {
      count += judgeStored(facts).length + judgeAtReadTime(facts.edge, date, false).length;
    }
  }
  return count;
}

export interface RebuildReport {
  edges: number;
  findings: number;
  seconds: number;
  /** False when a later re-audit (another replica's) took over before this one swapped. */
  swapped: boolean;
}

/**
 * The full re-audit: judges every stored edge into a new generation of findings, then makes it
 * the one readers see in one small write (swapFindings), so readers see the old findings until
 * then and the new ones after, never a mixture. Writes that land meanwhile keep the old
 * generation current and queue what they re-judged; that is judged again after the swap.
 */
export async function rebuildFindings(
  db: Db,
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<RebuildReport> {
  return storeGeneration(db, async (add) => {
    let edges = 0;
    for await (const chunk of factsOfEveryEdge(db, onProgress)) {
      await add(chunk.flatMap(judgeStored));
      edges += chunk.length;
    }
    return edges;
  });
}

/**
 * The findings of edges an import wrote into an empty graph, judged on the facts it judged
 * them by (its document, which is now the whole graph), stored as the current generation: the
 * import needs no second pass over what it wrote.
 */
export async function storeImportedFindings(
  db: Db,
  facts: DocumentFacts,
  edges: readonly EdgeRecord[],
): Promise<RebuildReport> {
  return storeGeneration(db, async (add) => {
    for (let start = 0; start < edges.length; start += EDGES_PER_CHUNK) {
      await nextTurn();
      const chunk = edges.slice(start, start + EDGES_PER_CHUNK);
      await add(chunk.flatMap((edge) => judgeStored(facts.storedFactsFor(edge))));
    }
    return edges.length;
  });
}

/**
 * Builds the next generation of findings from what `judge` adds, then makes it the one readers
 * see in one small write (swapFindings), so readers see the old findings until then and the
 * new ones after, never a mixture. Writes that land meanwhile keep the old generation current
 * and queue what they re-judged; that is judged again after the swap.
 */
async function storeGeneration(
  db: Db,
  judge: (add: (rows: FindingRow[]) => Promise<void>) => Promise<number>,
): Promise<RebuildReport> {
  const started = Date.now();
  // Increasing across builds and replicas, so a later build's generation is a new one.
  const generation = started;
  await db.write("beginFindingsBuild", { generation });
  let findings = 0;
  let pending: FindingRow[] = [];
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    await db.write("insertFindings", { generation, findings: pending });
    pending = [];
  };
  const edges = await judge(async (rows) => {
    findings += rows.length;
    pending.push(...rows);
    if (pending.length >= FINDINGS_PER_INSERT) await flush();
  });
  await flush();
  const [swap] = await db.write("swapFindings", {
    generation,
    rules: RULE_SET_VERSION,
    computedAt: Date.now(),
  });
  const swapped = swap?.swapped === true;
  if (swapped) await judgeRechecks(db);
  await deleteStaleFindings(db);
  return { edges, findings, seconds: (Date.now() - started) / 1000, swapped };
}

/** Judges again what writes queued while the build ran, a batch per transaction. */
async function judgeRechecks(db: Db): Promise<void> {
  for (;;) {
    const taken = await db.writeTransaction(async (tx) => {
      const rows = await tx.run("takeFindingRechecks", { limit: RECHECKS_PER_TRANSACTION });
      await rejudgeEdges(
        tx,
        rows.map((row) => row.edge as EdgeIdentity),
      );
      return rows.length;
    });
    if (taken === 0) return;
  }
}

async function deleteStaleFindings(db: Db): Promise<void> {
  for (;;) {
    const [row] = await db.write("deleteStaleFindings", { limit: STALE_PER_DELETE });
    if ((row?.deleted ?? 0) === 0) return;
  }
}

/** Stored findings that a full re-audit does not find, and findings it finds that are not stored. */
export interface FindingsDifference {
  missing: FindingRow[];
  unexpected: FindingRow[];
}

/**
 * Compares the stored findings with a full re-audit judged now, finding by finding (rule,
 * messages, and what the partner scope reads), without writing anything.
 */
export async function storedVersusJudged(db: Db): Promise<FindingsDifference> {
  const key = (row: FindingRow): string =>
    JSON.stringify([
      row.edgeId,
      row.position,
      row.rule,
      row.message,
      row.partnerMessage,
      row.partnerId,
      row.via ?? null,
      row.state ?? null,
      // Not the day it was judged: a finding judged yesterday is as good as one judged now.
    ]);
  const stored = new Map<string, FindingRow>();
  for (let after = ""; ;) {
    const rows = await db.read("currentFindings", { after, limit: FINDINGS_PER_INSERT });
    const last = rows.at(-1);
    if (last === undefined) break;
    for (const { finding } of rows) stored.set(key(finding), finding);
    after = last.finding.position;
  }
  const judged = new Map<string, FindingRow>();
  for await (const chunk of factsOfEveryEdge(db)) {
    for (const row of chunk.flatMap(judgeStored)) judged.set(key(row), row);
  }
  return {
    missing: [...judged].filter(([k]) => !stored.has(k)).map(([, row]) => row),
    unexpected: [...stored].filter(([k]) => !judged.has(k)).map(([, row]) => row),
  };
}

/** The build this process runs now, which every reader waiting for findings shares. */
let running: Promise<RebuildReport> | null = null;

/** Runs a full re-audit, or joins the one this process is already running. */
export function rebuildOnce(db: Db): Promise<RebuildReport> {
  running ??= rebuildFindings(db.withScope(null)).finally(() => {
    running = null;
  });
  return running;
}

/**
 * At start: a full re-audit, in the background, when the stored findings were never computed
 * or were judged by another rule set. Readers are not held up (they see the old findings until
 * the swap), except the first audit of a graph whose findings were never computed, which waits
 * for them.
 */
export async function reauditIfStale(
  db: Db,
  log: (line: string) => void,
  fail: (error: unknown) => void,
): Promise<{ done: Promise<void> }> {
  // What every write keeping the findings may run first, planned before the first write needs
  // it (WARM_PLANS plans everything; without it a first write's plans outlasted WRITE_WAIT_MS
  // for the writers queued behind it on a busy machine).
  const planned = db.plan(["storedEdgeFacts", "replaceFindings"]);
  const [stamp] = await db.read("findingsStamp", { today: today() });
  if (stamp?.generation != null && stamp.rules === RULE_SET_VERSION) return { done: planned };
  log(
    stamp?.generation == null
      ? "Audit findings were never computed: re-auditing every edge in the background"
      : "The rule set changed since the audit findings were computed: re-auditing in the background",
  );
  // Wrapped, so the caller can wait for the background work (before closing the driver) while
  // it is not kept waiting for it now.
  const done = rebuildOnce(db).then(
    (report) =>
      log(
        `Re-audited ${report.edges} edges in ${report.seconds.toFixed(1)} s: ${report.findings} findings`,
      ),
    fail,
  );
  return { done: Promise.all([planned, done]).then(() => undefined) };
}

/**
 * A read of the findings once they are ready: computed if they never were (waiting for that),
 * the dated ones re-judged if judged on an earlier day. The stamp that says so is read beside
 * the read itself, which is done again only in those rare cases: one round trip, not two.
 */
async function whenReady<T>(db: Db, read: () => Promise<T>): Promise<T> {
  const [[stamp], value] = await Promise.all([
    db.read("findingsStamp", { today: today() }),
    read(),
  ]);
  if (stamp?.generation == null) {
    await rebuildOnce(db);
    return read();
  }
  if (stamp.dated) {
    await refreshDatedFindings(db.withScope(null));
    return read();
  }
  return value;
}

/** One page of the audit after `after` (the position of the last finding read, or null). */
export async function auditPage(
  db: Db,
  after: string | null,
  first: number,
  forPartner: boolean,
): Promise<{ items: AuditItem[]; hasNextPage: boolean }> {
  return whenReady(db, () => readFindingsPage(db, after ?? "", first, forPartner));
}

/** How many findings the audit has for the caller. */
export async function auditTotal(db: Db): Promise<number> {
  return whenReady(db, () => countStoredFindings(db));
}
