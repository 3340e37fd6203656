// insertFindings: writes a batch of a full re-audit's findings into the generation it builds;
// readers see them once swapFindings makes that generation current.
// params: generation: int, findings: FindingRow[]
// row: written
UNWIND $findings AS row
CREATE (f:Finding)
SET f = row, f.generation = $generation
RETURN count(f) AS written
