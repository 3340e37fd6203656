import type { Db, DbTransaction, IdempotencyClaim } from "../db/database";
import { mergeEdges } from "../db/ecosystem.writer";
import type { EdgeFactsInput, EdgeFactsRow, StoredEdge } from "../db/queries";
import type { EdgeRecord } from "../domain";
import { EdgeType, RelationshipState } from "../domain";
import { BadUserInputError, NotFoundError, PolicyViolationError, rejectProblems } from "../errors";
import { checkEdgeShape, normalizeEdge } from "../policy/edge-input";
import { EDGE_TYPES, edgeKeyValue, missingKey } from "../policy/edge-types";
import { NAMED } from "../policy/naming";
import type { OtherPartners } from "../policy/naming";
import { evaluateEdge } from "../policy/engine";
import type { PolicyDecision, Violation } from "../policy/engine";
import type { EdgeFacts } from "../policy/facts";
import { edgeLocks } from "../policy/locks";
import { keepFindings } from "./findings.service";

/** The stored-edge key of API.md's EdgeKeyInput. */
export interface EdgeKey {
  type: EdgeType;
  from: string;
  to: string;
  workload?: string | null;
  subscriptionId?: string | null;
  relationshipId?: string | null;
}

export const today = (): string => new Date().toISOString().slice(0, 10);

/**
 * Checks an edge's shape and applies its defaults. A malformed edge is BAD_USER_INPUT naming the
 * first bad field (all of them in `extensions.problems`), before anything touches the database.
 */
export function prepareEdge(input: EdgeRecord): EdgeRecord {
  rejectProblems(checkEdgeShape(input));
  return normalizeEdge(input);
}

/**
 * An edge as edgeFacts takes it. Its identity comes from EDGE_TYPES (edgeKeyValue): the key
 * property to compare (`keyProperty`, null when the ends alone name the edge), its value, and
 * whether that key names one edge whatever its ends, so the statement's DUPLICATE fact names
 * no edge type.
 */
export function toFactsInput(edge: EdgeRecord, index: number): EdgeFactsInput {
  const spec = EDGE_TYPES[edge.type];
  return {
    index,
    type: edge.type,
    from: edge.from,
    to: edge.to,
    via: edge.via ?? null,
    resellerOfRecord: edge.resellerOfRecord ?? null,
    workload: edge.workload ?? null,
    subscriptionId: edge.subscriptionId ?? null,
    relationshipId: edge.relationshipId ?? null,
    displayName: edge.displayName ?? null,
    keyProperty: spec.key,
    key: edgeKeyValue(edge),
    keyAcrossEnds: spec.keyAcrossEnds,
  };
}

/** Joins an edge with the facts the graph gave for it; states arrive as plain strings. */
export function toEdgeFacts(edge: EdgeRecord, row: EdgeFactsRow, date: string): EdgeFacts {
  // relationshipHolder is left out: it is the import's business (DocumentFacts); the rules read
  // `duplicate`, which edgeFacts derives from it.
  return {
    from: row.from,
    toPartner: row.toPartner,
    toTenant: row.toTenant,
    toTenantCustomer: row.toTenantCustomer,
    via: row.via,
    resellerOfRecord: row.resellerOfRecord,
    duplicate: row.duplicate,
    otherWorkloadPartners: row.otherWorkloadPartners,
    subscriptionHolders: row.subscriptionHolders,
    toTenantInScope: row.toTenantInScope,
    sameNameRelationships: row.sameNameRelationships,
    edge,
    viaSuppliesState: row.viaSuppliesState as RelationshipState | null,
    resellerOfRecordSuppliesState: row.resellerOfRecordSuppliesState as RelationshipState | null,
    relationshipState: row.relationshipState as RelationshipState | null,
    today: date,
  };
}

/** Gathers facts for a batch of edges in one statement; rows come back in batch order. */
export async function gatherFacts(
  run: DbTransaction["run"],
  edges: readonly EdgeRecord[],
  audit: boolean,
): Promise<EdgeFacts[]> {
  const rows = await run("edgeFacts", { edges: edges.map(toFactsInput), audit });
  const date = today();
  return rows.map((row) => {
    const edge = edges[row.index];
    if (edge === undefined) throw new Error(`edgeFacts returned an unknown index ${row.index}`);
    return toEdgeFacts(edge, row, date);
  });
}

/** An edge whose ends do not exist is NOT_FOUND, not a policy matter. */
function assertEndsExist(facts: EdgeFacts): void {
  const { edge } = facts;
  if (facts.from === null) {
    throw new NotFoundError(`Partner ${edge.from} does not exist`, edge.from);
  }
  const kind = EDGE_TYPES[edge.type].to;
  const end = kind === "Partner" ? facts.toPartner : facts.toTenant;
  if (end === null) throw new NotFoundError(`${kind} ${edge.to} does not exist`, edge.to);
}

