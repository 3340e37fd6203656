// replaceFindings: replaces the stored findings of the given edges (re-judged by a write, in the
// write's transaction) in the current generation. While a full re-audit builds the next
// generation, the edges are also queued for it (FindingRecheck): its batches may have judged
// them before this write, so it judges them again after its swap. Without a stamp the findings
// were never computed and nothing is kept (the first audit computes them all).
// params: edges: { edgeId, type, from, to, workload, subscriptionId, relationshipId }[] (every
//         edge re-judged or removed), findings: FindingRow[] (their findings now)
// row: replaced (findings written)
MATCH (s:FindingsStamp {key: 'audit'})
CALL (s) {
  WITH s WHERE s.generation IS NOT NULL
  UNWIND $edges AS e
  MATCH (f:Finding {generation: s.generation, edgeId: e.edgeId})
  DELETE f
}
CALL (s) {
  WITH s WHERE s.generation IS NOT NULL
  UNWIND $findings AS row
  CREATE (f:Finding)
  SET f = row, f.generation = s.generation
}
CALL (s) {
  WITH s WHERE s.building IS NOT NULL
  UNWIND $edges AS e
  MERGE (q:FindingRecheck {edgeId: e.edgeId})
  SET q += e
}
RETURN CASE WHEN s.generation IS NULL THEN 0 ELSE size($findings) END AS replaced
