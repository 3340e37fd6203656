import type { Db, DbTransaction } from "../db/database";
import { writeEcosystem } from "../db/ecosystem.writer";
import type { AroundBatch, EcosystemBatch, WriteProgress } from "../db/ecosystem.writer";
import type { EdgeFactsRow } from "../db/queries";
import type { EdgeRecord, Ecosystem } from "../domain";
import { EdgeType } from "../domain";
import { DocumentFacts } from "../import/document-facts";
import { findDanglingReferences, parseEcosystem } from "../interchange";
import type { DocumentProblem, KnownIds } from "../interchange";
import { evaluateEdge } from "../policy/engine";
import type { Violation } from "../policy/engine";
import {
  JUDGED_PARTNER_PROPERTIES,
  JUDGED_TENANT_PROPERTIES,
  judgedPropertiesChanged,
} from "../policy/dependents";
import type { Change } from "../policy/dependents";
import { rebuildFindings, storeImportedFindings } from "./audit.service";
import { toFactsInput, today } from "./edge.service";
import { keepFindings } from "./findings.service";

const FACTS_BATCH = 5_000;
const ID_LOOKUP_BATCH = 10_000;

/** One edge the rules refused, at its place in the document. */
export interface RefusedEdge {
  path: string;
  violations: Violation[];
}

export interface ImportReport {
  /** Malformed rows, duplicate ids, dangling references: each with array, index and field. */
  problems: DocumentProblem[];
  /** Edges the CSP rules refused, in file order. */
  refused: RefusedEdge[];
  /** Refusals and problems by rule id (problems count under their own heading). */
  byRule: Record<string, number>;
  /** What was written; all zero when an all-or-nothing import found anything wrong. */
  written: { partners: number; customers: number; tenants: number; edges: number };
  committed: boolean;
}

export type ImportPhase = "checking" | "writing";

export interface ImportOptions {
  /** Write the valid rows and report the rest, instead of all or nothing. */
  skipInvalid: boolean;
  onProgress?: (phase: ImportPhase, done: number, total: number) => void;
}

/**
 * Imports an interchange document: checks it whole (rows, ids, references against the document
 * and the graph), judges every edge in file order with the same rules as createEdge (seeing the
 * graph plus the rows before it), then writes in batches. All or nothing unless `skipInvalid`.
 *
 * Crash safety comes from the order of writes: nodes, then accepted edges in file order, each
 * batch in its own transaction. Every edge was judged against exactly the edges before it, so a
 * kill leaves a prefix that breaks no rule, and a rerun (merges keyed like DUPLICATE) completes it.
 */
export async function importEcosystem(
  db: Db,
  raw: unknown,
  options: ImportOptions,
): Promise<ImportReport> {
  const parsed = parseEcosystem(raw, { checkReferences: false });
  const problems = [...parsed.problems];
  const { doc, indices } = parsed;

  problems.push(
    ...findDanglingReferences(doc, await knownIdsOutside(db, doc)).map((problem) => ({
      ...problem,
      path: reindex(problem.path, indices),
    })),
  );
  const badEdges = new Set(
    problems.filter((p) => p.path.startsWith("edges[")).map((p) => rowPath(p.path)),
  );

  const graphEmpty = (await db.read("graphIsEmpty", {}))[0]?.empty === true;
  const facts = new DocumentFacts(doc, today());
  const accepted: EdgeRecord[] = [];
  const refused: RefusedEdge[] = [];
  for (let start = 0; start < doc.edges.length; start += FACTS_BATCH) {
    const batch = doc.edges.slice(start, start + FACTS_BATCH);
    const graphRows = graphEmpty ? [] : await graphFacts(db, batch);
    batch.forEach((edge, offset) => {
      const path = `edges[${indices.edges[start + offset] ?? start + offset}]`;
      if (badEdges.has(path)) return;
      const decision = evaluateEdge(facts.factsFor(edge, graphRows[offset] ?? null));
      if (decision.allowed) {
        facts.accept(edge);
        accepted.push(edge);
      } else {
        refused.push({ path, violations: decision.violations });
      }
    });
    options.onProgress?.(
      "checking",
      Math.min(start + FACTS_BATCH, doc.edges.length),
      doc.edges.length,
    );
  }

  const byRule: Record<string, number> = {};
  for (const { violations } of refused)
    for (const { rule } of violations) byRule[rule] = (byRule[rule] ?? 0) + 1;
  if (problems.length > 0) byRule.DOCUMENT = problems.length;

  const clean = problems.length === 0 && refused.length === 0;
  if (!clean && !options.skipInvalid) {
    return {
      problems,
      refused,
      byRule,
      written: { partners: 0, customers: 0, tenants: 0, edges: 0 },
      committed: false,
    };
  }
  const badTenants = new Set(
    problems.filter((p) => p.path.startsWith("tenants[")).map((p) => rowPath(p.path)),
  );
  const toWrite: Ecosystem = {
    partners: doc.partners,
    customers: doc.customers,
    tenants: doc.tenants.filter((_, k) => !badTenants.has(`tenants[${indices.tenants[k] ?? k}]`)),
    edges: accepted,
  };
  await writeEcosystem(
    db,
    toWrite,
    (progress: WriteProgress) => options.onProgress?.("writing", progress.done, progress.total),
    { intoEmptyGraph: graphEmpty, aroundBatch: graphEmpty ? undefined : keepingFindings(db) },
  );
  // Into an empty graph, judging every edge once at the end is cheaper than judging what each
  // batch leans on (everything), and a later edge can still break an earlier one's rules (a
  // licence provisioned beside another partner's usage subscription). The document's facts are
  // then the graph's, unless rows were left out (their edges' ends may be missing): read back.
  if (graphEmpty && db.maintainsFindings) {
    if (badTenants.size === 0) await storeImportedFindings(db, facts, accepted);
    else await rebuildFindings(db);
  }
  return {
    problems,
    refused,
    byRule,
    written: {
      partners: toWrite.partners.length,
      customers: toWrite.customers.length,
      tenants: toWrite.tenants.length,
      edges: accepted.length,
    },
    committed: true,
  };
}