/** The rules' decision on an edge, in a span of the request's trace when tracing is on. */
function decide(db: Db, mode: string, facts: EdgeFacts, others: OtherPartners): PolicyDecision {
  const span = db.trace?.decision(mode, facts.edge);
  const decision = evaluateEdge(facts, others);
  span?.end(decision);
  return decision;
}

/** Dry run: the decision createEdge would take now, without writing. */
export async function validateEdge(
  db: Db,
  input: EdgeRecord,
  others: OtherPartners = NAMED,
): Promise<PolicyDecision> {
  const edge = prepareEdge(input);
  // One statement: an auto-commit read, not a transaction of its own.
  const [facts] = await gatherFacts((name, params) => db.read(name, params), [edge], false);
  if (facts === undefined) throw new Error("edgeFacts returned no row");
  assertEndsExist(facts);
  return decide(db, "validateEdge", facts, others);
}

/**
 * Judges and writes one edge in one write transaction: take the locks its decision needs
 * (src/policy/locks.ts: in order, so concurrent writers that could together break a rule queue
 * instead of both passing), gather facts, run the rules, and write only when they pass. Safe to
 * retry: nothing outside the transaction changes. Under an idempotency claim the decision,
 * refusal or not, is stored with the write, and a retry gets it back.
 */
export async function createEdge(
  db: Db,
  input: EdgeRecord,
  others: OtherPartners = NAMED,
  partnerWrite = false,
  claim: IdempotencyClaim | null = null,
): Promise<{ edge: EdgeRecord; warnings: Violation[] }> {
  const prepared = prepareEdge(input);
  const decision = await db.writeLocked(
    edgeLocks(prepared),
    async (tx) => {
      const [gathered] = await gatherFacts(tx.run, [prepared], false);
      if (gathered === undefined) throw new Error("edgeFacts returned no row");
      assertEndsExist(gathered);
      const facts = awaitingConsent(gathered, partnerWrite);
      const verdict = decide(db, "createEdge", facts, others);
      if (verdict.allowed) {
        // A new edge passed every rule, so it has no findings of its own: only what leans on it
        // (a reseller's edges through a new SUPPLIES) is judged again. A merge of a stored one
        // (accepting a PENDING RESELLS_FOR) replaces its findings too.
        await keepFindings(
          db,
          tx,
          [{ kind: "edge", edge: facts.edge }],
          () => mergeEdges(tx, [facts.edge]),
          gathered.duplicate ? {} : { newEdges: [facts] },
        );
      }
      return { verdict, edge: facts.edge };
    },
    claim,
  );
  const { verdict, edge } = decision;
  if (!verdict.allowed) throw new PolicyViolationError(edge, verdict.violations);
  return { edge, warnings: verdict.warnings };
}

/**
 * Consent before visibility: a PARTNER's RESELLS_FOR into a tenant outside its scope is a
 * reseller relationship request (Partner Center's invitation), stored PENDING whatever state it
 * asked for, so it shows the partner nothing of the tenant until an ADMIN's write (the
 * customer's acceptance) makes it ACTIVE.
 */
function awaitingConsent(facts: EdgeFacts, partnerWrite: boolean): EdgeFacts {
  const { edge } = facts;
  if (!partnerWrite || edge.type !== EdgeType.RESELLS_FOR || facts.toTenantInScope) return facts;
  return { ...facts, edge: { ...edge, state: RelationshipState.PENDING } };
}

/**
 * Deletes one stored edge; false when there is none. Never cascades. It takes the locks a
 * creation of the same edge takes, so a removal and a re-creation of one edge run in turn.
 */
export async function removeEdge(
  db: Db,
  key: EdgeKey,
  claim: IdempotencyClaim | null = null,
): Promise<boolean> {
  const missing = missingKey(key);
  if (missing !== null) {
    throw new BadUserInputError(`${missing}: required to name a ${key.type} edge`, missing);
  }
  return db.writeLocked(
    edgeLocks(key),
    async (tx) => {
      const remove = async (): Promise<boolean> => {
        const [row] = await tx.run("removeEdge", {
          type: key.type,
          from: key.from,
          to: key.to,
          workload: key.workload ?? null,
          subscriptionId: key.subscriptionId ?? null,
          relationshipId: key.relationshipId ?? null,
        });
        return (row?.removed ?? 0) > 0;
      };
      // What leaned on the edge is judged after it went; a GDAP relationship's namesakes are
      // found by its name, so they are looked up before.
      return keepFindings(db, tx, [{ kind: "edge", edge: key }], remove, {
        lookBefore: key.type === EdgeType.DELEGATED_ADMIN,
      });
    },
    claim,
  );
}

/** A stored edge back in the interchange shape (unset properties dropped). */
export function storedToRecord(stored: StoredEdge): EdgeRecord {
  const record: Record<string, string | string[] | boolean> = {};
  for (const [key, value] of Object.entries(stored)) {
    if (value !== null && value !== undefined) record[key] = value;
  }
  return record as unknown as EdgeRecord;
}
