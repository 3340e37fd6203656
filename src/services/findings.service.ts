import type { Db, DbTransaction } from "../db/database";
import { edgeFromColumns } from "../db/queries";
import type {
  FindingRow,
  EdgeIdentityRow,
  StoredEdgeFactsRow,
  StoredFindingRow,
} from "../db/queries";
import type { EdgeRecord, PartnerRecord, RelationshipState } from "../domain";
import { ALL_EDGE_TYPES, EdgeType } from "../domain";
import {
  DATED_RULES,
  READ_TIME_RULES,
  STORED_RULES,
  dependentsOf,
  emptySelectors,
  partnerView,
  readsOf,
  rulesForDependents,
  selectsNothing,
  settledByFacts,
} from "../policy/dependents";
import type { Change, DependentSelectors, EdgeIdentity } from "../policy/dependents";
import { storedEdgeId } from "../policy/edge-types";
import { rulesFor } from "../policy/engine";
import { emptyFacts } from "../policy/facts";
import type { EdgeFacts } from "../policy/facts";
import { NAMED, WITHHELD } from "../policy/naming";
import type { PolicyRule } from "../policy/rules";
import { byCodeUnits } from "../order";
import { storedToRecord, today } from "./edge.service";

/**
 * Stored audit findings: one (:Finding) node per stored edge and broken rule, judged by the
 * same pure rules as a write (src/policy), kept current by every write in its own transaction
 * (keepFindings), read a page at a time in audit order (readFindingsPage). The full re-audit
 * that builds them from scratch is src/services/audit.service.ts.
 */

/** Between the parts of a position: below every character an id holds, so tuples sort as strings. */
const SEPARATOR = "\u0001";
/** Changes whose dependents one storedEdgeFacts statement gathers (a big import batch is split). */
const CHANGES_PER_STATEMENT = 100;
/** Dated findings re-judged per transaction on the first read of a new day. */
const DATED_PER_TRANSACTION = 1_000;

const POLICY_EDGE_TYPES = [...ALL_EDGE_TYPES];

/** One finding as the audit lists it: the rule, its message for the reader, the edge. */
export interface AuditItem {
  rule: string;
  message: string;
  edge: EdgeRecord;
  /** The finding's place in audit order (see positionOf). */
  position: string;
}

/**
 * The edge's place in audit order: its partner, then its key (type, to, workload, subscription,
 * relationship), as the audit has always listed findings.
 */
export function edgePositionOf(edge: EdgeRecord): string {
  const key = [
    edge.type,
    edge.to,
    edge.workload ?? "",
    edge.subscriptionId ?? "",
    edge.relationshipId ?? "",
  ].join("|");
  return `${edge.from}${SEPARATOR}${key}`;
}

/** A finding's keyset position as a cursor carries it (src/resolvers/pagination.ts): (edge, rule). */
export function cursorOf(item: AuditItem): { name: string; id: string } {
  return { name: item.position.slice(0, -(item.rule.length + SEPARATOR.length)), id: item.rule };
}

/** A finding's place in audit order: its edge's, then the rule. */
export function positionOf(edgePosition: string, rule: string): string {
  return `${edgePosition}${SEPARATOR}${rule}`;
}

export function identityRow(edge: EdgeIdentity): EdgeIdentityRow {
  return {
    edgeId: storedEdgeId(edge),
    type: edge.type,
    from: edge.from,
    to: edge.to,
    workload: edge.workload ?? null,
    subscriptionId: edge.subscriptionId ?? null,
    relationshipId: edge.relationshipId ?? null,
  };
}

/** The facts of stored edges as storedEdgeFacts gathered them, joined with their partners. */
export function factsOfRow(row: StoredEdgeFactsRow, date: string): EdgeFacts[] {
  const partners = new Map<string, PartnerRecord>(row.partners.map((p) => [p.id, p]));
  const partner = (id: string | undefined): PartnerRecord | null =>
    id === undefined ? null : (partners.get(id) ?? null);
  return row.edges.map(
    ([from, columns, tenant, viaState, rorState, relationshipState, holders, sameNames]) => {
      const edge = edgeFromColumns(from, columns);
      return {
        edge,
        from: partner(edge.from),
        toPartner: edge.type === EdgeType.SUPPLIES ? partner(edge.to) : null,
        toTenant:
          tenant === null
            ? null
            : {
                id: tenant[0],
                domain: tenant[1],
                purpose: tenant[2],
                cloud: tenant[3],
                country: tenant[4],
                ownerId: tenant[5],
              },
        // Facts no stored rule reads (RULE_READS, held by its test): storedEdgeFacts leaves them out.
        toTenantCustomer: null,
        duplicate: false,
        otherWorkloadPartners: [],
        via: partner(edge.via),
        viaSuppliesState: viaState as RelationshipState | null,
        resellerOfRecord: partner(edge.resellerOfRecord),
        resellerOfRecordSuppliesState: rorState as RelationshipState | null,
        relationshipState: relationshipState as RelationshipState | null,
        subscriptionHolders: holders,
        sameNameRelationships: sameNames,
        toTenantInScope: true,
        today: date,
      };
    },
  );
}