/** Each import batch keeps the stored findings current in its own transaction. */
function keepingFindings(db: Db): AroundBatch {
  return (tx, batch, write) =>
    keepFindings(db, tx, () => changesOf(tx, batch), write, {
      // A GDAP relationship's new name leaves namesakes of its old one to judge again.
      lookBefore:
        batch.kind === "edges" && batch.rows.some((e) => e.type === EdgeType.DELEGATED_ADMIN),
    });
}

/** What a batch changes that the rules read, told apart from what the graph holds already. */
async function changesOf(tx: DbTransaction, batch: EcosystemBatch): Promise<Change[]> {
  const ids = batch.kind === "edges" ? [] : batch.rows.map((row) => row.id);
  switch (batch.kind) {
    case "partners": {
      const stored = new Map(
        (await tx.run("partnersByIds", { ids })).map((row) => [row.key, row.partner]),
      );
      return batch.rows
        .filter((p) =>
          judgedPropertiesChanged(stored.get(p.id) ?? null, p, JUDGED_PARTNER_PROPERTIES),
        )
        .map((p): Change => ({ kind: "partner", id: p.id }));
    }
    case "customers":
      return batch.rows.map((c): Change => ({ kind: "customer", id: c.id }));
    case "tenants": {
      const stored = new Map(
        (await tx.run("tenantsByIds", { ids })).map((row) => [row.key, row.tenant]),
      );
      return batch.rows
        .filter((t) =>
          judgedPropertiesChanged(stored.get(t.id) ?? null, t, JUDGED_TENANT_PROPERTIES),
        )
        .map((t): Change => ({ kind: "tenant", id: t.id }));
    }
    case "edges":
      return batch.rows.map((edge): Change => ({ kind: "edge", edge }));
  }
}

/** `edges[12].from` → `edges[12]`. */
function rowPath(path: string): string {
  return /^[a-z]+\[\d+\]/.exec(path)?.[0] ?? path;
}

/** findDanglingReferences names positions in the parsed document; map them back to the input's. */
function reindex(path: string, indices: Record<string, number[]>): string {
  return path.replace(/^([a-z]+)\[(\d+)\]/, (whole, section: string, at: string) => {
    const original = indices[section]?.[Number(at)];
    return original === undefined ? whole : `${section}[${original}]`;
  });
}

/** Facts from the graph for a batch of edges, in batch order. */
async function graphFacts(db: Db, batch: EdgeRecord[]): Promise<(EdgeFactsRow | null)[]> {
  const rows = await db.read("edgeFacts", { edges: batch.map(toFactsInput), audit: false });
  const byIndex: (EdgeFactsRow | null)[] = batch.map(() => null);
  for (const row of rows) byIndex[row.index] = row;
  return byIndex;
}

/** The ids the document refers to but does not carry, that the graph already holds. */
async function knownIdsOutside(db: Db, doc: Ecosystem): Promise<KnownIds> {
  const declared = new Set<string>(
    [...doc.partners, ...doc.customers, ...doc.tenants].map((node) => node.id),
  );
  const wanted = new Set<string>();
  for (const tenant of doc.tenants) if (!declared.has(tenant.ownerId)) wanted.add(tenant.ownerId);
  for (const edge of doc.edges) {
    for (const id of [edge.from, edge.to, edge.via, edge.resellerOfRecord]) {
      if (id !== undefined && !declared.has(id)) wanted.add(id);
    }
  }
  const known: KnownIds = { partners: new Set(), tenants: new Set(), customers: new Set() };
  const ids = [...wanted];
  for (let start = 0; start < ids.length; start += ID_LOOKUP_BATCH) {
    for (const row of await db.read("existingIds", {
      ids: ids.slice(start, start + ID_LOOKUP_BATCH),
    })) {
      const set =
        row.kind === "Partner"
          ? known.partners
          : row.kind === "Tenant"
            ? known.tenants
            : known.customers;
      (set as Set<string> | undefined)?.add(row.id);
    }
  }
  return known;
}
