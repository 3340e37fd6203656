// insertFindings: writes a batch of a full re-audit's findings into the generation it builds;
// readers see them once swapFindings makes that generation current. The build is the only
// writer of its generation until the swap, so its tally is one node.
// params: generation: int, findings: FindingRow[]
// row: written
CALL () {
  UNWIND $findings AS row
  CREATE (f:Finding)
  SET f = row, f.generation = $generation
  RETURN count(f) AS written
}
MERGE (t:FindingsTally {generation: $generation, shard: 0})
SET t.count = coalesce(t.count, 0) + written
RETURN written
