import type { Db } from "../db/database";
import type { EdgeRecord } from "../domain";
import { NAMED } from "../policy/naming";
import type { OtherPartners } from "../policy/naming";
import { ALL_EDGE_TYPES, edgeIdentity } from "../policy/edge-types";
import { evaluateEdge } from "../policy/engine";
import { gatherFacts, storedToRecord } from "./edge.service";

const PARTNERS_PER_CHUNK = 500;
const POLICY_EDGE_TYPES = [...ALL_EDGE_TYPES];
const EDGES_PER_FACTS_STATEMENT = 5_000;

/** One stored edge breaking one rule, with the position it holds in the audit's order. */
export interface AuditFinding {
  rule: string;
  message: string;
  edge: EdgeRecord;
  position: AuditPosition;
}

/**
 * Findings are ordered by the edge's partner, then its edge key (type and far end, then its
 * identity as DUPLICATE compares it: src/policy/edge-types.ts), then the rule.
 */
export interface AuditPosition {
  partnerId: string;
  edgeKey: string;
  rule: string;
}

export function comparePositions(a: AuditPosition, b: AuditPosition): number {
  const compare = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
  return (
    compare(a.partnerId, b.partnerId) || compare(a.edgeKey, b.edgeKey) || compare(a.rule, b.rule)
  );
}

/**
 * Every stored edge that breaks a rule today, in audit order, from `after` on. Set-based: one
 * statement reads the edges of a chunk of partners, one more gathers the facts of thousands of
 * edges at a time, and the same pure rules as createEdge judge them. Warnings are not findings.
 */
export async function* auditFindings(
  db: Db,
  after: AuditPosition | null = null,
  others: OtherPartners = NAMED,
): AsyncGenerator<AuditFinding> {
  let fromId = after?.partnerId ?? "";
  for (;;) {
    const rows = await db.read("storedEdgesOfPartners", {
      fromId,
      limit: PARTNERS_PER_CHUNK,
      types: POLICY_EDGE_TYPES,
    });
    const last = rows.at(-1);
    if (last === undefined) return;
    const edges = rows
      .flatMap((row) => row.edges.map(storedToRecord))
      .sort((a, b) => comparePositions(positionOf(a, ""), positionOf(b, "")));
    for (let start = 0; start < edges.length; start += EDGES_PER_FACTS_STATEMENT) {
      const batch = edges.slice(start, start + EDGES_PER_FACTS_STATEMENT);
      const facts = await db.readTransaction((tx) => gatherFacts(tx.run, batch, true));
      for (const fact of facts) {
        // The audit also runs the audit-only rules (GDAP_EXPIRED).
        const findings = evaluateEdge(fact, others, true)
          .violations.map((violation) => ({
            ...violation,
            edge: fact.edge,
            position: positionOf(fact.edge, violation.rule),
          }))
          .sort((a, b) => comparePositions(a.position, b.position));
        for (const finding of findings) {
          if (after === null || comparePositions(finding.position, after) > 0) yield finding;
        }
      }
    }
    // The smallest id after the last one read: the next chunk starts right behind it.
    fromId = `${last.partnerId}\u0000`;
  }
}

function positionOf(edge: EdgeRecord, rule: string): AuditPosition {
  // Type and far end first, so a partner's findings read tenant by tenant whatever the key.
  return { partnerId: edge.from, edgeKey: `${edge.type}|${edge.to}|${edgeIdentity(edge)}`, rule };
}

/** One page of findings after `after`, and whether more follow. */
export async function auditPage(
  db: Db,
  after: AuditPosition | null,
  first: number,
  others: OtherPartners = NAMED,
): Promise<{ findings: AuditFinding[]; hasNextPage: boolean }> {
  const findings: AuditFinding[] = [];
  for await (const finding of auditFindings(db, after, others)) {
    if (findings.length === first) return { findings, hasNextPage: true };
    findings.push(finding);
  }
  return { findings, hasNextPage: false };
}

/** How many findings the whole audit has (a full pass: asked for only when a client wants it). */
export async function countFindings(db: Db): Promise<number> {
  let count = 0;
  for await (const finding of auditFindings(db)) {
    if (finding !== undefined) count += 1;
  }
  return count;
}