/** A rule's message on the partner view of the facts (the rule fired on the full facts). */
function partnerMessageOf(rule: PolicyRule, facts: EdgeFacts): string {
  // The partner view narrows what the message may say, never whether the rule fires; should a
  // rule not fire on it, the rule's description says what is wrong without naming anyone.
  return rule.check(partnerView(facts), WITHHELD) ?? rule.description;
}

const STORED = new Set(STORED_RULES.map((rule) => rule.id));
const DATED = new Set(DATED_RULES.map((rule) => rule.id));

/** The stored findings of one edge: every stored rule it breaks, judged for everyone. */
export function judgeStored(facts: EdgeFacts): FindingRow[] {
  return judgeStoredOn(facts, null);
}

/** The stored findings of one edge on the stored rules of `only` (every one when null). */
function judgeStoredOn(facts: EdgeFacts, only: ReadonlySet<string> | null): FindingRow[] {
  const { edge } = facts;
  const edgePosition = edgePositionOf(edge);
  const rows: FindingRow[] = [];
  for (const rule of rulesFor(edge.type)) {
    if (!STORED.has(rule.id) || (only !== null && !only.has(rule.id))) continue;
    const message = rule.check(facts, NAMED);
    if (message === null) continue;
    rows.push({
      ...identityRow(edge),
      position: positionOf(edgePosition, rule.id),
      rule: rule.id,
      message,
      partnerMessage: partnerMessageOf(rule, facts),
      partnerId: edge.from,
      via: edge.via ?? null,
      state: edge.state ?? null,
      datedOn: DATED.has(rule.id) ? facts.today : null,
    });
  }
  return rows.sort((a, b) => byCodeUnits(a.position, b.position));
}

/**
 * The read-time findings of one edge: the audit-only rules, which read nothing but the edge and
 * the date (RULE_READS, held by its test), so a bare edge is all they need.
 */
export function judgeAtReadTime(edge: EdgeRecord, date: string, forPartner: boolean): AuditItem[] {
  const facts: EdgeFacts = { ...emptyFacts(edge, date), toTenantInScope: !forPartner };
  const edgePosition = edgePositionOf(edge);
  return READ_TIME_RULES.filter((rule) => rule.appliesTo.includes(edge.type)).flatMap((rule) => {
    const message = rule.check(facts, forPartner ? WITHHELD : NAMED);
    return message === null
      ? []
      : [{ rule: rule.id, message, edge, position: positionOf(edgePosition, rule.id) }];
  });
}

/** An id no node has (ids are non-empty): it selects nothing. */
const NO_ID = "";
const NO_EDGE = identityRow({ type: EdgeType.SUPPLIES, from: NO_ID, to: NO_ID });

/**
 * A selector list that is never empty. Neo4j keys its plan cache by the parameters' types, and
 * an empty list has another type than a list of strings or maps: each write's mix of empty and
 * filled lists planned storedEdgeFacts anew (2 s a time on a busy machine). Padded with an id
 * no node has, every call shares one plan.
 */
function padded<T>(values: T[], nothing: T): T[] {
  return values.length > 0 ? values : [nothing];
}

/**
 * Which of the facts that cost an index seek per edge the rules about to be judged read; the
 * facts left out come back empty.
 */
export interface CostlyFacts {
  holders: boolean;
  sameNames: boolean;
}

const EVERY_FACT: CostlyFacts = { holders: true, sameNames: true };

/** The costly facts `rules` read. */
function costlyFactsOf(rules: readonly PolicyRule[]): CostlyFacts {
  const reads = new Set(rules.flatMap(readsOf));
  return {
    holders: reads.has("subscriptionHolders"),
    sameNames: reads.has("sameNameRelationships"),
  };
}

/** Gathers the facts of the selected stored edges, one statement per call. */
export async function storedFacts(
  run: DbTransaction["run"],
  selectors: DependentSelectors,
  date: string = today(),
  costly: CostlyFacts = EVERY_FACT,
): Promise<EdgeFacts[]> {
  if (selectsNothing(selectors)) return [];
  const [row] = await run("storedEdgeFacts", {
    ...costly,
    edges: padded(selectors.edges.map(identityRow), NO_EDGE),
    fromPartners: padded(selectors.fromPartners, NO_ID),
    intoPartners: padded(selectors.intoPartners, NO_ID),
    viaPartners: padded(selectors.viaPartners, NO_ID),
    rorPartners: padded(selectors.rorPartners, NO_ID),
    intoTenants: padded(selectors.intoTenants, NO_ID),
    customerTenants: padded(selectors.customerTenants, NO_ID),
    subscriptions: padded(selectors.subscriptions, NO_ID),
    fromVia: padded(selectors.fromVia, { from: NO_ID, via: NO_ID }),
    fromRor: padded(selectors.fromRor, { from: NO_ID, ror: NO_ID }),
    fromInto: padded(selectors.fromInto, { from: NO_ID, to: NO_ID }),
    sameName: padded(selectors.sameName, { from: NO_ID, relationshipId: NO_ID }),
    types: POLICY_EDGE_TYPES,
  });
  return row === undefined ? [] : factsOfRow(row, date);
}

