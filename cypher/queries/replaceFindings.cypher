// replaceFindings: replaces the stored findings of the given edges (re-judged by a write, in the
// write's transaction) in the current generation. While a full re-audit builds the next
// generation, the edges are also queued for it (FindingRecheck): its batches may have judged
// them before this write, so it judges them again after its swap. Without a stamp the findings
// were never computed and nothing is kept (the first audit computes them all). The generation's
// tally (FindingsTally, what an ADMIN's totalCount sums) moves by what was created less what was
// deleted, in one of TALLY_SHARDS nodes picked at random, so that concurrent writers seldom wait
// for each other's lock on it; a write that changes no count takes no such lock.
// params: edges: { edgeId, type, from, to, workload, subscriptionId, relationshipId }[] (edges
//         re-judged on every rule, or removed), dependents (as edges: edges re-judged on the
//         rules $dependentRules only, whose findings of other rules stand), dependentRules:
//         string[], findings: FindingRow[] (what the rules judged found now), shard: int
// row: replaced (findings written)
MATCH (s:FindingsStamp {key: 'audit'})
CALL (s) {
  WITH s WHERE s.generation IS NOT NULL
  CALL (s) {
    UNWIND $edges AS e
    MATCH (f:Finding {generation: s.generation, edgeId: e.edgeId})
    RETURN f
    UNION
    UNWIND $dependents AS e
    MATCH (f:Finding {generation: s.generation, edgeId: e.edgeId})
    WHERE f.rule IN $dependentRules
    RETURN f
  }
  DELETE f
  RETURN count(f) AS deleted
}
CALL (s) {
  WITH s WHERE s.generation IS NOT NULL
  UNWIND $findings AS row
  CREATE (f:Finding)
  SET f = row, f.generation = s.generation
}
CALL (s, deleted) {
  WITH s WHERE s.generation IS NOT NULL AND size($findings) <> deleted
  MERGE (t:FindingsTally {generation: s.generation, shard: $shard})
  SET t.count = coalesce(t.count, 0) + size($findings) - deleted
}
CALL (s) {
  WITH s WHERE s.building IS NOT NULL
  // Not the entry that pads an empty list (an edge from no partner: ids are never empty).
  UNWIND [e IN $edges + $dependents WHERE e.from <> ''] AS e
  MERGE (q:FindingRecheck {edgeId: e.edgeId})
  SET q += e
}
RETURN CASE WHEN s.generation IS NULL THEN 0 ELSE size($findings) END AS replaced