export interface KeepOptions {
  /**
   * Find the dependents before the write as well as after it: for writes that change what
   * selects them (a removed edge, a GDAP relationship's new name), whose old dependents the
   * graph no longer shows afterwards.
   */
  lookBefore?: boolean;
  /**
   * The changed edges are new, with their facts as gathered before the write: they had no
   * findings, so a write nothing else depends on stores nothing, and what their facts already
   * settle is not looked up again (settledByFacts).
   */
  newEdges?: readonly EdgeFacts[];
}

/**
 * Runs `write` in `tx` and keeps the stored findings current in the same transaction: the
 * stored edges whose judgement `changes` may alter (src/policy/dependents.ts) are judged again
 * after the write, and their findings replaced, the changed edges' own among them (a removed
 * edge's go with it). Safe to run twice, as the driver may: it reads and replaces. With findings
 * maintenance off (FINDINGS_MAINTENANCE=false, for benchmarks) it only writes.
 */
export async function keepFindings<T>(
  db: Db,
  tx: DbTransaction,
  changesOrRead: readonly Change[] | (() => Promise<readonly Change[]>),
  write: () => Promise<T>,
  options: KeepOptions = {},
): Promise<T> {
  if (!db.maintainsFindings) return write();
  // Read before the write: what changed is told apart from what was there.
  const changes = typeof changesOrRead === "function" ? await changesOrRead() : changesOrRead;
  if (changes.length === 0) return write();
  const groups: DependentSelectors[] = [];
  for (let start = 0; start < changes.length; start += CHANGES_PER_STATEMENT) {
    const selectors = dependentsOf(changes.slice(start, start + CHANGES_PER_STATEMENT));
    groups.push(options.newEdges ? settledByFacts(selectors, options.newEdges) : selectors);
  }
  // New edges that passed every rule hold no findings: with nothing else selected, nothing to do.
  const onlyThemselves = groups.every((selectors) => selectsNothing({ ...selectors, edges: [] }));
  if (options.newEdges !== undefined && onlyThemselves) return write();
  const date = today();
  // The changed edges are judged on every rule; the edges depending on them only on the rules
  // that read what changed, and gathered with only the facts those rules read.
  const changed = new Map<string, EdgeIdentityRow>();
  for (const change of changes) {
    if (change.kind === "edge") changed.set(storedEdgeId(change.edge), identityRow(change.edge));
  }
  const dependentRules = rulesForDependents(changes);
  const dependentRuleIds = new Set(dependentRules.map((rule) => rule.id));
  const changedTypes = new Set(
    changes.flatMap((change) => (change.kind === "edge" ? [change.edge.type] : [])),
  );
  const costly = costlyFactsOf([
    ...dependentRules,
    ...[...changedTypes].flatMap((type) => rulesFor(type)),
  ]);
  const before = new Map<string, EdgeIdentity>();
  if (options.lookBefore === true) {
    for (const selectors of groups) {
      for (const facts of await storedFacts(tx.run, selectors, date, costly)) {
        before.set(storedEdgeId(facts.edge), facts.edge);
      }
    }
  }
  const result = await write();
  const judged = new Map<string, EdgeFacts>();
  for (const selectors of groups) {
    const again = { ...selectors, edges: [...selectors.edges, ...before.values()] };
    for (const facts of await storedFacts(tx.run, again, date, costly)) {
      judged.set(storedEdgeId(facts.edge), facts);
    }
  }
  const dependents = new Map<string, EdgeIdentityRow>();
  for (const [edgeId, edge] of before) dependents.set(edgeId, identityRow(edge));
  for (const [edgeId, facts] of judged) dependents.set(edgeId, identityRow(facts.edge));
  for (const edgeId of changed.keys()) dependents.delete(edgeId);
  const findings = [...judged].flatMap(([edgeId, facts]) =>
    judgeStoredOn(facts, changed.has(edgeId) ? null : dependentRuleIds),
  );
  const nothingHeld = options.newEdges !== undefined && onlyChangedEdges(judged, changes);
  if (changed.size + dependents.size === 0 || (nothingHeld && findings.length === 0)) {
    return result;
  }
  await replaceFindings(tx, {
    edges: [...changed.values()],
    dependents: [...dependents.values()],
    dependentRules: [...dependentRuleIds],
    findings,
  });
  return result;
}

/**
 * Tally nodes per generation that writes add their findings' count to (replaceFindings): one
 * would make every write that changes a count wait for the last one's commit, across replicas.
 */
const TALLY_SHARDS = 16;

/**
 * Replaces the findings of `edges` on every rule and those of `dependents` on `dependentRules`
 * with `findings`, and moves the generation's tally by as many.
 */
async function replaceFindings(
  tx: DbTransaction,
  replaced: {
    edges: EdgeIdentityRow[];
    dependents: EdgeIdentityRow[];
    dependentRules: string[];
    findings: FindingRow[];
  },
): Promise<void> {
  await tx.run("replaceFindings", {
    // Never-empty lists, so every call shares one plan (see padded).
    edges: padded(replaced.edges, NO_EDGE),
    dependents: padded(replaced.dependents, NO_EDGE),
    dependentRules: padded(replaced.dependentRules, NO_ID),
    findings: replaced.findings,
    shard: Math.floor(Math.random() * TALLY_SHARDS),
  });
}

/** Whether nothing but the changed edges themselves was judged again. */
function onlyChangedEdges(judged: Map<string, EdgeFacts>, changes: readonly Change[]): boolean {
  const changed = new Set(
    changes.flatMap((change) => (change.kind === "edge" ? [storedEdgeId(change.edge)] : [])),
  );
  return [...judged.keys()].every((edgeId) => changed.has(edgeId));
}

/** Judges the given stored edges again and replaces their findings (rechecks, dated findings). */
export async function rejudgeEdges(
  tx: DbTransaction,
  edges: readonly EdgeIdentity[],
): Promise<void> {
  const selectors = { ...emptySelectors(), edges: [...edges] };
  const judged = await storedFacts(tx.run, selectors);
  const cleared = new Map<string, EdgeIdentityRow>(
    edges.map((edge) => [storedEdgeId(edge), identityRow(edge)]),
  );
  await replaceFindings(tx, {
    edges: [...cleared.values()],
    dependents: [],
    dependentRules: [],
    findings: judged.flatMap(judgeStored),
  });
}

/**
 * Re-judges stored findings of rules that read the date and were judged on an earlier day (a
 * licence term may have ended since): on the first audit read of a day, a few statements.
 */
export async function refreshDatedFindings(db: Db): Promise<void> {
  for (;;) {
    const rows = await db.read("datedFindings", { today: today(), limit: DATED_PER_TRANSACTION });
    if (rows.length === 0) return;
    await db.writeTransaction((tx) =>
      rejudgeEdges(
        tx,
        rows.map((row) => row.edge as EdgeIdentity),
      ),
    );
  }
}

function itemOf(row: StoredFindingRow): AuditItem {
  const { rule, message, position, type, from, to, workload, subscriptionId, relationshipId } = row;
  const edge = storedToRecord({ type, from, to, workload, subscriptionId, relationshipId });
  return { rule, message, edge, position };
}

/** The read-time findings the caller may see (its scope is the Db's), in audit order. */
async function readTimeFindings(db: Db, forPartner: boolean): Promise<AuditItem[]> {
  const date = today();
  const rows = await db.read("staleDelegatedAdmins", { today: date });
  return rows
    .flatMap((row) => judgeAtReadTime(storedToRecord(row.edge), date, forPartner))
    .sort((a, b) => byCodeUnits(a.position, b.position));
}

/**
 * One page of the audit after position `after` ('' from the start): the stored findings from
 * their index, merged with the read-time ones, and whether more follow.
 */
export async function readFindingsPage(
  db: Db,
  after: string,
  first: number,
  forPartner: boolean,
): Promise<{ items: AuditItem[]; hasNextPage: boolean }> {
  const [stored, readTime] = await Promise.all([
    db.read("findingsPage", { after, limit: first + 1 }),
    readTimeFindings(db, forPartner),
  ]);
  const atReadTime = readTime.filter((item) => item.position > after);
  const merged = [...stored.map((row) => itemOf(row.finding)), ...atReadTime]
    .sort((a, b) => byCodeUnits(a.position, b.position))
    .slice(0, first + 1);
  return { items: merged.slice(0, first), hasNextPage: merged.length > first };
}

/**
 * How many findings the audit has for the caller: counted in the indexes, not judged (each
 * expired relationship is one GDAP_EXPIRED finding, see staleDelegatedAdminsCount).
 */
export async function countStoredFindings(db: Db): Promise<number> {
  const [[stored], [readTime]] = await Promise.all([
    db.read("findingsCount", {}),
    db.read("staleDelegatedAdminsCount", { today: today() }),
  ]);
  return (stored?.total ?? 0) + (readTime?.total ?? 0);
}
